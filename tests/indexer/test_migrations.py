"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from api.db.models import Base


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)

    # Uint256 renders as a different but equivalent type per dialect; anything else is drift.
    assert [d for d in differences if d[0] != "modify_type"] == []


def test_upgrade_is_idempotent(engine):
    from alembic.script import ScriptDirectory

    from api.db.migrate import MIGRATIONS, alembic_config, upgrade

    upgrade(engine)
    upgrade(engine)

    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head
    assert head == sorted(p.name[:4] for p in (MIGRATIONS / "versions").glob("0*.py"))[-1]


def test_upgrading_to_task_titles_copies_each_resolved_spec_title(database_url):
    """0004 gave tasks their spec's title: a database indexed before it gets them backfilled
    from the documents already resolved (and none from a pending one)."""
    from alembic import command
    from sqlalchemy import text

    from api.db.migrate import alembic_config
    from api.db.session import make_engine

    engine = make_engine(database_url)
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        connection.execute(
            text(
                "INSERT INTO documents (cid, status, body, attempts, first_seen_block) VALUES "
                "('Qm-ok', 'ok', '{\"title\": \"Translate the docs\"}', 1, 1), ('Qm-pending', 'pending', NULL, 0, 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO workstreams (id, name, token, charter_cid, term_end, paused, budget_cap, max_reward, "
                "claim_bond, claim_duration, approvals_required, funded, reserved, paid, available, clawed_back, "
                "created_block) VALUES (1, 'core', '0x0', 'Qm-c', 0, false, '0', '0', '0', 0, 1, '0', '0', '0', '0', '0', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO tasks (id, workstream_id, creator, spec_cid, reward, claim_duration, status, bond, "
                "round, approvals, rejections, created_block) VALUES "
                "(1, 1, '0x0', 'Qm-ok', '1', 0, 'open', '0', 0, 0, 0, 1), "
                "(2, 1, '0x0', 'Qm-pending', '1', 0, 'open', '0', 0, 0, 0, 1)"
            )
        )
        command.upgrade(config, "head")
        titles = dict(connection.execute(text("SELECT id, title FROM tasks ORDER BY id")).all())
    engine.dispose()

    assert titles == {1: "Translate the docs", 2: None}


def test_upgrading_to_executed_tx_records_each_executed_proposals_transaction(database_url):
    """0014 keeps the executing transaction on the proposal: a database indexed before it gets
    it from the ProposalExecuted events already indexed (a 78-digit id included); a proposal
    never executed keeps none."""
    import sqlalchemy as sa
    from alembic import command

    from api.db.migrate import alembic_config
    from api.db.session import make_engine
    from api.db.types import Uint256

    executed_id, pending_id = 2**255 + 12345, 7
    proposals = sa.table(
        "proposals",
        *(sa.column(c) for c in ("proposer", "description", "targets", "values", "calldatas")),
        *(sa.column(c) for c in ("vote_start", "vote_end", "queued", "executed", "canceled", "created_block")),
        sa.column("id", Uint256()),
        *(sa.column(c, Uint256()) for c in ("votes_for", "votes_against", "votes_abstain")),
        sa.column("created_tx"),
    )
    events = sa.table(
        "events",
        *(sa.column(c) for c in ("chain_id", "block_number", "block_hash", "tx_hash", "tx_index", "log_index")),
        *(sa.column(c) for c in ("address", "contract", "name")),
        sa.column("args", sa.JSON),
    )
    engine = make_engine(database_url)
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0013")
        connection.execute(
            sa.insert(proposals),
            [
                {
                    "id": pid,
                    "proposer": "0x0",
                    "description": "d",
                    "targets": "[]",
                    "values": "[]",
                    "calldatas": "[]",
                    "vote_start": 1,
                    "vote_end": 2,
                    "votes_for": 0,
                    "votes_against": 0,
                    "votes_abstain": 0,
                    "queued": False,
                    "executed": pid == executed_id,
                    "canceled": False,
                    "created_block": 1,
                    "created_tx": "0x01",
                }  # fmt: skip
                for pid in (executed_id, pending_id)
            ],
        )
        connection.execute(
            sa.insert(events),
            {
                "chain_id": 1,
                "block_number": 9,
                "block_hash": "0x09",
                "tx_hash": "0xexec",
                "tx_index": 0,
                "log_index": 3,
                "address": "0x0",
                "contract": "TealGovernor",
                "name": "ProposalExecuted",
                "args": {"proposalId": str(executed_id)},
            },  # fmt: skip
        )
        command.upgrade(config, "head")
        executed = dict(
            connection.execute(
                sa.select(sa.column("id", Uint256()), sa.column("executed_tx")).select_from(sa.table("proposals"))
            ).all()
        )
    engine.dispose()

    assert executed == {executed_id: "0xexec", pending_id: None}
