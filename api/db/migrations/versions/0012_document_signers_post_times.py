"""Documents: the accounts that referenced them on chain (attribution) and a post's signed time

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("signers", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("signed_at", sa.BigInteger(), nullable=True))
    op.create_index("ix_documents_signed_at", "documents", ["signed_at"])


def downgrade() -> None:
    op.drop_index("ix_documents_signed_at", table_name="documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("signed_at")
        batch.drop_column("signers")
