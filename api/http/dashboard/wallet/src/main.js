// The dashboard's wallet module: connects a wallet, shows the actions of the page it runs on
// (markup rendered by the server, hidden until a wallet is connected), sends them and reloads
// the page once the indexer has the block. Reads stay server-rendered; this file only acts.

import { Interface, formatUnits, id as keccakText, parseUnits } from "ethers";
import { discover, ensureChain, remember, remembered } from "./wallet.js";
import { ActionError, GET_A_WALLET, describe, relayError } from "./errors.js";

// The claim function's arguments, in one place: TaskBoard.claim(taskId, expectedReward, maxBond)
// binds the reward and the most bond the page showed, so nobody can change the deal meanwhile.
const claimArgs = (task) => [task.taskId, task.reward, task.maxBond];

const FLASH = "teal.flash";
const $ = (id) => document.getElementById(id);
const state = { config: null, provider: null, account: null, chainId: null, rdns: null };

function say(el, kind, text, link) {
  if (!el) return;
  el.dataset.state = kind;
  el.textContent = text;
  if (link) {
    const a = document.createElement("a");
    a.href = link;
    a.textContent = "How to get a wallet";
    a.rel = "noopener noreferrer";
    el.append(" ", a);
  }
}

async function api(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response;
}

async function loadConfig() {
  if (!state.config) state.config = await (await api("/dashboard/wallet/config.json")).json();
  return state.config;
}

const request = (method, params = []) => state.provider.request({ method, params });

function contract(name) {
  const found = state.config.contracts[name];
  if (!found) throw new ActionError(`${name} is not deployed on this chain`);
  return { address: found.address, iface: new Interface(found.abi) };
}

async function read(name, fn, args) {
  const { address, iface } = contract(name);
  const data = iface.encodeFunctionData(fn, args);
  const out = await request("eth_call", [{ to: address, data }, "latest"]);
  return iface.decodeFunctionResult(fn, out);
}

