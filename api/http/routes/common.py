"""Helpers shared by the routers: document references, amounts, ids, CID checks.

One rule per kind of input, used by every route (and the dashboard's pages):
- ids (path and query) are ASCII decimal digits within the database's BIGINT range:
  `AsciiInt`, `parse_id`; `+1`, ` 1`, `1.0`, `1_0`, `٣` and `３` are refused, never coerced;
- booleans in the query string are exactly `true` or `false` (`StrictBool`);
- a CID is accepted only in its canonical spelling (`checked_cid`, 422 `non_canonical_cid`
  naming the canonical one), and a CIDv0 and the CIDv1 it converts to name one document on
  every route (`cid_spellings`, `find_document`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BeforeValidator
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.content import InvalidCidError, normalize_cid
from api.content.cid import parse_cid
from api.db import models
from api.http.errors import ApiError, quote
from api.http.pagination import BIGINT_MAX
from api.http.schemas.documents import DocumentRef

_ASCII_ID = re.compile(r"[0-9]{1,19}")


def parse_id(text: str) -> int | None:
    """`text` as an id: ASCII decimal digits within BIGINT, or None."""
    if not _ASCII_ID.fullmatch(text):
        return None
    number = int(text)
    return number if number <= BIGINT_MAX else None


def _ascii_digits(value: Any) -> Any:
    """Before int parsing: a string must be ASCII digits (int() would take '٣', ' 1', '1_0')."""
    if isinstance(value, str) and not _ASCII_ID.fullmatch(value):
        raise ValueError("must be a whole number in ASCII digits 0-9 (at most 19 of them)")
    return value


def _strict_bool(value: Any) -> Any:
    if isinstance(value, str) and value not in ("true", "false"):
        raise ValueError("must be true or false")
    return value


# Every integer in a path or query string: `Annotated[AsciiInt, Path(ge=0, le=BIGINT_MAX)]`.
AsciiInt = Annotated[int, BeforeValidator(_ascii_digits)]
StrictBool = Annotated[bool, BeforeValidator(_strict_bool)]

Limit = Annotated[
    AsciiInt | None, Query(ge=1, le=1000, description="Page size (capped by TEAL_PAGE_SIZE_MAX).")
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
    """`value` when it is a valid CID in its canonical spelling (base58btc v0, base32 v1)."""
    try:
        canonical = normalize_cid(value)
    except (InvalidCidError, ValueError) as exc:
        raise ApiError(
            422,
            "invalid_cid",
            f"{quote(value)} is not a valid CID: {quote(str(getattr(exc, 'reason', exc)))}",
            field=field,
        ) from None
    if canonical != value:
        raise ApiError(
            422,
            "non_canonical_cid",
            f"{quote(value)} is not the canonical spelling of this CID; use {canonical}",
            field=field,
        )
    return value


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


def uint256(value: str, field: str) -> int:
    if not re.fullmatch(r"[0-9]{1,78}", value):
        raise ApiError(422, "invalid_request", "value is not ASCII decimal digits", field=field)
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
