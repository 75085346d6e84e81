"""Event handlers: how each event changes the domain tables.

Handlers take stored `Event` rows, so the same code applies a fresh range and replays the
events table after a reorg. Every handler is deterministic given the events before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, select
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


def apply_all(session: Session, events: list[Event]) -> None:
    """Apply a range's events in order. Accounts they touch are loaded in one query first,
    and nothing is flushed until the end: per-event round trips dominated indexing time."""
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
