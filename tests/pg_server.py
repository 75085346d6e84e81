"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, start it on
a free loopback port, stop it and delete its folder at the end. Uses the Debian `postgresql`
package that scripts/setup.sh installs.

A pytest plugin (tests/conftest.py `pytest_plugins`): the session fixture `postgres` is one
server per test process, and every test or module that needs a database asks it for a new one
(`postgres.create_database("name")`), so the suite runs initdb once per xdist worker.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


class PostgresUnavailable(Exception):
    """No PostgreSQL server binaries, or the server would not start (the reason says which)."""


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    raise PostgresUnavailable("PostgreSQL server binaries not found (Debian package `postgresql`)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self, root: Path) -> None:
        self.bin = _bin_dir()
        self.root = root
        self.data = root / "data"
        self.port = _free_port()
        # initdb and postgres refuse to run as root: run them as the `postgres` user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self._numbers = itertools.count()

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{Path(args[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.root / "server.log"),
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def create_database(self, name: str) -> str:
        """A new empty database, named `name` plus a number so that no two are the same; its URL."""
        unique = f"{name}_{next(self._numbers)}"
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", unique)
        return f"postgresql://postgres@127.0.0.1:{self.port}/{unique}"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        # Its write-ahead log alone is hundreds of MB after the suite; left in /tmp, every run
        # would add that much.
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the test process, or a skip that says why it cannot run.
    Outside pytest's own temporary folders: the server runs as the `postgres` user, who cannot
    enter those (they are private to their owner)."""
    try:
        server = PostgresServer(Path(tempfile.mkdtemp(prefix="teal-pg-")))
        server.start()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    yield server
    server.stop()
