"""One contributor: tasks done, earnings per token, reviews given, votes, delegation, power."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Path
from sqlalchemy import func, select

from api.chain.types import TaskStatus
from api.db import models
from api.http.deps import SessionDep, checked_address
from api.http.routes.proposals import vote_out
from api.http.routes.tasks import review_out, summaries
from api.http.schemas.contributors import ContributorOut, Earning

router = APIRouter(prefix="/contributors", tags=["contributors"])
AddressPath = Annotated[
    str,
    Path(
        max_length=64,
        description="0x address.",
        examples=["0x66aB6D9362d4F35596279692F0251Db635165871"],
    ),
]


@router.get(
    "/{address}", response_model=ContributorOut, summary="Everything one address did and holds."
)
def get_contributor(address: AddressPath, session: SessionDep) -> ContributorOut:
    who = checked_address(address, "path.address")
    account = session.get(models.Account, who)
    earned: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # Uint256 sums are done in Python: SQLite stores them as padded strings.
    for token, amount in session.execute(
        select(models.Payment.token, models.Payment.amount).where(models.Payment.recipient == who)
    ):
        earned[token][0] += amount
        earned[token][1] += 1
    tasks_done = (
        session.scalar(
            select(func.count(func.distinct(models.Payment.task_id))).where(
                models.Payment.recipient == who
            )
        )
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
        session.scalar(
            select(func.count()).select_from(models.Review).where(models.Review.reviewer == who)
        )
        or 0
    )
    recent_reviews = session.scalars(
        select(models.Review)
        .where(models.Review.reviewer == who)
        .order_by(models.Review.id.desc())
        .limit(20)
    )
    votes = session.scalars(
        select(models.Vote)
        .where(models.Vote.voter == who)
        .order_by(models.Vote.id.desc())
        .limit(100)
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
        earnings=[
            Earning(token=t, amount=str(a), payments=n) for t, (a, n) in sorted(earned.items())
        ],
        reviews_given=reviews_given,
        recent_reviews=[review_out(r) for r in recent_reviews],
        votes=[vote_out(v) for v in votes],
        memberships=list(memberships),
    )
