"""What the dashboard's pages show, read through the API's query layer (api.http.queries).

Every number on a page comes from the same query function, with the same filters, that
answers the matching JSON endpoint, so a page and `GET /...` can never disagree. Lists are
read page by page with the API's cursors, as a client would.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from api.chain.types import ProposalState, TaskStatus
from api.http.chainview import ChainView
from api.http.dashboard.blocktime import BlockClock
from api.http.deps import checked_address, page_limit
from api.http.errors import ApiError
from api.http.pagination import Page
from api.http.queries import (
    contributors,
    documents,
    metrics,
    posts,
    proposals,
    rewards,
    tasks,
    workstreams,
)
from api.http.queries.metrics import WEEK, WeekFigures
from api.http.queries.search import Found, find_contributors
from api.http.routes.common import checked_cid, uint256
from api.http.schemas.contributors import ContributorOut
from api.http.schemas.documents import DocumentRef
from api.http.schemas.metrics import TeamMetrics
from api.http.schemas.posts import PostOut, ThreadOut
from api.http.schemas.proposals import ProposalDetail, ProposalSummary, VoteOut
from api.http.schemas.rewards import EarningsOut, EpochSummary, StreamOut
from api.http.schemas.tasks import TaskDetail, TaskSummary
from api.http.schemas.workstreams import WorkstreamDetail, WorkstreamSummary
from api.settings import Settings

T = TypeVar("T")
MAX_WEEKS = 26  # charts show at most half a year of weekly bins
MAX_ROWS = 2_000  # a page never lists more rows than this, however long the history

# Proposal states a holder still has to act on or watch, in the order the overview lists them.
OPEN_STATES = tuple(
    s.label for s in (ProposalState.ACTIVE, ProposalState.PENDING, ProposalState.SUCCEEDED, ProposalState.QUEUED)
)


def all_pages(fetch: Callable[[str | None], Page[T]], *, cap: int = MAX_ROWS) -> list[T]:
    """Follow `next_cursor` until the end (or `cap` rows)."""
    items: list[T] = []
    cursor: str | None = None
    while True:
        page = fetch(cursor)
        items.extend(page.items)
        cursor = page.next_cursor
        if cursor is None or len(items) >= cap:
            return items[:cap]


@dataclass
class Reader:
    """The query layer bound to one request's session, chain view and settings."""

    session: Session
    chain: ChainView
    settings: Settings

    @property
    def size(self) -> int:
        return page_limit(self.settings, None)

    # ---- governance -----------------------------------------------------------------------

    def proposals(self, state: str | None = None) -> list[ProposalSummary]:
        return all_pages(
            lambda cursor: proposals.proposal_page(
                self.session,
                self.chain,
                proposals.ProposalFilters(state=state, size=self.size, cursor=cursor),
            )
        )

    def proposal(self, proposal_id: str) -> ProposalDetail:
        pid = uint256(proposal_id, "path.proposal_id")
        return proposals.proposal_detail(self.session, self.chain, pid, spelled=proposal_id)

    def votes(self, proposal_id: str) -> list[VoteOut]:
        pid = uint256(proposal_id, "path.proposal_id")
        return all_pages(
            lambda cursor: proposals.vote_page(
                self.session,
                pid,
                proposals.VoteFilters(size=self.size, cursor=cursor),
                spelled=proposal_id,
            )
        )

    def treasury(self) -> tuple[str, ContributorOut] | None:
        """The timelock's address and its `/contributors/{address}` record (its balance is
        the treasury)."""
        timelock = self.chain.manifest.contracts.get("TealTimelock")
        if timelock is None:
            return None
        return timelock.address, self.contributor(timelock.address)

    # ---- teams and work -------------------------------------------------------------------

    def workstreams(self) -> list[WorkstreamSummary]:
        return all_pages(
            lambda cursor: workstreams.workstream_page(
                self.session, workstreams.WorkstreamFilters(size=self.size, cursor=cursor)
            )
        )

    def workstream(self, workstream_id: int) -> WorkstreamDetail:
        return workstreams.workstream_detail(
            self.session, workstream_id, member_change_lifetime=self.chain.member_change_lifetime
        )

    def metrics(self, workstream_id: int, start: int | None = None, end: int | None = None) -> TeamMetrics:
        return metrics.team_metrics(self.session, workstream_id, metrics.Period(start, end))

    def task_page(self, *, cursor: str | None = None, limit: int | None = None, **filters: Any) -> Page[TaskSummary]:
        """One page of `GET /tasks` with these filters."""
        query = tasks.BoardFilters(cursor=cursor, limit=limit, **filters)
        return tasks.board_page(self.session, self.settings, query)

    def tasks(self, **filters: Any) -> list[TaskSummary]:
        return all_pages(lambda cursor: self.task_page(cursor=cursor, **filters))

    def task(self, task_id: int) -> TaskDetail:
        return tasks.task_detail(self.session, task_id)

    def document(self, cid: str) -> DocumentRef | None:
        """`/documents/{cid}/meta`, or None when the indexer has never seen the CID."""
        try:
            return documents.document_meta(self.session, checked_cid(cid, "path.cid"))
        except ApiError:
            return None

    def contributor(self, address: str) -> ContributorOut:
        return contributors.contributor(self.session, checked_address(address, "path.address"))

    def find_contributors(self, query: str) -> list[Found]:
        return find_contributors(self.session, query)

    def now(self) -> int | None:
        """The latest indexed block's timestamp: the chain's clock as the index knows it
        (deadlines such as a review window's end are compared with it, not this server's clock)."""
        return rewards.latest_indexed_time(self.session)

    # ---- rewards (epochs, stipend streams, earnings) ----------------------------------------

    def epochs(self, workstream_id: int) -> list[EpochSummary]:
        return all_pages(
            lambda cursor: rewards.epoch_page(
                self.session, rewards.RewardFilters(workstream=workstream_id, size=self.size, cursor=cursor)
            )
        )

    def streams(self, *, workstream_id: int | None = None, recipient: str | None = None) -> list[StreamOut]:
        return all_pages(
            lambda cursor: rewards.stream_page(
                self.session,
                rewards.RewardFilters(workstream=workstream_id, recipient=recipient, size=self.size, cursor=cursor),
            )
        )

    def earnings(self, address: str) -> EarningsOut:
        return rewards.earnings(self.session, checked_address(address, "path.address"))

    def clock(self) -> BlockClock:
        """Dates for block numbers (voting windows), from the indexed blocks' timestamps."""
        return BlockClock(self.session, self.chain.manifest.chain_id)

    # ---- posts ----------------------------------------------------------------------------

    def posts(self, workstream_id: int | None = None, topic: str | None = None) -> list[PostOut]:
        return all_pages(
            lambda cursor: posts.post_page(
                self.session,
                posts.PostFilters(workstream_id=workstream_id, topic=topic, size=self.size, cursor=cursor),
            ),
            cap=200,
        )

    def thread(self, cid: str) -> ThreadOut:
        return posts.thread(self.session, checked_cid(cid, "path.cid"))

    # ---- weekly metrics for the charts ----------------------------------------------------

    def weekly(self, workstream_id: int, *, since: int | None, board: list[TaskSummary]) -> list[WeekFigures]:
        """The weeks since the team began (at most MAX_WEEKS), from one query.

        Weeks end at the latest moment the board knows of (chain time runs ahead of the wall
        clock on a devnet that skipped days), so the current week is always the last bin.
        """
        latest = max(
            [int(time.time())]
            + [t.created_at or 0 for t in board]
            + [t.paid_at or 0 for t in board]
            + [t.claim_expiry or 0 for t in board]
        )
        end = latest + 1
        first = since if since is not None else end - WEEK
        count = min(MAX_WEEKS, max(1, -(-(end - first) // WEEK)))
        return metrics.weekly_figures(self.session, workstream_id, end=end, weeks=count)


STATUSES = TaskStatus.labels()  # a task's lifecycle, in order


def by_status(board: list[TaskSummary]) -> Iterator[tuple[str, list[TaskSummary]]]:
    """The board's columns, in lifecycle order."""
    for status in STATUSES:
        yield status, [t for t in board if t.status == status]
