// Drives teal's signal hub with the real snapshot.js client (Client712) and ethers wallets,
// changing nothing but the hub URL. Env: HUB (e.g. http://127.0.0.1:8000), KEYS (JSON array
// of private keys: a proposer then voters), SNAPSHOT (a past block). Prints one JSON line.
import snapshot from '@snapshot-labs/snapshot.js';
import { Wallet } from 'ethers';

const hub = process.env.HUB;
const keys = JSON.parse(process.env.KEYS);
const block = Number(process.env.SNAPSHOT);
const client = new snapshot.Client712(`${hub}/snapshot`);
const wallets = keys.map((k) => new Wallet(k));
// snapshot.js calls the ethers v5 name `_signTypedData`; an ethers v6 wallet calls it `signTypedData`.
const signer = (w) => ({ _signTypedData: (d, t, m) => w.signTypedData(d, t, m) });
const now = () => Math.floor(Date.now() / 1000);
const log = (...a) => console.error(...a);

async function propose(w, type, title, choices) {
  const t = now();
  const r = await client.proposal(signer(w), w.address, {
    space: 'dao', type, title, body: `A ${type} signal`, choices,
    start: t, end: t + 600, snapshot: block, plugins: '{}', timestamp: t,
  });
  log(`proposal ${type}: id=${r.id} ipfs=${r.ipfs} relayer=${r.relayer.address}`);
  return r;
}

async function vote(w, proposal, type, choice, reason = '') {
  const r = await client.vote(signer(w), w.address, { space: 'dao', proposal, type, choice, reason });
  log(`vote ${type} by ${w.address.slice(0, 8)} choice=${JSON.stringify(choice)}: ipfs=${r.ipfs}`);
  return r;
}

const [p0, v1, v2, v3] = wallets;
const single = await propose(p0, 'single-choice', 'Fund the docs sprint?', ['Yes', 'No', 'Later']);
const approval = await propose(p0, 'approval', 'Which tools?', ['Forum', 'Chat', 'Wiki']);
const basic = await propose(p0, 'basic', 'Adopt the charter?', ['For', 'Against', 'Abstain']);
const weighted = await propose(p0, 'weighted', 'Split the budget', ['Docs', 'Infra']);
const doomed = await propose(p0, 'single-choice', 'Withdrawn idea', ['Yes', 'No']);

await vote(p0, single.id, 'single-choice', 1, 'ship it');
await vote(v1, single.id, 'single-choice', 2);
await vote(v2, single.id, 'single-choice', 3);
await new Promise((r) => setTimeout(r, 1100)); // a later timestamp for the changed vote
await vote(v1, single.id, 'single-choice', 1, 'changed my mind'); // replaces v1's first vote
await vote(v1, approval.id, 'approval', [1, 3]);
await vote(v2, approval.id, 'approval', [2]);
await vote(v2, basic.id, 'basic', 1);
await vote(v3, basic.id, 'basic', 2);
await vote(v3, weighted.id, 'weighted', { 1: 1, 2: 3 });
const cancel = await client.cancelProposal(signer(p0), p0.address, { space: 'dao', proposal: doomed.id });
log(`cancel ${doomed.id}: ipfs=${cancel.ipfs}`);

// A refusal keeps Snapshot's error shape, which Client712 rejects with.
let refused = null;
try {
  await vote(v1, single.id, 'single-choice', 9);
} catch (e) {
  refused = e;
}
log(`refused: ${JSON.stringify(refused)}`);

const query = `{
  proposals(first: 10, where: {space: "dao"}) { id type state scores scores_total scores_state votes choices snapshot }
}`;
const res = await fetch(`${hub}/graphql`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }),
});
const gql = await res.json();
const votesQ = `{ votes(first: 100, where: {proposal: "${single.id}"}) { voter choice vp reason } }`;
const votes = await (await fetch(`${hub}/graphql`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: votesQ }),
})).json();
for (const p of gql.data.proposals) log(`graphql ${p.type} ${p.state}: scores=${JSON.stringify(p.scores)} total=${p.scores_total} votes=${p.votes}`);
console.log(JSON.stringify({
  ids: { single: single.id, approval: approval.id, basic: basic.id, weighted: weighted.id, doomed: doomed.id },
  answer: single, refused, proposals: gql.data.proposals, single_votes: votes.data.votes,
}));
