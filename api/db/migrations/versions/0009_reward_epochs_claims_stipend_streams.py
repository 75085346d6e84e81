"""Rewards: merkle distributor epochs and their claims, stipend streams

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 02:30:00
"""

import sqlalchemy as sa
from alembic import op

from api.db.types import Uint256

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reward_epochs",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("workstream_id", sa.BigInteger(), nullable=False),
        sa.Column("token", sa.String(42), nullable=False),
        sa.Column("pot", Uint256(), nullable=False),
        sa.Column("held", Uint256(), nullable=False),
        sa.Column("total", Uint256(), nullable=False),
        sa.Column("root", sa.String(66), nullable=True),
        sa.Column("start", sa.BigInteger(), nullable=False),
        sa.Column("end", sa.BigInteger(), nullable=False),
        sa.Column("claim_deadline", sa.BigInteger(), nullable=False),
        sa.Column("reclaimed", sa.Boolean(), nullable=False),
        sa.Column("epoch_cid", sa.String(128), nullable=False),
        sa.Column("distribution_cid", sa.String(128), nullable=True),
        sa.Column("claimed_count", sa.Integer(), nullable=False),
        sa.Column("claimed_amount", Uint256(), nullable=False),
        sa.Column("returned", Uint256(), nullable=False),
        sa.Column("opened_block", sa.BigInteger(), nullable=False),
        sa.Column("opened_at", sa.BigInteger(), nullable=True),
    )
    op.create_index("ix_reward_epochs_workstream_id", "reward_epochs", ["workstream_id"])
    op.create_table(
        "reward_claims",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("epoch_id", sa.BigInteger(), sa.ForeignKey("reward_epochs.id"), nullable=False),
        sa.Column("leaf_index", Uint256(), nullable=False),
        sa.Column("account", sa.String(42), nullable=False),
        sa.Column("amount", Uint256(), nullable=False),
        sa.Column("sender", sa.String(42), nullable=False),
        sa.Column("claimed_at", sa.BigInteger(), nullable=True),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("tx_hash", sa.String(66), nullable=False),
    )
    op.create_index("ix_reward_claims_epoch_id", "reward_claims", ["epoch_id"])
    op.create_index("ix_reward_claims_account", "reward_claims", ["account"])
    op.create_table(
        "stipend_streams",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("workstream_id", sa.BigInteger(), nullable=False),
        sa.Column("recipient", sa.String(42), nullable=False),
        sa.Column("start", sa.BigInteger(), nullable=False),
        sa.Column("end", sa.BigInteger(), nullable=False),
        sa.Column("base", Uint256(), nullable=False),
        sa.Column("amount", Uint256(), nullable=False),
        sa.Column("withdrawn", Uint256(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("stopped", sa.Boolean(), nullable=False),
        sa.Column("cid", sa.String(128), nullable=False),
        sa.Column("started_block", sa.BigInteger(), nullable=False),
        sa.Column("started_at", sa.BigInteger(), nullable=True),
    )
    op.create_index("ix_stipend_streams_workstream_id", "stipend_streams", ["workstream_id"])
    op.create_index("ix_stipend_streams_recipient", "stipend_streams", ["recipient"])


def downgrade() -> None:
    op.drop_index("ix_stipend_streams_recipient", "stipend_streams")
    op.drop_index("ix_stipend_streams_workstream_id", "stipend_streams")
    op.drop_table("stipend_streams")
    op.drop_index("ix_reward_claims_account", "reward_claims")
    op.drop_index("ix_reward_claims_epoch_id", "reward_claims")
    op.drop_table("reward_claims")
    op.drop_index("ix_reward_epochs_workstream_id", "reward_epochs")
    op.drop_table("reward_epochs")
