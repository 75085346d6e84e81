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
