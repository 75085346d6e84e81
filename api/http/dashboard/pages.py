"""The dashboard's pages under /dashboard: overview, proposals, workstreams, tasks,
contributors and posts, server-rendered and read-only.

Each page reads through `Reader` (the API's query layer, as the JSON routes do). Bad or unknown ids
answer an HTML error page with the API's status and message, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from eth_utils import to_checksum_address
from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from api.http.dashboard import charts, formatting
from api.http.dashboard.data import OPEN_STATES, STATUSES, Reader, by_status
from api.http.dashboard.render import labels, page, stylesheet
from api.http.deps import ChainDep, SessionDep, SettingsDep, StateDep
from api.http.errors import ApiError, quote
from api.http.queries.allocations import allocations as epoch_allocations
from api.http.queries.allocations import results as epoch_results
from api.http.queries.search import MAX_QUERY, is_full_address
from api.http.routes.common import parse_id
from api.http.schemas.rewards import EpochSummary, ResultsOut
from api.http.schemas.workstreams import MemberChangeOut

router = APIRouter(prefix="/dashboard", include_in_schema=False)
UINT = re.compile(r"^[0-9]{1,78}$")


def _guarded(state: StateDep, build: Callable[[], HTMLResponse]) -> HTMLResponse:
    """The page, or the error page with the API's status and one-line message."""
    try:
        return build()
    except ApiError as exc:
        return page(state, "error.html", status=exc.status, code=exc.code, message=exc.message)


def _not_found(state: StateDep, what: str, value: str) -> HTMLResponse:
    return page(state, "error.html", status=404, code=f"{what}_not_found", message=f"no {what} {quote(value)}")


def member_change_state(change: MemberChangeOut, now: int | None) -> str:
    """`pending` (members may still approve it), `executed`, `withdrawn` or `expired`, by the
    latest indexed block's time (the chain's clock, as the contract compares)."""
    if change.executed:
        return "executed"
    if change.withdrawn:
        return "withdrawn"
    if change.expires_at is not None and now is not None and now > change.expires_at:
        return "expired"
    return "pending"


def epoch_state(epoch: EpochSummary, now: int | None) -> str:
    """Where a peer-allocation epoch stands: `open` (giving), `awaiting root` (ended, no root
    posted), `claiming` (root posted, before the claim deadline), `closed` (deadline passed,
    not reclaimed yet) or `reclaimed` (unclaimed tokens back in the team's budget)."""
    if epoch.reclaimed:
        return "reclaimed"
    if epoch.root is None:
        return "open" if now is None or now < epoch.end else "awaiting root"
    return "claiming" if now is None or now <= epoch.claim_deadline else "closed"


def epoch_result(state: StateDep, session: SessionDep, epoch_id: int) -> ResultsOut | None:
    """The distribution of the epoch's current allocations (GET /rewards/epochs/{id}/results),
    None while nobody has given (the API's 409 no_allocations) or the terms cannot be met."""
    try:
        return epoch_results(state, session, epoch_id)
    except ApiError as exc:
        if exc.status == 409:
            return None
        raise


def epoch_chart(result: ResultsOut, symbol: str, decimals: int) -> Markup:
    """The payouts as horizontal bars (amount per receiver), described for screen readers."""
    rows = [
        charts.Row(
            formatting.short(p.account),
            int(p.amount) / 10**decimals,
            f"{formatting.tokens(p.amount, symbol, decimals)} ({p.give} GIVE)",
        )
        for p in result.payouts
    ]
    return charts.hbar_chart(
        f"epoch-{result.epoch_id}-chart",
        f"Epoch #{result.epoch_id}: what each receiver is paid",
        rows,
        description="; ".join(f"{p.account}: {r.text}" for p, r in zip(result.payouts, rows, strict=True)),
    )


@router.get("/static/dashboard.css")
async def css() -> Response:
    return stylesheet()


