"""Canonical JSON bytes (RFC 8785, JCS), so one document has one CID whoever serialises it.

Serialisation is the maintained `rfc8785` library. Parsing is strict in the ways that would
otherwise let two different byte strings mean the same document: duplicate keys are refused,
and `parse_canonical` insists the bytes are exactly the canonical form of what they parse to.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

import rfc8785

from api.content.errors import NonCanonicalDocumentError


def canonical_bytes(value: Any) -> bytes:
    """RFC 8785 bytes of a JSON value (dicts, lists, str, int within 2**53, bool, None)."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        raise ValueError(f"value cannot be canonicalised (RFC 8785): {exc}") from exc


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def parse_json_strict(data: bytes) -> Any:
    """Parse UTF-8 JSON, refusing duplicate keys and NaN/Infinity."""

    def reject_constant(name: str) -> NoReturn:
        raise ValueError(f"{name} is not JSON")

    return json.loads(
        data.decode("utf-8"),
        object_pairs_hook=_no_duplicate_keys,
        parse_constant=reject_constant,
    )


def parse_canonical(data: bytes, *, cid: str | None = None) -> Any:
    """Parse bytes that must be RFC 8785 canonical JSON; anything else is refused."""
    try:
        value = parse_json_strict(data)
        again = canonical_bytes(value)
    except (UnicodeDecodeError, ValueError) as exc:
        raise NonCanonicalDocumentError(cid, str(exc)) from exc
    if again != data:
        raise NonCanonicalDocumentError(cid, "bytes differ from the canonical serialisation")
    return value
