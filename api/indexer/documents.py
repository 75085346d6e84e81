"""Fetch the documents that events point at: verify, validate, store; never block the chain.

A document referenced by an event starts `pending`. Each pass fetches the pending ones that
are due: bytes are verified against the CID, the envelope against its schema and signature.
- `ok`: stored with its kind, body and verified author.
- `invalid` (final): the bytes hash to the CID but are not a valid document (schema,
  canonical form, signature). Content-addressed bytes never change, so retrying is pointless.
- still `pending`: not found, store unreachable, or a node served wrong bytes. Retried with
  exponential back-off (`next_attempt_at`, capped at `retry_max`, 30 s by default), however long
  it takes; the chain cursor moves on. A document whose bytes appear in the embedded store is
  fetched at the next pass, whatever its back-off said (someone just published it).
"""

from __future__ import annotations

import logging
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
    ) -> None:
        self.store = store
        self.sessions = sessions
        self.domain = domain
        self.retry_initial = retry_initial
        self.retry_max = retry_max

    def fetch_due(self, *, limit: int = 100, now: datetime | None = None) -> FetchReport:
        """One pass over the pending documents whose retry time has come."""
        now = now or datetime.now(UTC)
        report = FetchReport()
        with self.sessions.begin() as session:
            due = list(session.scalars(
                select(models.Document)
                .where(models.Document.status == "pending")
                .where(or_(models.Document.next_attempt_at.is_(None), models.Document.next_attempt_at <= now))
                .order_by(models.Document.first_seen_block)
                .limit(limit)
            ).all())
            due += self._arrived(session, now, limit - len(due))
            for document in due:
                self._fetch(session, document, now, report)
        return report

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

    def _fetch(
        self, session: Session, row: models.Document, now: datetime, report: FetchReport
    ) -> None:
        row.attempts = (row.attempts or 0) + 1
        try:
            stored = read_document(store=self.store, cid=row.cid, domain=self.domain)
        except _FINAL as exc:
            row.status, row.reason, row.next_attempt_at = "invalid", f"{type(exc).__name__}: {exc}", None
            report.invalid += 1
            log.warning("document %s is invalid: %s", row.cid, exc)
            return
        except (DocumentNotFoundError, ContentMismatchError, ContentError, OSError) as exc:
            delay = min(self.retry_max, self.retry_initial * 2 ** (row.attempts - 1))
            row.reason = f"{type(exc).__name__}: {exc}"
            row.next_attempt_at = now + timedelta(seconds=delay)
            report.retrying += 1
            log.info("document %s not available (%s); retry in %.0f s", row.cid, exc, delay)
            return
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
