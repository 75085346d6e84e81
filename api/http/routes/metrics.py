"""Team metrics per workstream and period: the transparency a self-managed team gets.

Period is [start, end) in unix seconds (block timestamps); default: all time. Cycle time is
claim -> payment of paid tasks; review latency is submission -> first review of that round;
rejection rate is rejections over reviews given in the period; concentration is the share of
the period's payments earned by the top 20% of recipients (at least one).
"""

from __future__ import annotations

import math
import statistics
import time
from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy import select

from api.db import models
from api.http.deps import SessionDep
from api.http.errors import ApiError, not_found
from api.http.routes.common import AsciiInt
from api.http.schemas.metrics import TeamMetrics

router = APIRouter(prefix="/workstreams", tags=["metrics"])
Seconds = Annotated[AsciiInt | None, Query(ge=0, le=2**53, description="Unix seconds.")]


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..1) of `values`; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return float(ordered[rank - 1])


def concentration(earnings: dict[str, int]) -> float | None:
    total = sum(earnings.values())
    if total == 0:
        return None
    ranked = sorted(earnings.values(), reverse=True)
    top = max(1, math.ceil(0.2 * len(ranked)))
    return sum(ranked[:top]) / total


@router.get(
    "/{workstream_id}/metrics", response_model=TeamMetrics, summary="Team metrics for a period."
)
def team_metrics(
    workstream_id: Annotated[AsciiInt, Path(ge=0, le=2**63 - 1)],
    session: SessionDep,
    start: Seconds = None,
    end: Seconds = None,
) -> TeamMetrics:
    w = session.get(models.Workstream, workstream_id)
    if w is None:
        raise not_found("workstream", workstream_id)
    lo = start or 0
    hi = end if end is not None else int(time.time()) + 10 * 365 * 86400
    if hi <= lo:
        raise ApiError(422, "invalid_period", "end must be after start", field="query.end")

    def within(ts: int | None) -> bool:
        return ts is not None and lo <= ts < hi

    T = models.Task
    paid_tasks = list(
        session.execute(
            select(T.id, T.claimed_at, T.paid_at).where(
                T.workstream_id == w.id, T.paid_at >= lo, T.paid_at < hi
            )
        )
    )
    cycles = [float(p - c) for _, c, p in paid_tasks if c is not None and p is not None]

    task_ids = select(T.id).where(T.workstream_id == w.id)
    first_review: dict[tuple[int, int], int] = {}
    reviews = rejections = 0
    for task_id, rnd, verdict, at in session.execute(
        select(
            models.Review.task_id,
            models.Review.round,
            models.Review.verdict,
            models.Review.reviewed_at,
        )
        .where(models.Review.task_id.in_(task_ids))
        .order_by(models.Review.id)
    ):
        if at is not None:
            first_review.setdefault((task_id, rnd), at)
        if within(at):
            reviews += 1
            rejections += verdict == "reject"
    latencies = []
    active: set[str] = set()
    for task_id, rnd, claimant, at in session.execute(
        select(
            models.Submission.task_id,
            models.Submission.round,
            models.Submission.claimant,
            models.Submission.submitted_at,
        ).where(models.Submission.task_id.in_(task_ids))
    ):
        if within(at):
            active.add(claimant)
            reviewed = first_review.get((task_id, rnd))
            if reviewed is not None and at is not None:
                latencies.append(float(reviewed - at))
    for claimant, at in session.execute(
        select(models.Claim.claimant, models.Claim.claimed_at).where(
            models.Claim.task_id.in_(task_ids)
        )
    ):
        if within(at):
            active.add(claimant)
    earned: dict[str, int] = defaultdict(int)
    paid_total = 0
    for recipient, amount, at in session.execute(
        select(models.Payment.recipient, models.Payment.amount, models.Payment.paid_at).where(
            models.Payment.workstream_id == w.id
        )
    ):
        paid_total += amount
        if within(at):
            earned[recipient] += amount
            active.add(recipient)
    paid_in_period = sum(earned.values())
    return TeamMetrics(
        workstream_id=w.id,
        period_start=lo,
        period_end=hi,
        tasks_completed=len(paid_tasks),
        cycle_time_median_s=statistics.median(cycles) if cycles else None,
        cycle_time_p90_s=percentile(cycles, 0.9),
        review_latency_median_s=statistics.median(latencies) if latencies else None,
        review_latency_p90_s=percentile(latencies, 0.9),
        reviews=reviews,
        rejections=rejections,
        rejection_rate=rejections / reviews if reviews else None,
        paid_in_period=str(paid_in_period),
        budget_cap=str(w.budget_cap),
        burn_vs_cap=paid_in_period / w.budget_cap if w.budget_cap else None,
        paid_total=str(paid_total),
        active_contributors=len(active),
        reward_concentration_top20=concentration(dict(earned)),
    )
