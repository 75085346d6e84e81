"""Waiting for the indexer behind a running API, as a client of that API would."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

INDEX_TIMEOUT = 60


def wait_until_indexed(http: Any, block: int, *, documents: Iterable[str] | None = None) -> None:
    """The indexer has reached `block` and the chain's head, and has fetched `documents` (the
    CIDs a test published), or every document it knows of when `documents` is None.

    A test that published its own documents names them: a devnet shared with other tests may
    hold a CID that some test put on chain without publishing it, and that one stays pending
    for good (as it should), so a wait for "nothing pending" would never end."""
    wanted = None if documents is None else set(documents)
    deadline, seen = time.monotonic() + INDEX_TIMEOUT, {}
    while time.monotonic() < deadline:
        seen = http.get("/chain").json()
        if seen["indexed_block"] >= block and seen["lag_blocks"] == 0:
            if wanted is None and seen["documents_pending"] == 0:
                return
            if wanted is not None:
                statuses = {cid: http.get(f"/documents/{cid}/meta").json()["status"] for cid in wanted}
                seen = {**seen, "documents": statuses}
                if all(status in ("ok", "invalid") for status in statuses.values()):
                    return
        time.sleep(0.2)
    raise AssertionError(f"the indexer did not catch up with block {block}: {seen}")
