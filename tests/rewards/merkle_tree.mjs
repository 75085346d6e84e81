// Build the OpenZeppelin StandardMerkleTree (npm @openzeppelin/merkle-tree) of the reward
// leaves read as JSON on stdin ([[index, account, amount], ...] with decimal strings) and print
// {root, proofs: [[hex...] per leaf, in the given order], dump} as JSON.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
const values = JSON.parse(input);
const tree = StandardMerkleTree.of(values, ["uint256", "address", "uint256"]);
const proofs = values.map((_, i) => tree.getProof(i));
process.stdout.write(JSON.stringify({ root: tree.root, proofs, dump: tree.dump() }));
