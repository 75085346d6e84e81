"""Posts from the store alone: `teal index` lists every post (and post hide) of the store's
day indexes (api.content.post_index) that the database lacks, and records it as the API did.

Posts are never referenced on chain, so a rebuilt or dropped database would lose them
otherwise. Each post is read and verified (bytes against the CID, schema, signature); one
the store cannot deliver now is skipped with a warning and picked up by the next run.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.content import ContentError, DocumentStore, SigningDomain, read_document
from api.content.post_index import PostIndex
from api.db import models

log = logging.getLogger(__name__)
_BATCH = 500


def restore_posts(
    *, sessions: sessionmaker[Session], store: DocumentStore, documents_dir: Path, domain: SigningDomain | None
) -> int:
    """Record every indexed post missing from the database; returns how many were restored."""
    index = PostIndex(store=store, documents_dir=documents_dir)
    try:
        listed = [cid for _day, cid in index.all_posts()]
    except (ContentError, OSError, ValueError) as exc:
        log.warning("post index unreadable (%s); posts not restored this run", exc)
        return 0
    restored = 0
    for start in range(0, len(listed), _BATCH):
        batch = list(dict.fromkeys(listed[start : start + _BATCH]))
        with sessions.begin() as session:
            known = set(
                session.scalars(
                    select(models.Document.cid).where(models.Document.cid.in_(batch), models.Document.status == "ok")
                )
            )
            for cid in batch:
                if cid in known:
                    continue
                try:
                    stored = read_document(store=store, cid=cid, domain=domain)
                except (ContentError, OSError) as exc:
                    log.warning("post %s listed in the post index but not readable: %s", cid, exc)
                    continue
                doc = stored.document
                if doc.kind not in ("post", "post-hide"):  # the API lists both in its day indexes
                    log.warning("post index lists %s, a %s document; skipped", cid, doc.schema_id)
                    continue
                row = session.get(models.Document, cid)
                if row is None:
                    row = models.Document(cid=cid, attempts=0, first_seen_block=0)
                    session.add(row)
                created_at = doc.body_json.get("created_at")
                row.status, row.schema_id, row.kind = "ok", doc.schema_id, doc.kind
                row.body, row.author, row.size, row.reason = doc.body_json, stored.author, stored.size, None
                row.signed_at = int(created_at) if isinstance(created_at, int) else None
                row.fetched_at = datetime.now(UTC)
                restored += 1
    if restored:
        log.info("restored %d posts from the store's post index", restored)
    return restored
