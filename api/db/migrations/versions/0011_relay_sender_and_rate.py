"""The relayer across API workers: its sender row (the lock around nonce + send, and the last
nonce sent) and the per-minute rate limit's token buckets, shared by every worker

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 03:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relay_sender",
        sa.Column("address", sa.String(length=42), nullable=False),
        sa.Column("nonce", sa.BigInteger(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.PrimaryKeyConstraint("address"),
    )
    op.create_table(
        "relay_rate",
        sa.Column("key", sa.String(length=72), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("stamp", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("relay_rate")
    op.drop_table("relay_sender")
