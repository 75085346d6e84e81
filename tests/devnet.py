"""`teal up` in a subprocess on free ports, for the tests (and benches) that need the demo
devnet: its URLs and demo keys are read from the banner it prints, as a user reads them.

`demo_devnet_fixture` and `api_client_fixture` define, once, the session fixtures a folder of
tests against the demo DAO binds in its conftest.py (tests/clients, tests/dashboard): each
folder gets its own devnet, since their tests write to it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
TEAL = str(Path(sys.executable).with_name("teal"))
STARTUP_TIMEOUT = 600  # a fresh clone compiles the contracts first


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Devnet:
    """One `teal up` with its own TEAL_DATA_DIR; `start()` returns once the banner is printed
    (the demo seeded and indexed, the API answering)."""

    def __init__(self, data_dir: Path, name: str = "up", chain: str = "ganache", *, fresh: bool = False) -> None:
        self.data_dir = data_dir
        self.chain = chain
        self.fresh = fresh
        self.chain_port, self.api_port = free_port(), free_port()
        self.output = data_dir / f"{name}.out"
        self.process: subprocess.Popen[bytes] | None = None
        self.api_url = ""
        self.dashboard_url = ""
        self.mnemonic = ""
        self.children: list[psutil.Process] = []

    @property
    def rpc_url(self) -> str:
        return f"http://127.0.0.1:{self.chain_port}"

    @property
    def state_dir(self) -> Path:
        """Where `teal up` keeps this chain's store, database and manifest."""
        return self.data_dir / "devnet" / self.chain

    def env(self) -> dict[str, str]:
        return {**os.environ, "TEAL_DATA_DIR": str(self.data_dir), "PYTHONUNBUFFERED": "1"}

    def start(self) -> Devnet:
        with self.output.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    TEAL,
                    "up",
                    "--chain",
                    self.chain,
                    "--port",
                    str(self.chain_port),
                    "--api-port",
                    str(self.api_port),
                    "--seed",
                    "7",
                    *(["--fresh"] if self.fresh else []),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env(),
                cwd=ROOT,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            text = self.text()
            if "Press Ctrl-C to stop." in text:
                self.api_url = re.search(r"^\s+API\s+(http://\S+)", text, re.M).group(1)
                self.dashboard_url = re.search(r"^\s+Dashboard\s+(http://\S+)", text, re.M).group(1)
                self.mnemonic = re.search(r'dev mnemonic "([^"]+)"', text).group(1)
                self.children = psutil.Process(self.process.pid).children(recursive=True)
                return self
            if self.process.poll() is not None:
                raise AssertionError(f"teal up exited with {self.process.returncode}:\n{text}")
            time.sleep(0.1)
        self.process.kill()
        raise AssertionError(f"teal up was not ready within {STARTUP_TIMEOUT} s:\n{self.text()}")

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def key(self, index: int) -> str:
        """The private key of demo account `index`, derived from the public dev mnemonic the
        banner prints (m/44'/60'/0'/0/index), as a 0x hex string."""
        from eth_account.hdaccount import key_from_seed
        from eth_account.hdaccount.mnemonic import Mnemonic

        return "0x" + key_from_seed(Mnemonic.to_seed(self.mnemonic), f"m/44'/60'/0'/0/{index}").hex()

    def stop(self) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                return self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                for child in self.children:
                    child.kill()
                raise
        return self.process.returncode


def demo_devnet_fixture(name: str, *, data_dir: str | None = None, chain: str = "ganache") -> Any:
    """A session fixture: one `teal up --fresh --chain CHAIN` (the demo DAO) for a folder of
    tests, in a temporary data folder of its own (or in the folder the fixture named `data_dir`
    returns), stopped at the end of the run. In a conftest.py:
    `devnet = demo_devnet_fixture("clients", chain="anvil")`."""

    @pytest.fixture(scope="session", name="devnet")
    def devnet(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Devnet]:
        folder = request.getfixturevalue(data_dir) if data_dir else tmp_path_factory.mktemp(name)
        net = Devnet(folder, name, chain, fresh=True).start()
        yield net
        net.stop()

    return devnet


def api_client_fixture(name: str) -> Any:
    """A session fixture named `name`: an HTTP client of the `devnet` fixture's API."""

    @pytest.fixture(scope="session", name=name)
    def client(devnet: Devnet) -> Iterator[httpx.Client]:
        with httpx.Client(base_url=devnet.api_url, timeout=60) as http:
            yield http

    return client


def everything(api: httpx.Client, path: str, **params: Any) -> list[dict]:
    """Every item of a list endpoint of the API, following its cursors."""
    items: list[dict] = []
    cursor = None
    while True:
        page = api.get(path, params={**params, "limit": 200, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return items


def mine(devnet: Any, blocks: int) -> None:
    """Mine `blocks` empty blocks on the devnet's chain."""
    for _ in range(blocks):
        httpx.post(
            devnet.rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": "evm_mine", "params": []}
        ).raise_for_status()
