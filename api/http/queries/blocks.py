"""Block timestamps the indexer knows: from events (`events.block_timestamp`) and from
recent range ends (`blocks.timestamp`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import models


def nearest_block_time(session: Session, chain_id: int, block: int, *, before: bool) -> tuple[int, int] | None:
    """(number, timestamp) of the closest block at or before (or at or after) `block` with a
    known timestamp, or None."""
    found: list[tuple[int, int]] = []
    for table, number, stamp, chain in (
        (models.Event, models.Event.block_number, models.Event.block_timestamp, models.Event.chain_id),
        (models.BlockRecord, models.BlockRecord.number, models.BlockRecord.timestamp, models.BlockRecord.chain_id),
    ):
        query = select(number, stamp).select_from(table).where(chain == chain_id, stamp.is_not(None))
        if before:
            query = query.where(number <= block).order_by(number.desc())
        else:
            query = query.where(number >= block).order_by(number)
        row = session.execute(query.limit(1)).first()
        if row is not None and row[1] is not None:
            found.append((int(row[0]), int(row[1])))
    if not found:
        return None
    return max(found) if before else min(found)
