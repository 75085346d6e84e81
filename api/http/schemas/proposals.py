"""Governance proposals and votes."""

from __future__ import annotations

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
