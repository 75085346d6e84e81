"""`teal up`: a local devnet with the demo DAO, indexed and served, in one command.

Starts the chain (Ganache, or Anvil with `--chain anvil`), deploys the contracts and seeds the
demo DAO through Brownie attached to that chain (scripts/seed_devnet.py), publishes the
demo's posts through the API, runs `teal index --follow` and `teal serve`, prints the URLs,
contracts and demo accounts, and waits, starting the indexer or the API again if one exits
(a few times). Ctrl-C or SIGTERM stops every child process.

The demo's history spans days of chain time: a new chain starts its clock that far in the
past, and once seeded it is moved to the wall clock, so deadlines a wallet computes work.
Once ready, `teal up` records where its devnet lives in `<TEAL_DATA_DIR>/devnet/current.json`
(api.cli.devnet.record), where every other `teal` command finds it.

State lives in `<TEAL_DATA_DIR>/devnet/<chain>/`: the chain's own saved state, the document
store, the SQLite database, the manifest and the logs. The next run restarts that chain and
serves the same database (no seeding) when it can prove they still match (the block hash
recorded after seeding, the contracts' code); otherwise, with another seed, or with
`--fresh`, it deletes the folder and starts over, so an old database never meets a new
chain. A lock file in the data folder keeps a second `teal up` out.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any, NoReturn

import httpx
import typer
from rich.console import Console

from api.cli.devnet.chain import (
    ANVIL_HISTORY,
    ChainKind,
    block_hash,
    catch_up_with_wall_clock,
    chain_argv,
    chain_spec,
    has_code,
    head,
    keep_time_monotonic,
    wait_for_rpc,
)
from api.cli.devnet.processes import ChildExited, Supervisor, seconds_since_start
from api.cli.devnet.record import DemoAccount, DevnetRecord, write_record
from api.settings import SettingsError, load_settings

_out = Console(soft_wrap=True, highlight=False)
_err = Console(stderr=True, soft_wrap=True, highlight=False)
ROOT = Path(__file__).resolve().parents[3]
SEED_TIMEOUT = 900.0  # a first run compiles the contracts (about 30 s) before seeding
READY_TIMEOUT = 120.0
# How far the demo moves chain time (about 3.25 days of waits, scripts/demo_dao.py), plus a
# margin: a new chain starts this far in the past and ends the seeding close to now.
DEMO_CLOCK_LEAD = 3 * 86_400 + 86_400 // 4 + 1_800


class Store(StrEnum):
    local = "local"
    kubo = "kubo"


class Chain(StrEnum):
    ganache = "ganache"
    anvil = "anvil"


class _Stop(BaseException):
    """SIGINT or SIGTERM arrived. A BaseException, like KeyboardInterrupt, so that no
    library's `except Exception` swallows it."""


class UpError(Exception):
    """Something `teal up` cannot work around; the message is the one line the user sees."""


def _on_signal(signum: int, _frame: object) -> NoReturn:
    raise _Stop(signal.Signals(signum).name)


def up(
    chain: Annotated[
        Chain, typer.Option("--chain", help="The local chain to run.", case_sensitive=False)
    ] = Chain.ganache,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Chain RPC port (default 8545 Ganache, 8546 Anvil).")
    ] = None,
    api_port: Annotated[
        int | None, typer.Option("--api-port", min=1, max=65535, help="API port (env TEAL_API_PORT, default 8000).")
    ] = None,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the demo DAO: same seed, same DAO.")] = 7,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Start over: discard the saved chain, database and documents.")
    ] = False,
    store: Annotated[
        Store,
        typer.Option(
            "--store",
            help="Documents in the embedded store (local) or on the IPFS node at TEAL_IPFS_API (kubo).",
            case_sensitive=False,
        ),
    ] = Store.local,
) -> None:
    """Start a local chain, deploy, seed the demo DAO, index it and serve the API."""
    # First thing: from here on a signal stops the children, whatever they are doing.
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        run, lock = _prepare(chain.value, port=port, api_port=api_port, seed=seed, store=store.value)
    except _Stop as stop:
        _out.print(f"{stop.args[0]}: stopped before anything started")
        raise typer.Exit(0) from None
    code = 0
    try:
        run.start(fresh=fresh)
        run.serve_forever()
    except _Stop as stop:
        _out.print(f"\n{stop.args[0]}: stopping")
    except (ChildExited, UpError, TimeoutError) as exc:
        _err.print(f"error: {exc}", markup=False)
        tail = exc.child.log_tail() if isinstance(exc, ChildExited) else ""
        if tail:
            _err.print(tail, markup=False)
        code = 1
    finally:
        # A second Ctrl-C must not interrupt the shutdown halfway.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        killed = run.supervisor.stop_all()
        note = f" ({', '.join(killed)} killed after the timeout)" if killed else ""
        _out.print(f"stopped the chain, indexer and API{note}")
        lock.close()
    raise typer.Exit(code)


