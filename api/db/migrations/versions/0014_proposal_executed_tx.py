"""Proposals keep the transaction that executed them (a proposal's trail reads it directly)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 11:00:00
"""

import sqlalchemy as sa
from alembic import op

from api.db.types import Uint256

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("executed_tx", sa.String(66), nullable=True))

    # Backfill from the indexed ProposalExecuted events, in Python: JSON paths differ by dialect.
    events = sa.table(
        "events",
        sa.column("contract", sa.String),
        sa.column("name", sa.String),
        sa.column("tx_hash", sa.String),
        sa.column("args", sa.JSON),
    )
    proposals = sa.table("proposals", sa.column("id", Uint256()), sa.column("executed_tx", sa.String))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(events.c.tx_hash, events.c.args).where(
            events.c.contract == "TealGovernor", events.c.name == "ProposalExecuted"
        )
    ).all()
    executed = [{"pid": int(args["proposalId"]), "tx": tx_hash} for tx_hash, args in rows]
    if executed:
        bind.execute(
            sa.update(proposals).where(proposals.c.id == sa.bindparam("pid")).values(executed_tx=sa.bindparam("tx")),
            executed,
        )


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("executed_tx")
