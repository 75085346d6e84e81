"""Fetch the documents that events point at: verify, validate, store; never block the chain.

The indexer runs the fetcher in its own thread (`DocumentWorker`), never in the block loop: a
document an IPFS node cannot find hangs for up to TEAL_DOCUMENT_FETCH_TIMEOUT, and blocks keep
being indexed meanwhile.

A document referenced by an event starts `pending`. Each pass fetches the pending ones that
are due: bytes are verified against the CID, the envelope against its schema and signature.
- `ok`: stored with its kind, body and verified author (a contract account's signature is
  checked by EIP-1271 `isValidSignature` when the fetcher has a chain connection). Whether
  that author is the account that referenced the document on chain is its attribution
  (`Document.signers`, kept by the handlers; see api.http.queries.common.attribution).
- `invalid` (final): the bytes hash to the CID but are not a valid document (schema,
  canonical form, signature). Content-addressed bytes never change, so retrying is pointless.
- still `pending`: not found, store unreachable, or a node served wrong bytes. Retried with
  exponential back-off (`next_attempt_at`, capped at `retry_max`, 30 s by default), however long
  it takes; the chain cursor moves on. A document whose bytes appear in the embedded store is
  fetched at the next pass, whatever its back-off said (someone just published it).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from api.content import (
    ContentError,
    ContentMismatchError,
    DocumentNotFoundError,
    DocumentSchemaError,
    DocumentStore,
    DocumentTooLargeError,
    InvalidCidError,
    NonCanonicalDocumentError,
    SignatureError,
    SigningDomain,
    read_document,
)
from api.content.documents import StoredDocument
from api.content.signing import ContractSignatureCheck
from api.db import models
from api.db.task_titles import copy_title_to_tasks

log = logging.getLogger(__name__)

# Errors that mean "these bytes are not, and never will be, a valid document".
_FINAL = (DocumentSchemaError, NonCanonicalDocumentError, SignatureError, DocumentTooLargeError, InvalidCidError)


@dataclass
class FetchReport:
    ok: int = 0
    invalid: int = 0
    retrying: int = 0


class DocumentFetcher:
    def __init__(
        self,
        *,
        store: DocumentStore,
        sessions: sessionmaker[Session],
        domain: SigningDomain | None,
        retry_initial: float = 2.0,
        retry_max: float = 30.0,
        concurrency: int = 8,
        contract_check: ContractSignatureCheck | None = None,
    ) -> None:
        self.store = store
        self.contract_check = contract_check  # EIP-1271 for contract authors (see eip1271_check)
        self.sessions = sessions
        self.domain = domain
        self.retry_initial = retry_initial
        self.retry_max = retry_max
        self.concurrency = concurrency

    def fetch_due(
        self, *, limit: int = 100, now: datetime | None = None, stop: Callable[[], bool] = lambda: False
    ) -> FetchReport:
        """One pass over the pending documents whose retry time has come.

        Reads run with no database transaction open (up to `concurrency` at once, each bounded
        by the store's fetch timeout); each result is then written in its own short
        transaction, so a slow or silent IPFS node never holds a lock the block loop needs."""
        now = now or datetime.now(UTC)
        report = FetchReport()
        with self.sessions() as session:
            due = list(
                session.scalars(
                    select(models.Document.cid)
                    .where(models.Document.status == "pending")
                    .where(or_(models.Document.next_attempt_at.is_(None), models.Document.next_attempt_at <= now))
                    .order_by(models.Document.first_seen_block)
                    .limit(limit)
                ).all()
            )
            due += [row.cid for row in self._arrived(session, now, limit - len(due))]
        if not due:
            return report
        size = max(1, min(self.concurrency, len(due)))
        with ThreadPoolExecutor(max_workers=size, thread_name_prefix="teal-document") as pool:
            for start in range(0, len(due), size):  # a batch at a time: `stop` waits one fetch timeout at most
                if stop():
                    break
                batch = due[start : start + size]
                for cid, outcome in zip(batch, pool.map(self._read, batch), strict=True):
                    with self.sessions.begin() as session:
                        row = session.get(models.Document, cid)
                        if row is None or row.status != "pending":  # recorded meanwhile (e.g. by the API)
                            continue
                        self._record(session, row, outcome, now, report)
        return report

    def _read(self, cid: str) -> StoredDocument | Exception:
        """The verified document, or the error that explains why not (never raises those)."""
        try:
            return read_document(store=self.store, cid=cid, domain=self.domain, contract_check=self.contract_check)
        except (*_FINAL, DocumentNotFoundError, ContentMismatchError, ContentError, OSError) as exc:
            return exc

    def _arrived(self, session: Session, now: datetime, limit: int) -> list[models.Document]:
        """Pending documents still backing off whose bytes are now in the embedded store."""
        path_for = getattr(self.store, "path_for", None)  # LocalStore: a file per CID
        if path_for is None or limit <= 0:
            return []
        waiting = session.scalars(
            select(models.Document)
            .where(models.Document.status == "pending")
            .where(models.Document.next_attempt_at > now)
            .order_by(models.Document.first_seen_block)
            .limit(1000)
        ).all()
        arrived = []
        for row in waiting:
            try:
                present = path_for(row.cid).exists()
            except (ContentError, ValueError, OSError):
                present = False
            if present:
                arrived.append(row)
                if len(arrived) >= limit:
                    break
        return arrived

    def _record(
        self,
        session: Session,
        row: models.Document,
        outcome: StoredDocument | Exception,
        now: datetime,
        report: FetchReport,
    ) -> None:
        row.attempts = (row.attempts or 0) + 1
        if isinstance(outcome, _FINAL):
            row.status, row.reason, row.next_attempt_at = "invalid", f"{type(outcome).__name__}: {outcome}", None
            report.invalid += 1
            log.warning("document %s is invalid: %s", row.cid, outcome)
            return
        if isinstance(outcome, Exception):
            delay = min(self.retry_max, self.retry_initial * 2 ** (row.attempts - 1))
            row.reason = f"{type(outcome).__name__}: {outcome}"
            row.next_attempt_at = now + timedelta(seconds=delay)
            report.retrying += 1
            log.info("document %s not available (%s); retry in %.0f s", row.cid, outcome, delay)
            return
        stored = outcome
        doc = stored.document
        row.status = "ok"
        row.schema_id = doc.schema_id
        row.kind = doc.schema_id.split("/", 1)[-1].split("@", 1)[0]
        row.body = doc.body_json
        row.author = stored.author
        row.size = stored.size
        row.reason = None
        row.next_attempt_at = None
        row.fetched_at = now
        copy_title_to_tasks(session, row)
        report.ok += 1


class DocumentWorker:
    """Runs `DocumentFetcher` passes in its own thread, beside the indexer's block loop.

    The block loop never waits for a document: a pass that hangs on an IPFS node delays only
    the next pass. Errors of a pass itself (database gone, ...) back off exponentially up to
    `retry_max`; per-document back-off is the fetcher's."""

    def __init__(self, fetcher: DocumentFetcher, *, idle: float = 1.0) -> None:
        self.fetcher = fetcher
        self.idle = idle
        self.totals = FetchReport()
        self._halt = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="teal-documents", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the worker to stop and wait for the pass under way (bounded by fetch timeouts)."""
        self._halt.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def add(self, report: FetchReport) -> None:
        with self._lock:
            self.totals.ok += report.ok
            self.totals.invalid += report.invalid
            self.totals.retrying = report.retrying

    def _run(self) -> None:
        failures = 0
        while not self._halt.is_set():
            try:
                report = self.fetcher.fetch_due(stop=self._halt.is_set)
            except Exception:
                failures += 1
                delay = min(self.fetcher.retry_max, self.idle * 2**failures)
                log.exception("document pass failed; next pass in %.1f s", delay)
                self._halt.wait(delay)
                continue
            failures = 0
            self.add(report)
            if report.ok + report.invalid + report.retrying == 0:
                self._halt.wait(self.idle)
            else:
                self._halt.wait(min(self.idle, 0.05))
