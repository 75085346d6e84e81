"""Workstreams (teams): budgets, guardrails, members."""

from __future__ import annotations

from api.http.schemas.common import AddressStr, Amount, Out
from api.http.schemas.documents import DocumentRef


class Budget(Out):
    funded: Amount
    reserved: Amount
    paid: Amount
    available: Amount
    clawed_back: Amount
    cap: Amount


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
    members: list[MemberOut]
    charter: DocumentRef | None
    created_block: int
    created_at: int | None
