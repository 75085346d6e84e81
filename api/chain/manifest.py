"""The deployment manifest written by scripts/deploy.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError


class ManifestError(Exception):
    """The manifest is missing or malformed."""


class DeployedContract(BaseModel):
    address: str = Field(pattern=r"^0x[0-9a-fA-F]{40}$")
    abi: list[dict[str, Any]]


class Manifest(BaseModel):
    version: int
    network: str
    chain_id: int
    start_block: int = Field(ge=0)
    contracts: dict[str, DeployedContract]


def load_manifest(path: Path) -> Manifest:
    try:
        return Manifest.model_validate(json.loads(path.read_text()))
    except FileNotFoundError:
        raise ManifestError(f"no deployment manifest at {path}: deploy first (scripts/deploy.py)") from None
    except (json.JSONDecodeError, ValidationError) as exc:
        raise ManifestError(f"deployment manifest {path} is malformed: {exc}") from None