def _prepare(
    kind: ChainKind, *, port: int | None, api_port: int | None, seed: int, store: str = "local"
) -> tuple[DevnetRun, IO[str]]:
    """Check the settings, the checkout, the IPFS node (--store kubo) and the ports, and take the lock."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        _fail(str(exc))
    if store == "kubo":
        _check_ipfs(settings.ipfs_api)
    if not (ROOT / "contracts").is_dir() or not (ROOT / "brownie-config.yaml").exists():
        _fail(f"teal up needs a Teal checkout (contracts/, scripts/, brownie-config.yaml); not found in {ROOT}")
    spec = chain_spec(ROOT, kind)
    chain_port = port or spec.default_port
    http_port = api_port or settings.api_port
    data_dir = settings.data_dir.resolve()

    data_dir.mkdir(parents=True, exist_ok=True)
    lock = _take_lock(data_dir / "devnet.lock")
    for what, number in (("chain", chain_port), ("API", http_port)):
        if not _port_free(number):
            _fail(
                f"port {number} for the {what} is already in use; pick another with "
                f"{'--port' if what == 'chain' else '--api-port'}"
            )
    if chain_port == http_port:
        _fail("--port and --api-port must differ")

    run = DevnetRun(
        kind=kind,
        spec=spec,
        chain_port=chain_port,
        api_port=http_port,
        seed=seed,
        state_dir=data_dir / "devnet" / kind,
        data_dir=data_dir,
    )
    run.store, run.ipfs_api = store, settings.ipfs_api
    _write_lock_info(lock, run)
    return run, lock


class DevnetRun:
    """One `teal up`: its children, where it keeps its state, and its timings."""

    def __init__(
        self,
        *,
        kind: ChainKind,
        spec: Any,
        chain_port: int,
        api_port: int,
        seed: int,
        state_dir: Path,
        data_dir: Path | None = None,
    ) -> None:
        self.kind, self.spec, self.seed = kind, spec, seed
        self.chain_port, self.api_port = chain_port, api_port
        self.rpc_url = f"http://127.0.0.1:{chain_port}"
        self.api_url = f"http://127.0.0.1:{api_port}"
        self.state_dir = state_dir
        self.data_dir = data_dir or state_dir.parent.parent
        self.log_dir = state_dir / "logs"
        self.supervisor = Supervisor(self.log_dir, on_restart=self._restarted)
        # Timings count from the process start, Python's imports included: what a user waits.
        self.started = time.monotonic() - seconds_since_start()
        self.timings: dict[str, float] = {}
        self.summary: dict[str, Any] = {}
        self.store, self.ipfs_api = "local", ""  # --store kubo: documents on the IPFS node at ipfs_api

    def _restarted(self, line: str) -> None:
        _out.print(line, markup=False)
        sys.stdout.flush()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def env(self) -> dict[str, str]:
        env = {**os.environ}
        bin_dirs = [str(Path(sys.executable).parent), str(ROOT / "node_modules" / ".bin")]
        env.update(
            {
                "PATH": os.pathsep.join([*bin_dirs, env.get("PATH", "")]),
                "SOLCX_BINARY_PATH": str(ROOT / "tools" / "solc"),
                "PYTHONUNBUFFERED": "1",
                # Embedded defaults, whatever the shell says: this devnet's own store and database.
                "TEAL_DATA_DIR": str(self.state_dir),
                "TEAL_STORE": self.store,
                "TEAL_DATABASE_URL": f"sqlite:///{self.state_dir / 'teal.db'}",
                "TEAL_MANIFEST": str(self.state_dir / "manifest.json"),
                "TEAL_RPC_URL": self.rpc_url,
                "TEAL_API_HOST": "127.0.0.1",
                "TEAL_API_PORT": str(self.api_port),
                "TEAL_POLL_INTERVAL": env.get("TEAL_POLL_INTERVAL", "0.5"),
                # Devnet only (the API refuses both on other chains): relay signed claims and votes
                # from a well-known key, and let a local dashboard call the API.
                "TEAL_RELAYER": env.get("TEAL_RELAYER", "dev"),
                "TEAL_CORS_ORIGINS": env.get("TEAL_CORS_ORIGINS", "*"),
                # The relayer's policy as in production (who may be relayed for, deadlines), with
                # quotas and a gas budget no demo or test session reaches.
                "TEAL_RELAY_ACCOUNT_DAILY_LIMIT": env.get("TEAL_RELAY_ACCOUNT_DAILY_LIMIT", "100000"),
                "TEAL_RELAY_IP_DAILY_LIMIT": env.get("TEAL_RELAY_IP_DAILY_LIMIT", "1000000"),
                "TEAL_RELAY_DAILY_GAS_BUDGET_WEI": env.get("TEAL_RELAY_DAILY_GAS_BUDGET_WEI", str(10**18)),
            }
        )
        if self.store == "kubo":
            env["TEAL_IPFS_API"] = self.ipfs_api
        return env

    def start(self, *, fresh: bool) -> None:
        env = self.env()
        reason = "--fresh" if fresh else self._reuse_refusal()
        if reason is None:
            reason = self._resume(env)
            if reason is None:
                self.print_banner(reused=True)
                return
            self.supervisor.stop_all()
        if self.state_dir.exists():
            _out.print(f"Starting over ({reason})")
            self._discard_state()
        self._start_fresh(env)
        self.print_banner(reused=False)

    def _discard_state(self) -> None:
        """Delete the saved chain, store and database (a fresh chain gets fresh ones), keeping
        the logs: the previous runs' ones say why it came to this."""
        kept = self.state_dir.parent / f".{self.kind}-logs"
        if kept.exists():
            shutil.rmtree(kept)
        if self.log_dir.is_dir():
            self.log_dir.replace(kept)
        shutil.rmtree(self.state_dir)
        if kept.is_dir():
            self.state_dir.mkdir(parents=True)
            kept.replace(self.log_dir)

    def _reuse_refusal(self) -> str | None:
        """Why the saved devnet cannot be reused (None: it can)."""
        saved = self.saved()
        if not {"seed", "block", "hash", "summary"} <= set(saved):
            return "no finished devnet saved"
        if saved["seed"] != self.seed:
            return f"the saved devnet has seed {saved.get('seed')}, not {self.seed}"
        return None

    def saved(self) -> dict[str, Any]:
        try:
            return dict(json.loads((self.state_dir / "up.json").read_text()))
        except (OSError, ValueError):
            return {}

    def _start_chain(self, env: dict[str, str], *, start_time: float | None = None) -> None:
        (self.state_dir / "chain").mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.state_dir / "chain" / ANVIL_HISTORY, ignore_errors=True)  # the last run's cache
        argv = chain_argv(ROOT, self.spec, port=self.chain_port, state=self.state_dir / "chain", start_time=start_time)
        if not Path(argv[0]).exists():
            raise UpError(f"{self.kind} is not installed ({argv[0]} is missing); run scripts/setup.sh")
        self.supervisor.start("chain", argv, env=env, cwd=ROOT)
        chain_id = wait_for_rpc(self.rpc_url, timeout=60, alive=self.supervisor.check)
        if chain_id != self.spec.chain_id:
            raise UpError(f"the chain at {self.rpc_url} answers chain id {chain_id}, expected {self.spec.chain_id}")
        self.timings["chain"] = self.elapsed()

    def _resume(self, env: dict[str, str]) -> str | None:
        """Restart the saved chain and serve its database; None on success, else why not."""
        saved = self.saved()
        _out.print(
            f"Restarting the saved {self.kind} devnet (seed {self.seed}) on {self.rpc_url}; "
            f"state in {self.state_dir} (--fresh starts over)"
        )
        self._start_chain(env)
        for number, expected in (saved["block"], saved["hash"]), _checkpoint(env["TEAL_DATABASE_URL"]):
            # The database may have indexed blocks a chain killed without saving never kept.
            if block_hash(self.rpc_url, number) != expected:
                return f"the saved chain does not have block {number} as indexed (was it killed?)"
        if not all(has_code(self.rpc_url, address) for address in saved["summary"]["contracts"].values()):
            return "the saved chain lost the contracts"
        keep_time_monotonic(self.rpc_url, self.kind)
        self.summary = saved["summary"]
        self.timings["seed"] = 0.0
        self._serve(env, head(self.rpc_url)[0], posts=None)
        return None

    def _start_fresh(self, env: dict[str, str]) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        _out.print(f"Starting {self.kind} on {self.rpc_url} (chain id {self.spec.chain_id}); state in {self.state_dir}")
        # The demo plays out days of history: seed them in the past, to end near now.
        self._start_chain(env, start_time=time.time() - DEMO_CLOCK_LEAD)
        _out.print(f"Deploying and seeding the demo DAO (seed {self.seed}); log {self.log_dir / 'seed.log'}")
        seeding_started = time.monotonic()
        seeder = self.supervisor.start(
            "seed",
            [
                sys.executable,
                "-m",
                "scripts.seed_devnet",
                "--rpc-url",
                self.rpc_url,
                "--network",
                self.spec.network,
                "--seed",
                str(self.seed),
                "--posts",
                str(self.state_dir / "posts.json"),
                "--summary",
                str(self.state_dir / "summary.json"),
            ],
            env=env,
            cwd=ROOT,
        )
        # The indexer and the API start as soon as the contracts are deployed: the indexer
        # follows the seeding block by block, and both have started by the time it ends.
        _migrate(env["TEAL_DATABASE_URL"])
        started = self._wait_for_deployment(seeder, deadline=seeding_started + SEED_TIMEOUT)
        if started:
            self._start_services(env)
        code = self.supervisor.wait(seeder, timeout=max(1.0, seeding_started + SEED_TIMEOUT - time.monotonic()))
        if code != 0:
            raise UpError(f"seeding failed (exit {code}); see {seeder.log_path}:\n{seeder.log_tail()}")
        self.timings["seed"] = time.monotonic() - seeding_started
        self.summary = json.loads((self.state_dir / "summary.json").read_text())
        for line in seeder.log_path.read_text(errors="replace").splitlines():
            if line and not line.startswith("Attached to"):  # Brownie's own line
                _out.print(f"  - {line}", markup=False)
        posts = json.loads((self.state_dir / "posts.json").read_text())
        catch_up_with_wall_clock(self.rpc_url, self.kind)  # chain time = wall time from here on
        if not started:
            self._start_services(env)
        self._await_services(head(self.rpc_url)[0], posts=posts)
        number, block, _ = head(self.rpc_url)
        # Written once everything is indexed and before the banner says so: a run stopped
        # earlier is never reused, one stopped after it always can be.
        (self.state_dir / "up.json").write_text(
            json.dumps({"seed": self.seed, "chain": self.kind, "block": number, "hash": block, "summary": self.summary})
        )

    def _wait_for_deployment(self, seeder: Any, *, deadline: float) -> bool:
        """Wait until the seeding has written the manifest (True), or has exited (False)."""
        manifest = self.state_dir / "manifest.json"
        while not manifest.exists():
            if not seeder.running() or time.monotonic() > deadline:
                return False
            self.supervisor.check(skip=seeder)
            time.sleep(0.1)
        return True

    def _serve(self, env: dict[str, str], head_block: int, *, posts: list[dict[str, Any]] | None) -> None:
        _migrate(env["TEAL_DATABASE_URL"])  # once, before the indexer and the API both start
        self._start_services(env)
        self._await_services(head_block, posts=posts)

    def _start_services(self, env: dict[str, str]) -> None:
        """The indexer and the API (the database migrated first). Both are started again if
        they exit (a crash, a kill): the chain and the data outlive them."""
        teal = _teal_command()
        self.supervisor.start("indexer", [*teal, "index", "--follow", "--no-progress"], env=env, cwd=ROOT, restart=True)
        self.supervisor.start(
            "api", [*teal, "serve", "--no-access-log", "--log-level", "warning"], env=env, cwd=ROOT, restart=True
        )

    def _await_services(self, head_block: int, *, posts: list[dict[str, Any]] | None) -> None:
        self._wait_for_api()
        self.timings["api"] = self.elapsed()
        if posts is not None:
            self._publish_posts(posts)
        self._wait_for_index(head_block)
        self.timings["indexed"] = self.elapsed()

    def _wait_for_api(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            self.supervisor.check()
            try:
                if httpx.get(f"{self.api_url}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise UpError(
            f"the API did not answer on {self.api_url} within {READY_TIMEOUT:.0f} s; see {self.log_dir / 'api.log'}"
        )

    def _publish_posts(self, envelopes: list[dict[str, Any]]) -> None:
        """Publish the demo's signed posts the way any client does: POST /posts."""
        with httpx.Client(base_url=self.api_url, timeout=10) as client:
            for envelope in envelopes:
                reply = client.post("/posts", json=envelope)
                if reply.status_code not in (200, 201):
                    raise UpError(f"publishing a demo post failed: {reply.status_code} {reply.text[:200]}")

    def _wait_for_index(self, head: int) -> None:
        """Ready once the indexer has reached `head`. Documents still pending do not hold the
        devnet back (the banner counts them; the indexer keeps retrying them)."""
        deadline = time.monotonic() + READY_TIMEOUT
        indexed = None
        while time.monotonic() < deadline:
            self.supervisor.check()
            with contextlib.suppress(httpx.HTTPError, ValueError, AttributeError):
                indexed = httpx.get(f"{self.api_url}/chain", timeout=2).json().get("indexed_block")
            if (indexed or -1) >= head:
                return
            time.sleep(0.2)
        where = "no block yet" if indexed is None else f"block {indexed}"
        raise UpError(
            f"the indexer did not reach block {head} within {READY_TIMEOUT:.0f} s (it is at {where}); "
            f"see {self.log_dir / 'indexer.log'}"
        )

    def _live(self) -> tuple[dict[str, int], int | None]:
        """The proposals' states now (counted) and the documents still pending, from the API."""
        states: dict[str, int] = {}
        pending = None
        try:
            with httpx.Client(base_url=self.api_url, timeout=5) as client:
                pending = client.get("/chain").json().get("documents_pending")
                cursor = None
                while True:
                    page = client.get(
                        "/proposals", params={"limit": 200, **({"cursor": cursor} if cursor else {})}
                    ).json()
                    for proposal in page["items"]:
                        states[proposal["state"]] = states.get(proposal["state"], 0) + 1
                    cursor = page.get("next_cursor")
                    if not cursor:
                        break
        except (httpx.HTTPError, ValueError, KeyError, TypeError):
            pass
        return states, pending

    def relayer_address(self) -> str:
        """The account the API relays signed claims and votes from (TEAL_RELAYER=dev), or ""."""
        if self.env()["TEAL_RELAYER"] != "dev":
            return ""
        from eth_account import Account

        from api.http.relay import DEV_RELAYER_KEY

        return str(Account.from_key(DEV_RELAYER_KEY).address)

    def record(self) -> DevnetRecord:
        return DevnetRecord(
            chain=self.kind,
            chain_id=self.spec.chain_id,
            rpc_url=self.rpc_url,
            api_url=self.api_url,
            manifest=self.state_dir / "manifest.json",
            state_dir=self.state_dir,
            documents_dir=self.state_dir / "documents",
            database_url=f"sqlite:///{self.state_dir / 'teal.db'}",
            pid=os.getpid(),
            mnemonic=self.spec.mnemonic,
            relayer=self.relayer_address(),
            accounts=[
                DemoAccount(name=a["name"], index=i, address=a["address"], role=a["role"])
                for i, a in enumerate(self.summary["accounts"])
            ],
        )

    def print_banner(self, *, reused: bool) -> None:
        s, t = self.summary, self.timings
        record = self.record()
        record_path = write_record(self.data_dir, record)
        live, pending = self._live()
        states = ", ".join(f"{count} {state}" for state, count in sorted(live.items())) or "states unknown"
        relayer = record.relayer
        relayer_name = next((a.name for a in record.accounts if a.address == relayer), None)
        width = max(map(len, s["contracts"]), default=12) + 1  # MerkleDistributor is the longest today
        lines = [
            "",
            f"[bold]Teal devnet is up[/bold] ({self.kind}, chain id {s['chain_id']}, demo seed {s['seed']})",
            f"  API        {self.api_url}  (docs {self.api_url}/docs)",
            f"  Dashboard  {self.api_url}/dashboard",
            f"  Chain RPC  {self.rpc_url}",
            f"  Data       {self.state_dir}  (SQLite teal.db, documents/, logs/)",
            *(
                [
                    f"  Relayer    {relayer}  (the API's TEAL_RELAYER=dev key"
                    + (f", the same as {relayer_name}'s" if relayer_name else "")
                    + ": pays the gas of relayed "
                    "claims and votes)"
                ]
                if relayer
                else []
            ),
            f"  Record     {record_path}  (every teal command uses this devnet when no --network is given)",
            "Contracts",
            *(f"  {name:<{width}}{address}" for name, address in s["contracts"].items()),
            f"Demo accounts (dev mnemonic \"{self.spec.mnemonic}\", m/44'/60'/0'/0/i; public, devnet only)",
            *(f"  {i:>2} {a['name']:<11}{a['address']}  {a['role']}" for i, a in enumerate(s["accounts"])),
            "  Put them all in your keystore under these names: teal account import-demo --password-file FILE",
            f"Demo DAO: {len(s['workstreams'])} workstreams, {s['tasks']} tasks, "
            f"{sum(live.values()) or len(s['proposals'])} proposals ({states}), {s['posts']} posts"
            + (f"; documents not yet fetched: {pending} (the indexer keeps retrying them)" if pending else ""),
            f"Timings: chain {t['chain']:.1f} s, "
            + (
                "seeding skipped (saved devnet reused), "
                if reused
                else f"seeding {t['seed']:.1f} s (of which compile/load {s.get('compile_seconds', 0):.1f} s), "
            )
            + f"API answered after {t['api']:.1f} s, indexed after {t['indexed']:.1f} s",
            "Press Ctrl-C to stop.",
        ]
        for line in lines:
            _out.print(line)
        sys.stdout.flush()

    def serve_forever(self) -> None:
        while True:
            self.supervisor.check()
            time.sleep(0.5)


def _check_ipfs(address: str) -> None:
    """--store kubo needs a reachable IPFS node: say so in one line, before anything starts."""
    from api.content import KuboStore, StoreError

    try:
        store = KuboStore(api_address=address, timeout=3, attempts=1)
        version = store.version()
        store.close()
    except ValueError as exc:
        _fail(f"--store kubo: {exc}")
    except StoreError:
        _fail(
            f"--store kubo: no IPFS node answers at {address} (TEAL_IPFS_API); "
            "start one (`ipfs daemon`) or leave out --store kubo"
        )
    _out.print(f"documents on the IPFS node at {address} (Kubo {version})")


def _migrate(database_url: str) -> None:
    from api.db.migrate import upgrade
    from api.db.session import make_engine

    engine = make_engine(database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def _checkpoint(database_url: str) -> tuple[int, str]:
    """The last block the saved database indexed, and its hash ((0, "") when none)."""
    from sqlalchemy import select

    from api.db.models import Checkpoint
    from api.db.session import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(select(Checkpoint.block_number, Checkpoint.block_hash)).first()
    finally:
        engine.dispose()
    return (int(row[0]), str(row[1])) if row else (0, "")


def _teal_command() -> list[str]:
    """This installation's `teal`, so the children run the same code as `teal up`."""
    script = Path(sys.executable).with_name("teal")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from api.cli.app import main; main()"]


def _port_free(port: int) -> bool:
    """Nothing listens on `port` (connections of a stopped run in TIME_WAIT do not count:
    the chain and uvicorn bind with SO_REUSEADDR too)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _take_lock(path: Path) -> IO[str]:
    """Hold an exclusive lock for as long as this `teal up` runs; a second one is refused."""
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        try:
            info = json.loads(handle.read() or "{}")
        except ValueError:
            info = {}
        handle.close()
        where = f" (pid {info['pid']}, API {info['api']}, chain {info['rpc']})" if "pid" in info else ""
        _fail(f"teal up is already running on {path.parent}{where}; stop it first (Ctrl-C in its terminal)")
    return handle


def _write_lock_info(handle: IO[str], run: DevnetRun) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps({"pid": os.getpid(), "api": run.api_url, "rpc": run.rpc_url, "chain": run.kind}))
    handle.flush()


def _fail(message: str) -> NoReturn:
    _err.print(f"error: {message}", markup=False)
    raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("up")(up)
