"""Reward distribution beyond bounties: peer-allocation epochs paid by merkle proofs.

Pure Python, no chain or database access: the indexer, the API and the command line all
compute an epoch's distribution and its merkle tree with these functions, and anyone can
recompute them from the published allocation documents.

- `compute_distribution`: each receiver's share of all GIVE, optionally capped per receiver
  (the excess redistributed), rounded down so it never exceeds the pot.
- `StandardMerkleTree`: the tree `@openzeppelin/merkle-tree` builds for leaves
  `(uint256 index, address account, uint256 amount)`: same root, same proofs, and its
  `dump()` format, so contracts/rewards/MerkleDistributor.sol verifies its proofs.
- `distribution_leaves`: the (index, account, amount) leaves of a published distribution.
- `accrued`: what a stipend stream has accrued at a time (StipendStreams' formula), for the
  API's stream answers.
"""

from api.rewards.distribution import (
    DEFAULT_ALLOWANCE,
    MAX_POT,
    Allocation,
    Distribution,
    DistributionError,
    Payout,
    compute_distribution,
    distribution_leaves,
)
from api.rewards.merkle import LEAF_ENCODING, StandardMerkleTree, hash_pair, leaf_hash, verify
from api.rewards.streams import accrued

__all__ = [
    "distribution_leaves",
    "DEFAULT_ALLOWANCE",
    "LEAF_ENCODING",
    "MAX_POT",
    "Allocation",
    "Distribution",
    "DistributionError",
    "Payout",
    "StandardMerkleTree",
    "accrued",
    "compute_distribution",
    "hash_pair",
    "leaf_hash",
    "verify",
]
