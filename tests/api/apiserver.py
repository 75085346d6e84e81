"""Run the API under a real uvicorn server in a process of its own, on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from forked import Forked, can_fork, uvicorn_main  # tests/forked.py

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ApiServer:
    """`teal`'s app served by `uvicorn --factory api.http.app:app_from_env` with the given TEAL_* env."""

    def __init__(self, env: dict[str, str], *, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **env, "TEAL_API_PORT": str(self.port)}
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | Forked | None = None

    def start(self, timeout: float = 30.0) -> ApiServer:
        arguments = [
            *("--factory", "api.http.app:app_from_env"),
            *("--host", "127.0.0.1", "--port", str(self.port)),
            *("--log-level", "warning", "--no-server-header"),
        ]
        if can_fork():  # tests/forked.py: uvicorn's imports done once
            self.log_path.write_bytes(b"")
            log = str(self.log_path)
            self.process = Forked(uvicorn_main, (arguments,), env=self.env, cwd=str(ROOT), stdout=log, stderr=log)
        else:
            with self.log_path.open("wb") as out:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "uvicorn", *arguments],
                    env=self.env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=ROOT,
                )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"API server exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"API server did not answer within {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
