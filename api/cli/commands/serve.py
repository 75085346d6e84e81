"""`teal serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from api import logs
from api.chain.manifest import ManifestError
from api.settings import SettingsError, load_settings, settings_environ

_err = Console(stderr=True, soft_wrap=True, highlight=False)


SHUTDOWN_GRACE_SECONDS = 1


def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (env TEAL_API_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (env TEAL_API_PORT).")] = None,
    network: Annotated[
        str | None, typer.Option(help="teal-ganache or teal-anvil: its RPC URL and deployments/<NAME>.json.")
    ] = None,
    rpc_url: Annotated[str | None, typer.Option(help="Chain JSON-RPC URL (env TEAL_RPC_URL).")] = None,
    manifest: Annotated[Path | None, typer.Option(help="Deployment manifest (env TEAL_MANIFEST).")] = None,
    json_logs: Annotated[bool, typer.Option("--json-logs", help="Log JSON lines instead of text.")] = False,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="Log every request.")] = True,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Worker processes (env TEAL_API_WORKERS); more than one wants PostgreSQL."),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs) over the indexed database."""
    import uvicorn

    from api.chain.networks import NetworkChoiceError, choose_network
    from api.cli.devnet.record import DevnetNotRunning, devnet_settings
    from api.http.app import WORKER_JSON_LOGS, WORKER_LOG_LEVEL, close_app, create_app

    logs.configure(level=log_level, json_lines=json_logs)
    overrides: dict[str, object] = {
        k: v
        for k, v in {
            "api_host": host,
            "api_port": port,
            "api_workers": workers,
            "rpc_url": rpc_url,
            "manifest": manifest,
        }.items()
        if v is not None
    }
    try:
        settings = load_settings()
        if network is not None:
            choice = choose_network(settings=settings, network=network, rpc_url=rpc_url, manifest=manifest)
            overrides.update(rpc_url=choice.rpc_url, manifest=choice.manifest)
        else:
            # No chain named: the devnet `teal up` runs (its chain, manifest, store, database).
            settings = devnet_settings(settings, rpc_url=rpc_url, manifest=manifest)
        settings = settings.model_copy(update=overrides)
        app = create_app(settings)
    except (SettingsError, ManifestError, NetworkChoiceError, DevnetNotRunning) as exc:
        _err.print(f"[red]serve: {exc}[/red]")
        raise typer.Exit(2) from None
    count = settings.api_workers
    shown = f" with {count} workers" if count > 1 else ""
    _err.print(f"serving the Teal API on http://{settings.api_host}:{settings.api_port}{shown} (docs at /docs)")
    options: dict[str, Any] = {
        "host": settings.api_host,
        "port": settings.api_port,
        "log_level": log_level,
        "access_log": access_log,
        "proxy_headers": False,
        "server_header": False,
        # SIGTERM or Ctrl-C ends the server within a second even while a relay waits for its
        # receipt (up to TEAL_RELAY_RECEIPT_TIMEOUT): the transaction is already sent and its
        # nonce recorded, so cutting the wait loses only that one answer.
        "timeout_graceful_shutdown": SHUTDOWN_GRACE_SECONDS,
    }
    if count == 1:
        uvicorn.run(app, **options)
        return
    # Each worker process builds its own app from the environment: the settings chosen here
    # (network, devnet, options) are handed over as TEAL_* variables; the database is migrated
    # once, above, so the workers skip it.
    close_app(app)
    os.environ.update(settings_environ(settings))
    os.environ[WORKER_LOG_LEVEL] = log_level
    os.environ[WORKER_JSON_LOGS] = "1" if json_logs else ""
    uvicorn.run("api.http.app:worker_app", factory=True, workers=count, **options)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
