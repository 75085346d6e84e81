"""Documents: what the indexer knows of one, and recording a published one for the read side."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.content.documents import StoredDocument
from api.db import models
from api.db.task_titles import copy_title_to_tasks
from api.http.errors import ApiError
from api.http.queries.common import document_ref, find_document
from api.http.schemas.documents import DocumentRef


def document_meta(session: Session, cid: str) -> DocumentRef:
    """The indexed record of `cid` (either spelling); 404 `document_not_found` when none."""
    row = find_document(session, cid)
    if row is None:
        raise ApiError(404, "document_not_found", f"document {cid} is not indexed")
    return document_ref(row)


def record_document(session: Session, stored: StoredDocument) -> bool:
    """Make the document visible to the read side (posts are never referenced on chain).

    True when this call recorded it; False when it was already there, or when a concurrent
    request (or the indexer) recorded it first: the unique CID decides, never a 500.
    """
    doc = stored.document
    try:
        # No autoflush: the pending row must not be flushed by the task-title query below,
        # outside the try that turns a lost race into "already stored".
        with session.no_autoflush:
            row = find_document(session, stored.cid)
            if row is not None and row.status == "ok":
                return False
            if row is None:
                row = models.Document(cid=stored.cid, attempts=0, first_seen_block=0)
                session.add(row)
            row.status, row.schema_id, row.kind = "ok", doc.schema_id, doc.kind
            row.body, row.author = doc.body_json, stored.author
            row.size, row.reason = stored.size, None
            created_at = doc.body_json.get("created_at") if doc.kind == "post" else None
            row.signed_at = int(created_at) if isinstance(created_at, int) else None
            row.fetched_at = datetime.now(UTC)
            copy_title_to_tasks(session, row)
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True
