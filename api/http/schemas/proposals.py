"""Governance proposals and votes."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from api.http.schemas.common import AddressStr, Amount, Out, ProposalState, SupportName
from api.http.schemas.documents import DocumentRef


class VoteOut(Out):
    voter: AddressStr
    support: SupportName
    weight: Amount
    reason: str
    block_number: int
    tx_hash: str


class Tallies(Out):
    for_votes: Amount = Field(alias="for", serialization_alias="for")
    against: Amount
    abstain: Amount
    model_config = ConfigDict(populate_by_name=True)


class ProposalSummary(Out):
    id: Amount
    proposer: AddressStr
    title: str | None = Field(description="From the proposal document, or the description's 2nd line.")
    state: ProposalState
    vote_start: int = Field(description="Snapshot block; voting opens after it.")
    vote_end: int = Field(description="Last block of voting.")
    tallies: Tallies
    document_cid: str | None
    created_block: int


class TokenTransfer(Out):
    token: AddressStr
    sender: AddressStr = Field(alias="from", serialization_alias="from")
    to: AddressStr
    amount: Amount
    model_config = ConfigDict(populate_by_name=True)


class ChainEffect(Out):
    contract: str = Field(description="The deployed contract's name in the manifest (Workstreams, TaskBoard, ...).")
    event: str
    args: dict[str, Any]
    log_index: int


class Execution(Out):
    tx_hash: str
    block_number: int
    timestamp: int | None
    transfers: list[TokenTransfer] = Field(description="Governance-token moves the execution made, in log order.")
    effects: list[ChainEffect] = Field(
        description="Every other event the execution caused in the DAO's contracts (budgets funded, members "
        "added, tasks paid...), in log order; the Governor's and timelock's own bookkeeping left out."
    )


class Trail(Out):
    """From discussion to payment: the forum thread, the signal vote this proposal escalates,
    and (once executed) what its execution moved."""

    discussion: str | None = Field(
        description="The discussion the proposal's document links (a post CID), else its signal vote's (CID or URL)."
    )
    discussion_post: str | None = Field(description="The forum post's CID, when the discussion names one.")
    signal_id: str | None = Field(description="The signal vote this proposal escalates (`teal propose --from-signal`).")
    execution: Execution | None


class ProposalDetail(ProposalSummary):
    description: str
    quorum: Amount | None = Field(description="Votes needed (for + abstain); null before the snapshot.")
    quorum_reached: bool | None
    eta: int | None = Field(description="Timelock ETA (unix seconds) once queued.")
    current_block: int
    blocks_until_start: int
    blocks_until_end: int
    targets: list[str]
    values: list[Amount]
    calldatas: list[str]
    document: DocumentRef | None
    votes: list[VoteOut] = Field(description="First votes by weight; see /proposals/{id}/votes for all.")
    trail: Trail