@router.get("", response_class=HTMLResponse)
def overview(state: StateDep, session: SessionDep, chain: ChainDep, settings: SettingsDep) -> HTMLResponse:
    reader = Reader(session, chain, settings)

    def build() -> HTMLResponse:
        teams = reader.workstreams()
        proposals = reader.proposals()
        open_ones = sorted(
            (p for p in proposals if p.state in OPEN_STATES),
            key=lambda p: OPEN_STATES.index(p.state),
        )
        return page(
            state,
            "overview.html",
            treasury=reader.treasury(),
            workstreams=teams,
            open_proposals=open_ones,
            recent_proposals=[p for p in proposals if p.state not in OPEN_STATES][:5],
            proposal_count=len(proposals),
            budget_bar=charts.budget_bar,
            clock=reader.clock(),
        )

    return _guarded(state, build)


@router.get("/proposals", response_class=HTMLResponse)
def proposal_list(state: StateDep, session: SessionDep, chain: ChainDep, settings: SettingsDep) -> HTMLResponse:
    reader = Reader(session, chain, settings)
    return _guarded(state, lambda: page(state, "proposals.html", proposals=reader.proposals(), clock=reader.clock()))


@router.get("/proposals/{proposal_id}", response_class=HTMLResponse)
def proposal(
    proposal_id: str, state: StateDep, session: SessionDep, chain: ChainDep, settings: SettingsDep
) -> HTMLResponse:
    if not UINT.fullmatch(proposal_id):
        return _not_found(state, "proposal", proposal_id)
    reader = Reader(session, chain, settings)

    def build() -> HTMLResponse:
        detail = reader.proposal(proposal_id)
        votes = reader.votes(proposal_id)
        tallies = detail.tallies
        counted = int(tallies.for_votes) + int(tallies.abstain)
        return page(
            state,
            "proposal.html",
            p=detail,
            votes=votes,
            quorum_share=formatting.share(counted, detail.quorum) if detail.quorum else None,
            counted=str(counted),
            clock=reader.clock(),
        )

    return _guarded(state, build)


@router.get("/workstreams/{workstream_id}", response_class=HTMLResponse)
def workstream(
    workstream_id: str, state: StateDep, session: SessionDep, chain: ChainDep, settings: SettingsDep
) -> HTMLResponse:
    wid = parse_id(workstream_id)  # ASCII digits within BIGINT, like every API id
    if wid is None:
        return _not_found(state, "workstream", workstream_id)
    reader = Reader(session, chain, settings)

    def build() -> HTMLResponse:
        team = reader.workstream(wid)
        board = reader.tasks(workstream_id=wid)
        weeks = reader.weekly(wid, since=team.created_at, board=board)
        symbol, decimals = labels(state)(team.token)
        unit = 10**decimals

        def money(v: float) -> str:
            return f"{v:,.0f}"

        throughput = [charts.Point(formatting.day(w.start), w.tasks_completed, str(w.tasks_completed)) for w in weeks]
        cycle = [
            charts.Point(
                formatting.day(w.start),
                None if w.cycle_time_median_s is None else w.cycle_time_median_s / 3600,
                formatting.duration(w.cycle_time_median_s),
            )
            for w in weeks
        ]
        latency = [
            charts.Point(
                formatting.day(w.start),
                None if w.review_latency_median_s is None else w.review_latency_median_s / 3600,
                formatting.duration(w.review_latency_median_s),
            )
            for w in weeks
        ]
        burn = [
            charts.Point(
                formatting.day(w.start),
                int(w.paid_to_date) / unit,
                formatting.tokens(w.paid_to_date, symbol, decimals),
            )
            for w in weeks
        ]
        cap = int(team.budget.cap)
        now = reader.now()
        changes = [(c, member_change_state(c, now)) for c in team.member_changes]
        epochs = [(e, epoch_state(e, now)) for e in reader.epochs(wid)]
        giving = [epoch_allocations(state, session, e.id) for e, st in epochs if st == "open"]
        computed = [epoch_result(state, session, e.id) for e, _ in epochs]
        return page(
            state,
            "workstream.html",
            w=team,
            board=list(by_status(board)),
            task_count=len(board),
            totals=reader.metrics(wid),
            weeks=weeks,
            posts=reader.posts(workstream_id=wid),
            member_changes=changes,
            epochs=epochs,
            giving=[g for g in giving if g.open],
            epoch_results=[(r, epoch_chart(r, symbol, decimals)) for r in computed if r],
            streams=reader.streams(workstream_id=wid),
            now=now,
            token_symbol=symbol,
            token_decimals=decimals,
            budget_bar=charts.budget_bar,
            clock=reader.clock(),
            throughput_chart=charts.bar_chart(
                "throughput",
                "Throughput: tasks paid per week",
                throughput,
                axis_text=lambda v: f"{v:g}",
                description="Tasks paid per week: " + "; ".join(f"week of {p.label}: {p.text}" for p in throughput),
            ),
            cycle_chart=charts.bar_chart(
                "cycle",
                "Cycle time: median claim to payment, per week (hours)",
                cycle,
                axis_text=lambda v: f"{v:g} h",
                description="Median cycle time per week: " + "; ".join(f"week of {p.label}: {p.text}" for p in cycle),
            ),
            latency_chart=charts.bar_chart(
                "latency",
                "Review latency: median submission to first review, per week (hours)",
                latency,
                axis_text=lambda v: f"{v:g} h",
                description="Median review latency per week: "
                + "; ".join(f"week of {p.label}: {p.text}" for p in latency),
            ),
            burn_chart=charts.burn_chart(
                "burn",
                f"Budget burn: paid to date vs the cap ({symbol})",
                burn,
                cap=cap / unit,
                cap_text=formatting.tokens(cap, symbol, decimals),
                axis_text=money,
                description=f"Paid to date at each week's end against a cap of "
                f"{formatting.tokens(cap, symbol, decimals)}: "
                + "; ".join(f"week of {p.label}: {p.text}" for p in burn),
            ),
        )

    return _guarded(state, build)


