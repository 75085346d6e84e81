"""Follow the chain: fetch logs in block ranges, write them with the checkpoint in one
transaction, detect reorgs and roll back to the common ancestor.

Guarantees:
- the checkpoint never passes data that was not written (same transaction);
- a crash at any point loses nothing and duplicates nothing (the next run resumes from the
  checkpoint; (chain id, tx hash, log index) is unique);
- only blocks at least `confirmations` deep are indexed;
- a changed block hash under the checkpoint rolls back to the newest block whose stored
  hash still matches, then replays.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker
from web3 import Web3
from web3.exceptions import BlockNotFound

from api.chain.decoder import DecodedLog, LogDecoder
from api.chain.manifest import Manifest
from api.chain.rpc import Backoff, with_retries
from api.db import models
from api.indexer import projector

log = logging.getLogger(__name__)


@dataclass
class ScanSettings:
    confirmations: int = 0
    initial_range: int = 500
    min_range: int = 1
    max_range: int = 5_000
    # Ranges shrink when they carry more events than this, so memory per range stays bounded.
    max_events_per_range: int = 5_000
    # How many recent indexed blocks keep their hash for reorg detection.
    reorg_window: int = 256
    backoff: Backoff = field(default_factory=Backoff)


@dataclass
class Progress:
    """Reported after each committed range."""

    from_block: int
    to_block: int
    target: int
    events: int
    seconds: float


@dataclass
class Reorg:
    detected_at: int
    ancestor: int
    events_removed: int
    rows_undone: int | None = None  # rows the undo records put back (None: full rebuild)
    events_replayed: int | None = None  # events a full rebuild replayed (None: undo records)


class Scanner:
    """Indexes the manifest's contracts from its start block into the database."""

    def __init__(
        self,
        *,
        w3: Web3,
        manifest: Manifest,
        sessions: sessionmaker[Session],
        settings: ScanSettings | None = None,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> None:
        self.w3 = w3
        self.manifest = manifest
        self.chain_id = manifest.chain_id
        self.sessions = sessions
        self.settings = settings or ScanSettings()
        self.decoder = LogDecoder(manifest, w3)
        self.on_progress = on_progress
        self._range = self.settings.initial_range
        self.reorgs: list[Reorg] = []

    # ---- RPC ---------------------------------------------------------------------------

    def _rpc(self, what: str, call: Callable[[], Any]) -> Any:
        return with_retries(call, what=what, backoff=self.settings.backoff)

    def head(self) -> int:
        return int(self._rpc("eth_blockNumber", lambda: self.w3.eth.block_number))

    def _block(self, number: int) -> Any:
        return self._rpc(f"eth_getBlockByNumber({number})", lambda: self.w3.eth.get_block(number))

    def _logs(self, start: int, end: int) -> list[Any]:
        """Logs in [start, end]; on an RPC error the range is halved (adaptive range size)
        before the normal back-off applies to a single block."""
        params = {"fromBlock": start, "toBlock": end, "address": self.decoder.addresses}
        try:
            return list(self.w3.eth.get_logs(params))  # type: ignore[arg-type]
        except Exception as exc:
            if end > start:
                self._range = max(self.settings.min_range, (end - start + 1) // 2)
                log.warning("eth_getLogs %d-%d failed (%s); range now %d", start, end, exc, self._range)
                raise _Shrink from exc
            return list(self._rpc(f"eth_getLogs({start})", lambda: self.w3.eth.get_logs(params)))  # type: ignore[arg-type]

    # ---- checkpoint --------------------------------------------------------------------

    def checkpoint(self) -> tuple[int, str | None]:
        """The last indexed block and its hash (start block - 1 and None before the first run)."""
        with self.sessions() as session:
            row = session.get(models.Checkpoint, self.chain_id)
            if row is None:
                return self.manifest.start_block - 1, None
            return row.block_number, row.block_hash

    # ---- main loop ---------------------------------------------------------------------

    def sync(self, *, until: int | None = None) -> int:
        """Index up to `until` (default: head minus confirmations); returns the number of
        events written."""
        target = until if until is not None else self.head() - self.settings.confirmations
        written = 0
        self._check_reorg()
        current, _ = self.checkpoint()
        while current < target:
            end = min(current + self._range, target)
            started = time.monotonic()
            try:
                logs = self._logs(current + 1, end)
            except _Shrink:
                continue
            count = self._write_range(current + 1, end, logs)
            if count is None:  # the chain changed under this range: check and retry
                self._check_reorg()
                current, _ = self.checkpoint()
                continue
            written += count
            if count > self.settings.max_events_per_range:
                self._range = max(self.settings.min_range, self._range // 2)
            elif self._range < self.settings.max_range:
                self._range = min(self.settings.max_range, self._range * 2)
            if self.on_progress:
                self.on_progress(Progress(current + 1, end, target, count, time.monotonic() - started))
            current = end
        return written

    def follow(self, *, poll_interval: float = 1.0, stop: Callable[[], bool] = lambda: False) -> None:
        """Keep indexing new blocks until `stop()` is true."""
        while not stop():
            self.sync()
            time.sleep(poll_interval)

    # ---- writing -----------------------------------------------------------------------

    def _write_range(self, start: int, end: int, raw_logs: list[Any]) -> int | None:
        decoded = [d for d in (self.decoder.decode(raw) for raw in raw_logs) if d is not None]
        decoded.sort(key=lambda d: d.order)
        headers = self._headers({d.block_number for d in decoded} | {end})
        # Logs must come from the same chain as the headers; otherwise a reorg raced us.
        if any(headers[d.block_number]["hash"] != d.block_hash for d in decoded):
            log.warning("blocks %d-%d changed while being read; re-checking", start, end)
            return None
        with self.sessions.begin() as session:
            events = [self._event(d, headers[d.block_number]["timestamp"]) for d in decoded]
            session.add_all(events)
            session.flush()
            projector.apply_all(session, events, undo=True)
            for number, header in headers.items():
                session.merge(
                    models.BlockRecord(
                        chain_id=self.chain_id, number=number, hash=header["hash"], timestamp=header["timestamp"]
                    )
                )
            session.execute(
                delete(models.BlockRecord).where(
                    models.BlockRecord.chain_id == self.chain_id,
                    models.BlockRecord.number <= end - self.settings.reorg_window,
                )
            )
            session.execute(
                delete(models.UndoRecord).where(
                    models.UndoRecord.chain_id == self.chain_id,
                    models.UndoRecord.block_number <= end - self.settings.reorg_window,
                )
            )
            session.merge(
                models.Checkpoint(
                    chain_id=self.chain_id,
                    block_number=end,
                    block_hash=headers[end]["hash"],
                    updated_at=datetime.now(UTC),
                )
            )
        return len(decoded)

    def _headers(self, numbers: set[int]) -> dict[int, dict[str, Any]]:
        result = {}
        for number in sorted(numbers):
            block = self._block(number)
            result[number] = {"hash": "0x" + bytes(block["hash"]).hex(), "timestamp": int(block["timestamp"])}
        return result

    def _event(self, decoded: DecodedLog, timestamp: int) -> models.Event:
        return models.Event(
            chain_id=self.chain_id,
            block_number=decoded.block_number,
            block_hash=decoded.block_hash,
            block_timestamp=timestamp,
            tx_hash=decoded.tx_hash,
            tx_index=decoded.tx_index,
            log_index=decoded.log_index,
            address=decoded.address,
            contract=decoded.contract,
            name=decoded.name,
            args=decoded.args,
        )

    # ---- reorgs ------------------------------------------------------------------------

    def _check_reorg(self) -> None:
        number, stored_hash = self.checkpoint()
        if stored_hash is None:
            return
        if self._chain_hash(number) == stored_hash:
            return
        ancestor = self._common_ancestor()
        with self.sessions.begin() as session:
            # Undo only what the orphaned blocks changed; replay everything only when the
            # reorg reaches blocks indexed without undo records.
            undo = ancestor >= self.manifest.start_block and projector.undo_covers(
                session, chain_id=self.chain_id, after=ancestor
            )
            rows = projector.undo_to(session, chain_id=self.chain_id, ancestor=ancestor) if undo else None
            removed = session.execute(  # type: ignore[attr-defined]  # a CursorResult for DML
                delete(models.Event).where(models.Event.chain_id == self.chain_id, models.Event.block_number > ancestor)
            ).rowcount
            session.execute(
                delete(models.BlockRecord).where(
                    models.BlockRecord.chain_id == self.chain_id, models.BlockRecord.number > ancestor
                )
            )
            if not undo:
                session.execute(delete(models.UndoRecord).where(models.UndoRecord.chain_id == self.chain_id))
                replayed = projector.rebuild(session, chain_id=self.chain_id)
            ancestor_hash = session.scalar(
                select(models.BlockRecord.hash).where(
                    models.BlockRecord.chain_id == self.chain_id, models.BlockRecord.number == ancestor
                )
            )
            if ancestor_hash is None:
                session.execute(delete(models.Checkpoint).where(models.Checkpoint.chain_id == self.chain_id))
            else:
                session.merge(
                    models.Checkpoint(
                        chain_id=self.chain_id,
                        block_number=ancestor,
                        block_hash=ancestor_hash,
                        updated_at=datetime.now(UTC),
                    )
                )
        self.reorgs.append(
            Reorg(
                detected_at=number,
                ancestor=ancestor,
                events_removed=removed or 0,
                rows_undone=rows,
                events_replayed=None if undo else replayed,
            )
        )
        log.warning(
            "reorg: block %d changed; rolled back to %d (%d events removed, %s), replaying",
            number,
            ancestor,
            removed or 0,
            f"{rows} rows undone" if undo else f"full rebuild: {replayed} events replayed",
        )

    def _chain_hash(self, number: int) -> str | None:
        """The chain's hash at `number`, or None when the chain is no longer that long."""

        def fetch() -> str | None:
            try:
                return "0x" + bytes(self.w3.eth.get_block(number)["hash"]).hex()
            except BlockNotFound:
                return None

        return self._rpc(f"eth_getBlockByNumber({number})", fetch)

    def _common_ancestor(self) -> int:
        """The newest stored block whose hash the chain still has; start - 1 if none does."""
        with self.sessions() as session:
            stored = session.execute(
                select(models.BlockRecord.number, models.BlockRecord.hash)
                .where(models.BlockRecord.chain_id == self.chain_id)
                .order_by(models.BlockRecord.number.desc())
            ).all()
        head = self.head()
        for number, stored_hash in stored:
            if number <= head and self._chain_hash(number) == stored_hash:
                return number
        return self.manifest.start_block - 1


class _Shrink(Exception):
    """Internal: retry the range with the smaller size just chosen."""
