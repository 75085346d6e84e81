"""One contributor: tasks done, earnings per token, reviews given, votes, delegation, power."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.chain.types import TaskStatus
from api.db import models
from api.http.queries.proposals import vote_out
from api.http.queries.tasks import review_out, summaries
from api.http.queries.work_rules import running_cooldowns
from api.http.schemas.contributors import ClaimCooldown, ContributorOut, Earning


def contributor(session: Session, who: str) -> ContributorOut:
    """Everything the checksummed address `who` did and holds (all zero when unknown)."""
    account = session.get(models.Account, who)
    earned: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # Uint256 sums are done in Python: SQLite stores them as padded strings.
    for token, amount in session.execute(
        select(models.Payment.token, models.Payment.amount).where(models.Payment.recipient == who)
    ):
        earned[token][0] += amount
        earned[token][1] += 1
    tasks_done = (
        session.scalar(select(func.count(func.distinct(models.Payment.task_id))).where(models.Payment.recipient == who))
        or 0
    )
    held = list(
        session.scalars(
            select(models.Task)
            .where(
                models.Task.claimant == who,
                models.Task.status.in_((TaskStatus.CLAIMED.label, TaskStatus.SUBMITTED.label)),
            )
            .order_by(models.Task.id)
            .limit(100)
        )
    )
    reviews_given = (
        session.scalar(select(func.count()).select_from(models.Review).where(models.Review.reviewer == who)) or 0
    )
    recent_reviews = session.scalars(
        select(models.Review).where(models.Review.reviewer == who).order_by(models.Review.id.desc()).limit(20)
    )
    votes = session.scalars(
        select(models.Vote).where(models.Vote.voter == who).order_by(models.Vote.id.desc()).limit(100)
    )
    delegators = session.scalars(
        select(models.Account.address)
        .where(models.Account.delegate == who, models.Account.address != who)
        .order_by(models.Account.address)
        .limit(200)
    )
    memberships = session.scalars(
        select(models.Member.workstream_id)
        .where(models.Member.account == who, models.Member.active.is_(True))
        .order_by(models.Member.workstream_id)
    )
    return ContributorOut(
        address=who,
        balance=str(account.balance if account else 0),
        delegate=account.delegate if account else None,
        voting_power=str(account.voting_power if account else 0),
        delegators=list(delegators),
        tasks_done=tasks_done,
        tasks_claimed=summaries(held),
        earnings=[Earning(token=t, amount=str(a), payments=n) for t, (a, n) in sorted(earned.items())],
        reviews_given=reviews_given,
        recent_reviews=[review_out(r, session) for r in recent_reviews],
        votes=[vote_out(v) for v in votes],
        memberships=list(memberships),
        cooldowns=[ClaimCooldown(task_id=t, until=u) for t, u in running_cooldowns(session, who)],
    )