@router.get("/tasks/{task_id}", response_class=HTMLResponse)
def task(task_id: str, state: StateDep, session: SessionDep, chain: ChainDep, settings: SettingsDep) -> HTMLResponse:
    tid = parse_id(task_id)
    if tid is None:
        return _not_found(state, "task", task_id)
    reader = Reader(session, chain, settings)

    def build() -> HTMLResponse:
        detail = reader.task(tid)
        team = reader.workstream(detail.workstream_id)
        documents = {
            cid: reader.document(cid)
            for cid in [s.deliverable_cid for s in detail.submissions]
            + [r.reason_cid for r in detail.reviews if r.reason_cid]
        }
        now = reader.now()
        symbol, decimals = labels(state)(team.token)
        # Cool-downs still running, the latest per claimant (a claimant who gave the task up).
        running: dict[str, object] = {}
        for c in detail.claims:
            if c.cooldown_until and (now is None or c.cooldown_until > now):
                running[c.claimant] = c
        return page(
            state,
            "task.html",
            t=detail,
            w=team,
            documents=documents,
            now=now,
            cooldowns=list(running.values()),
            token_symbol=symbol,
            token_decimals=decimals,
        )

    return _guarded(state, build)


@router.get("/contributors/{address}", response_class=HTMLResponse)
def contributor(
    address: str, state: StateDep, session: SessionDep, chain: ChainDep, settings: SettingsDep
) -> HTMLResponse:
    reader = Reader(session, chain, settings)

    def build() -> HTMLResponse:
        who = reader.contributor(address)
        return page(
            state,
            "contributor.html",
            c=who,
            history=reader.tasks(claimant=who.address, sort="-id"),
            earned=reader.earnings(who.address),
            streams=reader.streams(recipient=who.address),
            team_tokens={w.id: w.token for w in reader.workstreams()},
        )

    return _guarded(state, build)


@router.get("/posts", response_class=HTMLResponse)
def post_list(
    state: StateDep,
    session: SessionDep,
    chain: ChainDep,
    settings: SettingsDep,
    workstream_id: Annotated[str | None, Query(max_length=20)] = None,
    topic: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    reader = Reader(session, chain, settings)
    wid = parse_id(workstream_id) if workstream_id else None
    chosen = topic.strip() if topic and topic.strip() else None
    return _guarded(
        state,
        lambda: page(
            state,
            "posts.html",
            posts=reader.posts(workstream_id=wid, topic=chosen),
            workstream_id=wid,
            topic=chosen,
        ),
    )


@router.get("/posts/{cid}", response_class=HTMLResponse)
def thread(cid: str, state: StateDep, session: SessionDep, chain: ChainDep, settings: SettingsDep) -> HTMLResponse:
    if len(cid) > 128:
        return _not_found(state, "post", cid[:20])
    reader = Reader(session, chain, settings)
    return _guarded(state, lambda: page(state, "thread.html", thread=reader.thread(cid)))


# ---- `/`, the board across teams, contributor search ------------------------------------

root = APIRouter(include_in_schema=False)  # `/` itself: people type the host and expect a page
BOARD_PAGE = 50  # tasks per page of the board across teams


@root.get("/")
async def home() -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=307)


