"""An epoch's distribution, computed deterministically from its GIVE allocations.

Rules (the same for everyone who recomputes it from the published documents):

- Each giver splits at most `allowance` GIVE among receivers other than itself; a receiver's
  GIVE is the sum of what every giver gave it. A giver appears at most once per receiver
  (the latest allocation document of a giver replaces its earlier ones before this step).
- A receiver's amount is its share of all GIVE times the pot, rounded down:
  `pot * give_r // total_give`. The sum never exceeds the pot.
- With a `cap` per receiver, the excess is **redistributed**: a receiver whose share is above
  the cap gets exactly the cap, and the rest of the pot is shared again among the others by
  their GIVE, until nobody is above the cap (water-filling). When everybody is capped, what
  is left stays in the pot.
- `returned = pot - total` (the rounding dust, plus what caps left over) is not paid: the
  distributor sends it back to the team's budget when the root is posted.
- Receivers are ordered by address (lower-case hex); a receiver's leaf `index` is its place in
  that order. Receivers whose amount rounds down to 0 get no leaf.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from eth_utils import is_address, to_checksum_address

from api.rewards.merkle import StandardMerkleTree

# MerkleDistributor packs an epoch's pot and amounts in 96 bits.
MAX_POT = 2**96 - 1
# Each giver's GIVE per epoch when the epoch's `teal/epoch@1` terms do not say otherwise.
DEFAULT_ALLOWANCE = 100


class DistributionError(ValueError):
    """The allocations or the epoch's terms are invalid; the message says which and why."""


@dataclass(frozen=True)
class Allocation:
    """`giver` gives `give` GIVE to `receiver`; `cid` is the allocation document it came from."""

    giver: str
    receiver: str
    give: int
    cid: str | None = None


@dataclass(frozen=True)
class Payout:
    """One leaf: `amount` to `account` at leaf `index`, for `give` GIVE received."""

    index: int
    account: str
    amount: int
    give: int
    capped: bool = False


@dataclass(frozen=True)
class Distribution:
    pot: int
    total: int
    total_give: int
    cap: int | None
    payouts: tuple[Payout, ...]

    @property
    def returned(self) -> int:
        """What the root does not pay (rounding dust and what caps left): back to the budget."""
        return self.pot - self.total

    def leaves(self) -> list[tuple[int, str, int]]:
        return [(p.index, p.account, p.amount) for p in self.payouts]

    def tree(self) -> StandardMerkleTree:
        """The merkle tree of the payouts (raises ValueError when nobody is paid)."""
        return StandardMerkleTree(self.leaves())


@lru_cache(maxsize=65_536)
def _checksummed(value: str) -> str | None:
    """The checksummed form of `value`, or None if it is not an address (a wrong checksum
    included). Cached: an epoch names the same few accounts thousands of times."""
    return to_checksum_address(value) if is_address(value) else None


def _address(value: str, what: str) -> str:
    address = _checksummed(value) if isinstance(value, str) else None
    if address is None:
        raise DistributionError(f"{what} {value!r} is not an address")
    return address


def compute_distribution(
    allocations: Iterable[Allocation],
    *,
    pot: int,
    cap: int | None = None,
    allowance: int | None = None,
    givers: Iterable[str] | None = None,
    receivers: Iterable[str] | None = None,
) -> Distribution:
    """The distribution of `pot` by `allocations` (see the module's rules).

    `givers` / `receivers`, when given, are who may give / receive (the epoch's members and
    eligible contributors); anybody else is refused, as is giving to oneself, a negative
    amount, a giver over `allowance`, or a repeated (giver, receiver) pair.
    """
    if isinstance(pot, bool) or not isinstance(pot, int) or not 0 < pot <= MAX_POT:
        raise DistributionError(f"pot {pot!r} must be an integer between 1 and 2^96 - 1")
    if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or cap <= 0):
        raise DistributionError(f"cap {cap!r} must be a positive integer")
    may_give = None if givers is None else {_address(a, "giver") for a in givers}
    may_receive = None if receivers is None else {_address(a, "receiver") for a in receivers}

    received: dict[str, int] = {}
    given: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for allocation in allocations:
        giver = _address(allocation.giver, "giver")
        receiver = _address(allocation.receiver, "receiver")
        give = allocation.give
        if isinstance(give, bool) or not isinstance(give, int) or give < 0:
            raise DistributionError(f"{giver} gives {give!r} to {receiver}: GIVE must be a non-negative integer")
        if giver == receiver:
            raise DistributionError(f"{giver} gives to itself")
        if may_give is not None and giver not in may_give:
            raise DistributionError(f"{giver} may not give in this epoch")
        if may_receive is not None and receiver not in may_receive:
            raise DistributionError(f"{receiver} may not receive in this epoch")
        if (giver, receiver) in seen:
            raise DistributionError(f"{giver} gives to {receiver} twice")
        seen.add((giver, receiver))
        given[giver] = given.get(giver, 0) + give
        if allowance is not None and given[giver] > allowance:
            raise DistributionError(f"{giver} gives {given[giver]} GIVE, over the allowance of {allowance}")
        if give:
            received[receiver] = received.get(receiver, 0) + give

    total_give = sum(received.values())
    amounts = _shares(received, pot, cap)
    ordered = sorted((account for account, amount in amounts.items() if amount), key=str.lower)
    payouts = tuple(
        Payout(
            index=i,
            account=account,
            amount=amounts[account],
            give=received[account],
            capped=cap is not None and amounts[account] == cap,
        )
        for i, account in enumerate(ordered)
    )
    total = sum(p.amount for p in payouts)
    assert total <= pot  # the rounding rule guarantees it
    return Distribution(pot=pot, total=total, total_give=total_give, cap=cap, payouts=payouts)


def _shares(received: dict[str, int], pot: int, cap: int | None) -> dict[str, int]:
    """Amount per receiver: pro rata, rounded down; capped receivers fixed at the cap and the
    rest of the pot shared again among the others."""
    active = {account: give for account, give in received.items() if give}
    if cap is None:
        total_give = sum(active.values())
        return {account: pot * give // total_give for account, give in active.items()}
    amounts: dict[str, int] = {}
    remaining = pot
    while active:
        active_give = sum(active.values())
        # Exact integer test: share = remaining * give / active_give > cap.
        over = [a for a, give in active.items() if remaining * give > cap * active_give]
        if not over:
            for account, give in active.items():
                amounts[account] = remaining * give // active_give
            break
        for account in over:
            amounts[account] = cap
            remaining -= cap
            del active[account]
    return amounts


def distribution_leaves(raw: bytes) -> list[tuple[int, str, int]]:
    """(index, account, amount) of every leaf of a published distribution: an OpenZeppelin
    `standard-v1` tree dump (what `StandardMerkleTree.dump()` writes), alone or as the `tree` of
    a document's body, or a `leaves` list of [index, account, amount]. Raises ValueError,
    KeyError or TypeError when the document holds no leaves."""
    doc = json.loads(raw)
    for key in ("body", "tree"):
        if isinstance(doc, dict) and isinstance(doc.get(key), dict):
            doc = doc[key]
    rows = [entry["value"] for entry in doc["values"]] if isinstance(doc, dict) and "values" in doc else doc["leaves"]
    return [(int(index), str(account), int(amount)) for index, account, amount in rows]
