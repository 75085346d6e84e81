"""Event handlers: how each event changes the domain tables.

Handlers take stored `Event` rows, so the same code applies a fresh range and replays the
events table. Every handler is deterministic given the events before it. While indexing, the
changes of each block are recorded (`UndoRecord`); a reorg undoes only the orphaned blocks'
changes (`undo_to`), and replays the whole history (`rebuild`) only when a reorg goes deeper
than the recorded blocks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy import event as sa_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from api.db import models
from api.db.models import Event

Handler = Callable[[Session, Event], None]
HANDLERS: dict[tuple[str, str], Handler] = {}
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
# The Governor requires descriptions to begin with ipfs://<cid>.
_DOCUMENT_URI = re.compile(r"^ipfs://([A-Za-z0-9]{46,128})")

# Domain tables, children first: what a rebuild empties before replaying events.
PROJECTION_TABLES: list[type[models.Base]] = [
    models.TaskHistory, models.Payment, models.Review, models.Submission, models.Claim, models.Task,
    models.MemberChange, models.Member, models.Workstream, models.Vote, models.Proposal, models.Account,
]


def handles(contract: str, name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[(contract, name)] = fn
        return fn

    return register


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
    str(table.__tablename__): table for table in [*PROJECTION_TABLES, models.Document]  # type: ignore[attr-defined]
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
            records.append(models.UndoRecord(chain_id=chain_id, block_number=number, table_name="", op="block",
                                             key=None, data=None))
    finally:
        sa_event.remove(session, "after_flush", record)
    for seq, undo_record in enumerate(records):
        undo_record.chain_id, undo_record.seq = chain_id, seq
    session.add_all(records)


def _undo(obj: Any, block: int, op: str, key: dict[str, Any], data: dict[str, Any] | None) -> models.UndoRecord:
    return models.UndoRecord(block_number=block, table_name=obj.__tablename__, op=op, key=key,
                             data=None if data is None else _jsonable(data))


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
    return {name: {"$dt": value.isoformat()} if isinstance(value, datetime) else value
            for name, value in values.items()}


def _from_json(values: dict[str, Any]) -> dict[str, Any]:
    return {name: datetime.fromisoformat(value["$dt"]) if isinstance(value, dict) and set(value) == {"$dt"}
            else value for name, value in values.items()}


def undo_covers(session: Session, *, chain_id: int, after: int) -> bool:
    """Whether every block after `after` that has events also has its undo records (blocks
    indexed before undo records existed do not: those need a full rebuild)."""
    with_events = set(session.scalars(
        select(Event.block_number).where(Event.chain_id == chain_id, Event.block_number > after).distinct()
    ))
    recorded = set(session.scalars(
        select(models.UndoRecord.block_number)
        .where(models.UndoRecord.chain_id == chain_id, models.UndoRecord.block_number > after,
               models.UndoRecord.op == "block")
    ))
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
    session.execute(delete(models.UndoRecord).where(models.UndoRecord.chain_id == chain_id,
                                                    models.UndoRecord.block_number > ancestor))
    return touched


def rebuild(session: Session, *, chain_id: int) -> int:
    """Empty the domain tables and replay every stored event in chain order; returns the
    number of events replayed. Used after a reorg removed events."""
    for table in PROJECTION_TABLES:
        session.execute(delete(table))
    session.flush()
    replayed = 0
    query = select(Event).where(Event.chain_id == chain_id).order_by(
        Event.block_number, Event.tx_index, Event.log_index
    )
    for event in session.scalars(query).yield_per(1000):
        apply(session, event)
        replayed += 1
    return replayed


def add(session: Session, row: models.Base) -> None:
    """Add a new row and flush it at once, so later events of the same range can find it
    with `session.get` (handlers run without autoflush; see apply_all)."""
    session.add(row)
    session.flush()


def reference_document(session: Session, cid: str, *, block_number: int) -> None:
    """Record that an event points at `cid`; the document fetcher picks it up."""
    if session.get(models.Document, cid) is None:
        add(session, models.Document(cid=cid, status="pending", attempts=0, first_seen_block=block_number))


def document_cid_of(description: str) -> str | None:
    match = _DOCUMENT_URI.match(description)
    return match.group(1) if match else None


def _account(session: Session, address: str) -> models.Account:
    cache: dict[str, models.Account] | None = session.info.get("accounts")
    account = cache.get(address) if cache is not None else None
    if account is None and (cache is None or address not in cache):
        account = session.get(models.Account, address)
    if account is None:
        account = models.Account(address=address, balance=0, voting_power=0, delegate=None)
        session.add(account)
    if cache is not None:
        cache[address] = account
    return account


def _int(value: Any) -> int:
    return int(value)


# ---- token -----------------------------------------------------------------------------


@handles("TealToken", "Transfer")
def _transfer(session: Session, event: Event) -> None:
    amount = _int(event.args["value"])
    if event.args["from"] != ZERO_ADDRESS:
        sender = _account(session, event.args["from"])
        sender.balance = sender.balance - amount
    if event.args["to"] != ZERO_ADDRESS:
        receiver = _account(session, event.args["to"])
        receiver.balance = receiver.balance + amount


@handles("TealToken", "DelegateChanged")
def _delegate_changed(session: Session, event: Event) -> None:
    _account(session, event.args["delegator"]).delegate = event.args["toDelegate"]


@handles("TealToken", "DelegateVotesChanged")
def _delegate_votes_changed(session: Session, event: Event) -> None:
    _account(session, event.args["delegate"]).voting_power = _int(event.args["newVotes"])


# ---- governor --------------------------------------------------------------------------


@handles("TealGovernor", "ProposalCreated")
def _proposal_created(session: Session, event: Event) -> None:
    args = event.args
    cid = document_cid_of(args["description"])
    add(
        session,
        models.Proposal(
            id=_int(args["proposalId"]),
            proposer=args["proposer"],
            description=args["description"],
            document_cid=cid,
            targets=args["targets"],
            values=args["values"],
            calldatas=args["calldatas"],
            vote_start=_int(args["voteStart"]),
            vote_end=_int(args["voteEnd"]),
            votes_for=0,
            votes_against=0,
            votes_abstain=0,
            queued=False,
            executed=False,
            canceled=False,
            created_block=event.block_number,
            created_tx=event.tx_hash,
            created_at=event.block_timestamp,
        )
    )
    if cid:
        reference_document(session, cid, block_number=event.block_number)


@handles("TealGovernor", "VoteCast")
@handles("TealGovernor", "VoteCastWithParams")
def _vote_cast(session: Session, event: Event) -> None:
    args = event.args
    proposal_id, support, weight = _int(args["proposalId"]), _int(args["support"]), _int(args["weight"])
    session.add(
        models.Vote(
            proposal_id=proposal_id,
            voter=args["voter"],
            support=support,
            weight=weight,
            reason=args.get("reason", ""),
            block_number=event.block_number,
            tx_hash=event.tx_hash,
        )
    )
    proposal = session.get(models.Proposal, proposal_id)
    if proposal is None:
        return
    if support == 0:
        proposal.votes_against = proposal.votes_against + weight
    elif support == 1:
        proposal.votes_for = proposal.votes_for + weight
    elif support == 2:
        proposal.votes_abstain = proposal.votes_abstain + weight


@handles("TealGovernor", "ProposalExtended")
def _proposal_extended(session: Session, event: Event) -> None:
    """A vote reached quorum late (GovernorPreventLateQuorum): voting now ends later."""
    proposal = session.get(models.Proposal, _int(event.args["proposalId"]))
    if proposal is not None:
        proposal.vote_end = _int(event.args["extendedDeadline"])


@handles("TealGovernor", "ProposalQueued")
def _proposal_queued(session: Session, event: Event) -> None:
    proposal = session.get(models.Proposal, _int(event.args["proposalId"]))
    if proposal is not None:
        proposal.queued = True
        proposal.eta = _int(event.args["etaSeconds"])


@handles("TealGovernor", "ProposalExecuted")
def _proposal_executed(session: Session, event: Event) -> None:
    proposal = session.get(models.Proposal, _int(event.args["proposalId"]))
    if proposal is not None:
        proposal.executed = True


@handles("TealGovernor", "ProposalCanceled")
def _proposal_canceled(session: Session, event: Event) -> None:
    proposal = session.get(models.Proposal, _int(event.args["proposalId"]))
    if proposal is not None:
        proposal.canceled = True


# The work contracts' handlers register themselves on import.
from api.indexer import work_handlers  # noqa: E402, F401
