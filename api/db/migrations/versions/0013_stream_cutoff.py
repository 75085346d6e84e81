"""Stipend streams: when a stream stopped accruing by itself (membership ended, team paused)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 10:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stipend_streams") as batch:
        batch.add_column(sa.Column("cutoff", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("stipend_streams") as batch:
        batch.drop_column("cutoff")
