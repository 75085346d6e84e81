"""How the TealToken's events (transfers, delegation) change the accounts table."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.db.models import Event
from api.indexer.handlers.common import (
    ZERO_ADDRESS,
    Registry,
    account,
    as_int,
    registrar,
)

HANDLERS: Registry = {}
handles = registrar(HANDLERS)


@handles("TealToken", "Transfer")
def _transfer(session: Session, event: Event) -> None:
    amount = as_int(event.args["value"])
    if event.args["from"] != ZERO_ADDRESS:
        sender = account(session, event.args["from"])
        sender.balance = sender.balance - amount
    if event.args["to"] != ZERO_ADDRESS:
        receiver = account(session, event.args["to"])
        receiver.balance = receiver.balance + amount


@handles("TealToken", "DelegateChanged")
def _delegate_changed(session: Session, event: Event) -> None:
    account(session, event.args["delegator"]).delegate = event.args["toDelegate"]


@handles("TealToken", "DelegateVotesChanged")
def _delegate_votes_changed(session: Session, event: Event) -> None:
    account(session, event.args["delegate"]).voting_power = as_int(event.args["newVotes"])
