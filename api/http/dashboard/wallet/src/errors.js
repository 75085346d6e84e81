// Failures in words. A contract's revert is explained by the server with the same table the
// `teal` command line prints from (POST /dashboard/wallet/explain, api/chain/errors.py); the
// wallet's and the relay's own refusals are named here.

export const GET_A_WALLET = "https://ethereum.org/en/wallets/find-wallet/";

export class ActionError extends Error {
  constructor(message, { link } = {}) {
    super(message);
    this.link = link;
  }
}

// The revert data in an EIP-1193 error, wherever the wallet put it.
export function revertData(err, depth = 0) {
  if (!err || depth > 4) return null;
  // A selector and whole 32-byte words: not a transaction hash some nodes put beside it.
  if (typeof err === "string") return /^0x[0-9a-fA-F]{8}([0-9a-fA-F]{64})*$/.test(err) ? err : null;
  if (typeof err !== "object") return null;
  for (const key of ["data", "result", "error", "info", "cause", "originalError"]) {
    const found = revertData(err[key], depth + 1);
    if (found) return found;
  }
  return null;
}

async function explainRevert(data) {
  const response = await fetch("/dashboard/wallet/explain", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data }),
  });
  const body = await response.json();
  return body.message || "the contract refused";
}

// An error from the wallet, the relay or the chain as one sentence a person can act on.
export async function describe(err) {
  if (err instanceof ActionError) return err;
  const code = err && err.code;
  if (code === 4001 || code === "ACTION_REJECTED") return new ActionError("You declined the request in your wallet; nothing was sent.");
  if (code === 4100) return new ActionError("Your wallet is locked or has not allowed this site: unlock it and connect again.");
  if (code === -32002) return new ActionError("Your wallet already has a request waiting: open it and answer that one first.");
  if (code === 4900 || code === 4901) return new ActionError("Your wallet is not connected to the Teal chain: switch networks in it.");
  const data = revertData(err);
  if (data) return new ActionError(await explainRevert(data));
  const text = (err && (err.message || String(err))) || "unknown failure";
  return new ActionError(`The wallet or node refused: ${text.split("\n")[0].slice(0, 200)}`);
}

// A relay answer that is not a success, in words (the API's typed error body).
export async function relayError(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  const error = body.error || {};
  if (response.status === 429) {
    const wait = response.headers.get("Retry-After");
    return new ActionError(`The relay is busy (rate limited): try again in ${wait || "a few"} seconds, or send it yourself.`);
  }
  if (response.status === 503) return new ActionError("This server relays nothing (no relayer account): send it yourself.");
  return new ActionError(error.message ? `The relay refused: ${error.message}` : `The relay refused (HTTP ${response.status}).`);
}
