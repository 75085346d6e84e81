"""The task board and one task's full record."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy import Row, and_, case, or_, select
from sqlalchemy.orm import Session

from api.db import models
from api.deps import SessionDep, SettingsDep, checked_address, page_limit
from api.errors import ApiError, not_found
from api.pagination import Page, decode_cursor, encode_cursor
from api.routes.common import Cursor, Limit, doc_ref, titles
from api.schemas_http import (
    ClaimOut,
    HistoryEntry,
    PaymentOut,
    ReviewOut,
    SubmissionOut,
    TaskDetail,
    TaskStatus,
    TaskSummary,
)

router = APIRouter(prefix="/tasks", tags=["tasks"])
TaskId = Annotated[int, Path(ge=0, le=2**63 - 1, description="Task id.", examples=[1])]
AmountQuery = Annotated[
    str | None, Query(pattern=r"^[0-9]{1,78}$", description="Base units, decimal.")
]
Sort = Literal["id", "-id", "reward", "-reward"]


def task_summary(t: models.Task | Row[Any], title: str | None) -> TaskSummary:
    # Values come from our own database: build without re-validating (the board's hot path).
    return TaskSummary.model_construct(
        id=t.id,
        workstream_id=t.workstream_id,
        parent_id=t.parent_id,
        title=title,
        status=t.status,
        reward=str(t.reward),
        claimant=t.claimant,
        claim_expiry=t.claim_expiry,
        spec_cid=t.spec_cid,
        created_at=t.created_at,
        paid_at=t.paid_at,
    )


# The board reads only the columns a summary shows, as plain rows (no ORM objects).
SUMMARY_COLUMNS = (
    models.Task.id,
    models.Task.workstream_id,
    models.Task.parent_id,
    models.Task.status,
    models.Task.reward,
    models.Task.claimant,
    models.Task.claim_expiry,
    models.Task.spec_cid,
    models.Task.created_at,
    models.Task.paid_at,
)


def summaries(session: Session, rows: Sequence[models.Task | Row[Any]]) -> list[TaskSummary]:
    spec_titles = titles(session, {t.spec_cid for t in rows})
    return [task_summary(t, spec_titles.get(t.spec_cid)) for t in rows]


def payment_out(p: models.Payment) -> PaymentOut:
    return PaymentOut(
        task_id=p.task_id,
        workstream_id=p.workstream_id,
        recipient=p.recipient,
        token=p.token,
        amount=str(p.amount),
        bond_returned=str(p.bond_returned),
        deferred=p.deferred,
        paid_at=p.paid_at,
        tx_hash=p.tx_hash,
    )


def review_out(r: models.Review) -> ReviewOut:
    return ReviewOut(
        task_id=r.task_id,
        round=r.round,
        reviewer=r.reviewer,
        verdict=r.verdict,  # type: ignore[arg-type]
        reason_cid=r.reason_cid,
        reviewed_at=r.reviewed_at,
    )


@router.get("", response_model=Page[TaskSummary], summary="The task board, filtered and sorted.")
def list_tasks(
    session: SessionDep,
    settings: SettingsDep,
    status: Annotated[TaskStatus | None, Query(description="Only tasks in this status.")] = None,
    workstream_id: Annotated[int | None, Query(ge=0, le=2**63 - 1)] = None,
    claimant: Annotated[
        str | None, Query(max_length=64, description="Current or last claimant.")
    ] = None,
    parent_id: Annotated[
        int | None, Query(ge=0, le=2**63 - 1, description="Subtasks of this task.")
    ] = None,
    min_reward: AmountQuery = None,
    max_reward: AmountQuery = None,
    sort: Annotated[Sort, Query(description="id, -id (newest first), reward or -reward.")] = "id",
    limit: Limit = None,
    cursor: Cursor = None,
) -> Page[TaskSummary]:
    size = page_limit(settings, limit)
    T = models.Task
    # One query: the spec's title comes along through a primary-key join on documents.
    D = models.Document
    title = case((D.status == "ok", D.body["title"].as_string()), else_=None).label("title")
    query = select(*SUMMARY_COLUMNS, title).outerjoin(D, D.cid == T.spec_cid)
    if status is not None:
        query = query.where(T.status == status)
    if workstream_id is not None:
        query = query.where(T.workstream_id == workstream_id)
    if claimant is not None:
        query = query.where(T.claimant == checked_address(claimant, "query.claimant"))
    if parent_id is not None:
        query = query.where(T.parent_id == parent_id)
    low = int(min_reward) if min_reward is not None else None
    high = int(max_reward) if max_reward is not None else None
    for value, name in ((low, "min_reward"), (high, "max_reward")):
        if value is not None and value >= 2**256:
            raise ApiError(
                422, "invalid_request", "reward does not fit in uint256", field=f"query.{name}"
            )
    if low is not None:
        query = query.where(T.reward >= low)
    if high is not None:
        query = query.where(T.reward <= high)
    descending = sort.startswith("-")
    by_reward = sort.endswith("reward")
    if by_reward:
        after = decode_cursor(cursor, sort, (int, int))
        if after is not None:
            reward, tid = after
            if reward >= 2**256:
                raise ApiError(422, "invalid_cursor", "cursor out of range", field="query.cursor")
            if descending:
                query = query.where(or_(T.reward < reward, and_(T.reward == reward, T.id < tid)))
            else:
                query = query.where(or_(T.reward > reward, and_(T.reward == reward, T.id > tid)))
        order: tuple[Any, ...] = (T.reward.desc(), T.id.desc()) if descending else (T.reward, T.id)
    else:
        after = decode_cursor(cursor, sort, (int,))
        if after is not None:
            query = query.where(T.id < after[0] if descending else T.id > after[0])
        order = (T.id.desc(),) if descending else (T.id,)
    rows = list(session.execute(query.order_by(*order).limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = encode_cursor(sort, [last.reward, last.id] if by_reward else [last.id])
    # The hottest list: rows go straight to JSON (same shape as TaskSummary, checked by the
    # tests and schemathesis) instead of through models FastAPI would validate again.
    items = [
        {
            "id": t.id,
            "workstream_id": t.workstream_id,
            "parent_id": t.parent_id,
            "title": t.title,
            "status": t.status,
            "reward": str(t.reward),
            "claimant": t.claimant,
            "claim_expiry": t.claim_expiry,
            "spec_cid": t.spec_cid,
            "created_at": t.created_at,
            "paid_at": t.paid_at,
        }
        for t in rows
    ]
    body = json.dumps({"items": items, "next_cursor": next_cursor}, separators=(",", ":"))
    return Response(body, media_type="application/json")  # type: ignore[return-value]


@router.get(
    "/{task_id}",
    response_model=TaskDetail,
    summary="One task: spec, claims, submissions, reviews, payments and full history.",
)
def get_task(task_id: TaskId, session: SessionDep) -> TaskDetail:
    t = session.get(models.Task, task_id)
    if t is None:
        raise not_found("task", task_id)
    spec = doc_ref(session, t.spec_cid)
    title = spec.body.get("title") if spec and spec.body else None

    def rows(model: Any, order: Any) -> list[Any]:
        return list(session.scalars(select(model).where(model.task_id == t.id).order_by(order)))

    subtasks = list(
        session.scalars(
            select(models.Task.id)
            .where(models.Task.parent_id == t.id)
            .order_by(models.Task.id)
            .limit(1000)
        )
    )
    return TaskDetail(
        **task_summary(t, title).model_dump(),
        creator=t.creator,
        claim_duration=t.claim_duration,
        bond=str(t.bond),
        round=t.round,
        approvals=t.approvals,
        rejections=t.rejections,
        claimed_at=t.claimed_at,
        submitted_at=t.submitted_at,
        closed_at=t.closed_at,
        spec=spec,
        subtasks=subtasks,
        claims=[
            ClaimOut(
                claimant=c.claimant,
                relayer=c.relayer,
                expiry=c.expiry,
                bond=str(c.bond),
                claimed_at=c.claimed_at,
                outcome=c.outcome,
                ended_at=c.ended_at,
            )
            for c in rows(models.Claim, models.Claim.id)
        ],
        submissions=[
            SubmissionOut.model_validate(s) for s in rows(models.Submission, models.Submission.id)
        ],
        reviews=[review_out(r) for r in rows(models.Review, models.Review.id)],
        payments=[payment_out(p) for p in rows(models.Payment, models.Payment.id)],
        history=[
            HistoryEntry.model_validate(h)
            for h in session.scalars(
                select(models.TaskHistory)
                .where(models.TaskHistory.task_id == t.id)
                .order_by(models.TaskHistory.block_number, models.TaskHistory.log_index)
            )
        ],
    )
