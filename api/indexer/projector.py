"""Applying events to the domain tables (the handlers themselves are in `api.indexer.handlers`).

Handlers take stored `Event` rows, so the same code applies a fresh range and replays the
events table. Every handler is deterministic given the events before it. While indexing, the
changes of each block are recorded (`UndoRecord`); a reorg undoes only the orphaned blocks'
changes (`undo_to`), and replays the whole history (`rebuild`) only when a reorg goes deeper
than the recorded blocks.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy import event as sa_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from api.db import models
from api.db.models import Event
from api.indexer.handlers import HANDLERS

# Domain tables, children first: what a rebuild empties before replaying events.
PROJECTION_TABLES: list[type[models.Base]] = [
    models.RewardClaim,
    models.RewardEpoch,
    models.StipendStream,
    models.TaskHistory,
    models.Payment,
    models.Review,
    models.Submission,
    models.Claim,
    models.ClaimNonce,
    models.Task,
    models.MemberChange,
    models.Member,
    models.Workstream,
    models.Vote,
    models.Proposal,
    models.Account,
]


def apply(session: Session, event: Event) -> None:
    handler = HANDLERS.get((event.contract, event.name))
    if handler is not None:
        handler(session, event)


def apply_all(session: Session, events: list[Event], *, undo: bool = False) -> None:
    """Apply a range's events in order. Accounts they touch are loaded in one query first,
    and nothing is flushed until the end: per-event round trips dominated indexing time.

    With `undo`, the changes of each block are recorded as `UndoRecord`s (flushed per block),
    so a reorg can undo exactly the orphaned blocks (see `undo_to`)."""
    if undo:
        _apply_recording_undo(session, events)
        return
    addresses = {
        value
        for event in events
        for key, value in event.args.items()
        if key in _ACCOUNT_FIELDS and isinstance(value, str)
    }
    cache = session.info.setdefault("accounts", {})
    if addresses:
        for account in session.scalars(select(models.Account).where(models.Account.address.in_(addresses))):
            cache[account.address] = account
    with session.no_autoflush:
        for event in events:
            apply(session, event)
    session.info.pop("accounts", None)


# Event arguments that name a token holder or delegate.
_ACCOUNT_FIELDS = {"from", "to", "delegator", "delegate"}


# ---- undo records: a reorg costs its depth ---------------------------------------------

# What undo tracks: every domain table, and documents first referenced by an orphaned block.
_UNDO_TABLES: dict[str, Any] = {  # table name -> model class
    str(table.__tablename__): table  # type: ignore[attr-defined]
    for table in [*PROJECTION_TABLES, models.Document]
}


def _apply_recording_undo(session: Session, events: list[Event]) -> None:
    records: list[models.UndoRecord] = []
    block: list[int] = [0]

    def record(flushed: Session, _context: object) -> None:
        for obj in flushed.new:
            if obj.__tablename__ in _UNDO_TABLES:
                records.append(_undo(obj, block[0], "insert", _key(obj), None))
        for obj in flushed.dirty:
            if obj.__tablename__ in _UNDO_TABLES and flushed.is_modified(obj):
                old = _old_values(obj)
                if old:
                    records.append(_undo(obj, block[0], "update", _key(obj), old))
        for obj in flushed.deleted:
            if obj.__tablename__ in _UNDO_TABLES:
                records.append(_undo(obj, block[0], "delete", _key(obj), _row(obj, old=True)))

    chain_id = events[0].chain_id if events else 0
    sa_event.listen(session, "after_flush", record)
    try:
        for number, group in itertools.groupby(events, key=lambda e: e.block_number):
            block[0] = number
            apply_all(session, list(group))
            session.flush()
            records.append(
                models.UndoRecord(
                    chain_id=chain_id, block_number=number, table_name="", op="block", key=None, data=None
                )
            )
    finally:
        sa_event.remove(session, "after_flush", record)
    for seq, undo_record in enumerate(records):
        undo_record.chain_id, undo_record.seq = chain_id, seq
    session.add_all(records)


def _undo(obj: Any, block: int, op: str, key: dict[str, Any], data: dict[str, Any] | None) -> models.UndoRecord:
    return models.UndoRecord(
        block_number=block, table_name=obj.__tablename__, op=op, key=key, data=None if data is None else _jsonable(data)
    )


def _columns(obj: Any) -> list[tuple[str, str]]:
    """(attribute key, column name) of the object's mapped columns."""
    return [(attr.key, attr.columns[0].name) for attr in sa_inspect(type(obj)).column_attrs]


