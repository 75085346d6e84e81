"""The embedded document store: files in a directory, needing nothing running.

Layout: `<root>/objects/<2 chars>/<key>` where `key` is the CIDv1 base32 form of the DAG
root (so a CIDv0 and its CIDv1 spelling find the same file) and the two characters before
the last one shard the directory, like Kubo's flatfs `next-to-last/2`. Each `put` writes the
whole file under the key of its CIDv0 root and of its CIDv1 (raw-leaves) root, so either
CID that `ipfs add` could print reads it back.

Writes go to a temporary file in the same directory, are fsynced, then `os.replace`d into
place: a concurrent reader sees no file or the complete file, never a partial one. Every
read rebuilds the CID from the bytes, so a file corrupted on disk is refused, not served.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path

from api.content.cid import compute_cid, storage_key, verify_file
from api.content.errors import (
    ContentMismatchError,
    DocumentNotFoundError,
    DocumentTooLargeError,
)
from api.content.store import DocumentStore

log = logging.getLogger(__name__)


class LocalStore(DocumentStore):
    def __init__(self, *, root: Path, cid_version: int = 0, max_bytes: int = 1_048_576) -> None:
        if cid_version not in (0, 1):
            raise ValueError(f"cid_version must be 0 or 1, not {cid_version!r}")
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.cid_version = cid_version
        self.max_bytes = max_bytes
        self.objects.mkdir(parents=True, exist_ok=True)

    def __repr__(self) -> str:
        return f"LocalStore(root={str(self.root)!r}, cid_version={self.cid_version})"

    def path_for(self, cid: str) -> Path:
        """Where the file for `cid` lives (whether or not it exists)."""
        key = storage_key(cid)
        return self.objects / key[-3:-1] / key

    def put(self, data: bytes) -> str:
        if len(data) > self.max_bytes:
            raise DocumentTooLargeError(len(data), self.max_bytes)
        cids = {0: compute_cid(data, cid_version=0), 1: compute_cid(data, cid_version=1)}
        for cid in cids.values():
            self._write(cid, data)
        log.debug("stored %d bytes as %s / %s", len(data), cids[0], cids[1])
        return cids[self.cid_version]

    def _write(self, cid: str, data: bytes) -> None:
        path = self.path_for(cid)
        if self._holds_valid(cid, path):
            return  # content-addressed: an intact copy is already the same bytes
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        self._fsync_dir(path.parent)

    def _holds_valid(self, cid: str, path: Path) -> bool:
        try:
            verify_file(cid, path.read_bytes())
        except (FileNotFoundError, ContentMismatchError):
            return False  # missing, or corrupted on disk: (re)write it
        return True

    @staticmethod
    def _fsync_dir(directory: Path) -> None:
        # Makes the rename itself durable; not every platform can open a directory.
        try:
            fd = os.open(directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    def get(self, cid: str) -> bytes:
        path = self.path_for(cid)
        try:
            with path.open("rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except FileNotFoundError:
            raise DocumentNotFoundError(cid) from None
        if len(data) > self.max_bytes:
            raise DocumentTooLargeError(os.path.getsize(path), self.max_bytes, cid)
        verify_file(cid, data)
        return data

    def has(self, cid: str) -> bool:
        return self.path_for(cid).is_file()

    def pin(self, cid: str) -> None:
        # The embedded store never collects garbage: everything stored stays, so pinning
        # only has to confirm the document is here.
        if not self.has(cid):
            raise DocumentNotFoundError(cid)
