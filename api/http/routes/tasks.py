"""The task board and one task's full record."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.http.deps import SessionDep, SettingsDep, run_read
from api.http.pagination import Page
from api.http.queries.tasks import BoardFilters, Sort, board_json, task_detail
from api.http.routes.common import AsciiInt, Cursor, Limit
from api.http.schemas import TaskDetail, TaskStatus, TaskSummary

router = APIRouter(prefix="/tasks", tags=["tasks"])
TaskId = Annotated[AsciiInt, Path(ge=0, le=2**63 - 1, description="Task id.", examples=[1])]
AmountQuery = Annotated[
    str | None, Query(pattern=r"^[0-9]{1,78}$", description="Base units, decimal.")
]


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
    filters = BoardFilters(
        status=status,
        workstream_id=workstream_id,
        claimant=claimant,
        parent_id=parent_id,
        min_reward=min_reward,
        max_reward=max_reward,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    body = await run_read(session, lambda: board_json(session, settings, filters))
    # The page's JSON as the database built it: no response model to validate again.
    return Response(body, media_type="application/json")  # type: ignore[return-value]


@router.get(
    "/{task_id}",
    response_model=TaskDetail,
    summary="One task: spec, claims, submissions, reviews, payments and full history.",
)
def get_task(task_id: TaskId, session: SessionDep) -> TaskDetail:
    return task_detail(session, task_id)
