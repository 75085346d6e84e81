"""One writer per database: a second indexer waits until the first stops.

PostgreSQL: a session-level advisory lock, released by the server when the holder's
connection ends (also on a crash). SQLite: an exclusive `flock` on a file beside the
database, released by the kernel when the holder exits, however it exits.
"""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

log = logging.getLogger(__name__)

# Arbitrary but fixed: "teal" in ASCII, the advisory lock key every Teal indexer uses.
ADVISORY_LOCK_KEY = 0x7465616C


@contextmanager
def writer_lock(engine: Engine, *, poll_interval: float = 1.0) -> Iterator[None]:
    """Hold the database's single-writer lock for the duration of the block (waiting for
    it if another indexer holds it)."""
    if engine.dialect.name == "postgresql":
        with _postgres_lock(engine, poll_interval):
            yield
    elif engine.dialect.name == "sqlite":
        with _sqlite_lock(engine, poll_interval):
            yield
    else:
        raise RuntimeError(f"no writer lock for database dialect {engine.dialect.name!r}")


@contextmanager
def _postgres_lock(engine: Engine, poll_interval: float) -> Iterator[None]:
    with engine.connect() as connection:
        waited = False
        while not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY}).scalar():
            if not waited:
                log.info("another indexer holds the writer lock; waiting")
                waited = True
            connection.rollback()
            time.sleep(poll_interval)
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
            connection.commit()


@contextmanager
def _sqlite_lock(engine: Engine, poll_interval: float) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield  # a private in-memory database has a single writer by construction
        return
    path = Path(database).with_suffix(Path(database).suffix + ".writer-lock")
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
                time.sleep(poll_interval)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
