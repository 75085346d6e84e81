"""Tasks: claims, submissions, reviews, payments, history."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from api.http.schemas.common import AddressStr, Amount, Out, TaskStatus
from api.http.schemas.documents import DocumentRef


class TaskSummary(Out):
    id: int
    workstream_id: int
    parent_id: int | None
    title: str | None = None
    status: TaskStatus
    reward: Amount
    claimant: AddressStr | None
    claim_expiry: int | None
    spec_cid: str
    created_at: int | None
    paid_at: int | None


class ClaimOut(Out):
    claimant: AddressStr
    relayer: AddressStr | None
    expiry: int
    bond: Amount
    claimed_at: int | None
    outcome: str | None
    ended_at: int | None
    cooldown_until: int | None = Field(
        None, description="Until when this claimant may not claim the task again (team cool-down)."
    )


class SubmissionOut(Out):
    round: int
    claimant: AddressStr
    deliverable_cid: str
    contributors: list[str]
    shares: list[int]
    submitted_at: int | None
    attribution: Literal["attributed", "unattributed"] | None = Field(
        default=None,
        description="Whether the deliverable is signed by the claimant or a co-contributor (null: not fetched yet).",
    )


class ReviewOut(Out):
    task_id: int
    round: int
    reviewer: AddressStr
    verdict: Literal["approve", "reject"]
    reason_cid: str
    reviewed_at: int | None
    attribution: Literal["attributed", "unattributed"] | None = Field(
        default=None, description="Whether the reason document is signed by the reviewer (null: none or not fetched)."
    )


class PaymentOut(Out):
    task_id: int
    workstream_id: int
    recipient: AddressStr
    token: AddressStr
    amount: Amount
    bond_returned: Amount
    deferred: bool
    paid_at: int | None
    tx_hash: str


class HistoryEntry(Out):
    kind: str
    actor: AddressStr | None
    block_number: int
    timestamp: int | None
    tx_hash: str
    data: dict[str, Any]


class TaskDetail(TaskSummary):
    creator: AddressStr
    claim_duration: int
    bond: Amount
    round: int
    approvals: int
    rejections: int
    claimed_at: int | None
    submitted_at: int | None
    review_window_end: int | None = Field(
        None, description="While submitted: from after this time anyone may finalise it (lazy consensus)."
    )
    escalated: bool = Field(False, description="Escalated to governance; reviews wait for it.")
    closed_at: int | None
    spec: DocumentRef | None
    subtasks: list[int]
    claims: list[ClaimOut]
    submissions: list[SubmissionOut]
    reviews: list[ReviewOut]
    payments: list[PaymentOut]
    history: list[HistoryEntry]
