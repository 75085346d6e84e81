"""Team metrics."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.http.schemas.common import Amount, Out


class TeamMetrics(Out):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "workstream_id": 1,
                "period_start": 0,
                "period_end": 1767225600,
                "tasks_completed": 3,
                "cycle_time_median_s": 3600.0,
                "cycle_time_p90_s": 7200.0,
                "review_latency_median_s": 600.0,
                "reviews": 4,
                "rejections": 1,
                "rejection_rate": 0.25,
                "paid_in_period": "3000",
                "budget_cap": "100000",
                "burn_vs_cap": 0.03,
                "paid_total": "3000",
                "active_contributors": 2,
                "reward_concentration_top20": 0.6,
            }
        }
    )
    workstream_id: int
    period_start: int
    period_end: int
    tasks_completed: int = Field(description="Tasks paid in the period.")
    cycle_time_median_s: float | None = Field(description="Median seconds from claim to payment.")
    cycle_time_p90_s: float | None
    review_latency_median_s: float | None = Field(description="Median seconds from submission to first review.")
    review_latency_p90_s: float | None = None
    reviews: int
    rejections: int
    rejection_rate: float | None
    paid_in_period: Amount
    budget_cap: Amount
    burn_vs_cap: float | None = Field(description="paid_in_period / budget_cap.")
    paid_total: Amount
    active_contributors: int = Field(description="Distinct addresses that claimed, submitted or were paid.")
    reward_concentration_top20: float | None = Field(
        description="Share of the period's payments earned by the top 20% of recipients."
    )
