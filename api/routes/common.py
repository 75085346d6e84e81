"""Helpers shared by the routers: document references, amounts, CID checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.content import InvalidCidError, normalize_cid
from api.db import models
from api.errors import ApiError
from api.schemas_http import DocumentRef

Limit = Annotated[
    int | None, Query(ge=1, le=1000, description="Page size (capped by TEAL_PAGE_SIZE_MAX).")
]
Cursor = Annotated[
    str | None, Query(max_length=512, description="`next_cursor` of the previous page.")
]
CidPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=128,
        description="A CID (v0 `Qm...` or v1).",
        examples=["QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"],
    ),
]
Uint256Path = Annotated[
    str, Path(pattern=r"^[0-9]{1,78}$", description="A uint256 in decimal.", examples=["1"])
]


def checked_cid(value: str, field: str) -> str:
    try:
        normalize_cid(value)
    except (InvalidCidError, ValueError) as exc:
        raise ApiError(
            422,
            "invalid_cid",
            f"{value!r} is not a valid CID: {getattr(exc, 'reason', exc)}",
            field=field,
        ) from None
    return value


def uint256(value: str, field: str) -> int:
    number = int(value)
    if number >= 2**256:
        raise ApiError(422, "invalid_request", "value does not fit in uint256", field=field)
    return number


def doc_ref(session: Session, cid: str | None) -> DocumentRef | None:
    if not cid:
        return None
    row = session.get(models.Document, cid)
    if row is None:
        return DocumentRef(cid=cid, status="unknown")
    return DocumentRef(
        cid=cid,
        status=row.status,  # type: ignore[arg-type]
        schema_id=row.schema_id,
        author=row.author,
        body=row.body if row.status == "ok" else None,
        reason=row.reason,
    )


def titles(session: Session, cids: set[str]) -> dict[str, str]:
    """Titles of the given documents (ok ones that have a `title`), by CID."""
    if not cids:
        return {}
    # Primary-key lookups only: a `status` condition here makes SQLite pick the status index.
    rows = session.execute(
        select(
            models.Document.cid, models.Document.status, models.Document.body["title"].as_string()
        ).where(models.Document.cid.in_(cids))
    )
    return {cid: title for cid, status, title in rows if title and status == "ok"}
