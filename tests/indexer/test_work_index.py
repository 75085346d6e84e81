"""The work demo's chain (two workstreams created by governance, tasks through every
state) indexed: budgets, statuses, histories, payments and documents match the contracts."""

import contextlib
import io

import pytest
import work_story
from brownie import accounts, web3
from sqlalchemy import select

from api.chain.manifest import Manifest
from api.chain.rpc import connect
from api.chain.types import TaskStatus
from api.content import SigningDomain
from api.db import models
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from api.indexer.documents import DocumentFetcher
from api.indexer.scanner import Scanner
from scripts.deploy import manifest as build_manifest
from scripts.governance import default_store


@pytest.fixture(scope="module")
def demo(deployment):
    """The work demo, run once for the module (module fixtures outlive per-test isolation)."""
    with contextlib.redirect_stdout(io.StringIO()):
        created = work_story.run(deployment, accounts)
    return created


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sessions(request, demo, deployment, tmp_path_factory):
    """The demo chain indexed (with its documents) into SQLite, then into PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('work-index') / 'index.db'}"
    else:
        url = request.getfixturevalue("postgres").create_database(f"work_index_{id(request)}")
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    manifest = Manifest.model_validate(build_manifest(deployment))
    Scanner(w3=connect(web3.provider.endpoint_uri), manifest=manifest, sessions=sessions).sync()
    domain = SigningDomain(chain_id=manifest.chain_id, verifying_contract=manifest.contracts["TealGovernor"].address)
    DocumentFetcher(store=default_store(), sessions=sessions, domain=domain).fetch_due()
    yield sessions
    engine.dispose()


@pytest.fixture(scope="module")
def indexed(demo, sessions):
    return demo


def test_workstream_budgets_equal_the_contracts_view(indexed, deployment, sessions):
    with sessions() as session:
        for workstream_id in indexed["workstreams"]:
            row = session.get(models.Workstream, workstream_id)
            funded, reserved, paid, available, clawed_back = deployment.workstreams.budget(workstream_id)
            assert (row.funded, row.reserved, row.paid, row.available, row.clawed_back) == (
                funded,
                reserved,
                paid,
                available,
                clawed_back,
            )
            info = deployment.workstreams.workstream(workstream_id)
            assert row.token == info["token"] and row.term_end == info["termEnd"]
            members = {
                m.account
                for m in session.scalars(
                    select(models.Member).where(models.Member.workstream_id == workstream_id, models.Member.active)
                )
            }
            assert members == set(deployment.workstreams.members(workstream_id))


def test_task_rows_equal_the_board(indexed, deployment, sessions):
    board = deployment.task_board
    with sessions() as session:
        for task_id in range(1, board.taskCount() + 1):
            row, view = session.get(models.Task, task_id), board.task(task_id)
            assert row.status == TaskStatus(view["status"]).label
            assert row.reward == view["reward"]
            assert (row.claimant or "0x0000000000000000000000000000000000000000") == view["claimant"]
            assert row.parent_id == (view["parentId"] or None)


def test_subtask_history_shows_every_step_in_order(indexed, sessions):
    _, subtask, _, _ = indexed["tasks"]
    with sessions() as session:
        kinds = [
            h.kind
            for h in session.scalars(
                select(models.TaskHistory)
                .where(models.TaskHistory.task_id == subtask)
                .order_by(models.TaskHistory.block_number, models.TaskHistory.log_index)
            )
        ]
        claims = session.scalars(
            select(models.Claim).where(models.Claim.task_id == subtask).order_by(models.Claim.id)
        ).all()

    assert kinds == ["created", "claimed", "abandoned", "claimed", "expired", "claimed"]
    assert [c.outcome for c in claims] == ["abandoned", "expired", None]


def test_paid_task_has_submissions_reviews_and_split_payments(indexed, deployment, sessions):
    paid_task = indexed["tasks"][0]
    with sessions() as session:
        task = session.get(models.Task, paid_task)
        submissions = session.scalars(select(models.Submission).where(models.Submission.task_id == paid_task)).all()
        reviews = session.scalars(
            select(models.Review).where(models.Review.task_id == paid_task).order_by(models.Review.id)
        ).all()
        payments = session.scalars(select(models.Payment).where(models.Payment.task_id == paid_task)).all()

        assert task.status == "paid" and task.paid_at >= task.claimed_at
        assert len(submissions) == 2 and submissions[0].shares == [7000, 3000]
        assert [r.verdict for r in reviews] == ["reject", "approve", "approve"]
        assert sum(p.amount for p in payments) == task.reward
        assert {p.recipient: p.amount for p in payments} == {
            submissions[0].contributors[0]: task.reward * 7 // 10,
            submissions[0].contributors[1]: task.reward * 3 // 10,
        }


def test_every_referenced_document_is_fetched_and_valid(indexed, sessions):
    with sessions() as session:
        documents = session.scalars(select(models.Document)).all()
        kinds = {d.kind for d in documents}

    assert all(d.status == "ok" for d in documents), [(d.cid, d.status, d.reason) for d in documents]
    assert {"proposal", "charter", "task-spec", "submission", "review"} <= kinds


def test_each_task_carries_its_spec_title(indexed, sessions):
    """Here the tasks were indexed first and their specs resolved after: the fetcher gave each
    task its spec's title (the board reads it from the task row)."""
    with sessions() as session:
        tasks = session.scalars(select(models.Task)).all()
        specs = {t.id: session.get(models.Document, t.spec_cid) for t in tasks}

    assert tasks
    assert all(t.title is not None and t.title == specs[t.id].body["title"] for t in tasks)


def test_a_task_whose_spec_resolved_first_takes_its_title_when_indexed(indexed, deployment, sessions, tmp_path):
    """Specs published through the API are usually stored before their task is mined: the
    task takes the title as it is indexed, with no fetch afterwards."""
    with sessions() as session:
        expected = {t.id: t.title for t in session.scalars(select(models.Task))}
        spec_cids = set(session.scalars(select(models.Task.spec_cid)))
    engine = make_engine(f"sqlite:///{tmp_path / 'specs-first.db'}")
    upgrade(engine)
    fresh = make_sessionmaker(engine)
    with fresh.begin() as session:
        session.add_all(models.Document(cid=cid, status="pending", attempts=0, first_seen_block=0) for cid in spec_cids)
    manifest = Manifest.model_validate(build_manifest(deployment))
    domain = SigningDomain(chain_id=manifest.chain_id, verifying_contract=manifest.contracts["TealGovernor"].address)
    assert DocumentFetcher(store=default_store(), sessions=fresh, domain=domain).fetch_due().ok == len(spec_cids)

    Scanner(w3=connect(web3.provider.endpoint_uri), manifest=manifest, sessions=fresh).sync()

    with fresh() as session:
        titles = {t.id: t.title for t in session.scalars(select(models.Task))}
    engine.dispose()
    assert titles == expected and all(titles.values())
