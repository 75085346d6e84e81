"""Spaces: who may propose and vote, how power is counted, which voting types are allowed.

The DAO's space (`dao`) is derived from the deployment: `erc20-votes` on the governance
token, proposal threshold and quorum in token units. A workstream space (`workstream-<id>`)
counts its members at the snapshot block (`whitelist` from the indexer, one member one
vote). A space document (JSON matching `Space`, stored content-addressed) named in
TEAL_HUB_SPACES (comma-separated CIDs) adds or replaces spaces.
"""

from __future__ import annotations

import json
import os
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.chain.manifest import Manifest
from api.content import DocumentStore
from api.hub.typed import VOTING_TYPES

DAO_SPACE = "dao"
SPACES_ENV = "TEAL_HUB_SPACES"


class Strategy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Literal["erc20-votes", "erc20-balance-of", "whitelist"]
    # erc20-*: {"address": token, "decimals": 18}; whitelist: {"addresses": [...]} and/or
    # {"workstream": id} (members at the snapshot block, from the indexer)
    params: dict[str, Any] = Field(default_factory=dict)
    weight: float = Field(default=1.0, gt=0)


class Space(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]{0,63}$")
    name: str = Field(min_length=1, max_length=64)
    network: str
    symbol: str = "VOTE"
    admins: tuple[str, ...] = ()
    strategies: tuple[Strategy, ...] = Field(min_length=1, max_length=8)
    voting_types: tuple[str, ...] = VOTING_TYPES
    threshold: float = Field(default=0.0, ge=0)  # proposer's power at the snapshot (Snapshot's minScore)
    quorum: float = Field(default=0.0, ge=0)
    delay_min: int = Field(default=0, ge=0)  # seconds from the proposal's timestamp to start
    period_min: int = Field(default=0, ge=0)
    period_max: int = Field(default=60 * 86400, ge=1)
    max_choices: int = Field(default=20, ge=2, le=100)


def dao_space(manifest: Manifest, *, threshold: float = 0.0, quorum: float = 0.0) -> Space | None:
    """The DAO's space; `threshold` is the Governor's proposal threshold in token units."""
    token = manifest.contracts.get("TealToken")
    if token is None:
        return None
    return Space(
        id=DAO_SPACE,
        name="Teal DAO",
        network=str(manifest.chain_id),
        symbol="TEAL",
        strategies=(Strategy(name="erc20-votes", params={"address": token.address, "decimals": 18}),),
        threshold=threshold,
        quorum=quorum,
    )


def workstream_space(workstream_id: int, name: str, network: str) -> Space:
    return Space(
        id=f"workstream-{workstream_id}",
        name=name[:64] or f"Workstream {workstream_id}",
        network=network,
        symbol="MEMBER",
        strategies=(Strategy(name="whitelist", params={"workstream": workstream_id}),),
        voting_types=("single-choice", "basic", "approval"),
    )


def document_spaces(store: DocumentStore) -> list[Space]:
    out = []
    for cid in filter(None, (c.strip() for c in os.environ.get(SPACES_ENV, "").split(","))):
        data = json.loads(store.get(cid))
        out.append(Space.model_validate(data.get("body", data)))
    return out
