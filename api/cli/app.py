"""The `teal` command line."""

from __future__ import annotations

import os
import sys

import typer

from api import __version__

HELP = "Teal: a work-coordination DAO on your own chain (governance, teams, tasks, rewards)."


def _version(value: bool) -> None:
    if value:
        typer.echo(f"teal {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    """The Typer app with every command registered. Built inside `main`'s guard because
    importing the commands (web3, eth-account) takes most of a second: a Ctrl-C meanwhile
    must end quietly like any other."""
    from api.cli.commands import (
        account,
        account_show,
        bond,
        content,
        governance,
        index,
        member,
        post,
        proposals,
        rewards,
        serve,
        task,
    )
    from api.cli.devnet import up

    app = typer.Typer(name="teal", help=HELP, no_args_is_help=True, pretty_exceptions_enable=False)

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ) -> None:
        """Teal: a work-coordination DAO on your own chain."""

    for module in (
        content,
        index,
        serve,
        up,
        account,
        account_show,
        task,
        bond,
        member,
        governance,
        proposals,
        post,
        rewards,
    ):
        module.register(app)
    from api.cli.commands import signal

    signal.register(app)
    return app


def _one_line(text: str) -> str:
    return " ".join(text.split())


def main() -> None:
    """Entry point: bad usage and unexpected errors become one line on stderr (TEAL_DEBUG=1
    shows the traceback), never a framed box or a wall of Python internals."""
    try:
        # standalone_mode=False hands usage errors to us instead of Typer's multi-line panel.
        code = build_app()(standalone_mode=False)
    except (typer.Abort, KeyboardInterrupt):  # Ctrl-C (or end of input at a prompt)
        print("aborted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            # click's UsageError / ClickException (Typer vendors click: match by shape).
            if not exc.format_message().strip():  # a group run without a command: its help was shown
                sys.exit(exc.exit_code)
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            print(f"error: {_one_line(exc.format_message())}{hint}", file=sys.stderr)
            sys.exit(exc.exit_code)
        if os.environ.get("TEAL_DEBUG"):
            raise
        print(f"error: {type(exc).__name__}: {exc} (set TEAL_DEBUG=1 for details)", file=sys.stderr)
        sys.exit(1)
    # Without standalone mode Typer returns the exit code of a typer.Exit, or the command's
    # own return value (None for ours).
    sys.exit(code if isinstance(code, int) and not isinstance(code, bool) else 0)
