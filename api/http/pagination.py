"""Cursor pagination: an opaque cursor encodes the sort key of the last item returned.

Every list takes `limit` (capped by TEAL_PAGE_SIZE_MAX) and `cursor`; it answers
`{"items": [...], "next_cursor": "..." | null}`. A cursor past the end gives an empty page,
never an error; a cursor that does not decode (or belongs to another sort) is a 422, and
so is one whose numbers fall outside their column's range (BIGINT: a signed 64-bit integer,
what SQLite and PostgreSQL store; UINT256: a chain amount or proposal id) or whose strings are
not short printable ASCII: a hand-made cursor is answered like any other bad input.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from api.http.errors import ApiError

T = TypeVar("T")

BIGINT_MAX = 2**63 - 1  # SQLite INTEGER and PostgreSQL bigint
UINT256_MAX = 2**256 - 1
_PRINTABLE = re.compile(r"^[\x20-\x7e]{0,100}$")


class IntKind:
    """A cursor key that is a non-negative integer no larger than `maximum`."""

    def __init__(self, name: str, maximum: int) -> None:
        self.name, self.maximum = name, maximum

    def __call__(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError("not an integer")
        if isinstance(value, str) and not re.fullmatch(r"[0-9]{1,78}", value):
            raise ValueError("not ASCII digits")
        number = int(value)
        if not 0 <= number <= self.maximum:
            raise ValueError(f"outside the {self.name} range")
        return number


BIGINT = IntKind("bigint", BIGINT_MAX)
UINT256 = IntKind("uint256", UINT256_MAX)


def _text(value: object) -> str:
    if not isinstance(value, str) or not _PRINTABLE.match(value):
        raise ValueError("not short printable ASCII")
    return value


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to get the next page; null on the last page."
    )


def encode_cursor(sort: str, key: list[Any]) -> str:
    raw = json.dumps({"s": sort, "k": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, sort: str, kinds: tuple[type | Callable[[object], Any], ...]) -> list[Any] | None:
    """The cursor's key converted to `kinds`, or 422 `invalid_cursor`.

    A kind is BIGINT, UINT256 or `str`; plain `int` means BIGINT (every id column).
    """
    if cursor is None:
        return None
    try:
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,512}", cursor):
            raise ValueError("not base64url")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
        key = value["k"]
        ok = value["s"] == sort and isinstance(key, list) and len(key) == len(kinds)
        if ok:
            converters = [BIGINT if kind is int else _text if kind is str else kind for kind in kinds]
            key = [convert(k) for convert, k in zip(converters, key, strict=True)]
    except (ValueError, KeyError, TypeError, OverflowError, RecursionError, binascii.Error):
        ok = False
    if not ok:
        raise ApiError(
            422,
            "invalid_cursor",
            "cursor is not one this list returned (or the sort changed)",
            field="query.cursor",
        )
    return key
