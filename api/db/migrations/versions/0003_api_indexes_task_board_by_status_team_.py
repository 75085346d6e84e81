"""API indexes: task board by status/team in id order, documents by kind

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 08:44:51.784292
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index("ix_documents_kind_block", ["kind", "first_seen_block"], unique=False)

    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index("ix_tasks_board_id", ["workstream_id", "status", "id"], unique=False)
        batch_op.create_index("ix_tasks_status_id", ["status", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_status_id")
        batch_op.drop_index("ix_tasks_board_id")

    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_kind_block")
