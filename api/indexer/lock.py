"""One writer per database: a second indexer waits until the first stops.

PostgreSQL: a session-level advisory lock, released by the server when the holder's
connection ends (also on a crash). SQLite: an exclusive `flock` on a file beside the
database, released by the kernel when the holder exits, however it exits.
"""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

log = logging.getLogger(__name__)

# Arbitrary but fixed: "teal" in ASCII, the advisory lock key every Teal indexer uses.
ADVISORY_LOCK_KEY = 0x7465616C


class LockWaitStopped(Exception):
    """`stop()` turned true while waiting for another indexer to let go of the lock."""


@contextmanager
def writer_lock(
    engine: Engine, *, poll_interval: float = 1.0, stop: Callable[[], bool] = lambda: False
) -> Iterator[None]:
    """Hold the database's single-writer lock for the duration of the block (waiting for
    it if another indexer holds it; `stop()` turning true ends the wait with LockWaitStopped
    within a tenth of a second)."""
    if engine.dialect.name == "postgresql":
        with _postgres_lock(engine, poll_interval, stop):
            yield
    elif engine.dialect.name == "sqlite":
        with _sqlite_lock(engine, poll_interval, stop):
            yield
    else:
        raise RuntimeError(f"no writer lock for database dialect {engine.dialect.name!r}")


@contextmanager
def _postgres_lock(engine: Engine, poll_interval: float, stop: Callable[[], bool]) -> Iterator[None]:
    with engine.connect() as connection:
        waited = False
        while not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY}).scalar():
            if not waited:
                log.info("another indexer holds the writer lock; waiting")
                waited = True
            connection.rollback()
            _pause(poll_interval, stop)
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
            connection.commit()


@contextmanager
def _sqlite_lock(engine: Engine, poll_interval: float, stop: Callable[[], bool]) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield  # a private in-memory database has a single writer by construction
        return
    path = lock_file(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        waited = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited:
                    log.info("another indexer holds %s; waiting", path)
                    waited = True
                _pause(poll_interval, stop)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lock_file(database: str) -> Path:
    """The file an SQLite database's writer holds locked."""
    return Path(database).with_suffix(Path(database).suffix + ".writer-lock")


def _pause(seconds: float, stop: Callable[[], bool]) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if stop():
            raise LockWaitStopped("stopped while waiting for the writer lock")
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(0.1, left))
