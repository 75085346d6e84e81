"""The indexer's progress: indexed block and documents still to fetch."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.db import models
from api.http.chainview import ChainView
from api.http.schemas.health import ChainInfo, ContractInfo


def chain_info(session: Session, chain: ChainView) -> ChainInfo:
    """`GET /chain`: chain id, contracts, indexed block, head and lag, pending documents."""
    manifest = chain.manifest
    checkpoint = session.get(models.Checkpoint, manifest.chain_id)
    indexed = checkpoint.block_number if checkpoint else None
    head = chain.head()
    pending = (
        session.scalar(select(func.count()).select_from(models.Document).where(models.Document.status == "pending"))
        or 0
    )
    return ChainInfo(
        chain_id=manifest.chain_id,
        network=manifest.network,
        contracts=[ContractInfo(name=n, address=c.address) for n, c in sorted(manifest.contracts.items())],
        indexed_block=indexed,
        head_block=head,
        lag_blocks=None if head is None or indexed is None else max(0, head - indexed),
        rpc_ok=head is not None,
        documents_pending=pending,
    )
