"""Tasks keep their spec document's title (the board reads one table)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 14:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.Text(), nullable=True))

    # Backfill from the documents already resolved, in Python: JSON paths differ by dialect.
    documents = sa.table(
        "documents", sa.column("cid", sa.String), sa.column("status", sa.String), sa.column("body", sa.JSON)
    )
    tasks = sa.table(
        "tasks", sa.column("id", sa.BigInteger), sa.column("spec_cid", sa.String), sa.column("title", sa.Text)
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(tasks.c.id, documents.c.body)
        .join(documents, documents.c.cid == tasks.c.spec_cid)
        .where(documents.c.status == "ok")
    ).all()
    titled = [
        {"task_id": task_id, "new_title": body["title"]}
        for task_id, body in rows
        if isinstance(body, dict) and isinstance(body.get("title"), str)
    ]
    if titled:
        bind.execute(
            sa.update(tasks).where(tasks.c.id == sa.bindparam("task_id")).values(title=sa.bindparam("new_title")),
            titled,
        )


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("title")
