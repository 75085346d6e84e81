"""The `teal` command line."""

from __future__ import annotations

import typer

from api import __version__
from api.commands import account, content, governance, index, serve, task, up

app = typer.Typer(
    name="teal",
    help="Teal: a work-coordination DAO on your own chain (governance, teams, tasks, rewards).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"teal {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Teal: a work-coordination DAO on your own chain."""


content.register(app)
index.register(app)
serve.register(app)
up.register(app)
account.register(app)
task.register(app)
governance.register(app)


def main() -> None:
    """Entry point: any unexpected error becomes one line on stderr (TEAL_DEBUG=1 shows the
    traceback), never a wall of Python internals."""
    import os
    import sys

    try:
        app(standalone_mode=True)
    except Exception as exc:  # noqa: BLE001 - last-resort guard for the command line
        if os.environ.get("TEAL_DEBUG"):
            raise
        print(f"error: {type(exc).__name__}: {exc} (set TEAL_DEBUG=1 for details)", file=sys.stderr)
        sys.exit(1)
