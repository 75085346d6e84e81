"""Workstreams (teams): budgets, guardrails, members."""

from __future__ import annotations

from pydantic import Field

from api.http.schemas.common import AddressStr, Amount, Out
from api.http.schemas.documents import DocumentRef


class Budget(Out):
    funded: Amount
    reserved: Amount
    paid: Amount
    available: Amount
    clawed_back: Amount
    cap: Amount
    bonds_forfeited: Amount = Field(
        "0", description="Claim bonds forfeited into the budget (in `funded`, not against the cap)."
    )


class TeamRules(Out):
    claim_cooldown: int = Field(
        description="Seconds a claimant who gave a task up waits before claiming it again; 0: none."
    )
    review_window: int = Field(description="Seconds after a submission from which anyone may finalise it; 0: none.")
    escalate_after: int = Field(description="Rejections by one member after which the claimant may escalate; 0: never.")


class MemberChangeOut(Out):
    id: int
    account: AddressStr
    add: bool
    proposer: AddressStr
    approvals: int
    executed: bool
    withdrawn: bool
    proposed_at: int | None
    expires_at: int | None = Field(description="After this, the change can no longer be approved.")


class Guardrails(Out):
    budget_cap: Amount
    max_reward: Amount
    claim_bond: Amount
    claim_duration: int
    approvals_required: int


class WorkstreamSummary(Out):
    id: int
    name: str
    token: AddressStr
    charter_cid: str
    term_end: int
    paused: bool
    budget: Budget
    member_count: int


class MemberOut(Out):
    account: AddressStr
    active: bool
    joined_block: int
    left_block: int | None


class WorkstreamDetail(WorkstreamSummary):
    guardrails: Guardrails
    team_rules: TeamRules
    members: list[MemberOut]
    member_changes: list[MemberChangeOut] = Field(
        description="Members' proposals to add or remove a member, newest first (at most 100)."
    )
    charter: DocumentRef | None
    created_block: int
    created_at: int | None


class MemberChangeApprover(Out):
    account: AddressStr
    counts: bool = Field(description="Still a member: the contract counts only current members' approvals.")


class MemberChangeDetail(MemberChangeOut):
    """A member change with who approved it and what it still needs (`GET /workstreams/{id}/member-changes`)."""

    workstream_id: int
    state: str = Field(description="pending, expired, withdrawn or executed (expiry by the last indexed block).")
    approvers: list[MemberChangeApprover] = Field(description="Every member who approved, in order.")
    member_count: int = Field(description="The team's members now.")
    needed: int = Field(description="Approvals that carry the change now: more than half of the members.")
