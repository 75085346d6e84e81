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
