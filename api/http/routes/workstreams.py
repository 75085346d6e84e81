"""Workstreams (teams): list, and one with charter, members, guardrails and budget."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.db import models
from api.http.deps import SessionDep, SettingsDep, page_limit
from api.http.errors import not_found
from api.http.pagination import Page, decode_cursor, encode_cursor
from api.http.routes.common import AsciiInt, Cursor, Limit, StrictBool, doc_ref
from api.http.schemas.workstreams import Budget, Guardrails, MemberOut, WorkstreamDetail, WorkstreamSummary

router = APIRouter(prefix="/workstreams", tags=["workstreams"])
WorkstreamId = Annotated[AsciiInt, Path(ge=0, le=2**63 - 1, description="Workstream id.", examples=[1])]


def budget(w: models.Workstream) -> Budget:
    return Budget(
        funded=str(w.funded),
        reserved=str(w.reserved),
        paid=str(w.paid),
        available=str(w.available),
        clawed_back=str(w.clawed_back),
        cap=str(w.budget_cap),
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


@router.get("", response_model=Page[WorkstreamSummary], summary="Workstreams by id.")
def list_workstreams(
    session: SessionDep,
    settings: SettingsDep,
    paused: Annotated[
        StrictBool | None, Query(description="Only paused (true) or running (false) ones.")
    ] = None,
    member: Annotated[
        str | None, Query(max_length=64, description="Only those with this active member.")
    ] = None,
    limit: Limit = None,
    cursor: Cursor = None,
) -> Page[WorkstreamSummary]:
    from api.http.deps import checked_address

    size = page_limit(settings, limit)
    after = decode_cursor(cursor, "workstreams", (int,))
    query = select(models.Workstream).order_by(models.Workstream.id)
    if paused is not None:
        query = query.where(models.Workstream.paused.is_(paused))
    if member is not None:
        account = checked_address(member, "query.member")
        query = query.where(
            models.Workstream.id.in_(
                select(models.Member.workstream_id).where(
                    models.Member.account == account, models.Member.active.is_(True)
                )
            )
        )
    if after is not None:
        query = query.where(models.Workstream.id > after[0])
    rows = list(session.scalars(query.limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    counts = _member_counts(session, [w.id for w in rows])
    return Page(
        items=[_summary(w, counts.get(w.id, 0)) for w in rows],
        next_cursor=encode_cursor("workstreams", [rows[-1].id]) if more else None,
    )


@router.get(
    "/{workstream_id}", response_model=WorkstreamDetail, summary="One workstream with its budget."
)
def get_workstream(workstream_id: WorkstreamId, session: SessionDep) -> WorkstreamDetail:
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
    return WorkstreamDetail(
        **summary.model_dump(),
        guardrails=Guardrails(
            budget_cap=str(w.budget_cap),
            max_reward=str(w.max_reward),
            claim_bond=str(w.claim_bond),
            claim_duration=w.claim_duration,
            approvals_required=w.approvals_required,
        ),
        members=[MemberOut.model_validate(m) for m in members],
        charter=doc_ref(session, w.charter_cid),
        created_block=w.created_block,
        created_at=w.created_at,
    )
