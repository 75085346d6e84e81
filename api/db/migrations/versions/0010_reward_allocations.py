"""Rewards: peer allocations (signed teal/allocation@1 documents) accepted by the API

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reward_allocations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("epoch_id", sa.BigInteger(), nullable=False),
        sa.Column("giver", sa.String(42), nullable=False),
        sa.Column("cid", sa.String(128), nullable=False, unique=True),
        sa.Column("issued_at", sa.BigInteger(), nullable=False),
        sa.Column("total_give", sa.BigInteger(), nullable=False),
        sa.Column("receivers", sa.JSON(), nullable=False),
        sa.Column("accepted_at", sa.BigInteger(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_reward_allocations_epoch_giver", "reward_allocations", ["epoch_id", "giver", "current"])


def downgrade() -> None:
    op.drop_index("ix_reward_allocations_epoch_giver", "reward_allocations")
    op.drop_table("reward_allocations")
