"""Team metrics per workstream and period: the transparency a self-managed team gets.

Period is [start, end) in unix seconds (block timestamps); default: all time. What each
figure means: api/http/queries/metrics.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.http.deps import SessionDep
from api.http.queries.metrics import Period
from api.http.queries.metrics import team_metrics as query_team_metrics
from api.http.routes.common import AsciiInt
from api.http.schemas.metrics import TeamMetrics

router = APIRouter(prefix="/workstreams", tags=["metrics"])
Seconds = Annotated[AsciiInt | None, Query(ge=0, le=2**53, description="Unix seconds.")]


@router.get("/{workstream_id}/metrics", response_model=TeamMetrics, summary="Team metrics for a period.")
def team_metrics(
    workstream_id: Annotated[AsciiInt, Path(ge=0, le=2**63 - 1)],
    session: SessionDep,
    start: Seconds = None,
    end: Seconds = None,
) -> TeamMetrics:
    return query_team_metrics(session, workstream_id, Period(start=start, end=end))
