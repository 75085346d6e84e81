"""The relayer's policy: whose signed claims and votes it pays gas for, and how much.

- Claims: relayed for accounts with a record in the DAO (indexed: a token balance, voting
  power or a delegate; a team membership, past or present; a past claim, payment or vote),
  for the addresses of TEAL_RELAY_ALLOWLIST, and for anyone on the tasks of the workstreams
  in TEAL_RELAY_OPEN_WORKSTREAMS; TEAL_RELAY_CLAIMANTS=anyone lifts the rule. Otherwise 403
  `relay_not_eligible`.
- Votes: relayed only for voters with voting power at the proposal's snapshot (a zero-weight
  vote counts for nothing); otherwise 403 `relay_not_eligible`.
- Deadlines: a signed claim's deadline may be at most TEAL_RELAY_MAX_DEADLINE_SECONDS after
  chain time (422 `deadline_too_far`), so a signature cannot stay usable for centuries.
- Quotas: relayed transactions per account and per client IP per UTC day (429
  `relay_quota_exceeded` with Retry-After until midnight UTC), on top of the per-minute limit
  per IP (TEAL_RELAY_RATE_LIMIT, a token bucket per IP in the database's `relay_rate` table).
- Gas budget: wei the relayer may spend per UTC day, all workers together (403
  `relay_budget_spent` with Retry-After until midnight UTC).

Quotas and gas spent live in the database's `relay_usage` table, so every API worker shares
them; a quota is taken in the same transaction that checks it (an upsert returning the new
count), and only for a transaction about to be sent. The per-minute buckets are shared the same
way (`SharedRateLimiter`, api/http/limits.py), and so is the relayer's nonce sequence (`SenderLock`): with
`teal serve --workers N` every worker counts against the same limits and sends one at a time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from api.db import models
from api.db.session import upsert
from api.http.errors import ApiError
from api.settings import Settings

DAY = 86_400
KEEP_DAYS = 7  # usage rows older than this are deleted as new ones are written


def utc_day(now: float) -> int:
    return int(now // DAY)


def until_midnight(now: float) -> int:
    """Whole seconds until the next UTC day (at least 1): the Retry-After of a spent quota."""
    return max(1, int((utc_day(now) + 1) * DAY - now))


def dao_record(session: Session, address: str) -> str | None:
    """What the index knows of `address` in this DAO (a short phrase), or None."""
    checks: list[tuple[str, Any]] = [
        (
            "token holder or delegate",
            select(models.Account.address).where(
                models.Account.address == address,
                (models.Account.balance > 0) | (models.Account.voting_power > 0) | models.Account.delegate.is_not(None),
            ),
        ),
        ("team member", select(models.Member.account).where(models.Member.account == address)),
        ("past claimant", select(models.Claim.claimant).where(models.Claim.claimant == address)),
        ("paid contributor", select(models.Payment.recipient).where(models.Payment.recipient == address)),
        ("voter", select(models.Vote.voter).where(models.Vote.voter == address)),
    ]
    for phrase, query in checks:
        if session.execute(query.limit(1)).first() is not None:
            return phrase
    return None


def check_claimant(*, settings: Settings, session: Session, claimant: str, task_id: int, workstream_id: int) -> str:
    """Why the relayer may pay for `claimant`'s claim of `task_id`; 403 when it may not."""
    if settings.relay_claimants == "anyone":
        return "anyone"
    if claimant.lower() in settings.relay_allowlist_set:
        return "allow-list"
    if workstream_id in settings.relay_open_workstream_ids:
        return f"workstream {workstream_id} is open to anyone"
    record = dao_record(session, claimant)
    if record is not None:
        return record
    raise ApiError(
        403,
        "relay_not_eligible",
        f"this relayer pays only for accounts with a record in the DAO (holders, members, past "
        f"contributors) or on its allow-list: {claimant} has none, and task {task_id}'s "
        f"workstream {workstream_id} is not open to anyone (GET /relay/policy); send the claim "
        "yourself (`teal task claim`)",
        field="body.claimant",
    )


def check_voting_power(*, voter: str, proposal_id: int, weight: int, snapshot: int) -> None:
    if weight <= 0:
        raise ApiError(
            403,
            "relay_not_eligible",
            f"{voter} had no voting power at proposal {proposal_id}'s snapshot (block {snapshot}): "
            "a vote with no weight is not relayed (GET /relay/policy)",
            field="body.voter",
        )


def check_deadline(*, settings: Settings, deadline: int, chain_time: int) -> None:
    latest = chain_time + settings.relay_max_deadline_seconds
    if deadline > latest:
        raise ApiError(
            422,
            "deadline_too_far",
            f"the signature's deadline {deadline} is more than "
            f"{settings.relay_max_deadline_seconds} s after chain time {chain_time}: sign one "
            f"that expires by {latest}",
            field="body.deadline",
        )


