"""`teal index`: follow the chain into the database."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from api import logs
from api.settings import SettingsError, load_settings

if TYPE_CHECKING:
    from api.indexer.scanner import Progress as RangeProgress

_err = Console(stderr=True, soft_wrap=True, highlight=False)


def index(
    follow: Annotated[
        bool, typer.Option("--follow/--once", help="Keep following new blocks, or stop at the head.")
    ] = False,
    manifest: Annotated[Path | None, typer.Option(help="Deployment manifest (env TEAL_MANIFEST).")] = None,
    rpc_url: Annotated[str | None, typer.Option(help="Chain JSON-RPC URL (env TEAL_RPC_URL).")] = None,
    network: Annotated[
        str | None, typer.Option(help="teal-ganache or teal-anvil: its RPC URL and deployments/<NAME>.json.")
    ] = None,
    database_url: Annotated[str | None, typer.Option(help="Database URL (env TEAL_DATABASE_URL).")] = None,
    json_logs: Annotated[bool, typer.Option("--json-logs", help="Log JSON lines instead of text.")] = False,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
) -> None:
    """Index every event of the deployed contracts (and the documents they reference)."""
    # Imported here: the indexer pulls in SQLAlchemy and Alembic, which every other command
    # would otherwise pay for at start-up.
    from api.chain.manifest import ManifestError
    from api.chain.networks import NetworkChoiceError, choose_network
    from api.chain.rpc import RpcUnavailable, RpcWaitStopped
    from api.cli.devnet.record import DevnetNotRunning, chain_given, current_devnet, devnet_settings
    from api.indexer.runner import run_indexer

    stopping = False

    def request_stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    # First: Ctrl-C and SIGTERM stop every wait below (the writer lock, the chain) within a second.
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    logs.configure(level=log_level, json_lines=json_logs)
    try:
        settings = load_settings()
        devnet = None
        if network is not None:
            choice = choose_network(settings=settings, network=network, rpc_url=rpc_url, manifest=manifest)
            rpc_url, manifest = choice.rpc_url, choice.manifest
        else:
            # No chain named: the devnet `teal up` runs, with its store and its database.
            devnet = None if chain_given(rpc_url=rpc_url, manifest=manifest) else current_devnet(settings)
            settings = devnet_settings(settings, rpc_url=rpc_url, manifest=manifest)
        overrides = {
            k: v
            for k, v in {"manifest": manifest, "rpc_url": rpc_url, "database_url": database_url}.items()
            if v is not None
        }
        settings = settings.model_copy(update=overrides)
    except (SettingsError, NetworkChoiceError, DevnetNotRunning) as exc:
        _fail(str(exc))
    if devnet is not None and settings.database == devnet.database_url and _writer_busy(settings.database):
        _err.print(
            f"the devnet's indexer (teal up, pid {devnet.pid}) already keeps {settings.database} "
            f"up to date; nothing to do (its progress: {devnet.api_url}/chain)"
        )
        return

    bar = Progress(
        TextColumn("indexing"),
        BarColumn(),
        TextColumn("block {task.completed:,.0f}/{task.total:,.0f}"),
        TextColumn("{task.fields[rates]}"),
        TimeElapsedColumn(),
        console=_err,
        disable=not progress,
        transient=True,
    )
    started, blocks, events = time.monotonic(), 0, 0
    task = bar.add_task("index", total=1, completed=0, rates="")

    def on_progress(step: RangeProgress) -> None:
        nonlocal blocks, events
        blocks += step.to_block - step.from_block + 1
        events += step.events
        elapsed = max(time.monotonic() - started, 1e-9)
        bar.update(
            task,
            completed=step.to_block,
            total=step.target,
            rates=f"{blocks / elapsed:,.0f} blocks/s {events / elapsed:,.0f} events/s",
        )

    try:
        with bar:
            summary = run_indexer(
                settings,
                follow=follow,
                on_progress=on_progress,
                stop=lambda: stopping,
                rpc_attempts=None if follow else 5,
            )
    except ManifestError as exc:
        _fail(str(exc))
    except RpcWaitStopped:
        _err.print(f"stopped while waiting for the chain at {settings.rpc_url}")
        raise typer.Exit(code=130) from None
    except RpcUnavailable as exc:
        _fail(f"cannot reach the chain at {settings.rpc_url} ({exc}); start one with scripts/up.sh")
    if summary.stopped_waiting:
        _err.print("stopped while another indexer held the writer lock; nothing indexed")
        raise typer.Exit(code=130)
    _err.print(
        f"indexed to block {summary.checkpoint}: {summary.events} new events; documents: "
        f"{summary.documents_ok} fetched, {summary.documents_pending} pending, {summary.documents_invalid} invalid"
    )


def _writer_busy(database_url: str) -> bool:
    """Whether an indexer holds this SQLite database's writer lock."""
    from api.cli.devnet.record import lock_held
    from api.indexer.lock import lock_file

    return database_url.startswith("sqlite:///") and lock_held(lock_file(database_url.removeprefix("sqlite:///")))


def _fail(message: str) -> NoReturn:
    _err.print(f"error: {message}", markup=False)
    raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("index")(index)