def _key(obj: Any) -> dict[str, Any]:
    mapper = sa_inspect(type(obj))
    identity = mapper.primary_key_from_instance(obj)
    return _jsonable({column.name: value for column, value in zip(mapper.primary_key, identity, strict=True)})


def _row(obj: Any, *, old: bool = False) -> dict[str, Any]:
    state = sa_inspect(obj)
    out = {}
    for key, column in _columns(obj):
        history = state.attrs[key].history
        if old and history.deleted:
            out[column] = history.deleted[0]
        else:
            out[column] = getattr(obj, key)
    return out


def _old_values(obj: Any) -> dict[str, Any]:
    state = sa_inspect(obj)
    old = {}
    for key, column in _columns(obj):
        history = state.attrs[key].history
        if history.has_changes():
            old[column] = history.deleted[0] if history.deleted else None
    return old


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """Column values as JSON (ints stay exact: JSON numbers are arbitrary precision here)."""
    return {
        name: {"$dt": value.isoformat()} if isinstance(value, datetime) else value for name, value in values.items()
    }


def _from_json(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: datetime.fromisoformat(value["$dt"]) if isinstance(value, dict) and set(value) == {"$dt"} else value
        for name, value in values.items()
    }


def undo_covers(session: Session, *, chain_id: int, after: int) -> bool:
    """Whether every block after `after` that has events also has its undo records (blocks
    indexed before undo records existed do not: those need a full rebuild)."""
    with_events = set(
        session.scalars(
            select(Event.block_number).where(Event.chain_id == chain_id, Event.block_number > after).distinct()
        )
    )
    recorded = set(
        session.scalars(
            select(models.UndoRecord.block_number).where(
                models.UndoRecord.chain_id == chain_id,
                models.UndoRecord.block_number > after,
                models.UndoRecord.op == "block",
            )
        )
    )
    return with_events <= recorded


def undo_to(session: Session, *, chain_id: int, ancestor: int) -> int:
    """Undo, newest first, every change the blocks after `ancestor` made to the domain tables;
    returns the number of rows touched. The caller deletes those blocks' events."""
    records = session.scalars(
        select(models.UndoRecord)
        .where(models.UndoRecord.chain_id == chain_id, models.UndoRecord.block_number > ancestor)
        .order_by(models.UndoRecord.block_number.desc(), models.UndoRecord.seq.desc())
    ).all()
    touched = 0
    for record in records:
        if record.op == "block":
            continue
        table = _UNDO_TABLES[record.table_name].__table__
        where = [table.c[name] == value for name, value in _from_json(record.key or {}).items()]
        if record.op == "insert":
            session.execute(delete(table).where(*where))
        elif record.op == "update":
            session.execute(update(table).where(*where).values(**_from_json(record.data or {})))
        else:
            session.execute(insert(table).values(**_from_json(record.data or {})))
        touched += 1
    session.execute(
        delete(models.UndoRecord).where(
            models.UndoRecord.chain_id == chain_id, models.UndoRecord.block_number > ancestor
        )
    )
    return touched


def rebuild(session: Session, *, chain_id: int) -> int:
    """Empty the domain tables and replay every stored event in chain order; returns the
    number of events replayed. Used after a reorg removed events."""
    for table in PROJECTION_TABLES:
        session.execute(delete(table))
    # Who referenced a document is replayed too (fetched bodies and authors stay).
    session.execute(update(models.Document).values(signers=None))
    session.flush()
    replayed = 0
    query = (
        select(Event).where(Event.chain_id == chain_id).order_by(Event.block_number, Event.tx_index, Event.log_index)
    )
    for event in session.scalars(query).yield_per(1000):
        apply(session, event)
        replayed += 1
    return replayed
