"""Tasks: the board (filtered, sorted, paged) and one task's full record.

The board is the API's hottest page. `GET /tasks` gets its page as JSON bytes the database
assembled (one `json_object` / `json_build_object` per row, in TaskSummary's field order), from
one prebuilt statement per shape of filters: no ORM objects, no per-row model on the way out.
The dashboard reads the same statement's plain columns into TaskSummary models.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    Select,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from api.db import models
from api.http.deps import checked_address, page_limit
from api.http.errors import ApiError, not_found
from api.http.pagination import BIGINT, UINT256, Page, decode_cursor, encode_cursor
from api.http.queries.common import attribution, doc_ref
from api.http.schemas.tasks import ClaimOut, HistoryEntry, PaymentOut, ReviewOut, SubmissionOut, TaskDetail, TaskSummary
from api.settings import Settings

Sort = Literal["id", "-id", "reward", "-reward"]

# The board's columns, in TaskSummary's field order; the title is the task's own copy of its
# spec's (api.db.task_titles), so a page is one indexed read of one table.
BOARD_FIELDS = tuple(TaskSummary.model_fields)


@dataclass(frozen=True)
class BoardFilters:
    """`GET /tasks`'s query: filters, sort and page. Amounts are decimal strings (uint256)."""

    status: str | None = None
    workstream_id: int | None = None
    claimant: str | None = None
    parent_id: int | None = None
    min_reward: str | None = None
    max_reward: str | None = None
    sort: Sort = "id"
    limit: int | None = None
    cursor: str | None = None


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


def review_out(r: models.Review, session: Session | None = None) -> ReviewOut:
    """With `session`, the reason document's attribution (signed by this reviewer?) too."""
    reason = session.get(models.Document, r.reason_cid) if session is not None and r.reason_cid else None
    return ReviewOut(
        task_id=r.task_id,
        round=r.round,
        reviewer=r.reviewer,
        verdict=r.verdict,  # type: ignore[arg-type]
        reason_cid=r.reason_cid,
        reviewed_at=r.reviewed_at,
        attribution=attribution(reason, [r.reviewer]),
    )


def submission_out(session: Session, s: models.Submission) -> SubmissionOut:
    """A submission and its deliverable's attribution: signed by the claimant or a
    co-contributor of this submission (per reference, not per document)."""
    out = SubmissionOut.model_validate(s)
    deliverable = session.get(models.Document, s.deliverable_cid)
    out.attribution = attribution(deliverable, [s.claimant, *s.contributors])
    return out


# ---- the board ----------------------------------------------------------------------------


def _board_rows(
    session: Session, settings: Settings, f: BoardFilters, *, as_json: bool
) -> tuple[list[Any], str | None]:
    """The page's rows (at most the page size) and the next page's cursor."""
    size = page_limit(settings, f.limit)
    params: dict[str, Any] = {"limit": size + 1}
    claimant = f.claimant
    if claimant is not None:
        claimant = checked_address(claimant, "query.claimant")
    for name, value in (("min_reward", f.min_reward), ("max_reward", f.max_reward)):
        if value is not None and int(value) >= 2**256:
            raise ApiError(422, "invalid_request", "reward does not fit in uint256", field=f"query.{name}")
    filters = {
        "status": f.status,
        "workstream_id": f.workstream_id,
        "claimant": claimant,
        "parent_id": f.parent_id,
        "min_reward": int(f.min_reward) if f.min_reward is not None else None,
        "max_reward": int(f.max_reward) if f.max_reward is not None else None,
    }
    params.update((name, value) for name, value in filters.items() if value is not None)
    by_reward = f.sort.endswith("reward")
    after = decode_cursor(f.cursor, f.sort, (UINT256, BIGINT) if by_reward else (BIGINT,))
    if after is not None:
        names = ("after_reward", "after_id") if by_reward else ("after_id",)
        params.update(zip(names, after, strict=True))
    dialect = session.get_bind().dialect.name
    query = _board_query(tuple(sorted(params)), f.sort, dialect if as_json else None)
    rows: list[Any] = session.connection().execute(query, params).all()  # type: ignore[assignment]
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor(f.sort, [last.reward, last.id] if by_reward else [last.id])
    return rows, next_cursor


def board_json(session: Session, settings: Settings, filters: BoardFilters) -> bytes:
    """One page of the board as `GET /tasks` answers it: `{"items": [...], "next_cursor": ...}`
    (items in TaskSummary's shape, checked by the tests and schemathesis), as JSON bytes."""
    rows, next_cursor = _board_rows(session, settings, filters, as_json=True)
    items = ",".join([row[-1] for row in rows])
    cursor = "null" if next_cursor is None else f'"{next_cursor}"'  # base64url: no escaping
    return f'{{"items":[{items}],"next_cursor":{cursor}}}'.encode()


