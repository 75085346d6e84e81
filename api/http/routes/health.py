"""Liveness and chain/indexer status."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.deps import ChainDep, SessionDep
from api.http.queries import chain as chain_queries
from api.http.schemas.health import ChainInfo, Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Liveness: the process answers.")
async def health() -> Health:
    return Health()


@router.get("/chain", response_model=ChainInfo, summary="Chain id, contracts, indexed block and lag.")
def chain_info(session: SessionDep, chain: ChainDep) -> ChainInfo:
    return chain_queries.chain_info(session, chain)
