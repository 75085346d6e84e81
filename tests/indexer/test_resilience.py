"""The indexer survives what production does to it: SIGKILL mid-range, an RPC node that
goes away and comes back, and a second indexer started against the same database."""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from brownie import chain
from sqlalchemy import select

from api.chain.rpc import Backoff, connect
from api.db import models
from api.db.session import make_engine, make_sessionmaker
from api.indexer.scanner import Scanner, ScanSettings
from scripts.deploy import TOKEN_UNIT
from scripts.deploy import manifest as build_manifest

TEAL = str(Path(sys.executable).with_name("teal"))


def busy_chain(token, holders, alice, bob, carol, transfers=60):
    """A chain with a few hundred events spread over many blocks."""
    people = [alice, bob, carol]
    for i in range(transfers):
        sender, receiver = people[i % 3], people[(i + 1) % 3]
        token.transfer(receiver, (i + 1) * TOKEN_UNIT, {"from": sender})


def dump(url):
    sessions = make_sessionmaker(make_engine(url))
    with sessions() as session:
        return (
            [
                (e.block_number, e.log_index, e.name, e.args)
                for e in session.scalars(
                    select(models.Event).order_by(models.Event.block_number, models.Event.log_index)
                )
            ],
            [
                (a.address, a.balance, a.voting_power, a.delegate)
                for a in session.scalars(select(models.Account).order_by(models.Account.address))
            ],
            session.get(models.Checkpoint, chain.id).block_number,
        )


def teal_env(tmp_path, manifest_path, database_url, rpc_url, **extra):
    env = dict(os.environ)
    env.update(
        TEAL_MANIFEST=str(manifest_path),
        TEAL_DATABASE_URL=database_url,
        TEAL_RPC_URL=rpc_url,
        TEAL_DATA_DIR=str(tmp_path / "data"),
        **extra,
    )
    return env


@pytest.fixture
def manifest_file(deployment, tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(build_manifest(deployment)))
    return path


def test_sigkill_at_random_points_then_resume_gives_the_clean_database(
    token,
    holders,
    alice,
    bob,
    carol,
    manifest_file,
    rpc_url,
    make_scanner,
    database_url,
    make_database_url,
    tmp_path,
    relay,
):
    busy_chain(token, holders, alice, bob, carol)
    make_scanner().sync()  # the clean run, in `database_url`
    crashed_url = make_database_url("crashed")
    # Through a node that answers in 20 ms, 2-block ranges take the indexer seconds, so every
    # kill lands mid-way whatever the machine's speed (a fast one once finished before the first).
    slow_rpc = relay(rpc_url, delay=0.02)
    env = teal_env(tmp_path, manifest_file, crashed_url, slow_rpc, TEAL_INDEX_MAX_RANGE="2")
    rng = random.Random(20261123)
    partial_checkpoints = []

    for _ in range(3):
        before = checkpoint_of(crashed_url)
        process = subprocess.Popen(
            [TEAL, "index", "--once", "--no-progress", "--log-level", "warning"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Kill once it is writing ranges, at a random moment inside the next ones.
        wait_for(
            lambda p=process, b=before: p.poll() is not None or checkpoint_of(crashed_url) != b, "indexer to write"
        )
        time.sleep(rng.uniform(0.0, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait()
        partial_checkpoints.append(checkpoint_of(crashed_url))
    finished = subprocess.run(
        [TEAL, "index", "--once", "--no-progress"], env=env, capture_output=True, text=True, timeout=120
    )

    assert finished.returncode == 0, finished.stderr
    assert any(c is not None and c < chain.height for c in partial_checkpoints), partial_checkpoints
    assert dump(crashed_url) == dump(database_url)


class _Forwarder(BaseHTTPRequestHandler):
    """A plain HTTP JSON-RPC relay to the real node: the "node" that goes down and back up,
    or (with `delay`) a slow node."""

    target = ""
    delay = 0.0

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(self.delay)
        with urlopen(Request(self.target, data=body, headers={"Content-Type": "application/json"})) as upstream:
            payload = upstream.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def relay():
    """`relay(target, delay)` starts a JSON-RPC relay to `target` and returns its URL;
    stopped when the test ends."""
    servers = []

    def start(target, delay=0.0):
        handler = type("Forwarder", (_Forwarder,), {"target": target, "delay": delay})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_rpc_down_then_back_is_retried_and_loses_nothing(
    token, holders, alice, bob, carol, chain_manifest, sessions, rpc_url, caplog
):
    busy_chain(token, holders, alice, bob, carol, transfers=6)
    port = free_port()
    scanner = Scanner(
        w3=connect(f"http://127.0.0.1:{port}", timeout=2),
        manifest=chain_manifest,
        sessions=sessions,
        settings=ScanSettings(backoff=Backoff(initial=0.1, maximum=0.4, attempts=None)),
    )
    worker = threading.Thread(target=scanner.sync, kwargs={"until": chain.height})
    worker.start()
    time.sleep(1.5)  # the node is down: the scanner keeps retrying
    assert worker.is_alive()

    handler = type("Forwarder", (_Forwarder,), {"target": rpc_url})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        worker.join(timeout=60)
    finally:
        server.shutdown()

    assert not worker.is_alive()
    assert any("retrying" in record.getMessage() for record in caplog.records)
    with sessions() as session:
        assert session.get(models.Checkpoint, chain.id).block_number == chain.height
        assert session.get(models.Account, bob.address).balance == token.balanceOf(bob)


def test_second_indexer_waits_and_takes_over_when_the_first_stops(
    token, holders, alice, bob, manifest_file, rpc_url, make_database_url, tmp_path
):
    url = make_database_url("shared")
    env = teal_env(tmp_path, manifest_file, url, rpc_url, TEAL_POLL_INTERVAL="0.2")
    command = [TEAL, "index", "--follow", "--no-progress"]
    second_log = tmp_path / "second.log"
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    second = None
    try:
        wait_for(lambda: checkpoint_of(url) == chain.height, "first indexer to catch up")
        with second_log.open("w") as log_file:
            second = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log_file)
        wait_for(lambda: "waiting" in second_log.read_text(), "second indexer to wait for the lock")
        token.transfer(bob, 1 * TOKEN_UNIT, {"from": alice})
        wait_for(lambda: checkpoint_of(url) == chain.height, "first indexer to index the new block")

        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0
        token.transfer(bob, 2 * TOKEN_UNIT, {"from": alice})
        wait_for(lambda: checkpoint_of(url) == chain.height, "second indexer to take over")
    finally:
        for process in (first, second):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)

    sessions = make_sessionmaker(make_engine(url))
    with sessions() as session:
        assert session.get(models.Account, bob.address).balance == token.balanceOf(bob)


def checkpoint_of(url):
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            row = session.get(models.Checkpoint, chain.id)
            return row.block_number if row else None
    except Exception:  # noqa: BLE001 - the database may not exist yet
        return None
    finally:
        engine.dispose()


def wait_for(condition, what, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
