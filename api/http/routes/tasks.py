"""The task board and one task's full record."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy import Select, and_, bindparam, or_, select
from sqlalchemy.orm import Session

from api.db import models
from api.http.deps import SessionDep, SettingsDep, checked_address, page_limit, run_read
from api.http.errors import ApiError, not_found
from api.http.pagination import BIGINT, UINT256, Page, decode_cursor, encode_cursor
from api.http.routes.common import AsciiInt, Cursor, Limit, doc_ref
from api.http.schemas.common import TaskStatus
from api.http.schemas.tasks import ClaimOut, HistoryEntry, PaymentOut, ReviewOut, SubmissionOut, TaskDetail, TaskSummary
from api.settings import Settings

router = APIRouter(prefix="/tasks", tags=["tasks"])
TaskId = Annotated[AsciiInt, Path(ge=0, le=2**63 - 1, description="Task id.", examples=[1])]
AmountQuery = Annotated[
    str | None, Query(pattern=r"^[0-9]{1,78}$", description="Base units, decimal.")
]
Sort = Literal["id", "-id", "reward", "-reward"]


def task_summary(t: models.Task) -> TaskSummary:
    # Values come from our own database: build without re-validating.
    return TaskSummary.model_construct(
        id=t.id,
        workstream_id=t.workstream_id,
        parent_id=t.parent_id,
        title=t.title,
        status=t.status,
        reward=str(t.reward),
        claimant=t.claimant,
        claim_expiry=t.claim_expiry,
        spec_cid=t.spec_cid,
        created_at=t.created_at,
        paid_at=t.paid_at,
    )


def summaries(rows: Sequence[models.Task]) -> list[TaskSummary]:
    return [task_summary(t) for t in rows]


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


# `async def` with its work in run_read: the board is the hottest page, and a plain `def`
# would pay a worker-thread hop per request even on SQLite.
@router.get("", response_model=Page[TaskSummary], summary="The task board, filtered and sorted.")
async def list_tasks(
    session: SessionDep,
    settings: SettingsDep,
    status: Annotated[TaskStatus | None, Query(description="Only tasks in this status.")] = None,
    workstream_id: Annotated[AsciiInt | None, Query(ge=0, le=2**63 - 1)] = None,
    claimant: Annotated[
        str | None, Query(max_length=64, description="Current or last claimant.")
    ] = None,
    parent_id: Annotated[
        AsciiInt | None, Query(ge=0, le=2**63 - 1, description="Subtasks of this task.")
    ] = None,
    min_reward: AmountQuery = None,
    max_reward: AmountQuery = None,
    sort: Annotated[Sort, Query(description="id, -id (newest first), reward or -reward.")] = "id",
    limit: Limit = None,
    cursor: Cursor = None,
) -> Page[TaskSummary]:
    page = await run_read(
        session,
        lambda: board_page(
            session,
            settings,
            status=status,
            workstream_id=workstream_id,
            claimant=claimant,
            parent_id=parent_id,
            min_reward=min_reward,
            max_reward=max_reward,
            sort=sort,
            limit=limit,
            cursor=cursor,
        ),
    )
    return page  # type: ignore[return-value]


def board_page(
    session: Session,
    settings: Settings,
    *,
    status: str | None = None,
    workstream_id: int | None = None,
    claimant: str | None = None,
    parent_id: int | None = None,
    min_reward: str | None = None,
    max_reward: str | None = None,
    sort: Sort = "id",
    limit: int | None = None,
    cursor: str | None = None,
) -> Response:
    """One page of the board as its JSON response (`GET /tasks`, and the dashboard's lists)."""
    size = page_limit(settings, limit)
    params: dict[str, Any] = {"limit": size + 1}
    if claimant is not None:
        claimant = checked_address(claimant, "query.claimant")
    for name, value in (("min_reward", min_reward), ("max_reward", max_reward)):
        if value is not None and int(value) >= 2**256:
            raise ApiError(
                422, "invalid_request", "reward does not fit in uint256", field=f"query.{name}"
            )
    filters = {
        "status": status,
        "workstream_id": workstream_id,
        "claimant": claimant,
        "parent_id": parent_id,
        "min_reward": int(min_reward) if min_reward is not None else None,
        "max_reward": int(max_reward) if max_reward is not None else None,
    }
    params.update((name, value) for name, value in filters.items() if value is not None)
    by_reward = sort.endswith("reward")
    after = decode_cursor(cursor, sort, (UINT256, BIGINT) if by_reward else (BIGINT,))
    if after is not None:
        names = ("after_reward", "after_id") if by_reward else ("after_id",)
        params.update(zip(names, after, strict=True))
    query = _board_query(tuple(sorted(params)), sort)
    rows = session.connection().execute(query, params).all()
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = encode_cursor(sort, [last.reward, last.id] if by_reward else [last.id])
    # The hottest list: rows go straight to JSON (same shape as TaskSummary, checked by the
    # tests and schemathesis) instead of through models FastAPI would validate again.
    items = [dict(zip(BOARD_FIELDS, row, strict=True)) for row in rows]
    for item in items:
        item["reward"] = str(item["reward"])
    body = json.dumps({"items": items, "next_cursor": next_cursor}, separators=(",", ":"))
    return Response(body, media_type="application/json")


# The board's columns, in TaskSummary's field order; the title is the task's own copy of its
# spec's (api.db.task_titles), so a page is one indexed read of one table.
BOARD_FIELDS = tuple(TaskSummary.model_fields)


@functools.cache
def _board_query(params: tuple[str, ...], sort: Sort) -> Select[Any]:
    """The board's statement for one set of filters and one sort, built once per shape: a
    prebuilt statement keeps its cache key, so SQLAlchemy reuses its compiled SQL at once
    instead of rebuilding the expression on every request. Values come as bind parameters."""
    c = models.Task.__table__.c
    conditions = {
        "status": c.status == bindparam("status"),
        "workstream_id": c.workstream_id == bindparam("workstream_id"),
        "claimant": c.claimant == bindparam("claimant"),
        "parent_id": c.parent_id == bindparam("parent_id"),
        "min_reward": c.reward >= bindparam("min_reward"),
        "max_reward": c.reward <= bindparam("max_reward"),
    }
    query = select(*(c[name] for name in BOARD_FIELDS)).where(
        *(conditions[name] for name in params if name in conditions)
    )
    descending = sort.startswith("-")
    if sort.endswith("reward"):
        if "after_id" in params:
            reward: Any = bindparam("after_reward")
            tid: Any = bindparam("after_id")
            query = query.where(
                or_(c.reward < reward, and_(c.reward == reward, c.id < tid))
                if descending
                else or_(c.reward > reward, and_(c.reward == reward, c.id > tid))
            )
        order: tuple[Any, ...] = (c.reward.desc(), c.id.desc()) if descending else (c.reward, c.id)
    else:
        if "after_id" in params:
            query = query.where(
                c.id < bindparam("after_id") if descending else c.id > bindparam("after_id")
            )
        order = (c.id.desc(),) if descending else (c.id,)
    return query.order_by(*order).limit(bindparam("limit"))


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
        **task_summary(t).model_dump(),
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
