"""Wire the indexer together from settings: writer lock, migrations, scanner, documents.

The block loop (scanner) and the document fetches run side by side: documents in a
`DocumentWorker` thread, so an IPFS node that cannot find a CID never holds back the chain
cursor. A one-shot run (`follow=False`) ends with one more pass over the due documents.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.chain.manifest import load_manifest
from api.chain.rpc import Backoff, connect
from api.content import SigningDomain, open_store
from api.content.eip1271 import eip1271_check
from api.db import models
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from api.indexer.documents import DocumentFetcher, DocumentWorker
from api.indexer.lock import LockWaitStopped, writer_lock
from api.indexer.posts import restore_posts
from api.indexer.scanner import Progress, Scanner, ScanSettings
from api.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    events: int
    checkpoint: int
    documents_ok: int
    documents_pending: int
    documents_invalid: int
    stopped_waiting: bool = False  # stopped before the writer lock was free: nothing indexed


def run_indexer(
    settings: Settings,
    *,
    follow: bool,
    on_progress: Callable[[Progress], None] | None = None,
    stop: Callable[[], bool] = lambda: False,
    rpc_attempts: int | None = None,
) -> RunSummary:
    """Index to the head (and keep following when `follow`), holding the writer lock."""
    manifest = load_manifest(settings.manifest)
    engine = make_engine(settings.database)
    sessions = make_sessionmaker(engine)
    store = open_store(settings)
    governor = manifest.contracts.get("TealGovernor")
    # Documents are signed for this DAO on this chain (see api.content.signing).
    domain = SigningDomain(chain_id=manifest.chain_id, verifying_contract=governor.address if governor else None)
    # Its own connection (the fetcher runs in its own thread) for EIP-1271 contract signers.
    fetcher = DocumentFetcher(
        store=store,
        sessions=sessions,
        domain=domain,
        contract_check=eip1271_check(connect(settings.rpc_url, timeout=settings.document_fetch_timeout)),
    )
    scan_settings = ScanSettings(
        confirmations=settings.confirmations,
        max_range=settings.index_max_range,
        initial_range=min(500, settings.index_max_range),
        backoff=Backoff(attempts=rpc_attempts, stop=stop),
    )
    totals = RunSummary(0, 0, 0, 0, 0)
    worker = DocumentWorker(fetcher, idle=settings.poll_interval)
    try:
        with writer_lock(engine, stop=stop):
            upgrade(engine)
            # Posts live in the store, listed in its day indexes: a new database gets them back.
            restore_posts(sessions=sessions, store=store, documents_dir=settings.documents_dir, domain=domain)
            scanner = Scanner(
                w3=connect(settings.rpc_url),
                manifest=manifest,
                sessions=sessions,
                settings=scan_settings,
                on_progress=on_progress,
            )
            worker.start()
            try:
                while True:
                    totals.events += scanner.sync()
                    if not follow or stop():
                        break
                    if stop_wait(stop, settings.poll_interval):
                        break
            finally:
                worker.stop()
            if not follow:
                worker.add(fetcher.fetch_due())
            totals.documents_ok, totals.documents_invalid = worker.totals.ok, worker.totals.invalid
            totals.documents_pending = pending_documents(sessions)
            totals.checkpoint = scanner.checkpoint()[0]
    except LockWaitStopped:
        totals.stopped_waiting = True
    finally:
        store.close()
        engine.dispose()
    return totals


def pending_documents(sessions: sessionmaker[Session]) -> int:
    """How many referenced documents are still waiting to be fetched."""
    with sessions() as session:
        return int(
            session.scalar(select(func.count()).select_from(models.Document).where(models.Document.status == "pending"))
            or 0
        )


def stop_wait(stop: Callable[[], bool], seconds: float) -> bool:
    """Sleep up to `seconds`, waking early when `stop()` turns true; returns stop()."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if stop():
            return True
        time.sleep(min(0.1, seconds))
    return stop()
