"""Signal votes and the binding proposals that escalate them (`teal propose --from-signal`).

A binding proposal's document (`teal/proposal@1`) names the signal vote it escalates in
`signal.id`; the indexer stores that document's body. The link is read from there, so it
holds only for documents the indexer fetched and verified.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from api.db import models


def escalations(session: Session, *, signal_id: str) -> list[dict[str, Any]]:
    """The on-chain proposals whose verified document escalates signal vote `signal_id`,
    oldest first: `{proposal_id, document_cid, created_block}`."""
    wanted = signal_id.lower()
    rows = session.execute(
        sa.select(models.Proposal.id, models.Proposal.document_cid, models.Proposal.created_block, models.Document.body)
        .join(models.Document, models.Document.cid == models.Proposal.document_cid)
        .where(models.Document.status == "ok", models.Document.schema_id == "teal/proposal@1")
        # A cheap filter in SQL on the body's text; the exact field is checked below.
        .where(sa.cast(models.Document.body, sa.Text).like(f"%{wanted}%"))
        .order_by(models.Proposal.created_block, models.Proposal.id)
    ).all()
    return [
        {"proposal_id": str(pid), "document_cid": cid, "created_block": block}
        for pid, cid, block, body in rows
        if isinstance(body, dict) and isinstance(body.get("signal"), dict) and body["signal"].get("id") == wanted
    ]
