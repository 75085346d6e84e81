"""Cursor pagination: an opaque cursor encodes the sort key of the last item returned.

Every list takes `limit` (capped by TEAL_PAGE_SIZE_MAX) and `cursor`; it answers
`{"items": [...], "next_cursor": "..." | null}`. A cursor past the end gives an empty page,
never an error; a cursor that does not decode (or belongs to another sort) is a 422.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from api.errors import ApiError

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to get the next page; null on the last page."
    )


def encode_cursor(sort: str, key: list[Any]) -> str:
    raw = json.dumps({"s": sort, "k": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, sort: str, kinds: tuple[type, ...]) -> list[Any] | None:
    """The cursor's key converted to `kinds` (e.g. (int, int)), or 422 `invalid_cursor`."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
        key = value["k"]
        ok = value["s"] == sort and isinstance(key, list) and len(key) == len(kinds)
        ok = ok and all(isinstance(k, (int, str)) and not isinstance(k, bool) for k in key)
        if ok:
            key = [kind(k) for kind, k in zip(kinds, key, strict=True)]
            ok = all(k >= 0 for k in key if isinstance(k, int)) and all(
                len(str(k)) <= 100 for k in key
            )
    except (ValueError, KeyError, TypeError, OverflowError):
        ok = False
    if not ok:
        raise ApiError(
            422,
            "invalid_cursor",
            "cursor is not one this list returned (or the sort changed)",
            field="query.cursor",
        )
    return key
