"""Task titles: each task keeps its spec document's title beside its own columns.

A document's bytes never change once it resolves (its CID is their hash), so the copy is
made once, from whichever side comes second: the task's creation, or the document's arrival.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from api.db import models


def title_of(body: Any) -> str | None:
    """The `title` of a resolved document's body, when it has a textual one."""
    title = body.get("title") if isinstance(body, dict) else None
    return title if isinstance(title, str) else None


def spec_title(session: Session, spec_cid: str) -> str | None:
    """The title a new task takes from its spec, if that document has already resolved."""
    # Locked (on PostgreSQL) so that an API publishing this very document at the same moment
    # either commits first, and is read here, or waits and then finds this task to update.
    document = session.get(models.Document, spec_cid, with_for_update=True)
    return title_of(document.body) if document is not None and document.status == "ok" else None


def copy_title_to_tasks(session: Session, document: models.Document) -> None:
    """Give every task whose spec is `document` (just resolved) the document's title."""
    title = title_of(document.body)
    if title is not None:
        session.execute(update(models.Task).where(models.Task.spec_cid == document.cid).values(title=title))
