"""How the dashboard writes numbers, times and addresses for people.

Amounts arrive from the API as decimal strings in base units; they are shown in whole tokens
with exact decimal arithmetic (no float rounding of uint256 values), and pages keep the raw
value beside it in a `<data value=...>` element for machines and tests.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

DECIMALS = 18
REASON_CHARS = 160
_ERROR_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*(Error|Exception): (invalid document: )?")


def tokens(raw: str | int | None, symbol: str = "TEAL", decimals: int = DECIMALS) -> str:
    """`1234500000000000000000` -> `1,234.5 TEAL` (at most 4 decimals, trailing zeros cut)."""
    if raw is None:
        return "–"
    value = Decimal(int(raw)) / (Decimal(10) ** decimals)
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{text} {symbol}".strip()


def duration(seconds: float | None) -> str:
    """Seconds as the largest unit that reads well: `45 s`, `12 min`, `5.5 h`, `3.2 d`."""
    if seconds is None:
        return "–"
    s = float(seconds)
    if s < 90:
        return f"{s:.0f} s"
    if s < 90 * 60:
        return f"{s / 60:.0f} min"
    if s < 48 * 3600:
        return f"{s / 3600:.1f} h".replace(".0 h", " h")
    return f"{s / 86400:.1f} d".replace(".0 d", " d")


def when(ts: int | None) -> str:
    """Unix seconds as `2026-11-23 11:30 UTC`."""
    if ts is None:
        return "–"
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def iso(ts: int | None) -> str:
    """Unix seconds as ISO 8601 in UTC, for `<time datetime=...>`."""
    if ts is None:
        return ""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def reason(text: str | None) -> str:
    """An indexer's reason for people: no exception class name, one line, at most
    REASON_CHARS characters (`DocumentSchemaError: invalid document: body.title: too long`
    -> `body.title: too long`)."""
    if not text:
        return ""
    line = " ".join(_ERROR_NAME.sub("", text.strip()).split())
    return line if len(line) <= REASON_CHARS else line[: REASON_CHARS - 1].rstrip() + "…"


def day(ts: int | None) -> str:
    if ts is None:
        return "–"
    return datetime.fromtimestamp(ts, UTC).strftime("%d %b")


def short(address: str | None) -> str:
    """`0x66aB6D9362d4F35596279692F0251Db635165871` -> `0x66aB…5871`."""
    if not address:
        return "–"
    return f"{address[:6]}…{address[-4:]}" if len(address) > 12 else address


def percent(ratio: float | None, digits: int = 1) -> str:
    if ratio is None:
        return "–"
    return f"{ratio * 100:.{digits}f}%"


def share(part: str | int, whole: str | int) -> float:
    """part / whole of two uint256 decimal strings, for bar widths (0 when whole is 0)."""
    w = int(whole)
    return 0.0 if w == 0 else min(1.0, int(part) / w)
