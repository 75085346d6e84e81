"""Signal hub (Snapshot-compatible): proposals and votes, every message kept by CID

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 22:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_proposals",
        sa.Column("id", sa.String(66), primary_key=True),
        sa.Column("ipfs", sa.String(128), nullable=False),
        sa.Column("space", sa.String(64), nullable=False, index=True),
        sa.Column("author", sa.String(42), nullable=False),
        sa.Column("created", sa.BigInteger, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("discussion", sa.Text, nullable=False),
        sa.Column("choices", sa.JSON, nullable=False),
        sa.Column("start", sa.BigInteger, nullable=False),
        sa.Column("end", sa.BigInteger, nullable=False),
        sa.Column("snapshot", sa.BigInteger, nullable=False),
        sa.Column("canceled", sa.Boolean, nullable=False, default=False),
        sa.Column("updates", sa.JSON, nullable=False),  # ids of UpdateProposal / CancelProposal messages
    )
    op.create_table(
        "hub_votes",
        sa.Column("id", sa.String(66), primary_key=True),
        sa.Column("ipfs", sa.String(128), nullable=False),
        sa.Column("proposal", sa.String(66), sa.ForeignKey("hub_proposals.id"), nullable=False, index=True),
        sa.Column("voter", sa.String(42), nullable=False, index=True),
        sa.Column("created", sa.BigInteger, nullable=False),
        sa.Column("choice", sa.JSON, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("app", sa.String(128), nullable=False),
        sa.Column("vp", sa.Float, nullable=False),
        sa.Column("vp_by_strategy", sa.JSON, nullable=False),
        sa.Column("current", sa.Boolean, nullable=False),  # later votes replace earlier ones
        sa.Column("seq", sa.Integer, nullable=False),
    )
    op.create_table(
        "hub_messages",
        sa.Column("id", sa.String(66), primary_key=True),
        sa.Column("ipfs", sa.String(128), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("space", sa.String(64), nullable=False),
        sa.Column("author", sa.String(42), nullable=False),
        sa.Column("proposal", sa.String(66), nullable=True, index=True),
        sa.Column("received", sa.Float, nullable=False),
        sa.Column("receipt", sa.String(132), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("hub_messages")
    op.drop_table("hub_votes")
    op.drop_table("hub_proposals")
