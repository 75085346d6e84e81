"""api/rewards' StandardMerkleTree against the reference: the npm package
`@openzeppelin/merkle-tree` (run with node), and eth-abi's encoding of the leaves."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest
from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from api.rewards import StandardMerkleTree, leaf_hash, verify

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("merkle_tree.mjs")


def npm_tree(values: list[tuple[int, str, int]]) -> dict:
    done = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps([[str(i), a, str(m)] for i, a, m in values]),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout)


def leaves(count: int, seed: int) -> list[tuple[int, str, int]]:
    rng = random.Random(seed)
    return [(i, to_checksum_address(rng.randbytes(20)), rng.randrange(1, 2**96)) for i in range(count)]


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8, 13, 100, 1000])
def test_root_and_every_proof_equal_the_npm_package(count):
    values = leaves(count, seed=count)

    ours = StandardMerkleTree(values)
    theirs = npm_tree(values)

    assert ours.root_hex == theirs["root"]
    assert [["0x" + p.hex() for p in ours.proof(i)] for i in range(count)] == theirs["proofs"]
    assert ours.dump()["tree"] == theirs["dump"]["tree"]
    assert [v["treeIndex"] for v in ours.dump()["values"]] == [v["treeIndex"] for v in theirs["dump"]["values"]]


def test_leaf_is_double_hashed_abi_encoding():
    index, account, amount = 7, to_checksum_address("0x" + "ab" * 20), 10**18

    expected = keccak(keccak(encode(["uint256", "address", "uint256"], [index, account, amount])))

    assert leaf_hash(index, account, amount) == expected


def test_every_proof_verifies_and_a_changed_amount_does_not():
    values = leaves(50, seed=1)
    tree = StandardMerkleTree(values)

    for i, (index, account, amount) in enumerate(values):
        assert verify(tree.proof(i), tree.root, leaf_hash(index, account, amount))
    index, account, amount = values[3]
    assert not verify(tree.proof(3), tree.root, leaf_hash(index, account, amount + 1))
    assert tree.proof_for_index(index) == tree.proof(3)


def test_an_empty_tree_is_refused():
    with pytest.raises(ValueError, match="at least one leaf"):
        StandardMerkleTree([])


def test_a_malformed_address_is_refused():
    with pytest.raises(ValueError, match="20-byte address"):
        StandardMerkleTree([(0, "0x1234", 1)])
