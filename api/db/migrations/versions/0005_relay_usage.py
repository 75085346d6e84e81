"""Relayer usage per UTC day (quotas per account and IP, gas spent), shared by API workers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 21:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relay_usage",
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("used", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "scope", "key"),
    )


def downgrade() -> None:
    op.drop_table("relay_usage")
