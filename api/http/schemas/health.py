"""Health and the chain the API reads."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from api.http.schemas.common import AddressStr, Out


class Health(Out):
    model_config = ConfigDict(json_schema_extra={"example": {"status": "ok"}})
    status: Literal["ok"] = "ok"


class ContractInfo(Out):
    name: str
    address: AddressStr


class ChainInfo(Out):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "chain_id": 1337,
                "network": "teal-ganache",
                "contracts": [],
                "indexed_block": 120,
                "head_block": 121,
                "lag_blocks": 1,
                "rpc_ok": True,
                "documents_pending": 0,
            }
        }
    )
    chain_id: int
    network: str
    contracts: list[ContractInfo]
    indexed_block: int | None = Field(description="Last block the indexer fully stored.")
    head_block: int | None = Field(description="The node's head; null when the node is unreachable.")
    lag_blocks: int | None
    rpc_ok: bool
    documents_pending: int
