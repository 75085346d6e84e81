"""Find contributors by address (whole or its beginning) or by name.

People have no names on chain, and no document gives one: charters list their members as
addresses, posts are signed by addresses. The names the indexer does know are team names
(each workstream's charter `name`), so a name finds the members, present and past, of every
team whose name contains it, and everyone that team paid for a task. An address is found
wherever the indexer saw it act: holding or delegating tokens, proposing, voting, team
membership, creating, claiming or reviewing a task, being paid, signing a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import InstrumentedAttribute, Session

from api.db import models

MAX_QUERY = 64
MAX_RESULTS = 50
HEX_PREFIX = re.compile(r"^(0x)?[0-9a-fA-F]{2,40}$")
FULL_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")

# Every column that holds an address of someone who did something.
ADDRESS_COLUMNS: tuple[InstrumentedAttribute[Any], ...] = (
    models.Account.address,
    models.Account.delegate,
    models.Proposal.proposer,
    models.Vote.voter,
    models.Member.account,
    models.Task.creator,
    models.Task.claimant,
    models.Review.reviewer,
    models.Payment.recipient,
    models.Document.author,
)


@dataclass
class Found:
    address: str
    why: list[str] = field(default_factory=list)  # "address starts with 0x3c", "member of Protocol"


def is_full_address(query: str) -> bool:
    return bool(FULL_ADDRESS.match(query.strip()))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_contributors(session: Session, query: str) -> list[Found]:
    """Addresses starting with `query` (hex, `0x` optional), then members of the teams whose
    name contains it; each once, with every reason it matched. At most MAX_RESULTS."""
    text = query.strip()[:MAX_QUERY]
    found: dict[str, Found] = {}

    def add(address: str, why: str) -> None:
        entry = found.setdefault(address.lower(), Found(address=address))
        if why not in entry.why:
            entry.why.append(why)

    if HEX_PREFIX.match(text):
        prefix = "0x" + text.lower().removeprefix("0x")
        pattern = _escape_like(prefix) + "%"
        addresses = union(
            *(select(column.label("address")).where(column.ilike(pattern, escape="\\")) for column in ADDRESS_COLUMNS)
        ).subquery()
        rows = session.execute(select(addresses.c.address).order_by(addresses.c.address).limit(MAX_RESULTS))
        for (address,) in rows:
            add(address, f"address starts with {prefix}")
    if len(text) >= 2:
        named = models.Workstream.name.ilike("%" + _escape_like(text) + "%", escape="\\")
        members = session.execute(
            select(models.Workstream.name, models.Member.account, models.Member.active)
            .join(models.Member, models.Member.workstream_id == models.Workstream.id)
            .where(named)
            .order_by(models.Workstream.id, models.Member.id)
            .limit(MAX_RESULTS)
        )
        for name, account, active in members:
            add(account, f"{'member' if active else 'former member'} of {name}")
        paid = session.execute(
            select(models.Workstream.name, models.Payment.recipient)
            .join(models.Payment, models.Payment.workstream_id == models.Workstream.id)
            .where(named)
            .group_by(models.Workstream.id, models.Workstream.name, models.Payment.recipient)
            .order_by(models.Workstream.id, models.Payment.recipient)
            .limit(MAX_RESULTS)
        )
        for name, recipient in paid:
            add(recipient, f"paid for {name} tasks")
    return list(found.values())[:MAX_RESULTS]
