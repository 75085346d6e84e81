"""The task board and one task's full record."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.routing import APIRoute

from api.http.deps import SessionDep, SettingsDep, run_read
from api.http.pagination import BIGINT_MAX, Page
from api.http.queries.tasks import BoardFilters, Sort, board_json, task_detail
from api.http.routes.common import AsciiInt, Cursor, Limit
from api.http.schemas.common import TaskStatus
from api.http.schemas.tasks import TaskDetail, TaskSummary

router = APIRouter(prefix="/tasks", tags=["tasks"])
TaskId = Annotated[AsciiInt, Path(ge=0, le=2**63 - 1, description="Task id.", examples=[1])]
AmountQuery = Annotated[str | None, Query(pattern=r"^[0-9]{1,78}$", description="Base units, decimal.")]


_STATUSES = frozenset(get_args(TaskStatus))
_SORTS = frozenset(get_args(Sort))
_DIGITS = re.compile(r"[0-9]{1,19}")
_AMOUNT = re.compile(r"[0-9]{1,78}")


def plain_board_query(request: Request) -> BoardFilters | None:
    """The board's filters when every parameter is given once, known, and plainly valid, so
    that `list_tasks`'s declared validation would pass it unchanged; None for anything else
    (that request takes the declared validation, with its errors)."""
    values: dict[str, Any] = {}
    for name, value in request.query_params.multi_items():
        if name in values or not value:
            return None
        if name == "status" and value in _STATUSES:
            values[name] = value
        elif name in ("workstream_id", "parent_id") and _DIGITS.fullmatch(value):
            values[name] = int(value)
            if values[name] > BIGINT_MAX:
                return None
        elif name == "limit" and _DIGITS.fullmatch(value) and 1 <= int(value) <= 1000:
            values[name] = int(value)
        elif name in ("min_reward", "max_reward") and _AMOUNT.fullmatch(value):
            values[name] = value
        elif name == "sort" and value in _SORTS:
            values[name] = value
        elif (name == "claimant" and len(value) <= 64) or (name == "cursor" and len(value) <= 512):
            values[name] = value
        else:
            return None
    return BoardFilters(**values)


class BoardRoute(APIRoute):
    """`GET /tasks` with a short way in: a plainly valid query string is read by
    `plain_board_query` instead of FastAPI's per-parameter validation, which costs more than
    the page's whole SQL read; anything else goes the declared way. Same filters, same
    query, same bytes; the OpenAPI schema is the declared one."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        declared = super().get_route_handler()

        async def handler(request: Request) -> Response:
            filters = plain_board_query(request)
            if filters is None:
                return await declared(request)
            state = request.app.state.teal
            session = state.sessions()  # as the SessionDep dependency does
            try:
                body = await run_read(session, lambda: board_json(session, state.settings, filters))
            finally:
                session.close()
            return Response(body, media_type="application/json")

        return handler


# `async def` with its work in run_read: the board is the hottest page, and a plain `def`
# would pay a worker-thread hop per request even on SQLite.
async def list_tasks(
    session: SessionDep,
    settings: SettingsDep,
    status: Annotated[TaskStatus | None, Query(description="Only tasks in this status.")] = None,
    workstream_id: Annotated[AsciiInt | None, Query(ge=0, le=2**63 - 1)] = None,
    claimant: Annotated[str | None, Query(max_length=64, description="Current or last claimant.")] = None,
    parent_id: Annotated[AsciiInt | None, Query(ge=0, le=2**63 - 1, description="Subtasks of this task.")] = None,
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


router.add_api_route(
    "",
    list_tasks,
    methods=["GET"],
    response_model=Page[TaskSummary],
    summary="The task board, filtered and sorted.",
    route_class_override=BoardRoute,
)


@router.get(
    "/{task_id}",
    response_model=TaskDetail,
    summary="One task: spec, claims, submissions, reviews, payments and full history.",
)
def get_task(task_id: TaskId, session: SessionDep) -> TaskDetail:
    return task_detail(session, task_id)
