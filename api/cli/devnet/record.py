"""Where the running `teal up` devnet lives, in one well-known file every command reads.

`teal up` writes `<TEAL_DATA_DIR>/devnet/current.json` once its devnet is ready: the chain's
RPC URL, kind and id, the manifest, its data folder, document store and database, the API's
URL, its own pid, and the public dev mnemonic with the demo people's names and indexes. A
`teal` command given no `--network`, `--rpc-url` or `--manifest` (and no TEAL_RPC_URL or
TEAL_MANIFEST) then talks to that devnet: its chain, manifest, store and database
(`apply_devnet`). Whether the devnet is running is not guessed from the pid (pids are reused)
but asked of the lock `teal up` holds for as long as it runs (`<TEAL_DATA_DIR>/devnet.lock`).

    from api.cli.devnet.record import current_devnet
    devnet = current_devnet()          # None unless a recorded `teal up` is running
    if devnet: print(devnet.api_url)
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from api.settings import Settings, load_settings

RECORD = Path("devnet") / "current.json"
LOCK = Path("devnet.lock")
# Settings that, when set in the environment, mean "this chain, not the devnet".
CHAIN_ENV = ("TEAL_RPC_URL", "TEAL_MANIFEST")


class DevnetNotRunning(ValueError):
    """A devnet is recorded but its `teal up` has stopped."""


@dataclass(frozen=True)
class DemoAccount:
    name: str
    index: int
    address: str
    role: str = ""


@dataclass(frozen=True)
class DevnetRecord:
    chain: str  # ganache or anvil
    chain_id: int
    rpc_url: str
    api_url: str
    manifest: Path
    state_dir: Path  # the devnet's own data folder (chain state, store, database, logs)
    documents_dir: Path
    database_url: str
    pid: int
    mnemonic: str
    accounts: list[DemoAccount] = field(default_factory=list)
    relayer: str = ""  # the address the API's relayer sends from
    # Where this record was read from, and the `teal up` lock that says it is running.
    path: Path = Path()
    lock_path: Path = Path()

    def running(self) -> bool:
        """True while the `teal up` that wrote this record holds its lock."""
        return lock_held(self.lock_path)

    def account(self, name: str) -> DemoAccount | None:
        return next((a for a in self.accounts if a.name == name), None)

    def jsonable(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("manifest", "state_dir", "documents_dir", "path", "lock_path"):
            data[key] = str(data[key])
        del data["path"], data["lock_path"]
        return data


def record_path(data_dir: Path) -> Path:
    return data_dir / RECORD


def lock_held(path: Path) -> bool:
    """Whether another process holds an exclusive flock on `path` (False if it does not exist)."""
    try:
        handle = path.open("r")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def write_record(data_dir: Path, record: DevnetRecord) -> Path:
    """Write the record atomically (a reader never sees half of it)."""
    path = record_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record.jsonable(), indent=1))
    tmp.replace(path)
    return path


def read_record(data_dir: Path) -> DevnetRecord | None:
    """The recorded devnet, running or not; None when there is no (readable) record."""
    path = record_path(data_dir)
    try:
        data = json.loads(path.read_text())
        return DevnetRecord(
            chain=str(data["chain"]),
            chain_id=int(data["chain_id"]),
            rpc_url=str(data["rpc_url"]),
            api_url=str(data["api_url"]),
            manifest=Path(data["manifest"]),
            state_dir=Path(data["state_dir"]),
            documents_dir=Path(data["documents_dir"]),
            database_url=str(data["database_url"]),
            pid=int(data["pid"]),
            mnemonic=str(data["mnemonic"]),
            accounts=[DemoAccount(**a) for a in data.get("accounts", [])],
            relayer=str(data.get("relayer", "")),
            path=path,
            lock_path=data_dir / LOCK,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def recorded_devnet(settings: Settings | None = None) -> DevnetRecord | None:
    """The devnet recorded under the settings' data folder, running or not."""
    settings = settings or load_settings()
    return read_record(settings.data_dir)


def current_devnet(settings: Settings | None = None) -> DevnetRecord | None:
    """The recorded devnet if its `teal up` is running, else None."""
    record = recorded_devnet(settings)
    return record if record is not None and record.running() else None


def not_running_message(record: DevnetRecord) -> str:
    return f"the devnet recorded in {_shown(record.path)} is not running: start it with scripts/up.sh"


def chain_given(
    *,
    network: str | None = None,
    rpc_url: str | None = None,
    manifest: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> bool:
    """Whether the user named a chain (an option or TEAL_RPC_URL / TEAL_MANIFEST)."""
    env = os.environ if environ is None else environ
    return any(v is not None for v in (network, rpc_url, manifest)) or any(env.get(k) for k in CHAIN_ENV)


def apply_devnet(settings: Settings, record: DevnetRecord, *, environ: Mapping[str, str] | None = None) -> Settings:
    """`settings` pointed at the devnet: its chain, manifest, document store and database.
    TEAL_DATABASE_URL, TEAL_STORE=kubo and TEAL_KEYSTORE set by the user still win; the
    keystore stays the user's own (a `--fresh` devnet must not take accounts with it)."""
    env = os.environ if environ is None else environ
    update: dict[str, Any] = {"rpc_url": record.rpc_url, "manifest": record.manifest, "keystore": settings.keystore_dir}
    if settings.store == "local":
        # The store's folder is <data_dir>/documents: the devnet's data folder puts it there.
        update["data_dir"] = record.documents_dir.parent
    if not env.get("TEAL_DATABASE_URL"):
        update["database_url"] = record.database_url
    return settings.model_copy(update=update)


def devnet_settings(
    settings: Settings,
    *,
    network: str | None = None,
    rpc_url: str | None = None,
    manifest: Path | None = None,
    require: bool = True,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """The settings a command uses: the running devnet's when no chain was named.

    A recorded devnet that stopped raises DevnetNotRunning when `require` (the command needs
    a chain and nothing else was given); with no record at all the settings stay as they are.
    """
    if chain_given(network=network, rpc_url=rpc_url, manifest=manifest, environ=environ):
        return settings
    record = recorded_devnet(settings)
    if record is None:
        return settings
    if not record.running():
        if require:
            raise DevnetNotRunning(not_running_message(record))
        return settings
    return apply_devnet(settings, record, environ=environ)


def _shown(path: Path) -> str:
    """`path` relative to the working directory when it is inside it (as users type it)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
