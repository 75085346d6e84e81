"""The signal hub's stored messages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.models import hub_messages as messages_t


def message(session: Session, message_id: str) -> dict[str, Any] | None:
    """Where an accepted message is stored, and its receipt; None when unknown."""
    row = session.execute(select(messages_t).where(messages_t.c.id == message_id)).mappings().first()
    return None if row is None else dict(row)
