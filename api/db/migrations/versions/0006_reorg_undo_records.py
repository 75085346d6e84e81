"""Per-block undo records, so a reorg undoes only the orphaned blocks (issue 16)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 22:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "undo_records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("chain_id", sa.BigInteger(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("key", sa.JSON(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_undo_records_block", "undo_records", ["chain_id", "block_number", "seq"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_undo_records_block", table_name="undo_records")
    op.drop_table("undo_records")
