"""Workstreams (teams): the list, and one with charter, members, guardrails and budget."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.db import models
from api.http.deps import checked_address
from api.http.errors import not_found
from api.http.pagination import Page, decode_cursor, encode_cursor
from api.http.queries.common import doc_ref
from api.http.queries.work_rules import member_changes
from api.http.schemas.workstreams import (
    Budget,
    Guardrails,
    MemberChangeOut,
    MemberOut,
    TeamRules,
    WorkstreamDetail,
    WorkstreamSummary,
)


@dataclass(frozen=True)
class WorkstreamFilters:
    """`GET /workstreams`'s query; `member` an address (checked: 422 when it is not one)."""

    paused: bool | None = None
    member: str | None = None
    size: int = 50
    cursor: str | None = None


def budget(w: models.Workstream) -> Budget:
    return Budget(
        funded=str(w.funded),
        reserved=str(w.reserved),
        paid=str(w.paid),
        available=str(w.available),
        clawed_back=str(w.clawed_back),
        cap=str(w.budget_cap),
        bonds_forfeited=str(w.bonds_forfeited or 0),
    )


def _member_counts(session: Session, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.execute(
        select(models.Member.workstream_id, func.count())
        .where(models.Member.workstream_id.in_(ids), models.Member.active.is_(True))
        .group_by(models.Member.workstream_id)
    )
    return {wid: n for wid, n in rows}


def _summary(w: models.Workstream, members: int) -> WorkstreamSummary:
    return WorkstreamSummary(
        id=w.id,
        name=w.name,
        token=w.token,
        charter_cid=w.charter_cid,
        term_end=w.term_end,
        paused=w.paused,
        budget=budget(w),
        member_count=members,
    )


def workstream_page(session: Session, f: WorkstreamFilters) -> Page[WorkstreamSummary]:
    after = decode_cursor(f.cursor, "workstreams", (int,))
    query = select(models.Workstream).order_by(models.Workstream.id)
    if f.paused is not None:
        query = query.where(models.Workstream.paused.is_(f.paused))
    if f.member is not None:
        account = checked_address(f.member, "query.member")
        query = query.where(
            models.Workstream.id.in_(
                select(models.Member.workstream_id).where(
                    models.Member.account == account, models.Member.active.is_(True)
                )
            )
        )
    if after is not None:
        query = query.where(models.Workstream.id > after[0])
    rows = list(session.scalars(query.limit(f.size + 1)))
    more = len(rows) > f.size
    rows = rows[: f.size]
    counts = _member_counts(session, [w.id for w in rows])
    return Page(
        items=[_summary(w, counts.get(w.id, 0)) for w in rows],
        next_cursor=encode_cursor("workstreams", [rows[-1].id]) if more else None,
    )


def workstream_detail(
    session: Session, workstream_id: int, *, member_change_lifetime: Callable[[], int | None]
) -> WorkstreamDetail:
    """One workstream; `member_change_lifetime` gives Workstreams.MEMBER_CHANGE_LIFETIME (the
    chain's constant, asked only when the team has member changes; None: expiries unknown)."""
    w = session.get(models.Workstream, workstream_id)
    if w is None:
        raise not_found("workstream", workstream_id)
    members = list(
        session.scalars(
            select(models.Member)
            .where(models.Member.workstream_id == w.id)
            .order_by(models.Member.active.desc(), models.Member.joined_block)
            .limit(500)
        )
    )
    summary = _summary(w, sum(1 for m in members if m.active))
    changes = member_changes(session, w.id)
    lifetime = member_change_lifetime() if changes else None
    return WorkstreamDetail(
        **summary.model_dump(),
        guardrails=Guardrails(
            budget_cap=str(w.budget_cap),
            max_reward=str(w.max_reward),
            claim_bond=str(w.claim_bond),
            claim_duration=w.claim_duration,
            approvals_required=w.approvals_required,
        ),
        team_rules=TeamRules(
            claim_cooldown=w.claim_cooldown or 0,
            review_window=w.review_window or 0,
            escalate_after=w.escalate_after or 0,
        ),
        members=[MemberOut.model_validate(m) for m in members],
        member_changes=[
            MemberChangeOut(
                id=c.id,
                account=c.account,
                add=c.add,
                proposer=c.proposer,
                approvals=c.approvals,
                executed=c.executed,
                withdrawn=bool(c.withdrawn),
                proposed_at=c.proposed_at,
                expires_at=c.proposed_at + lifetime if c.proposed_at is not None and lifetime is not None else None,
            )
            for c in changes
        ],
        charter=doc_ref(session, w.charter_cid),
        created_block=w.created_block,
        created_at=w.created_at,
    )