class RelayLedger:
    """Per-day usage in the database: quotas per account and IP, and gas spent."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        settings: Settings,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.clock = clock

    def take(self, *, account: str, ip: str) -> None:
        """Count one relayed transaction for `account` and `ip`; 429 when either is over its
        daily quota (and then nothing is counted)."""
        now = self.clock()
        day = utc_day(now)
        limits = [
            ("account", account.lower(), self.settings.relay_account_daily_limit, "TEAL_RELAY_ACCOUNT_DAILY_LIMIT"),
            ("ip", ip[:64], self.settings.relay_ip_daily_limit, "TEAL_RELAY_IP_DAILY_LIMIT"),
        ]
        with self.sessions() as session, session.begin():
            for scope, key, limit, variable in limits:
                if _add(session, day, scope, key, 1) > limit:
                    who = account if scope == "account" else "this client address"
                    raise ApiError(  # raised inside the transaction: rolled back, nothing counted
                        429,
                        "relay_quota_exceeded",
                        f"the relayer has sent its {limit} transactions for {who} today "
                        f"({variable}); retry after midnight UTC or send it yourself",
                        headers={"Retry-After": str(until_midnight(now))},
                    )
            session.execute(delete(models.RelayUsage).where(models.RelayUsage.day < day - KEEP_DAYS))

    def spent_today(self) -> int:
        with self.sessions() as session:
            used = session.execute(
                select(models.RelayUsage.used).where(
                    models.RelayUsage.day == utc_day(self.clock()),
                    models.RelayUsage.scope == "gas",
                    models.RelayUsage.key == "*",
                )
            ).scalar()
        return int(used or 0)

    def check_budget(self, cost: int) -> None:
        """403 when sending a transaction that may cost `cost` wei would pass today's budget."""
        budget, spent = self.settings.relay_daily_gas_budget_wei, self.spent_today()
        if spent + cost > budget:
            raise ApiError(
                403,
                "relay_budget_spent",
                f"the relayer's gas budget for today is spent ({spent} of {budget} wei; this "
                f"transaction may cost up to {cost}); retry after midnight UTC or send it yourself",
                headers={"Retry-After": str(until_midnight(self.clock()))},
            )

    def spend(self, wei: int) -> None:
        with self.sessions() as session, session.begin():
            _add(session, utc_day(self.clock()), "gas", "*", int(wei))


def _add(session: Session, day: int, scope: str, key: str, amount: int) -> int:
    """Add `amount` to a usage row (created at `amount`); the new total."""
    insert = upsert(session)
    table = models.RelayUsage
    statement = (
        insert(table)
        .values(day=day, scope=scope, key=key, used=amount)
        .on_conflict_do_update(index_elements=[table.day, table.scope, table.key], set_={"used": table.used + amount})
        .returning(table.used)
    )
    return int(session.execute(statement).scalar_one())


@dataclass
class HeldSender:
    """The relayer's sender row while held: the last nonce sent (-1: none yet) and its
    transaction hash; `record` the nonce and hash of the transaction sent under the lock."""

    last_nonce: int
    last_tx: str
    sent: tuple[int, str] | None = None

    def record(self, nonce: int, tx_hash: str) -> None:
        self.sent = (nonce, tx_hash)


class SenderLock:
    """One sender at a time for the relayer's account, across every API worker.

    With `sessions`, the lock is the account's `relay_sender` row, taken by an upsert that
    returns the last nonce sent (PostgreSQL holds the row lock, SQLite its write lock, until the
    transaction ends) and held while the caller picks a nonce and sends; the nonce sent is
    written in the same transaction. A thread lock in front keeps one thread per process
    waiting on the database. Without `sessions` (one process), only the thread lock and the
    last nonce in memory. Nothing else may write to a SQLite database while the lock is held
    (it would wait for the lock the same thread holds)."""

    def __init__(self, address: str, *, sessions: sessionmaker[Session] | None = None) -> None:
        self.address = address.lower()
        self.sessions = sessions
        self._local = threading.Lock()
        self._memory = HeldSender(last_nonce=-1, last_tx="")

    @contextmanager
    def hold(self) -> Iterator[HeldSender]:
        with self._local:
            if self.sessions is None:
                held = HeldSender(self._memory.last_nonce, self._memory.last_tx)
                yield held
                if held.sent is not None:
                    self._memory = HeldSender(*held.sent)
                return
            table = models.RelaySender
            with self.sessions() as session:
                row = session.execute(
                    upsert(session)(table)
                    .values(address=self.address, nonce=-1, tx_hash="")
                    .on_conflict_do_update(index_elements=[table.address], set_={"nonce": table.nonce})
                    .returning(table.nonce, table.tx_hash)
                ).one()
                held = HeldSender(last_nonce=int(row[0]), last_tx=str(row[1]))
                try:
                    yield held
                finally:
                    if held.sent is not None:
                        nonce, tx_hash = held.sent
                        session.execute(
                            update(table).where(table.address == self.address).values(nonce=nonce, tx_hash=tx_hash)
                        )
                        session.commit()
                    else:
                        session.rollback()
