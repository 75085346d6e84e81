"""Liveness and chain/indexer status."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import func, select

from api.db import models
from api.http.deps import ChainDep, SessionDep
from api.http.schemas.health import ChainInfo, ContractInfo, Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Liveness: the process answers.")
async def health() -> Health:
    return Health()


@router.get(
    "/chain", response_model=ChainInfo, summary="Chain id, contracts, indexed block and lag."
)
def chain_info(session: SessionDep, chain: ChainDep) -> ChainInfo:
    manifest = chain.manifest
    checkpoint = session.get(models.Checkpoint, manifest.chain_id)
    indexed = checkpoint.block_number if checkpoint else None
    head = chain.head()
    pending = (
        session.scalar(
            select(func.count())
            .select_from(models.Document)
            .where(models.Document.status == "pending")
        )
        or 0
    )
    return ChainInfo(
        chain_id=manifest.chain_id,
        network=manifest.network,
        contracts=[
            ContractInfo(name=n, address=c.address) for n, c in sorted(manifest.contracts.items())
        ],
        indexed_block=indexed,
        head_block=head,
        lag_blocks=None if head is None or indexed is None else max(0, head - indexed),
        rpc_ok=head is not None,
        documents_pending=pending,
    )