@router.get("/tasks", response_class=HTMLResponse)
def task_board(
    state: StateDep,
    session: SessionDep,
    chain: ChainDep,
    settings: SettingsDep,
    status: str | None = None,
    workstream_id: str | None = None,
    claimant: str | None = None,
    cursor: str | None = None,
    limit: str | None = None,
) -> HTMLResponse:
    """Every team's tasks in one list, newest first, filtered by status, team and claimant;
    BOARD_PAGE a page (`limit` up to the API's page size cap)."""
    reader = Reader(session, chain, settings)
    chosen = {
        "status": (status or "").strip() or None,
        "workstream_id": (workstream_id or "").strip() or None,
        "claimant": (claimant or "").strip() or None,
    }

    def build() -> HTMLResponse:
        teams = reader.workstreams()
        problem = None
        filters: dict[str, object] = {}
        if chosen["status"] is not None:
            if chosen["status"] in STATUSES:
                filters["status"] = chosen["status"]
            else:
                problem = f"no status {chosen['status'][:20]!r}: choose one of {', '.join(STATUSES)}"
        if chosen["workstream_id"] is not None:
            wid = chosen["workstream_id"]
            if len(wid) <= 19 and wid.isascii() and wid.isdigit() and int(wid) in {w.id for w in teams}:
                filters["workstream_id"] = int(wid)
            else:
                problem = f"no workstream {wid[:20]!r}"
        if chosen["claimant"] is not None:
            filters["claimant"] = chosen["claimant"][:64]
        size = BOARD_PAGE
        if limit:
            if len(limit) <= 6 and limit.isascii() and limit.isdigit() and 1 <= int(limit) <= settings.page_size_max:
                size = int(limit)
            else:
                problem = f"limit is a number of tasks from 1 to {settings.page_size_max}"
        items, next_cursor = [], None
        if problem is None:
            try:
                found = reader.task_page(cursor=cursor, limit=size, sort="-id", **filters)
                items, next_cursor = found.items, found.next_cursor
            except ApiError as exc:  # a claimant that is not an address, a cursor from elsewhere
                problem = exc.message
        query = {k: v for k, v in chosen.items() if v is not None}
        if size != BOARD_PAGE:
            query["limit"] = str(size)
        return page(
            state,
            "tasks.html",
            status=422 if problem else 200,
            tasks=items,
            teams={w.id: w for w in teams},
            chosen=chosen,
            statuses=STATUSES,
            page_size=size,
            custom_size=size != BOARD_PAGE,
            problem=problem,
            first_page=cursor is not None,
            first_url="/dashboard/tasks" + (f"?{urlencode(query)}" if query else ""),
            next_url=f"/dashboard/tasks?{urlencode({**query, 'cursor': next_cursor})}" if next_cursor else None,
        )

    return _guarded(state, build)


@router.get("/search", response_class=HTMLResponse, response_model=None)
def search(
    state: StateDep, session: SessionDep, chain: ChainDep, settings: SettingsDep, q: str | None = None
) -> HTMLResponse | RedirectResponse:
    """Contributors by address (whole or its beginning) or team name; a whole address goes
    straight to that contributor's page."""
    text = (q or "").strip()
    if is_full_address(text):
        return RedirectResponse(f"/dashboard/contributors/{to_checksum_address(text.lower())}", status_code=303)
    reader = Reader(session, chain, settings)
    if len(text) > MAX_QUERY:
        return page(
            state,
            "search.html",
            status=422,
            q=text[:MAX_QUERY],
            results=[],
            problem=f"a search is at most {MAX_QUERY} characters (an address is 42)",
        )
    return _guarded(
        state,
        lambda: page(
            state, "search.html", q=text, results=reader.find_contributors(text) if text else [], problem=None
        ),
    )
