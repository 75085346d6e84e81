"""Issue 15's work-contract changes: team rules and forfeited bonds per workstream, escalation
per task, cool-down per ended claim, withdrawn member changes, claim-signature nonces

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 01:20:00
"""

import sqlalchemy as sa
from alembic import op

from api.db.types import Uint256

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workstreams") as batch:
        batch.add_column(sa.Column("claim_cooldown", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("review_window", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("escalate_after", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("bonds_forfeited", Uint256(), nullable=False, server_default="0"))
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("escalated", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("cooldown_until", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("member_changes") as batch:
        batch.add_column(sa.Column("withdrawn", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("proposed_at", sa.BigInteger(), nullable=True))
    op.create_table(
        "claim_nonces",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("claimant", sa.String(42), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("nonce", Uint256(), nullable=True),
        sa.Column("word_pos", Uint256(), nullable=True),
        sa.Column("mask", Uint256(), nullable=True),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("tx_hash", sa.String(66), nullable=False),
    )
    op.create_index("ix_claim_nonces_claimant", "claim_nonces", ["claimant"])


def downgrade() -> None:
    op.drop_index("ix_claim_nonces_claimant", "claim_nonces")
    op.drop_table("claim_nonces")
    with op.batch_alter_table("member_changes") as batch:
        batch.drop_column("proposed_at")
        batch.drop_column("withdrawn")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("cooldown_until")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("escalated")
    with op.batch_alter_table("workstreams") as batch:
        batch.drop_column("bonds_forfeited")
        batch.drop_column("escalate_after")
        batch.drop_column("review_window")
        batch.drop_column("claim_cooldown")
