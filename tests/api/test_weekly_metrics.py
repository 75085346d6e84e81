"""The workstream page's weekly figures (one statement, bucketed by week in SQL) against the
per-period metrics `/workstreams/{id}/metrics?start=&end=` gives for each week, on SQLite and
on PostgreSQL: a week boundary, an empty week, uint256 amounts, and both databases agreeing."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from api.db import models
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from api.http.queries.metrics import WEEK, Period, team_metrics, weekly_figures

END = 1_800_000_000  # the weeks end here: the last week is [END - WEEK, END)
WEEKS = 4
ALICE, BOB = "0x" + "a1" * 20, "0x" + "b2" * 20
TOKEN = "0x" + "77" * 20
BIG = 2**200  # an amount no float or 64-bit integer holds exactly


def _fill(url: str):
    """A team whose tasks were paid across week boundaries, with a week of nothing."""
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    w1, w2, w3, w4 = (END - k * WEEK for k in range(WEEKS, 0, -1))  # week starts, oldest first
    with sessions() as s:
        s.add(
            models.Workstream(
                id=1,
                name="team",
                token=TOKEN,
                charter_cid="c",
                term_end=2**40,
                budget_cap=4 * BIG,
                max_reward=BIG,
                claim_bond=0,
                claim_duration=86400,
                approvals_required=1,
                created_block=1,
            )
        )
        s.flush()
        # (task, claimed, paid, amount, submitted, reviewed)
        work = [
            (1, w1 - 3 * 86400, w1 - 10, 5, w1 - 86400, w1 - 20),  # before the weeks: "to date" only
            (2, w1, w1 + 3600, BIG, w1 + 60, w1 + 1860),
            (3, w1 + 10, w2 - 1, 7, w2 - 100, w2 - 50),  # the last second of week 1
            (4, w2 - 3600, w2, BIG + 1, w2 - 30, w2 + 30),  # the first second of week 2
            # week 3: nothing at all
            (5, w4, END - 1, 3, w4 + 5, None),  # the last second of the last week, unreviewed
            (6, w4 + 1, END, 11, END + 1, END + 2),  # after the weeks: nowhere
        ]
        for tid, claimed, paid, amount, submitted, reviewed in work:
            s.add(
                models.Task(
                    id=tid,
                    workstream_id=1,
                    creator=ALICE,
                    spec_cid=f"s{tid}",
                    reward=amount,
                    claim_duration=86400,
                    status="paid",
                    claimant=BOB,
                    bond=0,
                    created_block=tid,
                    created_at=claimed - 60,
                    claimed_at=claimed,
                    paid_at=paid,
                )
            )
            s.flush()
            s.add(
                models.Submission(
                    task_id=tid,
                    round=1,
                    claimant=BOB,
                    deliverable_cid=f"d{tid}",
                    contributors=[BOB],
                    shares=[10000],
                    submitted_at=submitted,
                    submitted_block=tid,
                )
            )
            if reviewed is not None:
                s.add(
                    models.Review(
                        task_id=tid,
                        round=1,
                        reviewer=ALICE,
                        verdict="approve",
                        reviewed_at=reviewed,
                        reviewed_block=tid,
                    )
                )
                # A later review of the same round: latency is to the first one.
                s.add(
                    models.Review(
                        task_id=tid,
                        round=1,
                        reviewer=BOB,
                        verdict="approve",
                        reviewed_at=reviewed + 5000,
                        reviewed_block=tid + 1,
                    )
                )
            s.add(
                models.Payment(
                    task_id=tid,
                    workstream_id=1,
                    recipient=BOB,
                    token=TOKEN,
                    amount=amount,
                    paid_at=paid,
                    block_number=tid,
                    tx_hash="0x" + f"{tid:064x}",
                )
            )
        s.commit()
    return engine, sessions


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('weekly') / 'teal.db'}"
    else:
        url = request.getfixturevalue("postgres").create_database("teal_weekly")
    engine, sessions = _fill(url)
    yield sessions
    engine.dispose()


def _weeks(sessions):
    with sessions() as s:
        return weekly_figures(s, 1, end=END, weeks=WEEKS)


def test_each_week_matches_the_metrics_for_that_week(database):
    weeks = _weeks(database)

    assert [(w.start, w.end) for w in weeks] == [(END - k * WEEK, END - (k - 1) * WEEK) for k in range(4, 0, -1)]
    with database() as s:
        for w in weeks:
            period = team_metrics(s, 1, Period(w.start, w.end))
            to_date = team_metrics(s, 1, Period(None, w.end))
            assert w.tasks_completed == period.tasks_completed
            assert w.cycle_time_median_s == period.cycle_time_median_s
            assert w.review_latency_median_s == period.review_latency_median_s
            assert w.paid_in_week == period.paid_in_period
            assert w.paid_to_date == to_date.paid_in_period
            assert w.burn_vs_cap == to_date.burn_vs_cap


def test_a_week_boundary_and_an_empty_week(database):
    first, second, empty, last = _weeks(database)

    # Paid one second before the boundary: the earlier week; at the boundary: the later one.
    assert (first.tasks_completed, second.tasks_completed) == (2, 1)
    assert first.paid_in_week == str(BIG + 7)
    assert second.paid_in_week == str(BIG + 1)
    assert first.paid_to_date == str(5 + BIG + 7)  # task 1 was paid before the first week
    assert (empty.tasks_completed, empty.paid_in_week) == (0, "0")
    assert (empty.cycle_time_median_s, empty.review_latency_median_s) == (None, None)
    assert empty.paid_to_date == second.paid_to_date  # nothing paid: the total carries over
    assert (last.tasks_completed, last.paid_to_date) == (1, str(5 + 7 + 3 + 2 * BIG + 1))
    assert last.review_latency_median_s is None  # submitted, not yet reviewed
    # Week 1 had three submissions (task 4 was submitted before the boundary, reviewed after).
    assert first.review_latency_median_s == statistics_median([1800.0, 50.0, 60.0])
    assert second.review_latency_median_s is None  # no submission in week 2
    assert first.cycle_time_median_s == statistics_median([3600.0, float(WEEK - 1 - 10)])


def test_one_statement_for_all_the_weeks(database):
    """The figures of every week come from one statement (plus the team's row), not two
    metric computations per week."""
    statements = []
    engine = database.kw["bind"]

    def count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with database() as s:
            weekly_figures(s, 1, end=END, weeks=26)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 2


def test_sqlite_and_postgresql_agree(postgres, tmp_path):
    sqlite_engine, on_sqlite = _fill(f"sqlite:///{tmp_path / 'agree.db'}")
    pg_engine, on_pg = _fill(postgres.create_database("teal_weekly_agree"))
    try:
        for end in (END, END - 1, END + 1, END + WEEK // 2):
            with on_sqlite() as lite, on_pg() as pg:
                assert weekly_figures(lite, 1, end=end, weeks=6) == weekly_figures(pg, 1, end=end, weeks=6)
    finally:
        sqlite_engine.dispose()
        pg_engine.dispose()


def statistics_median(values):
    import statistics

    return statistics.median(values)
