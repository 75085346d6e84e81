"""Processes of our own code started from a server that has already imported the libraries it
loads, for the tests that start hundreds of them (`teal` commands, API servers).

Importing web3, eth-account, pydantic, FastAPI and the rest takes about a second of CPU on the
test machine before a `teal` command or `uvicorn` does anything; the suite starts several
hundred. Python's multiprocessing "forkserver" imports them once (PRELOAD) and forks a new
process per call. Each is still a process of its own: its own arguments, environment, working
folder, standard streams (files given by path), exit code and signals. Teal's own modules are
imported in each process, under its environment (they read settings such as COLUMNS when
imported).

TEAL_TEST_EXEC=1 turns this off (the callers then start the installed executables), as does a
test process whose main module is a script (see `can_fork`).
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

PRELOAD = [
    "web3",
    "eth_account",
    "eth_abi",
    "eth_keyfile",
    "httpx",
    "requests",
    "pydantic",
    "typer",
    "rich.console",
    "rich.table",
    "sqlalchemy",
    "alembic",
    "multiformats",
    "rfc8785",
    "yaml",
    "fastapi",
    "uvicorn",
]
_lock = threading.Lock()
_context: Any = None


def can_fork() -> bool:
    """Whether forked processes start clean. multiprocessing runs the parent's main script
    again in each of them: under pytest-xdist (scripts/test.sh) a test process has none, but a
    single-process `brownie test` is the `brownie` script, whose imports cost more than the
    fork saves."""
    if os.environ.get("TEAL_TEST_EXEC"):
        return False
    return getattr(sys.modules["__main__"], "__file__", None) is None


def _forkserver() -> Any:
    global _context
    with _lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _context = context
        return _context


def _enter(target: Callable[..., Any], args: tuple, env: dict[str, str], cwd: str, stdio: tuple[str, str, str]) -> None:
    """In the new process: its standard streams, environment and folder, then `target`."""
    stdin, stdout, stderr = stdio
    for fd, path, flags in (
        (0, stdin, os.O_RDONLY),
        (1, stdout, os.O_WRONLY | os.O_APPEND),
        (2, stderr, os.O_WRONLY | os.O_APPEND),
    ):
        opened = os.open(path, flags)
        os.dup2(opened, fd)
        os.close(opened)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's own streams
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    target(*args)


class Forked:
    """A started process, with the parts of subprocess.Popen's interface the tests use."""

    def __init__(
        self,
        target: Callable[..., Any],
        args: tuple,
        *,
        env: dict[str, str],
        cwd: str,
        stdin: str = os.devnull,
        stdout: str,
        stderr: str,
    ) -> None:
        self._process = _forkserver().Process(target=_enter, args=(target, args, env, cwd, (stdin, stdout, stderr)))
        self._process.start()
        self.pid = self._process.pid

    @property
    def returncode(self) -> int | None:
        return self._process.exitcode  # -N for a signal N, as Popen says

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired(f"process {self.pid}", timeout or 0)
        return self.returncode  # type: ignore[return-value]

    def terminate(self) -> None:
        self._process.terminate()

    def kill(self) -> None:
        self._process.kill()


def uvicorn_main(arguments: list[str]) -> None:
    """A target: uvicorn's command line, as `python -m uvicorn ARGUMENTS` runs it."""
    import uvicorn.main

    uvicorn.main.main(arguments, prog_name="uvicorn")
