"""Teal's settings: one validated object read from `TEAL_*` environment variables.

Each field `foo_bar` is read from `TEAL_FOO_BAR`; unset variables keep the defaults below,
which run everything embedded on one machine. Values are validated once, at start-up, and
an invalid one stops the program with the variable's name. Plain pydantic models are used
on purpose: `pydantic-settings` cannot share an environment with Brownie's pins.

To add a setting, add a field with a default and a `description`; nothing else is needed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

ENV_PREFIX = "TEAL_"
# Chain ids of local development chains (Ganache, Anvil/Hardhat).
DEV_CHAIN_IDS = frozenset({1337, 31337})


class SettingsError(ValueError):
    """An environment variable holds a value Teal cannot use."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    data_dir: Path = Field(default=Path("./data"), description="Folder for Teal's local state (documents, database).")
    store: Literal["local", "kubo"] = Field(
        default="local",
        description="Document store: 'local' (embedded, under data_dir) or 'kubo' (IPFS node).",
    )
    ipfs_api: str = Field(default="/ip4/127.0.0.1/tcp/5001", description="Kubo RPC API address (multiaddr).")
    ipfs_timeout: float = Field(default=30.0, gt=0, description="Seconds per Kubo RPC request.")
    ipfs_attempts: int = Field(default=4, ge=1, le=20, description="Tries per Kubo request before giving up.")
    ipfs_backoff: float = Field(default=0.5, ge=0, description="First retry delay in seconds; doubles each retry.")
    document_fetch_timeout: float = Field(
        default=5.0,
        gt=0,
        le=300,
        description="Seconds a document read may wait for the IPFS node before it counts as "
        "missing (API: 504; indexer: retried later with back-off).",
    )
    cid_version: int = Field(
        default=0,
        ge=0,
        le=1,
        description="CID version of published documents: 0 is what plain `ipfs add` prints.",
    )
    max_document_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        le=64 * 1_048_576,
        description="Largest document accepted or read, in bytes (canonical JSON).",
    )

    rpc_url: str = Field(default="http://127.0.0.1:8545", description="JSON-RPC URL of the chain to index.")
    manifest: Path = Field(
        default=Path("deployments/teal-ganache.json"),
        description="Deployment manifest written by scripts/deploy.py.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default a SQLite file in data_dir. PostgreSQL: postgresql://...",
    )
    confirmations: int = Field(default=0, ge=0, le=1000, description="Blocks below the head before a block is indexed.")
    index_max_range: int = Field(default=2000, ge=1, le=100_000, description="Largest eth_getLogs block range.")
    poll_interval: float = Field(default=1.0, gt=0, description="Seconds between polls for new blocks when following.")

    # ---- wallet (`teal account`, and every command that signs) -----------------------------
    keystore: Path | None = Field(
        default=None,
        description="Folder of encrypted account files (JSON keystores); default data_dir/keystore.",
    )
    password_file: Path | None = Field(
        default=None,
        description="File whose first line is the keystore password, for scripts (else a hidden prompt).",
    )

    # ---- HTTP API (`teal serve`) ----------------------------------------------------------
    api_host: str = Field(default="127.0.0.1", description="Address the HTTP API listens on.")
    api_port: int = Field(default=8000, ge=1, le=65535, description="Port of the HTTP API.")
    api_workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Processes serving the HTTP API (`teal serve --workers`); more than one wants "
        "PostgreSQL (relay nonces, quotas and rate limits are shared through the database).",
    )
    cors_origins: str = Field(
        default="",
        description="Comma-separated origins allowed by CORS ('*' only on a development chain).",
    )
    max_request_bytes: int = Field(
        default=2 * 1_048_576,
        ge=1024,
        le=128 * 1_048_576,
        description="Largest HTTP request body accepted; larger ones get 413.",
    )
    page_size_default: int = Field(default=50, ge=1, le=1000, description="Items per page by default.")
    page_size_max: int = Field(default=200, ge=1, le=1000, description="Hard cap on items per page of any list.")
    rpc_timeout: float = Field(default=5.0, gt=0, le=120, description="Seconds per JSON-RPC call made by the API.")
    head_cache_seconds: float = Field(
        default=0.5, ge=0, le=60, description="Seconds requests share one eth_blockNumber answer."
    )
    relayer: Literal["none", "keystore", "dev"] = Field(
        default="none",
        description="Relayer account for signed claims and votes: none (relay disabled), "
        "keystore (encrypted key file + password file) or dev (a well-known development key, "
        "refused unless the chain id is 1337 or 31337).",
    )
    relayer_keystore: Path | None = Field(
        default=None, description="Encrypted JSON keystore (geth/eth-account v3) of the relayer."
    )
    relayer_password_file: Path | None = Field(
        default=None, description="File holding the keystore's password (first line)."
    )
    relay_rate_limit: int = Field(
        default=10,
        ge=1,
        le=10_000,
        description="Relay requests allowed per client IP per minute (counted in the database, across all workers).",
    )
    relay_receipt_timeout: float = Field(
        default=60.0, gt=0, le=600, description="Seconds to wait for a relayed transaction."
    )
    # ---- relayer policy: who the relayer pays gas for, and how much --------------------------
    relay_claimants: Literal["dao", "anyone"] = Field(
        default="dao",
        description="Whose signed claims are relayed: dao (accounts with a record in the DAO: "
        "token holders or delegates, team members past or present, past claimants and payees; "
        "plus TEAL_RELAY_ALLOWLIST and tasks of TEAL_RELAY_OPEN_WORKSTREAMS) or anyone.",
    )
    relay_allowlist: str = Field(
        default="", description="Comma-separated addresses whose claims are relayed regardless."
    )
    relay_open_workstreams: str = Field(
        default="",
        description="Comma-separated workstream ids whose tasks anyone may claim through the relay.",
    )
    relay_max_deadline_seconds: int = Field(
        default=86_400,
        ge=60,
        le=365 * 86_400,
        description="Latest deadline a relayed signature may carry, in seconds after chain time.",
    )
    relay_account_daily_limit: int = Field(
        default=20, ge=1, le=1_000_000, description="Relayed transactions per account per UTC day."
    )
    relay_ip_daily_limit: int = Field(
        default=200, ge=1, le=1_000_000, description="Relayed transactions per client IP per UTC day."
    )
    relay_forward_max_gas: int = Field(
        default=1_000_000,
        ge=50_000,
        le=30_000_000,
        description="Most gas a relayed ERC-2771 ForwardRequest may ask for its call "
        "(POST /relay/forward); a request asking more is refused with 422.",
    )
    relay_daily_gas_budget_wei: int = Field(
        default=10**17,
        ge=0,
        le=9 * 10**18,
        description="Wei the relayer may spend on gas per UTC day (all workers together); "
        "past it relays are refused with 403 until midnight UTC.",
    )
    # ---- posts: signed times and rate limits ------------------------------------------------
    post_clock_window: int = Field(
        default=300,
        ge=1,
        le=86_400,
        description="Seconds a post's signed created_at may differ from the server's clock.",
    )
    post_rate_limit: int = Field(default=20, ge=1, le=10_000, description="Posts allowed per author per minute.")
    post_rate_limit_ip: int = Field(default=60, ge=1, le=10_000, description="Posts allowed per client IP per minute.")

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.page_size_default > self.page_size_max:
            raise ValueError("page_size_default: must not exceed page_size_max")
        keystore_missing = self.relayer_keystore is None or self.relayer_password_file is None
        if self.relayer == "keystore" and keystore_missing:
            raise ValueError(
                "relayer_keystore: relayer=keystore needs TEAL_RELAYER_KEYSTORE and TEAL_RELAYER_PASSWORD_FILE"
            )
        for address in self.relay_allowlist_set:
            if re.fullmatch(r"0x[0-9a-f]{40}", address) is None:
                raise ValueError(f"relay_allowlist: {address!r} is not a 0x address")
        self.relay_open_workstream_ids  # noqa: B018 - validates the ids
        for origin in self.cors_origin_list:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                raise ValueError(f"cors_origins: {origin!r} is not an http(s) origin")
        return self

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip()]

    @property
    def relay_allowlist_set(self) -> frozenset[str]:
        """The allow-list, lowercase (compare with `address.lower()`)."""
        return frozenset(a.strip().lower() for a in self.relay_allowlist.split(",") if a.strip())

    @property
    def relay_open_workstream_ids(self) -> frozenset[int]:
        ids = [w.strip() for w in self.relay_open_workstreams.split(",") if w.strip()]
        if not all(w.isascii() and w.isdigit() for w in ids):
            raise ValueError(f"relay_open_workstreams: {self.relay_open_workstreams!r} is not a list of ids")
        return frozenset(int(w) for w in ids)

    def check_for_chain(self, chain_id: int) -> None:
        """Reject settings that are only safe on a local development chain (1337/31337)."""
        if chain_id in DEV_CHAIN_IDS:
            return
        if "*" in self.cors_origin_list:
            raise SettingsError(f"TEAL_CORS_ORIGINS='*' is only allowed on a development chain, not {chain_id}")
        if self.relayer == "dev":
            raise SettingsError(
                f"TEAL_RELAYER=dev uses a publicly known key: refused on chain {chain_id}; use TEAL_RELAYER=keystore"
            )

    @property
    def database(self) -> str:
        """The database URL in effect."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'teal.db').resolve()}"

    @property
    def keystore_dir(self) -> Path:
        """Where `teal account` keeps encrypted account files."""
        return self.keystore or self.data_dir / "keystore"

    @property
    def documents_dir(self) -> Path:
        """Where the embedded document store keeps its files."""
        return self.data_dir / "documents"


def settings_environ(settings: Settings) -> dict[str, str]:
    """`TEAL_*` variables from which `load_settings` builds `settings` again (unset fields
    left out): how `teal serve --workers N` hands its settings to each worker process."""
    values = settings.model_dump(mode="json", exclude_none=True)
    return {ENV_PREFIX + name.upper(): str(value) for name, value in values.items()}


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build `Settings` from `TEAL_*` variables (default: the process environment)."""
    env = os.environ if environ is None else environ
    values = {
        name: env[ENV_PREFIX + name.upper()] for name in Settings.model_fields if ENV_PREFIX + name.upper() in env
    }
    try:
        # Environment values are strings: validate them as such (e.g. "1" for an int field).
        return Settings.model_validate_strings(values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{ENV_PREFIX}{_field_of(err).upper()}={values.get(_field_of(err))!r}: {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from exc


def _field_of(err: object) -> str:
    """The field an error is about: its location, or the `field: ` prefix of a model check."""
    loc = err["loc"]  # type: ignore[index]
    if loc:
        return str(loc[0])
    msg = str(err.get("ctx", {}).get("error", ""))  # type: ignore[attr-defined]
    field, sep, _ = msg.partition(": ")
    return field if sep and field in Settings.model_fields else "settings"
