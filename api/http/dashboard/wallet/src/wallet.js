// Wallet connection: EIP-6963 discovery of every injected wallet, window.ethereum (EIP-1193)
// as the fallback, the right chain, and the account remembered across reloads.

const STORE = "teal.wallet";
const announced = new Map(); // rdns -> {info, provider}

window.addEventListener("eip6963:announceProvider", (event) => {
  const detail = event.detail;
  if (detail && detail.info && detail.provider) announced.set(detail.info.rdns || detail.info.uuid, detail);
});

export function discover() {
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  return new Promise((resolve) => setTimeout(() => {
    const found = [...announced.values()];
    if (found.length === 0 && window.ethereum) {
      found.push({ info: { rdns: "injected", name: "Browser wallet" }, provider: window.ethereum });
    }
    resolve(found);
  }, 50));
}

export function remembered() {
  try {
    return JSON.parse(localStorage.getItem(STORE) || "null");
  } catch {
    return null;
  }
}

export function remember(value) {
  if (value) localStorage.setItem(STORE, JSON.stringify(value));
  else localStorage.removeItem(STORE);
}

export const hex = (n) => "0x" + BigInt(n).toString(16);

// Make the wallet use `config`'s chain: switch to it, or add it first when the wallet does not
// know it (a local devnet).
export async function ensureChain(provider, config) {
  const current = Number(await provider.request({ method: "eth_chainId" }));
  if (current === config.chainId) return current;
  try {
    await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: hex(config.chainId) }] });
  } catch (err) {
    if (err && (err.code === 4902 || err.code === -32603)) {
      await provider.request({
        method: "wallet_addEthereumChain",
        params: [{
          chainId: hex(config.chainId),
          chainName: `Teal chain ${config.chainId}`,
          rpcUrls: [config.rpcUrl],
          nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        }],
      });
    } else {
      throw err;
    }
  }
  return Number(await provider.request({ method: "eth_chainId" }));
}
