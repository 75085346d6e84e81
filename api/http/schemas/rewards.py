"""Rewards: peer-allocation epochs (MerkleDistributor), stipend streams (StipendStreams), and
what one contributor earned from bounties, epochs and stipends."""

from __future__ import annotations

from pydantic import Field

from api.http.schemas.common import AddressStr, Amount, Out


class EpochSummary(Out):
    id: int
    workstream_id: int
    token: AddressStr
    pot: Amount = Field(description="Tokens moved from the team's budget when the epoch opened.")
    total: Amount = Field(description="The posted root's total (sum of its leaves); 0 before a root.")
    held: Amount = Field(description="Tokens still held for the epoch: the pot before a root, then the unclaimed part.")
    root: str | None = Field(description="The posted merkle root; null before one.")
    start: int
    end: int
    claim_deadline: int
    reclaimed: bool
    claimed_count: int
    claimed_amount: Amount
    epoch_cid: str = Field(description="The epoch's document (givers, receivers, allowance).")
    distribution_cid: str | None = Field(description="The distribution document (every leaf); null before a root.")


class EpochClaimOut(Out):
    index: Amount
    account: AddressStr
    amount: Amount
    sender: AddressStr
    claimed_at: int | None
    tx_hash: str


class EpochDetail(EpochSummary):
    returned: Amount = Field(description="Tokens that went back to the team's budget (dust, replaced roots, reclaim).")
    opened_at: int | None
    claims: list[EpochClaimOut]


class StreamOut(Out):
    id: int
    workstream_id: int
    recipient: AddressStr
    start: int
    end: int
    base: Amount = Field(description="Accrued before the current segment.")
    amount: Amount = Field(description="What the current segment pays from `start` to `end`.")
    withdrawn: Amount
    accrued: Amount = Field(description="Accrued at `as_of`, by the contract's formula.")
    withdrawable: Amount = Field(description="`accrued` - `withdrawn` at `as_of`.")
    as_of: int | None = Field(description="The latest indexed block's timestamp, the time `accrued` is computed at.")
    version: int
    stopped: bool
    accrues_until: int = Field(
        description="When it stops accruing: `end`, or earlier once the recipient's membership ended, "
        "the team was paused or its term ended (the contract stops it by itself then)."
    )
    cid: str


class TokenEarnings(Out):
    token: AddressStr
    bounties: Amount = Field(description="Task rewards paid to the address.")
    epochs: Amount = Field(description="Epoch leaves claimed for the address.")
    stipends: Amount = Field(description="Stipend withdrawals paid to the address.")
    total: Amount


class EarningsOut(Out):
    address: AddressStr
    earnings: list[TokenEarnings] = Field(description="Per token, by token address.")


class GiftOut(Out):
    account: AddressStr
    give: int = Field(description="GIVE points given to `account`.")
    note: str = Field(description="The giver's note to the receiver (empty when none).")


class AllocationOut(Out):
    giver: AddressStr
    cid: str = Field(description="The signed teal/allocation@1 document (GET /documents/{cid}).")
    issued_at: int = Field(description="The document's issued_at: a later one by the same giver replaces it.")
    accepted_at: int = Field(description="The chain time at which the API accepted it.")
    total_give: int
    receivers: list[GiftOut]


class AllocationsOut(Out):
    epoch_id: int
    workstream_id: int
    allowance: int = Field(description="GIVE each giver may split (the epoch's teal/epoch@1 terms, else 100).")
    start: int
    end: int
    now: int = Field(description="The chain time the answer was computed at.")
    open: bool = Field(description="Whether allocations are accepted now (start <= now < end).")
    givers: list[AddressStr] = Field(
        description="Who may give and receive: the team's current members, and the contributors it paid since "
        "the terms' `contributors_since` when they name one."
    )
    items: list[AllocationOut] = Field(description="The current allocation of each giver, by giver.")


class PayoutOut(Out):
    index: int
    account: AddressStr
    amount: Amount
    give: int
    capped: bool


class ResultsOut(Out):
    epoch_id: int
    workstream_id: int
    pot: Amount
    cap: Amount | None
    allowance: int
    total_give: int
    total: Amount = Field(description="What the leaves pay (never above the pot).")
    returned: Amount = Field(description="pot - total: back to the team's budget when the root is posted.")
    root: str = Field(description="The merkle root of the leaves (OpenZeppelin StandardMerkleTree).")
    posted_root: str | None = Field(description="The root posted on chain, null before one.")
    final: bool = Field(description="The epoch has ended: the allocations can no longer change.")
    allocations: list[str] = Field(description="CIDs of every allocation counted, by giver.")
    payouts: list[PayoutOut]
    distribution: dict[str, object] = Field(
        description="The teal/distribution@1 document (unsigned envelope) to publish with the root."
    )
    distribution_cid: str = Field(description="Its CID in this API's store's CID version.")


class ProofOut(Out):
    epoch_id: int
    account: AddressStr
    index: int
    amount: Amount
    give: int
    proof: list[str]
    root: str
    posted_root: str | None
