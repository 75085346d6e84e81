"""Lookups every resource shares: a document by either spelling of its CID, a document
reference, document titles."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.content.cid import parse_cid
from api.db import models
from api.http.schemas.documents import DocumentRef


def cid_spellings(cid: str) -> list[str]:
    """`cid` (canonical) then its other version's spelling, when it has one: one document."""
    parsed = parse_cid(cid)
    spellings = [cid]
    if parsed.version == 0:
        spellings.append(str(parsed.set(version=1, base="base32")))
    elif parsed.codec.name == "dag-pb":
        spellings.append(str(parsed.set(version=0, base="base58btc")))
    return spellings


def find_document(session: Session, cid: str) -> models.Document | None:
    """The indexed row for `cid` under either of its spellings (v0 or v1)."""
    for spelling in cid_spellings(cid):
        row = session.get(models.Document, spelling)
        if row is not None:
            return row
    return None


def document_ref(row: models.Document) -> DocumentRef:
    return DocumentRef(
        cid=row.cid,
        status=row.status,  # type: ignore[arg-type]
        schema_id=row.schema_id,
        author=row.author,
        body=row.body if row.status == "ok" else None,
        reason=row.reason,
    )


def doc_ref(session: Session, cid: str | None) -> DocumentRef | None:
    if not cid:
        return None
    row = session.get(models.Document, cid)
    if row is None:
        return DocumentRef(cid=cid, status="unknown")
    return document_ref(row)


def titles(session: Session, cids: set[str]) -> dict[str, str]:
    """Titles of the given documents (ok ones that have a `title`), by CID."""
    if not cids:
        return {}
    # Primary-key lookups only: a `status` condition here makes SQLite pick the status index.
    rows = session.execute(
        select(models.Document.cid, models.Document.status, models.Document.body["title"].as_string()).where(
            models.Document.cid.in_(cids)
        )
    )
    return {cid: title for cid, status, title in rows if title and status == "ok"}
