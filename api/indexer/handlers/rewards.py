"""How the reward contracts' events (MerkleDistributor epochs, StipendStreams streams) change
the reward tables, and how the registry's reward hooks move a workstream's budget.

An epoch row equals the distributor's `epoch(id)` view at the indexed block; a stream row
holds the StipendStreams `stream(id)` fields that do not depend on time (accrued and
withdrawable are computed from them, see `api.rewards.streams.accrued`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import models
from api.db.models import Event
from api.indexer.handlers.common import Registry, add, registrar

HANDLERS: Registry = {}
handles = registrar(HANDLERS)


def _epoch(session: Session, event: Event) -> models.RewardEpoch | None:
    return session.get(models.RewardEpoch, int(event.args["epochId"]))


def _stream(session: Session, event: Event) -> models.StipendStream | None:
    return session.get(models.StipendStream, int(event.args["streamId"]))


# ---- MerkleDistributor -----------------------------------------------------------------


@handles("MerkleDistributor", "EpochOpened")
def _epoch_opened(session: Session, event: Event) -> None:
    args = event.args
    pot = int(args["pot"])
    add(
        session,
        models.RewardEpoch(
            id=int(args["epochId"]),
            workstream_id=int(args["workstreamId"]),
            token=args["token"],
            pot=pot,
            held=pot,
            total=0,
            root=None,
            start=int(args["start"]),
            end=int(args["end"]),
            claim_deadline=int(args["claimDeadline"]),
            reclaimed=False,
            epoch_cid=args["cid"],
            distribution_cid=None,
            claimed_count=0,
            claimed_amount=0,
            returned=0,
            opened_block=event.block_number,
            opened_at=event.block_timestamp,
        ),
    )


@handles("MerkleDistributor", "RootPosted")
def _root_posted(session: Session, event: Event) -> None:
    _set_root(session, event, event.args["root"])


@handles("MerkleDistributor", "RootReplaced")
def _root_replaced(session: Session, event: Event) -> None:
    _set_root(session, event, event.args["newRoot"])


def _set_root(session: Session, event: Event, root: str) -> None:
    """A root posted or replaced (by governance, before any claim): the epoch then holds the
    distribution's total, and what the pot had beyond it went back to the team's budget."""
    if (epoch := _epoch(session, event)) is not None:
        total = int(event.args["total"])
        epoch.root, epoch.total, epoch.held = root, total, total
        epoch.distribution_cid = event.args["cid"]
        epoch.returned = epoch.returned + int(event.args["returned"])


@handles("MerkleDistributor", "Claimed")
def _claimed(session: Session, event: Event) -> None:
    args = event.args
    amount = int(args["amount"])
    if (epoch := _epoch(session, event)) is not None:
        epoch.held = epoch.held - amount
        epoch.claimed_count = epoch.claimed_count + 1
        epoch.claimed_amount = epoch.claimed_amount + amount
        session.add(
            models.RewardClaim(
                epoch_id=epoch.id,
                leaf_index=int(args["index"]),
                account=args["account"],
                amount=amount,
                sender=args["sender"],
                claimed_at=event.block_timestamp,
                block_number=event.block_number,
                tx_hash=event.tx_hash,
            )
        )


@handles("MerkleDistributor", "Reclaimed")
def _reclaimed(session: Session, event: Event) -> None:
    if (epoch := _epoch(session, event)) is not None:
        epoch.held, epoch.reclaimed = 0, True
        epoch.returned = epoch.returned + int(event.args["returned"])


# ---- StipendStreams --------------------------------------------------------------------


@handles("StipendStreams", "StreamStarted")
def _stream_started(session: Session, event: Event) -> None:
    args = event.args
    add(
        session,
        models.StipendStream(
            id=int(args["streamId"]),
            workstream_id=int(args["workstreamId"]),
            recipient=args["recipient"],
            start=int(args["start"]),
            end=int(args["end"]),
            base=0,
            amount=int(args["amount"]),
            withdrawn=0,
            version=0,
            stopped=False,
            cid=args["cid"],
            started_block=event.block_number,
            started_at=event.block_timestamp,
        ),
    )


@handles("StipendStreams", "StreamChanged")
def _stream_changed(session: Session, event: Event) -> None:
    if (stream := _stream(session, event)) is not None:
        args = event.args
        stream.base, stream.amount = int(args["accrued"]), int(args["amount"])
        stream.start, stream.end = int(args["start"]), int(args["end"])
        stream.version = stream.version + 1


@handles("StipendStreams", "StreamStopped")
def _stream_stopped(session: Session, event: Event) -> None:
    if (stream := _stream(session, event)) is not None:
        # The contract fixes what accrued and ends the segment at the stopping block.
        now = int(event.block_timestamp or 0)
        stream.base, stream.amount = int(event.args["accrued"]), 0
        stream.start, stream.end, stream.stopped = now, now, True


def cut_streams(session: Session, event: Event, *, recipient: str | None = None) -> None:
    """A recipient's membership ended (`recipient`) or its team was paused (all its streams):
    every stream of the team still accruing stops accruing at this block, as the contract's
    `stipendCutoff` says, without any call to StipendStreams. A stream already cut keeps its
    earlier cutoff (a later re-addition or unpause does not restart it)."""
    query = select(models.StipendStream).where(
        models.StipendStream.workstream_id == int(event.args["workstreamId"]),
        models.StipendStream.stopped.is_(False),
        models.StipendStream.cutoff.is_(None),
    )
    if recipient is not None:
        query = query.where(models.StipendStream.recipient == recipient)
    for stream in session.scalars(query):
        # The rows may hold changes of this range not yet flushed (handlers run without autoflush).
        if stream.cutoff is None and not stream.stopped:
            stream.cutoff = int(event.block_timestamp or 0)


@handles("StipendStreams", "StreamWithdrawn")
def _stream_withdrawn(session: Session, event: Event) -> None:
    if (stream := _stream(session, event)) is not None:
        stream.withdrawn = stream.withdrawn + int(event.args["amount"])


# ---- the registry's reward hooks (budget moves, as Workstreams accounts them) ----------


def _workstream(session: Session, event: Event) -> models.Workstream | None:
    return session.get(models.Workstream, int(event.args["workstreamId"]))


@handles("Workstreams", "RewardReserved")
def _reward_reserved(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        amount = int(event.args["amount"])
        ws.available, ws.reserved = ws.available - amount, ws.reserved + amount


@handles("Workstreams", "RewardSettled")
def _reward_settled(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        paid, released = int(event.args["paid"]), int(event.args["released"])
        ws.reserved = ws.reserved - paid - released
        ws.paid, ws.available = ws.paid + paid, ws.available + released


@handles("Workstreams", "RewardPaidOut")
def _reward_paid_out(session: Session, event: Event) -> None:
    if (ws := _workstream(session, event)) is not None:
        amount = int(event.args["amount"])
        ws.reserved, ws.paid = ws.reserved - amount, ws.paid + amount
