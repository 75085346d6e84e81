"""Posts that survive the database: per-day, append-only index documents and a heads file.

Every post the API accepts is listed in its day's index (`teal/post-index@1`, the UTC day of
the post's signed `created_at`). An index is a chain of pages, each a content-addressed
document of at most `POST_INDEX_PAGE` post CIDs: appending copies the newest page with one
more CID (same `previous`), or, when that page is full, starts a page whose `previous` is it.
A page, once written, never changes: a superseded copy is simply no longer named.

The newest page of each day is named in the heads file, `<documents_dir>/heads/posts.json`
(`{"days": {"2026-11-29": "<cid>", ...}}`), next to the embedded store's objects, so
`teal index` finds every post from the store and that file alone (api.indexer.posts). The
file is rewritten atomically under an exclusive lock, so several API workers on one machine
append without losing each other's posts.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from api.content.documents import publish_document, read_document
from api.content.schemas import POST_INDEX_PAGE
from api.content.store import DocumentStore


def heads_path(documents_dir: Path) -> Path:
    return Path(documents_dir) / "heads" / "posts.json"


def day_of(created_at: int) -> str:
    """The UTC day (YYYY-MM-DD) a post's signed time falls on."""
    return datetime.fromtimestamp(created_at, UTC).strftime("%Y-%m-%d")


class PostIndex:
    def __init__(self, *, store: DocumentStore, documents_dir: Path) -> None:
        self.store = store
        self.path = heads_path(documents_dir)

    def heads(self) -> dict[str, str]:
        """The newest page's CID of each day ({} when nothing was ever indexed)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return dict(data.get("days", {}))

    def append(self, cid: str, *, day: str) -> str:
        """List post `cid` in `day`'s index (once); returns the day's new head page CID."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            heads = self.heads()
            head = heads.get(day)
            posts: list[str] = []
            previous: str | None = None
            if head is not None:
                page_posts, page_previous = self._page(head)
                if cid in page_posts:
                    return head
                if len(page_posts) < POST_INDEX_PAGE:
                    posts, previous = page_posts, page_previous
                else:
                    previous = head
            body: dict[str, object] = {"day": day, "posts": [*posts, cid]}
            if previous is not None:
                body["previous"] = previous
            stored = publish_document(store=self.store, document={"schema": "teal/post-index@1", "body": body})
            heads[day] = stored.cid
            self._write_heads(heads)
            return stored.cid

    def posts(self, day: str) -> list[str]:
        """Every post CID listed for `day`, oldest page first."""
        head = self.heads().get(day)
        pages: list[list[str]] = []
        seen: set[str] = set()
        while head is not None and head not in seen:
            seen.add(head)
            page_posts, head = self._page(head)
            pages.append(page_posts)
        return [cid for page in reversed(pages) for cid in page]

    def all_posts(self) -> Iterator[tuple[str, str]]:
        """(day, post CID) of every indexed post, day by day."""
        for day in sorted(self.heads()):
            for cid in self.posts(day):
                yield day, cid

    def _page(self, cid: str) -> tuple[list[str], str | None]:
        """A page's post CIDs and its `previous` page."""
        doc = read_document(store=self.store, cid=cid).document
        if doc.schema_id != "teal/post-index@1":
            raise ValueError(f"{cid} is a {doc.schema_id} document, not a post index page")
        previous = doc.body_json.get("previous")
        return [str(c) for c in doc.body_json["posts"]], str(previous) if previous else None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.path.with_suffix(".lock"), "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _write_heads(self, heads: dict[str, str]) -> None:
        data = json.dumps({"days": dict(sorted(heads.items()))}, indent=1).encode()
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".posts-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise


__all__ = ["PostIndex", "day_of", "heads_path"]
