"""OpenZeppelin's `StandardMerkleTree` for reward leaves `(uint256 index, address account, uint256 amount)`.

The same algorithm as `@openzeppelin/merkle-tree` (tests/rewards checks the roots and proofs
against the npm package), which `MerkleProof.verifyCalldata` in MerkleDistributor.sol accepts:

- a leaf is `keccak256(keccak256(abi.encode(index, account, amount)))` (double-hashed, so a
  leaf can never be read as an inner node);
- leaves are sorted by hash and stored at the end of a flat array in reverse order, every
  inner node `i` is the hash of its children `2i+1`, `2i+2` sorted bytewise (so a proof needs
  no left/right flags), and the root is node 0;
- a proof lists the siblings from the leaf up to the root.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from eth_utils import keccak, to_checksum_address

LEAF_ENCODING = ("uint256", "address", "uint256")
_WORD = 32


def _encode_leaf(index: int, account: str, amount: int) -> bytes:
    """`abi.encode(uint256, address, uint256)`: three static 32-byte words (no offsets), so
    it is written directly; tests check it equals `eth_abi.encode` for the same values."""
    if not 0 <= index < 2**256 or not 0 <= amount < 2**256:
        raise ValueError(f"leaf ({index}, {account}, {amount}): index and amount must be uint256")
    address = bytes.fromhex(account[2:] if account.startswith(("0x", "0X")) else account)
    if len(address) != 20:
        raise ValueError(f"leaf ({index}, {account}, {amount}): not a 20-byte address")
    return index.to_bytes(_WORD, "big") + address.rjust(_WORD, b"\0") + amount.to_bytes(_WORD, "big")


@lru_cache(maxsize=65_536)
def _checksummed(account: str) -> str:
    return to_checksum_address(account)


def leaf_hash(index: int, account: str, amount: int) -> bytes:
    """The leaf hash MerkleDistributor computes: keccak256(bytes.concat(keccak256(abi.encode(...))))."""
    return keccak(keccak(_encode_leaf(index, account, amount)))


def hash_pair(a: bytes, b: bytes) -> bytes:
    """An inner node: the keccak256 of its two children, smaller first (OpenZeppelin's `_hashPair`)."""
    return keccak(a + b) if a < b else keccak(b + a)


def verify(proof: Iterable[bytes], root: bytes, leaf: bytes) -> bool:
    """`MerkleProof.verify`: whether `proof` leads from `leaf` to `root`."""
    node = leaf
    for sibling in proof:
        node = hash_pair(node, sibling)
    return node == root


@dataclass(frozen=True)
class _Value:
    index: int
    account: str
    amount: int
    tree_index: int


class StandardMerkleTree:
    """The tree of reward leaves; `values` are `(index, account, amount)` in their given order."""

    def __init__(self, values: Sequence[tuple[int, str, int]]) -> None:
        if not values:
            raise ValueError("a merkle tree needs at least one leaf")
        hashed = [(leaf_hash(*value), position) for position, value in enumerate(values)]
        hashed.sort(key=lambda item: item[0])
        size = 2 * len(hashed) - 1
        tree: list[bytes] = [b""] * size
        tree_index = [0] * len(values)
        for i, (digest, position) in enumerate(hashed):
            tree[size - 1 - i] = digest
            tree_index[position] = size - 1 - i
        for i in range(size - 1 - len(hashed), -1, -1):
            tree[i] = hash_pair(tree[2 * i + 1], tree[2 * i + 2])
        self._tree = tree
        self._values = [
            _Value(index=v[0], account=_checksummed(v[1]), amount=v[2], tree_index=tree_index[p])
            for p, v in enumerate(values)
        ]
        self._by_index = {value.index: position for position, value in enumerate(self._values)}

    @property
    def root(self) -> bytes:
        return self._tree[0]

    @property
    def root_hex(self) -> str:
        return "0x" + self._tree[0].hex()

    def __len__(self) -> int:
        return len(self._values)

    def proof(self, position: int) -> list[bytes]:
        """The proof of the value at `position` (its place in the given values)."""
        node = self._values[position].tree_index
        proof = []
        while node > 0:
            proof.append(self._tree[node + 1 if node % 2 == 1 else node - 1])
            node = (node - 1) // 2
        return proof

    def proof_for_index(self, index: int) -> list[bytes]:
        """The proof of the leaf whose `index` field is `index`."""
        try:
            return self.proof(self._by_index[index])
        except KeyError:
            raise KeyError(f"no leaf with index {index}") from None

    def dump(self) -> dict[str, Any]:
        """The `standard-v1` dump `StandardMerkleTree.load` (npm) reads back."""
        return {
            "format": "standard-v1",
            "leafEncoding": list(LEAF_ENCODING),
            "tree": ["0x" + node.hex() for node in self._tree],
            "values": [
                {"value": [str(v.index), v.account, str(v.amount)], "treeIndex": v.tree_index} for v in self._values
            ],
        }