def board_page(session: Session, settings: Settings, filters: BoardFilters) -> Page[TaskSummary]:
    """The same page as `board_json`, as models (the dashboard's lists)."""
    rows, next_cursor = _board_rows(session, settings, filters, as_json=False)
    items = []
    for row in rows:
        values: dict[str, Any] = dict(zip(BOARD_FIELDS, row, strict=True))
        values["reward"] = str(values["reward"])
        items.append(TaskSummary.model_construct(None, **values))
    return Page[TaskSummary].model_construct(items=items, next_cursor=next_cursor)


def _json_item(dialect: str) -> Any:
    """A task row as its TaskSummary JSON object, built by the database; `reward` as a decimal
    string (SQLite stores it zero-padded, PostgreSQL as NUMERIC)."""
    c = models.Task.__table__.c
    if dialect == "postgresql":
        reward: Any = cast(c.reward, String)
        build = func.json_build_object
    else:
        digits = func.ltrim(type_coerce(c.reward, String), literal_column("'0'"))
        reward = case((digits == literal_column("''"), literal_column("'0'")), else_=digits)
        build = func.json_object
    parts: list[Any] = []
    for name in BOARD_FIELDS:
        # Keys inline (our own field names): PostgreSQL cannot type a bare parameter here.
        parts += [literal_column(f"'{name}'"), reward if name == "reward" else c[name]]
    if dialect == "postgresql":
        return cast(build(*parts), Text)  # as text: psycopg would parse json into a dict
    return type_coerce(build(*parts), String)


@functools.cache
def _board_query(params: tuple[str, ...], sort: Sort, json_dialect: str | None) -> Select[Any]:
    """The board's statement for one set of filters and one sort (and, for JSON, one
    dialect), built once per shape: a prebuilt statement keeps its cache key, so SQLAlchemy
    reuses its compiled SQL at once. Values come as bind parameters."""
    c = models.Task.__table__.c
    conditions = {
        "status": c.status == bindparam("status"),
        "workstream_id": c.workstream_id == bindparam("workstream_id"),
        "claimant": c.claimant == bindparam("claimant"),
        "parent_id": c.parent_id == bindparam("parent_id"),
        "min_reward": c.reward >= bindparam("min_reward"),
        "max_reward": c.reward <= bindparam("max_reward"),
    }
    columns: list[Any] = (
        # the sort key (for the next cursor), then the item
        [c.reward, c.id, _json_item(json_dialect).label("item")]
        if json_dialect is not None and sort.endswith("reward")
        else [c.id, _json_item(json_dialect).label("item")]
        if json_dialect is not None
        else [c[name] for name in BOARD_FIELDS]
    )
    query = select(*columns).where(*(conditions[name] for name in params if name in conditions))
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
            query = query.where(c.id < bindparam("after_id") if descending else c.id > bindparam("after_id"))
        order = (c.id.desc(),) if descending else (c.id,)
    return query.order_by(*order).limit(bindparam("limit"))


# ---- one task -------------------------------------------------------------------------------


def task_detail(session: Session, task_id: int) -> TaskDetail:
    """`GET /tasks/{id}`: the task with its spec, subtasks, claims, submissions, reviews,
    payments and history; 404 when unknown."""
    t = session.get(models.Task, task_id)
    if t is None:
        raise not_found("task", task_id)
    spec = doc_ref(session, t.spec_cid, signers=[t.creator])

    def rows(model: Any, order: Any) -> list[Any]:
        return list(session.scalars(select(model).where(model.task_id == t.id).order_by(order)))

    team = session.get(models.Workstream, t.workstream_id)
    window = team.review_window if team is not None else 0
    subtasks = list(
        session.scalars(
            select(models.Task.id).where(models.Task.parent_id == t.id).order_by(models.Task.id).limit(1000)
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
        review_window_end=(t.submitted_at + window if window and t.status == "submitted" and t.submitted_at else None),
        escalated=bool(t.escalated),
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
                cooldown_until=c.cooldown_until,
            )
            for c in rows(models.Claim, models.Claim.id)
        ],
        submissions=[submission_out(session, s) for s in rows(models.Submission, models.Submission.id)],
        reviews=[review_out(r, session) for r in rows(models.Review, models.Review.id)],
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
