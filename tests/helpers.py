"""Small helpers shared by the Brownie tests."""

from __future__ import annotations

import re
from typing import Any

DOCUMENT = {
    "schema": "teal/proposal@1",
    "body": {"title": "Fund the grants workstream", "summary": "A grant paid from the treasury."},
}


def error(name: str, *args: Any) -> str:
    """An exact `revert_pattern` for custom error `name` with `args`, as Brownie decodes it
    (addresses lower-cased, integers in decimal). Without args it matches any arguments."""
    if not args:
        return rf"{re.escape(name)}(: .*)?"
    shown = []
    for arg in args:
        text = str(arg)
        if re.fullmatch(r"0x[0-9a-fA-F]{40}", text):
            text = text.lower()
        shown.append(re.escape(text))
    return rf"{re.escape(name)}: " + re.escape(", ").join(shown)
