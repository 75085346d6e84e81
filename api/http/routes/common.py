"""Parsing shared by the routers: amounts, ids, booleans, CID checks.

One rule per kind of input, used by every route (and the dashboard's pages):
- ids (path and query) are ASCII decimal digits within the database's BIGINT range:
  `AsciiInt`, `parse_id`; `+1`, ` 1`, `1.0`, `1_0`, `٣` and `３` are refused, never coerced;
- booleans in the query string are exactly `true` or `false` (`StrictBool`);
- a CID is accepted only in its canonical spelling (`checked_cid`, 422 `non_canonical_cid`
  naming the canonical one), and a CIDv0 and the CIDv1 it converts to name one document on
  every route (`api.http.queries.common.cid_spellings`, `find_document`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BeforeValidator

from api.content import InvalidCidError, normalize_cid
from api.http.errors import ApiError, quote
from api.http.pagination import BIGINT_MAX

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

Limit = Annotated[AsciiInt | None, Query(ge=1, le=1000, description="Page size (capped by TEAL_PAGE_SIZE_MAX).")]
Cursor = Annotated[str | None, Query(max_length=512, description="`next_cursor` of the previous page.")]
CidPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=128,
        description="A CID (v0 `Qm...` or v1).",
        examples=["QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"],
    ),
]
Uint256Path = Annotated[str, Path(pattern=r"^[0-9]{1,78}$", description="A uint256 in decimal.", examples=["1"])]


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


def uint256(value: str, field: str) -> int:
    if not re.fullmatch(r"[0-9]{1,78}", value):
        raise ApiError(422, "invalid_request", "value is not ASCII decimal digits", field=field)
    number = int(value)
    if number >= 2**256:
        raise ApiError(422, "invalid_request", "value does not fit in uint256", field=field)
    return number
