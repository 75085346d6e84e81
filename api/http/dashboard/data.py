"""What the dashboard's pages show, read through the JSON API's own route functions.

Every number on a page comes from the same function, with the same arguments, that answers
the matching JSON endpoint, so a page and `GET /...` can never disagree. Lists are read
page by page with the API's cursors, as a client would.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from api.chain.types import ProposalState, TaskStatus
from api.http.chainview import ChainView
from api.http.dashboard.blocktime import BlockClock
from api.http.dashboard.search import Found, find_contributors
from api.http.pagination import Page
from api.http.routes import contributors, documents, metrics, posts, proposals, tasks, workstreams
from api.http.schemas.documents import DocumentRef
from api.http.schemas.metrics import TeamMetrics
from api.http.schemas.proposals import ProposalSummary, VoteOut
from api.http.schemas.tasks import TaskSummary
from api.http.schemas.workstreams import WorkstreamSummary
from api.settings import Settings

T = TypeVar("T")
WEEK = 7 * 86_400
MAX_WEEKS = 26  # charts show at most half a year of weekly bins
MAX_ROWS = 2_000  # a page never lists more rows than this, however long the history

# Proposal states a holder still has to act on or watch, in the order the overview lists them.
OPEN_STATES = tuple(s.label for s in (ProposalState.ACTIVE, ProposalState.PENDING, ProposalState.SUCCEEDED,
                                     ProposalState.QUEUED))


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
    """The route functions bound to one request's session, chain view and settings."""

    session: Session
    chain: ChainView
    settings: Settings

    # ---- governance -----------------------------------------------------------------------

    def proposals(self, state: str | None = None) -> list[ProposalSummary]:
        return all_pages(
            lambda cursor: proposals.list_proposals(
                self.session, self.chain, self.settings, state=state, cursor=cursor  # type: ignore[arg-type]
            )
        )

    def proposal(self, proposal_id: str) -> Any:
        return proposals.get_proposal(proposal_id, self.session, self.chain)

    def votes(self, proposal_id: str) -> list[VoteOut]:
        return all_pages(
            lambda cursor: proposals.list_votes(
                proposal_id, self.session, self.settings, cursor=cursor
            )
        )

    def treasury(self) -> tuple[str, Any] | None:
        """The timelock's address and its `/contributors/{address}` record (its balance is
        the treasury)."""
        timelock = self.chain.manifest.contracts.get("TealTimelock")
        if timelock is None:
            return None
        return timelock.address, self.contributor(timelock.address)

    # ---- teams and work -------------------------------------------------------------------

    def workstreams(self) -> list[WorkstreamSummary]:
        return all_pages(
            lambda cursor: workstreams.list_workstreams(
                self.session, self.settings, cursor=cursor
            )
        )

    def workstream(self, workstream_id: int) -> Any:
        return workstreams.get_workstream(workstream_id, self.session)

    def metrics(self, workstream_id: int, start: int | None = None, end: int | None = None) -> TeamMetrics:
        return metrics.team_metrics(workstream_id, self.session, start=start, end=end)

    def task_page(self, *, cursor: str | None = None, limit: int | None = None, **filters: Any) -> Page[TaskSummary]:
        """One page of `GET /tasks` with these filters."""
        # The board answers raw JSON (its hot path); read it back as the client would.
        response = tasks.board_page(self.session, self.settings, cursor=cursor, limit=limit, **filters)
        body = json.loads(bytes(response.body))
        return Page(
            items=[TaskSummary.model_validate(item) for item in body["items"]],
            next_cursor=body["next_cursor"],
        )

    def tasks(self, **filters: Any) -> list[TaskSummary]:
        return all_pages(lambda cursor: self.task_page(cursor=cursor, **filters))

    def task(self, task_id: int) -> Any:
        return tasks.get_task(task_id, self.session)

    def document(self, cid: str) -> DocumentRef | None:
        """`/documents/{cid}/meta`, or None when the indexer has never seen the CID."""
        from api.http.errors import ApiError

        try:
            return documents.get_document_meta(cid, self.session)
        except ApiError:
            return None

    def contributor(self, address: str) -> Any:
        return contributors.get_contributor(address, self.session)

    def find_contributors(self, query: str) -> list[Found]:
        return find_contributors(self.session, query)

    def clock(self) -> BlockClock:
        """Dates for block numbers (voting windows), from the indexed blocks' timestamps."""
        return BlockClock(self.session, self.chain.manifest.chain_id)

    # ---- posts ----------------------------------------------------------------------------

    def posts(self, workstream_id: int | None = None, topic: str | None = None) -> list[Any]:
        return all_pages(
            lambda cursor: posts.list_posts(
                self.session,
                self.settings,
                workstream_id=workstream_id,
                topic=topic,
                cursor=cursor,
            ),
            cap=200,
        )

    def thread(self, cid: str) -> Any:
        return posts.get_thread(cid, self.session)

    # ---- weekly metrics for the charts ----------------------------------------------------

    def weekly(self, workstream_id: int, *, since: int | None, board: list[TaskSummary]) -> list[Week]:
        """One `/metrics` call per week (throughput, cycle time, review latency) and one per
        week end from the beginning (cumulative burn), for the weeks since the team began.

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
        out = []
        for k in range(count, 0, -1):
            lo, hi = end - k * WEEK, end - (k - 1) * WEEK
            period = self.metrics(workstream_id, start=lo, end=hi)
            to_date = self.metrics(workstream_id, start=None, end=hi)
            out.append(Week(start=lo, end=hi, period=period, to_date=to_date))
        return out


@dataclass
class Week:
    start: int
    end: int
    period: TeamMetrics  # /metrics?start=<start>&end=<end>
    to_date: TeamMetrics  # /metrics?end=<end>: what was paid from the beginning


STATUSES = TaskStatus.labels()  # a task's lifecycle, in order


def by_status(board: list[TaskSummary]) -> Iterator[tuple[str, list[TaskSummary]]]:
    """The board's columns, in lifecycle order."""
    for status in STATUSES:
        yield status, [t for t in board if t.status == status]
