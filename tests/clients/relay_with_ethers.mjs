// A third-party client: ethers 6 signs a TaskBoard Claim and a Governor Ballot with EIP-712
// domains read from the contracts themselves (ERC-5267 `eip712Domain()`), checks its digest
// against the one the board publishes (`claimDigest`), and posts both to Teal's relay.
//
//   node tests/clients/relay_with_ethers.mjs <manifest.json> <rpc url> <api url> \
//        <claimant key> <task id> <voter key> <proposal id> <support 0|1|2>
//
// Prints one JSON object: what was signed, the domains read, and each relay's answer.
import { readFileSync } from "node:fs";
import { Contract, JsonRpcProvider, TypedDataEncoder, Wallet } from "ethers";

const [manifestPath, rpcUrl, apiUrl, claimKey, taskId, voterKey, proposalId, support] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
const contract = (name) => new Contract(manifest.contracts[name].address, manifest.contracts[name].abi, provider);
const board = contract("TaskBoard");
const workstreams = contract("Workstreams");
const governor = contract("TealGovernor");

// ERC-5267: (fields, name, version, chainId, verifyingContract, salt, extensions).
async function publishedDomain(c) {
  const [, name, version, chainId, verifyingContract] = await c.eip712Domain();
  return { name, version, chainId, verifyingContract };
}

// The typed structs as the contracts document them (ITaskBoard, OpenZeppelin's Governor).
const CLAIM = { Claim: [
  { name: "taskId", type: "uint256" }, { name: "claimant", type: "address" },
  { name: "reward", type: "uint256" }, { name: "maxBond", type: "uint256" },
  { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" },
] };
const BALLOT = { Ballot: [
  { name: "proposalId", type: "uint256" }, { name: "support", type: "uint8" },
  { name: "voter", type: "address" }, { name: "nonce", type: "uint256" },
] };

async function post(path, body) {
  const response = await fetch(apiUrl + path, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const claimant = new Wallet(claimKey);
const boardDomain = await publishedDomain(board);
const latest = await provider.getBlock("latest");
// The claim binds the terms read now: the task's reward and, as the most bond accepted, the team's bond.
const task = await board.task(BigInt(taskId));
const [, , bond] = await workstreams.claimTerms(task.workstreamId);
// Unordered nonces: any number this claimant has not used; a random 64-bit one as a wallet would pick.
const nonce = BigInt.asUintN(64, BigInt(Date.now()) * 1000003n + BigInt(Math.floor(Math.random() * 1e6)));
const claim = {
  taskId: BigInt(taskId), claimant: claimant.address, reward: task.reward, maxBond: bond,
  nonce, deadline: BigInt(latest.timestamp + 3600),
};
const claimDigest = TypedDataEncoder.hash(boardDomain, CLAIM, claim);
const publishedDigest = await board.claimDigest(
  claim.taskId, claim.claimant, claim.reward, claim.maxBond, claim.nonce, claim.deadline);
const claimSignature = await claimant.signTypedData(boardDomain, CLAIM, claim);
const claimRelay = await post("/relay/claims", {
  task_id: Number(claim.taskId), claimant: claim.claimant, reward: claim.reward.toString(),
  max_bond: claim.maxBond.toString(), nonce: claim.nonce.toString(), deadline: Number(claim.deadline),
  signature: claimSignature,
});

const voter = new Wallet(voterKey);
const governorDomain = await publishedDomain(governor);
const ballot = {
  proposalId: BigInt(proposalId), support: Number(support), voter: voter.address, nonce: await governor.nonces(voter.address),
};
const ballotSignature = await voter.signTypedData(governorDomain, BALLOT, ballot);
const voteRelay = await post("/relay/votes", {
  proposal_id: proposalId, support: Number(support), voter: voter.address, signature: ballotSignature,
});

const plain = (value) => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
console.log(JSON.stringify(plain({
  boardDomain, governorDomain,
  boardDomainSeparator: TypedDataEncoder.hashDomain(boardDomain), publishedDomainSeparator: await board.DOMAIN_SEPARATOR(),
  claim, claimDigest, publishedDigest, claimRelay,
  ballot, voteRelay,
})));
