"""What every event handler shares: the handler type, a table to register handlers in, and
the row helpers (handlers run without autoflush; see `api.indexer.projector.apply_all`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from api.db import models
from api.db.models import Event

Handler = Callable[[Session, Event], None]
Registry = dict[tuple[str, str], Handler]
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
# The Governor requires descriptions to begin with ipfs://<cid>.
_DOCUMENT_URI = re.compile(r"^ipfs://([A-Za-z0-9]{46,128})")


def registrar(table: Registry) -> Callable[[str, str], Callable[[Handler], Handler]]:
    """A `handles(contract, event)` decorator that records handlers in `table`."""

    def handles(contract: str, name: str) -> Callable[[Handler], Handler]:
        def register(fn: Handler) -> Handler:
            table[(contract, name)] = fn
            return fn

        return register

    return handles


def add(session: Session, row: models.Base) -> None:
    """Add a new row and flush it at once, so later events of the same range can find it
    with `session.get` (handlers run without autoflush; see apply_all)."""
    session.add(row)
    session.flush()


def reference_document(session: Session, cid: str, *, block_number: int, signers: list[str] | None = None) -> None:
    """Record that an event points at `cid`; the document fetcher picks it up.

    `signers`: the accounts whose transaction referenced the document as theirs (the event's
    actor: with ERC-2771 the contracts emit the ForwardRequest's signer, never the relayer).
    They join the document's `signers`; a document its verified author did not sign as one
    of them reads as `unattributed` (api.http.queries.common.attribution)."""
    row = session.get(models.Document, cid)
    if row is None:
        add(
            session,
            models.Document(
                cid=cid,
                status="pending",
                attempts=0,
                first_seen_block=block_number,
                signers=sorted(set(signers)) if signers else None,
            ),
        )
    elif signers:
        merged = sorted(set(row.signers or []) | set(signers))
        if merged != row.signers:
            row.signers = merged  # a new list: the change (and its undo record) is seen


def document_cid_of(description: str) -> str | None:
    match = _DOCUMENT_URI.match(description)
    return match.group(1) if match else None


def account(session: Session, address: str) -> models.Account:
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


def as_int(value: Any) -> int:
    return int(value)
