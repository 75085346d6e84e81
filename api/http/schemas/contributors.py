"""Contributors: earnings and open work."""

from __future__ import annotations

from pydantic import Field

from api.http.schemas.common import AddressStr, Amount, Out
from api.http.schemas.proposals import VoteOut
from api.http.schemas.tasks import ReviewOut, TaskSummary


class Earning(Out):
    token: AddressStr
    amount: Amount
    payments: int


class ClaimCooldown(Out):
    task_id: int
    until: int


class ContributorOut(Out):
    address: AddressStr
    balance: Amount
    delegate: AddressStr | None
    voting_power: Amount
    delegators: list[AddressStr]
    tasks_done: int
    tasks_claimed: list[TaskSummary] = Field(description="Tasks this address currently holds.")
    earnings: list[Earning]
    reviews_given: int
    recent_reviews: list[ReviewOut]
    votes: list[VoteOut]
    memberships: list[int] = Field(description="Workstreams the address is an active member of.")
    cooldowns: list[ClaimCooldown] = Field(
        [], description="Tasks this address gave up and may not claim again before `until`."
    )
