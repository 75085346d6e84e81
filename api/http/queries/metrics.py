"""Team metrics per workstream and period, and the dashboard's weekly figures.

Period is [start, end) in unix seconds (block timestamps); default: all time. Cycle time is
claim -> payment of paid tasks; review latency is submission -> first review of that round;
rejection rate is rejections over reviews given in the period; concentration is the share of
the period's payments earned by the top 20% of recipients (at least one).

The weekly figures (a workstream page's charts) come from one statement that puts every paid
task, submission and payment of the team into its week in SQL, with integer arithmetic on the
timestamps (no date functions, so SQLite and PostgreSQL bucket alike), and one pass over its
rows in Python: amounts are uint256, which SQLite cannot sum exactly.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, String, bindparam, cast, literal, null, select, union_all
from sqlalchemy.orm import Session

from api.db import models
from api.http.errors import ApiError, not_found
from api.http.schemas.metrics import TeamMetrics

WEEK = 7 * 86_400


@dataclass(frozen=True)
class Period:
    """[start, end) in unix seconds; None: from the beginning / until far in the future."""

    start: int | None = None
    end: int | None = None


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


def team_metrics(session: Session, workstream_id: int, period: Period) -> TeamMetrics:
    """`GET /workstreams/{id}/metrics`: 404 for an unknown team, 422 for an empty period."""
    w = session.get(models.Workstream, workstream_id)
    if w is None:
        raise not_found("workstream", workstream_id)
    lo = period.start or 0
    hi = period.end if period.end is not None else int(time.time()) + 10 * 365 * 86400
    if hi <= lo:
        raise ApiError(422, "invalid_period", "end must be after start", field="query.end")

    def within(ts: int | None) -> bool:
        return ts is not None and lo <= ts < hi

    T = models.Task  # noqa: N806 - short aliases of the SQL tables, as in the statement they build
    paid_tasks = list(
        session.execute(
            select(T.id, T.claimed_at, T.paid_at).where(T.workstream_id == w.id, T.paid_at >= lo, T.paid_at < hi)
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
        select(models.Claim.claimant, models.Claim.claimed_at).where(models.Claim.task_id.in_(task_ids))
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


# ---- weekly figures -------------------------------------------------------------------------


@dataclass
class WeekFigures:
    """One week [start, end) of a team: what `/metrics?start=<start>&end=<end>` gives for the
    week, and what `/metrics?end=<end>` gives as paid to date."""

    start: int
    end: int
    tasks_completed: int = 0
    cycle_time_median_s: float | None = None
    review_latency_median_s: float | None = None
    paid_in_week: str = "0"
    paid_to_date: str = "0"
    burn_vs_cap: float | None = None
    cycles: list[float] = field(default_factory=list, repr=False)
    latencies: list[float] = field(default_factory=list, repr=False)


def _weekly_statement() -> Any:
    """Every paid task, submission and payment of a team before `end` with its week (0: the
    one ending at `end`, 1: the week before...) and its figure: cycle time, review latency
    (to the round's first review, in review order) or amount (as text: exact on both)."""
    T, S, R, P = models.Task, models.Submission, models.Review, models.Payment  # noqa: N806 - short aliases of the SQL tables, as in the statement they build
    end = bindparam("end", type_=BigInteger)
    since = bindparam("since", type_=BigInteger)
    wid = bindparam("workstream_id", type_=BigInteger)

    def week(ts: Any) -> Any:
        # ts < end, so the difference is >= 0 and integer division truncates like floor.
        return ((end - 1 - ts) // WEEK).label("week")

    first_review = (
        select(R.reviewed_at)
        .where(R.task_id == S.task_id, R.round == S.round, R.reviewed_at.is_not(None))
        .order_by(R.id)
        .limit(1)
        .scalar_subquery()
    )
    paid = select(
        literal("task").label("kind"),
        week(T.paid_at),
        (T.paid_at - T.claimed_at).label("seconds"),
        cast(null(), String).label("amount"),
    ).where(T.workstream_id == wid, T.paid_at >= since, T.paid_at < end)
    submitted = (
        select(
            literal("submission").label("kind"),
            week(S.submitted_at),
            (first_review - S.submitted_at).label("seconds"),
            cast(null(), String).label("amount"),
        )
        .join(T, T.id == S.task_id)
        .where(T.workstream_id == wid, S.submitted_at >= since, S.submitted_at < end)
    )
    payments = select(
        literal("payment").label("kind"),
        week(P.paid_at),
        cast(null(), BigInteger).label("seconds"),
        cast(P.amount, String).label("amount"),
    ).where(P.workstream_id == wid, P.paid_at >= 0, P.paid_at < end)
    return union_all(paid, submitted, payments)


WEEKLY = _weekly_statement()


def weekly_figures(session: Session, workstream_id: int, *, end: int, weeks: int) -> list[WeekFigures]:
    """The `weeks` weeks ending at `end`, oldest first: one statement, one pass over its rows."""
    w = session.get(models.Workstream, workstream_id)
    if w is None:
        raise not_found("workstream", workstream_id)
    out = [WeekFigures(start=end - k * WEEK, end=end - (k - 1) * WEEK) for k in range(weeks, 0, -1)]
    paid_before = 0  # paid before the first week: part of every week's "to date"
    paid = [0] * weeks
    rows = session.execute(WEEKLY, {"workstream_id": workstream_id, "end": end, "since": end - weeks * WEEK})
    for kind, k, seconds, amount in rows:
        if k >= weeks:
            paid_before += int(amount)
            continue
        bin_ = out[weeks - 1 - k]
        if kind == "task":
            bin_.tasks_completed += 1
            if seconds is not None:
                bin_.cycles.append(float(seconds))
        elif kind == "submission":
            if seconds is not None:
                bin_.latencies.append(float(seconds))
        else:
            paid[weeks - 1 - k] += int(amount)
    to_date = paid_before
    for bin_, in_week in zip(out, paid, strict=True):
        to_date += in_week
        bin_.paid_in_week, bin_.paid_to_date = str(in_week), str(to_date)
        bin_.burn_vs_cap = to_date / w.budget_cap if w.budget_cap else None
        bin_.cycle_time_median_s = statistics.median(bin_.cycles) if bin_.cycles else None
        bin_.review_latency_median_s = statistics.median(bin_.latencies) if bin_.latencies else None
    return out
