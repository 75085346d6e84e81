"""Lookups every resource shares: a document by either spelling of its CID, a document
reference, document titles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

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


Attribution = Literal["attributed", "unattributed"]


def attribution(row: models.Document | None, signers: Iterable[str] | None) -> Attribution | None:
    """Whether a fetched document was signed by one of `signers` (the accounts whose
    transactions referenced it; by default the document's own `signers`, as the indexer
    recorded them): None while not fetched or when there is no actor to check against.

    Derived when read, from the verified author and the indexed references, so a reorg or a
    re-index (which undo or replay the references) can never leave a stale verdict."""
    if row is None or row.status != "ok" or signers is None:
        return None
    allowed = {s.lower() for s in signers}
    if not allowed:
        return None
    return "attributed" if row.author is not None and row.author.lower() in allowed else "unattributed"


def document_ref(row: models.Document, *, signers: Iterable[str] | None = None) -> DocumentRef:
    """`signers`: the actors of the reference being shown (e.g. this task's creator);
    without them, every account that referenced the document."""
    return DocumentRef(
        cid=row.cid,
        status=row.status,  # type: ignore[arg-type]
        schema_id=row.schema_id,
        author=row.author,
        body=row.body if row.status == "ok" else None,
        reason=row.reason,
        attribution=attribution(row, row.signers if signers is None else signers),
        signers=row.signers,
    )


def doc_ref(session: Session, cid: str | None, *, signers: Iterable[str] | None = None) -> DocumentRef | None:
    if not cid:
        return None
    row = session.get(models.Document, cid)
    if row is None:
        return DocumentRef(cid=cid, status="unknown")
    return document_ref(row, signers=signers)


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