// Simulate, then send from the connected account; the receipt once mined.
async function send(status, name, fn, args) {
  const { address, iface } = contract(name);
  const tx = { from: state.account, to: address, data: iface.encodeFunctionData(fn, args) };
  await request("eth_call", [tx, "latest"]); // a revert is explained before the wallet asks
  // The gas a wallet would estimate, with a margin (some nodes default to 90,000 without it).
  const estimate = BigInt(await request("eth_estimateGas", [tx]));
  tx.gas = "0x" + ((estimate * 12n) / 10n).toString(16);
  say(status, "pending", "Confirm the transaction in your wallet (you pay the gas)…");
  const hash = await request("eth_sendTransaction", [tx]);
  say(status, "pending", `Sent ${hash.slice(0, 10)}…; waiting for the block…`);
  for (let i = 0; i < 600; i++) {
    const receipt = await request("eth_getTransactionReceipt", [hash]);
    if (receipt) {
      if (Number(receipt.status) !== 1) {
        try {
          await request("eth_call", [tx, receipt.blockNumber]);
        } catch (err) {
          throw await describe(err);
        }
        throw new ActionError(`The transaction ${hash.slice(0, 10)}… failed on chain.`);
      }
      return { hash, block: Number(receipt.blockNumber) };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new ActionError(`The transaction ${hash.slice(0, 10)}… was not mined in five minutes.`);
}

// An action the forwarder can carry (ERC-2771): with "the relayer pays" chosen, the wallet signs a
// ForwardRequest (typed data built by the server) and POST /relay/forward sends it; otherwise the
// wallet sends the transaction. Either way the call is simulated first, so a revert is explained
// before the wallet asks. `{ block, relayed }` once mined.
async function act(form, status, name, fn, args) {
  if (!(form.querySelector("[data-gas-choice]") && state.config.forwarder && gasChoice(form) === "relay")) {
    return { ...(await send(status, name, fn, args)), relayed: false };
  }
  const { address, iface } = contract(name);
  const tx = { from: state.account, to: address, data: iface.encodeFunctionData(fn, args) };
  await request("eth_call", [tx, "latest"]);
  const estimate = BigInt(await request("eth_estimateGas", [tx]));
  const prepared = await api("/dashboard/wallet/typed-forward", { from: state.account, to: address, data: tx.data, gas: Number((estimate * 12n) / 10n) });
  if (!prepared.ok) throw await relayError(prepared);
  const { typed_data: typed, relay } = await prepared.json();
  say(status, "pending", "Sign the request in your wallet (free: the relayer pays the gas)…");
  const signature = await signTyped(typed);
  say(status, "pending", "The relayer is sending it…");
  const response = await api("/relay/forward", { ...relay, signature });
  if (!response.ok) throw await relayError(response);
  const result = await response.json();
  if (result.status !== "mined") throw new ActionError(`The relayed transaction failed on chain (${result.tx_hash.slice(0, 10)}…).`);
  return { block: result.block_number, relayed: true };
}

const paidBy = (relayed) => (relayed ? " The relayer paid the gas." : "");

async function signTyped(typed) {
  return request("eth_signTypedData_v4", [state.account, JSON.stringify(typed)]);
}

// Wait for the indexer to reach `block` (and fetch its documents), then reload the page with
// the outcome remembered for the reloaded page's status line.
async function refreshAfter(status, block, text) {
  say(status, "indexing", `${text} Mined in block ${block}; waiting for the index…`);
  for (let i = 0; i < 240; i++) {
    const chain = await (await api("/chain")).json();
    // Its documents too, unless some other document stays unfetchable (then 5 s at most).
    if (chain.indexed_block >= block && (chain.documents_pending === 0 || i >= 20)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  sessionStorage.setItem(FLASH, JSON.stringify({ id: status.id, text: `${text} (block ${block})` }));
  location.reload();
}

// A document signed by the connected account (EIP-712 typed data built by the server from the
// same code that verifies it) and published through POST /documents; its CID.
async function publish(status, schema, body) {
  const prepared = await api("/dashboard/wallet/typed-document", { schema, body, author: state.account });
  if (!prepared.ok) throw await relayError(prepared);
  const { typed_data: typed } = await prepared.json();
  say(status, "pending", "Sign the document in your wallet (free: a signature, no transaction)…");
  const value = await signTyped(typed);
  say(status, "pending", "Publishing the document…");
  const stored = await api("/documents", { schema, body, author: state.account, signature: { scheme: "eip712", value } });
  if (!stored.ok) throw await relayError(stored);
  return (await stored.json()).cid;
}

// A proposal's (targets, values, calldatas, descriptionHash): what Governor.queue and .execute
// take, from the page's server-rendered facts (the CLI's `teal queue` builds the same).
const lifecycleArgs = (data) => [
  JSON.parse(data.targets), JSON.parse(data.values).map((v) => BigInt(v)), JSON.parse(data.calldatas),
  keccakText(data.description),
];

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

const gasChoice = (form) => (new FormData(form).get("gas") || "self");

const ACTIONS = {
  async claim(form, status, data) {
    if (gasChoice(form) === "relay") {
      const prepared = await api("/dashboard/wallet/typed-claim", { task_id: Number(data.taskId), claimant: state.account, reward: data.reward, max_bond: data.maxBond });
      if (!prepared.ok) throw await relayError(prepared);
      const { typed_data: typed, relay } = await prepared.json();
      say(status, "pending", "Sign the claim in your wallet (free: the relayer pays the gas)…");
      const signature = await signTyped(typed);
      say(status, "pending", "The relayer is sending your claim…");
      const response = await api("/relay/claims", { ...relay, signature });
      if (!response.ok) throw await relayError(response);
      const result = await response.json();
      if (result.status !== "mined") throw new ActionError(`The relayed claim failed on chain (${result.tx_hash.slice(0, 10)}…).`);
      return refreshAfter(status, result.block_number, "Claimed; the relayer paid the gas.");
    }
    const { block } = await send(status, "TaskBoard", "claim", claimArgs(data));
    return refreshAfter(status, block, "Claimed.");
  },
  async submit(form, status, data) {
    const fields = new FormData(form);
    const body = {
      task_spec: data.specCid,
      task_id: Number(data.taskId),
      summary: String(fields.get("summary")),
      deliverables: [{ label: String(fields.get("label")), uri: String(fields.get("uri")) }],
      notes: String(fields.get("notes") || ""),
    };
    const cid = await publish(status, "teal/submission@1", body);
    const { block, relayed } = await act(form, status, "TaskBoard", "submit", [data.taskId, cid, [], []]);
    return refreshAfter(status, block, "Submitted." + paidBy(relayed));
  },
  async abandon(form, status, data) {
    const { block } = await send(status, "TaskBoard", "abandon", [data.taskId]);
    return refreshAfter(status, block, "Abandoned.");
  },
  async reopen(form, status, data) {
    const { block } = await send(status, "TaskBoard", "reopenExpired", [data.taskId]);
    return refreshAfter(status, block, "Reopened.");
  },
  async review(form, status, data, submitter) {
    const verdict = submitter && submitter.value === "reject" ? "reject" : "approve";
    const comments = String(new FormData(form).get("comments") || "");
    const cid = await publish(status, "teal/review@1", { submission: data.submissionCid, verdict, comments });
    const args = verdict === "approve" ? [data.taskId, cid, [], []] : [data.taskId, cid];
    const { block, relayed } = await act(form, status, "TaskBoard", verdict, args);
    return refreshAfter(status, block, (verdict === "approve" ? "Approved." : "Rejected.") + paidBy(relayed));
  },
  async withdraw(form, status) {
    const { block, relayed } = await act(form, status, "Workstreams", "withdrawOwed", [form.dataset.token, state.account]);
    return refreshAfter(status, block, "Withdrawn." + paidBy(relayed));
  },
  async vote(form, status, data) {
    const fields = new FormData(form);
    const support = Number(fields.get("support"));
    const reason = String(fields.get("reason") || "").trim();
    if (!reason && gasChoice(form) === "relay") {
      const prepared = await api("/dashboard/wallet/typed-ballot", { proposal_id: data.proposalId, support, voter: state.account });
      if (!prepared.ok) throw await relayError(prepared);
      const { typed_data: typed, relay } = await prepared.json();
      say(status, "pending", "Sign your ballot in your wallet (free: the relayer pays the gas)…");
      const signature = await signTyped(typed);
      const response = await api("/relay/votes", { ...relay, signature });
      if (!response.ok) throw await relayError(response);
      const result = await response.json();
      if (result.status !== "mined") throw new ActionError("The relayed vote failed on chain.");
      return refreshAfter(status, result.block_number, "Voted; the relayer paid the gas.");
    }
    const { block } = reason
      ? await send(status, "TealGovernor", "castVoteWithReason", [data.proposalId, support, reason])
      : await send(status, "TealGovernor", "castVote", [data.proposalId, support]);
    return refreshAfter(status, block, "Voted.");
  },
  // A closed signal vote that reached its quorum, made binding: its teal/proposal@1 document
  // links the vote and its final result (as `teal propose --from-signal` writes it), and
  // Governor.propose carries the treasury transfer it asked for.
  async escalate(form, status, data) {
    const fields = new FormData(form);
    const text = (name) => String(fields.get(name) || "").trim();
    const to = text("to");
    if (!ADDRESS.test(to)) throw new ActionError("The recipient is an address: 0x and 40 hex digits.");
    const [decimals] = await read("TealToken", "decimals", []);
    let amount;
    try {
      amount = parseUnits(text("amount"), Number(decimals));
    } catch {
      throw new ActionError("The amount is a number of TEAL, like 1500 or 2.5.");
    }
    if (amount <= 0n) throw new ActionError("The amount must be more than zero.");
    const found = await api(`/snapshot/proposals/${data.signalId}`);
    if (!found.ok) throw await relayError(found);
    const vote = await found.json();
    if (vote.state !== "closed" || vote.scores_state !== "final" || !vote.votes || !vote.quorum_met) {
      throw new ActionError("Only a closed signal vote that reached its quorum can be escalated.");
    }
    const signal = {
      id: vote.id, ipfs: vote.ipfs, space: vote.space, choices: vote.choices,
      scores: vote.scores.map(Number), scores_total: Number(vote.scores_total), quorum: Number(vote.quorum),
      votes: Number(vote.votes),
    };
    const title = text("title");
    const cid = await publish(status, "teal/proposal@1", { title, summary: text("summary"), description: "", signal });
    const token = contract("TealToken");
    const transfer = token.iface.encodeFunctionData("transfer", [to, amount]);
    const { block } = await send(status, "TealGovernor", "propose", [[token.address], [0n], [transfer], `ipfs://${cid}\n${title}`]);
    return refreshAfter(status, block, "Proposed on chain.");
  },
  async queue(form, status, data) {
    const { block } = await send(status, "TealGovernor", "queue", lifecycleArgs(data));
    return refreshAfter(status, block, "Queued in the timelock.");
  },
  async execute(form, status, data) {
    const { block } = await send(status, "TealGovernor", "execute", lifecycleArgs(data));
    return refreshAfter(status, block, "Executed.");
  },
  // A task: its teal/task-spec@1 document signed and published, then createTask reserves the
  // reward from the team's budget.
  async "create-task"(form, status, data) {
    const fields = new FormData(form);
    const text = (name) => String(fields.get(name) || "").trim();
    let reward;
    try {
      reward = parseUnits(text("reward"), Number(data.decimals));
    } catch {
      throw new ActionError(`The reward is a number of ${data.symbol}, like 150 or 2.5.`);
    }
    if (reward <= 0n) throw new ActionError("The reward must be more than zero.");
    const days = Number(text("claim_days") || "0");
    if (!(days >= 0 && days <= 365)) throw new ActionError("The claim duration is 0 to 365 days (0 takes the team's).");
    const body = {
      title: text("title"),
      description: text("description"),
      acceptance_criteria: [text("criterion")],
      reward_wei: reward.toString(),
      workstream_id: Number(data.workstreamId),
    };
    if (text("deadline")) body.deadline = `${text("deadline")}T23:59:59Z`;
    const cid = await publish(status, "teal/task-spec@1", body);
    const args = [data.workstreamId, 0, reward, Math.round(days * 86400), cid];
    const { block, relayed } = await act(form, status, "TaskBoard", "createTask", args);
    return refreshAfter(status, block, "Task created." + paidBy(relayed));
  },
  async "propose-member"(form, status, data) {
    const fields = new FormData(form);
    const account = String(fields.get("account") || "").trim();
    if (!ADDRESS.test(account)) throw new ActionError("The member is an address: 0x and 40 hexadecimal digits.");
    const add = fields.get("change") !== "remove";
    const { block, relayed } = await act(form, status, "Workstreams", "proposeMemberChange", [data.workstreamId, account, add]);
    return refreshAfter(status, block, "Member change proposed (your approval counted)." + paidBy(relayed));
  },
  async "approve-member"(form, status) {
    const { block, relayed } = await act(form, status, "Workstreams", "approveMemberChange", [form.dataset.changeId]);
    return refreshAfter(status, block, "Approved." + paidBy(relayed));
  },
  async "withdraw-member"(form, status) {
    const { block, relayed } = await act(form, status, "Workstreams", "withdrawMemberChange", [form.dataset.changeId]);
    return refreshAfter(status, block, "Member change withdrawn." + paidBy(relayed));
  },
  // An epoch leaf paying the connected account: the server finds it in the epoch's distribution
  // and gives its merkle proof; the wallet sends MerkleDistributor.claim.
  async "claim-epoch"(form, status) {
    const leaf = form.leaf;
    if (!leaf) throw new ActionError("This epoch's distribution pays this account nothing.");
    if (gasChoice(form) === "relay") {
      // Nothing to sign: the relayer finds the same leaf and proof, and the leaf pays only its account.
      say(status, "pending", "The relayer is sending your claim…");
      const response = await api("/relay/epoch-claims", { epoch_id: Number(form.dataset.epochId), account: leaf.account });
      if (!response.ok) throw await relayError(response);
      const result = await response.json();
      if (result.status !== "mined") throw new ActionError(`The relayed claim failed on chain (${result.tx_hash.slice(0, 10)}…).`);
      return refreshAfter(status, result.block_number, "Claimed your share; the relayer paid the gas.");
    }
    const args = [form.dataset.epochId, leaf.index, leaf.account, leaf.amount, leaf.proof];
    const { block } = await send(status, "MerkleDistributor", "claim", args);
    return refreshAfter(status, block, "Claimed your share.");
  },
  // A peer allocation (teal/allocation@1): the GIVE and notes of the rows shown (every member
  // but the signer), signed by the wallet and published through POST
  // /rewards/epochs/{id}/allocations, which checks the epoch's rules (allowance, no self-giving,
  // open epoch) and replaces the signer's earlier allocation. No transaction.
  async give(form, status) {
    const epoch = form.dataset.epochId;
    const current = await (await api(`/rewards/epochs/${epoch}/allocations`)).json();
    const mine = (current.items || []).find((a) => same(a.giver, state.account));
    const receivers = [];
    for (const row of form.querySelectorAll("tr[data-account]")) {
      if (row.hidden) continue;
      const give = row.querySelector("input[name=give]").value.trim() || "0";
      if (!/^[0-9]{1,7}$/.test(give)) throw new ActionError("GIVE is a whole number from 0, like 10.");
      const note = row.querySelector("input[name=note]").value.trim();
      if (Number(give) === 0 && !note) continue;
      receivers.push(note ? { account: row.dataset.account, give: Number(give), note } : { account: row.dataset.account, give: Number(give) });
    }
    const body = {
      epoch_id: Number(epoch),
      workstream_id: Number(form.dataset.workstreamId),
      giver: state.account,
      issued_at: Math.max(Number(current.now), mine ? Number(mine.issued_at) + 1 : 0),
      receivers,
    };
    const schema = "teal/allocation@1";
    const prepared = await api("/dashboard/wallet/typed-document", { schema, body, author: state.account });
    if (!prepared.ok) throw await apiError(prepared);
    const { typed_data: typed } = await prepared.json();
    say(status, "pending", "Sign your allocation in your wallet (free: a signature, no transaction)…");
    const value = await signTyped(typed);
    say(status, "pending", "Publishing your allocation…");
    const stored = await api(`/rewards/epochs/${epoch}/allocations`, { schema, body, author: state.account, signature: { scheme: "eip712", value } });
    if (!stored.ok) throw await apiError(stored);
    const given = receivers.reduce((sum, r) => sum + r.give, 0);
    sessionStorage.setItem(FLASH, JSON.stringify({ id: status.id, text: `Given: ${given} GIVE to ${receivers.length} member(s); it replaces any earlier allocation of yours.` }));
    location.reload();
  },
  async delegate(form, status) {
    const to = String(new FormData(form).get("delegatee") || "").trim() || state.account;
    if (!ADDRESS.test(to)) throw new ActionError("Delegate to an address: 0x and 40 hexadecimal digits, or leave it empty for yourself.");
    const { block } = await send(status, "TealToken", "delegate", [to]);
    return refreshAfter(status, block, "Delegated.");
  },
};

// Base units in the token's own units: 1500000000000000000 with 18 decimals -> "1.5 TEAL".
function tokens(raw, { decimals, symbol }) {
  const text = formatUnits(raw, Number(decimals ?? 18)).replace(/\.0$/, "");
  return symbol ? `${text} ${symbol}` : text;
}

// The API's typed error body ({error: {code, message, field}}) as the sentence it carries.
async function apiError(response) {
  let error = {};
  try {
    error = (await response.json()).error || {};
  } catch {
    // not JSON: the status says enough
  }
  return new ActionError(error.message ? `Refused: ${error.message}` : `The API refused (HTTP ${response.status}).`);
}

// The GIVE left to split: the allowance minus the rows shown.
function remaining(form) {
  let given = 0;
  for (const row of form.querySelectorAll("tr[data-account]")) {
    if (!row.hidden) given += Number(row.querySelector("input[name=give]").value) || 0;
  }
  const left = Number(form.dataset.allowance) - given;
  const out = form.querySelector("[data-field=remaining]");
  out.textContent = String(left);
  out.dataset.over = left < 0 ? "yes" : "no";
}

// The give form for the connected member: every member's row but their own, filled with their
// current allocation (GET /rewards/epochs/{id}/allocations); shown while the epoch is open.
async function prepareGive(form) {
  const current = await (await api(`/rewards/epochs/${form.dataset.epochId}/allocations`)).json();
  if (!current.open || !(current.givers || []).some((g) => same(g, state.account))) return false;
  const mine = (current.items || []).find((a) => same(a.giver, state.account));
  const gifts = new Map(((mine && mine.receivers) || []).map((g) => [g.account.toLowerCase(), g]));
  form.dataset.allowance = String(current.allowance);
  for (const row of form.querySelectorAll("tr[data-account]")) {
    row.hidden = same(row.dataset.account, state.account);
    const gift = gifts.get(row.dataset.account.toLowerCase());
    row.querySelector("input[name=give]").value = String(gift ? gift.give : 0);
    row.querySelector("input[name=note]").value = gift ? gift.note || "" : "";
  }
  if (!form.dataset.wired) {
    form.dataset.wired = "yes";
    form.addEventListener("input", () => remaining(form));
  }
  remaining(form);
  return true;
}

const same = (a, b) => Boolean(a) && Boolean(b) && a.toLowerCase() === b.toLowerCase();

// Show the page's actions that fit the connected account.
async function showActions() {
  const section = $("act");
  if (!section) return;
  document.documentElement.dataset.actions = "deciding"; // for tests: "ready" once shown
  const connected = Boolean(state.account) && state.chainId === state.config.chainId;
  const data = section.dataset;
  const sectionHidden = !connected || ("ownerOnly" in data && !same(data.address, state.account));
  // Decided for every form first (some ask the chain or the API), then shown at once: a form is
  // never on screen before its figures are filled in.
  const decided = [];
  for (const form of section.querySelectorAll("form.action")) {
    let show = connected;
    if ("claimantOnly" in form.dataset) show = show && same(data.claimant, state.account);
    if ("membersOnly" in form.dataset) {
      show = show && (data.members || "").split(",").some((m) => same(m, state.account)) && !same(data.claimant, state.account);
    }
    if (form.dataset.action === "reopen") show = show && !same(data.claimant, state.account);
    if (form.dataset.action === "approve-member" && show) {
      // Not the proposer's, nor one this member approved already.
      try {
        const [done] = await read("Workstreams", "hasApprovedMemberChange", [form.dataset.changeId, state.account]);
        show = !done;
      } catch {
        show = false;
      }
    }
    if (form.dataset.action === "execute" && show) {
      // The timelock releases it at its eta, by the chain's clock (not this computer's).
      const latest = await request("eth_getBlockByNumber", ["latest", false]);
      const due = Number(latest.timestamp) >= Number(form.dataset.eta || Infinity);
      form.querySelector("button").hidden = !due;
      $("execute-wait").hidden = due;
    }
    if ("proposerOnly" in form.dataset) show = show && same(form.dataset.proposer, state.account);
    if (form.dataset.action === "withdraw" && show) {
      try {
        const [owed] = await read("Workstreams", "owed", [form.dataset.token, state.account]);
        show = owed > 0n;
        $("owed-amount").textContent = tokens(owed, form.dataset);
      } catch {
        show = false;
      }
    }
    if (form.dataset.action === "claim-epoch" && show) {
      try {
        const found = await (await api(`/dashboard/wallet/epoch-leaf?epoch=${form.dataset.epochId}&account=${state.account}`)).json();
        form.leaf = found.leaf;
        show = Boolean(found.leaf) && !found.leaf.claimed;
        if (show) form.querySelector(".epoch-leaf-amount").textContent = tokens(BigInt(found.leaf.amount), data);
      } catch {
        show = false;
      }
    }
    if (form.dataset.action === "give" && show) {
      try {
        show = await prepareGive(form);
      } catch {
        show = false;
      }
    }
    // "The relayer pays" only where this deployment has a relayer (and a forwarder, for the
    // actions it carries; an epoch claim needs none).
    const choice = form.querySelector("[data-gas-choice]");
    if (choice && !(choice.dataset.gasChoice === "relayer" ? state.config.relayer : state.config.forwarder)) {
      choice.hidden = true;
      const self = choice.querySelector("input[value=self]");
      if (self) self.checked = true;
    }
    decided.push([form, show]);
  }
  for (const [form, show] of decided) form.hidden = !show;
  section.hidden = sectionHidden || !decided.some(([, show]) => show);
  document.documentElement.dataset.actions = "ready";
}

function showAccount() {
  const connected = Boolean(state.account);
  $("wallet-connect").hidden = connected;
  $("wallet-account").hidden = !connected;
  if (connected) {
    const link = $("wallet-address");
    link.textContent = `${state.account.slice(0, 6)}…${state.account.slice(-4)}`;
    link.href = `/dashboard/contributors/${state.account}`;
    link.title = state.account;
    $("wallet-chain").textContent = String(state.chainId);
  }
  return showActions();
}

function attach(provider, rdns) {
  state.provider = provider;
  state.rdns = rdns;
  if (provider.on) {
    provider.on("accountsChanged", (accounts) => {
      state.account = accounts[0] || null;
      remember(state.account ? { rdns, account: state.account } : null);
      showAccount();
    });
    provider.on("chainChanged", (id) => {
      state.chainId = Number(id);
      showAccount();
    });
  }
}

// Several wallets announced (EIP-6963): list them by icon and name; the pick connects.
function choose(wallets) {
  let list = $("wallet-choices");
  if (!list) {
    list = document.createElement("div");
    list.id = "wallet-choices";
    list.className = "wallet-choices";
    list.setAttribute("role", "group");
    list.setAttribute("aria-label", "Choose a wallet");
    $("wallet-connect").after(list);
  }
  list.replaceChildren();
  for (const wallet of wallets) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.rdns = wallet.info.rdns;
    const icon = String(wallet.info.icon || "");
    if (icon.startsWith("data:image/")) {
      const img = document.createElement("img");
      img.src = icon;
      img.alt = "";
      img.width = img.height = 20;
      button.append(img);
    }
    button.append(String(wallet.info.name || wallet.info.rdns).slice(0, 60));
    button.addEventListener("click", () => {
      list.hidden = true;
      connectWith(wallet, true);
    });
    list.append(button);
  }
  list.hidden = false;
  say($("wallet-status"), "choosing", "Choose the wallet to connect:");
  list.querySelector("button").focus();
}

async function connect(prompt) {
  const status = $("wallet-status");
  await loadConfig();
  const wallets = await discover();
  const saved = remembered();
  const chosen = wallets.find((w) => saved && w.info.rdns === saved.rdns);
  if (chosen) return connectWith(chosen, prompt);
  if (!prompt) return;
  if (wallets.length === 0) return say(status, "failed", "No wallet found in this browser.", GET_A_WALLET);
  if (wallets.length > 1) return choose(wallets);
  return connectWith(wallets[0], prompt);
}

async function connectWith(chosen, prompt) {
  const status = $("wallet-status");
  const config = await loadConfig();
  attach(chosen.provider, chosen.info.rdns);
  try {
    const accounts = await request(prompt ? "eth_requestAccounts" : "eth_accounts");
    if (!accounts || accounts.length === 0) {
      if (prompt) throw new ActionError("Your wallet is locked or shares no account: unlock it and connect again.");
      return;
    }
    state.account = accounts[0];
    state.chainId = await ensureChain(state.provider, config);
    remember({ rdns: chosen.info.rdns, account: state.account });
    say(status, "connected", "");
  } catch (err) {
    const problem = await describe(err);
    say(status, "failed", problem.message, problem.link);
    if (state.account) state.chainId = Number(await request("eth_chainId"));
  }
  await showAccount();
}

function disconnect() {
  remember(null);
  state.account = null;
  say($("wallet-status"), "disconnected", "Disconnected.");
  showAccount();
}

function wireForms() {
  const section = $("act");
  if (!section) return;
  for (const form of section.querySelectorAll("form.action")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = form.querySelector(".action-status");
      const buttons = form.querySelectorAll("button");
      buttons.forEach((b) => { b.disabled = true; });
      try {
        say(status, "pending", "Working…");
        await ACTIONS[form.dataset.action](form, status, section.dataset, event.submitter);
      } catch (err) {
        const problem = await describe(err);
        say(status, "failed", problem.message, problem.link);
        buttons.forEach((b) => { b.disabled = false; });
      }
    });
  }
}

function showFlash() {
  const flash = sessionStorage.getItem(FLASH);
  if (!flash) return;
  sessionStorage.removeItem(FLASH);
  try {
    const { id, text } = JSON.parse(flash);
    const el = $(id);
    say(el && !el.closest("[hidden]") ? el : $("wallet-status"), "mined", text);
  } catch {
    // a flash from another version: ignore
  }
}

async function start() {
  const root = $("wallet");
  if (!root) return;
  root.hidden = false;
  $("wallet-connect").addEventListener("click", () => connect(true));
  $("wallet-disconnect").addEventListener("click", disconnect);
  wireForms();
  if (remembered()) await connect(false);
  showFlash();
  document.documentElement.dataset.wallet = "ready"; // for tests and screenshots: settled
}

start();
