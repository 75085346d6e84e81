"""Reads for issue 15's team rules: member changes of a workstream and the claim cool-downs
still running for an account."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.db import models


def member_changes(session: Session, workstream_id: int, *, limit: int = 100) -> list[models.MemberChange]:
    """The workstream's member-change proposals, newest first."""
    return list(
        session.scalars(
            select(models.MemberChange)
            .where(models.MemberChange.workstream_id == workstream_id)
            .order_by(models.MemberChange.id.desc())
            .limit(limit)
        )
    )


def indexed_time(session: Session) -> int | None:
    """The timestamp of the latest indexed block: the chain's clock as the index knows it."""
    return session.scalar(
        select(models.BlockRecord.timestamp)
        .where(models.BlockRecord.timestamp.is_not(None))
        .order_by(models.BlockRecord.number.desc())
        .limit(1)
    )


def running_cooldowns(session: Session, claimant: str, *, limit: int = 100) -> list[tuple[int, int]]:
    """(task id, until) for each task `claimant` may not claim again before `until`, still
    running at the latest indexed block (the board keeps the latest cool-down per task)."""
    now: int = indexed_time(session) or 0
    until = func.max(models.Claim.cooldown_until)
    rows = session.execute(
        select(models.Claim.task_id, until)
        .where(models.Claim.claimant == claimant, models.Claim.cooldown_until.is_not(None))
        .group_by(models.Claim.task_id)
        .having(until > now)
        .order_by(models.Claim.task_id)
        .limit(limit)
    )
    return [(int(task_id), int(end or 0)) for task_id, end in rows]
