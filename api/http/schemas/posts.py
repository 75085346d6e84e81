"""Posts and threads."""

from __future__ import annotations

from pydantic import Field

from api.http.schemas.common import AddressStr, Amount, Out, TaskStatus
from api.http.schemas.contributors import Earning
from api.http.schemas.tasks import PaymentOut


class FollowThroughTask(Out):
    task_id: int
    workstream_id: int
    status: TaskStatus
    reward: Amount
    paid: list[PaymentOut]


class TeamHide(Out):
    """Members of one team who voted to hide a post from the team's views, with their reasons."""

    workstream_id: int
    hidden: bool = Field(description="As many current members as the team's approval threshold voted to hide it.")
    members: list[AddressStr] = Field(description="Current members who voted to hide it.")
    required: int = Field(description="The team's approval threshold.")
    reasons: list[str]


class PostOut(Out):
    cid: str
    category: str
    title: str | None
    text: str
    tags: list[str]
    reply_to: str | None
    author: AddressStr | None
    created_at: int | None = Field(
        default=None, description="When the author signed it (unix seconds); lists and threads order by it."
    )
    replies: int
    follow_through: list[FollowThroughTask] = Field(
        description="Tasks whose spec says `addresses_post` = this post, their state and payments."
    )
    paid_total: list[Earning]
    hides: list[TeamHide] = Field(
        default=[],
        description="Teams whose members voted to hide the post from their views (POST /posts/{cid}/hides); "
        "a hidden post is still listed, never deleted.",
    )


class ThreadOut(Out):
    root: PostOut
    replies: list[PostOut]
