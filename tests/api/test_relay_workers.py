"""`teal serve --workers 4` over a real PostgreSQL server and the test chain: 200 relays sent at
once are all mined with distinct nonces (the sender lock and the last nonce are kept in the
database, not in a worker), and the per-minute relay limit is counted across the workers.

The relayed action is the cheapest a fresh key can sign: `TaskBoard.cancelClaimNonces`
through the ERC-2771 forwarder (`POST /relay/forward`), one request per fresh key (forwarder
nonce 0). Requests come from distinct loopback addresses (127.0.0.x) so that each source has
its own per-minute bucket: the big run stays under the limit, the limit test has its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from apiserver import free_port
from brownie import chain
from brownie import web3 as brownie_web3
from eth_account import Account
from helpers import set_mining
from http_errors import assert_error

from api.chain.forwarding import sign_forward_request
from scripts.deploy import deploy_work
from scripts.deploy import manifest as build_manifest

WORKERS = 4
RELAYS = 200
SOURCES = 20  # loopback addresses the 200 relays come from: 10 each
RATE = 10  # TEAL_RELAY_RATE_LIMIT: relay requests per client address per minute
LIMITED_SOURCE = "127.0.0.2"


@pytest.fixture(scope="module")
def database_url(postgres):
    return postgres.create_database("teal_relay")


@pytest.fixture(scope="module")
def work(deployment, gov, relayer_address):
    gov.transfer(relayer_address, "10 ether")
    return deploy_work(deployment)


@contextmanager
def _teal_serve(work, api_dir: Path, name: str, env: dict[str, str], options: list[str]) -> Iterator[dict]:
    """`teal serve` as a user runs it, on the test chain, logging JSON lines (one per relayed
    transaction, naming the worker's process id); stopped by SIGTERM at the end."""
    manifest = api_dir / f"{name}-manifest.json"
    manifest.write_text(json.dumps(build_manifest(work)))
    port = free_port()
    command = [
        *[sys.executable, "-c", "from api.cli.app import main; main()"],
        *["serve", *options, "--port", str(port), "--json-logs", "--no-access-log"],
        *["--rpc-url", brownie_web3.provider.endpoint_uri, "--manifest", str(manifest)],
    ]
    log_path = api_dir / f"{name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            env={**os.environ, "TEAL_RELAYER": "dev", "TEAL_HEAD_CACHE_SECONDS": "0", **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parents[2],
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            try:
                if httpx.get(url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield {"url": url, "log": log_path, "process": process}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def served(work, database_url, api_dir):
    env = {
        "TEAL_DATABASE_URL": database_url,
        "TEAL_RELAY_RATE_LIMIT": str(RATE),
        "TEAL_RELAY_IP_DAILY_LIMIT": "1000",
        "TEAL_RELAY_DAILY_GAS_BUDGET_WEI": str(9 * 10**18),
    }
    with _teal_serve(work, api_dir, "workers", env, ["--workers", str(WORKERS)]) as server:
        yield server


def _requests(work, count: int, first_key: int) -> list[dict]:
    """Signed forward requests, each from its own fresh key, calling cancelClaimNonces(0, 1)."""
    board, forwarder = work.task_board, work.forwarder
    data = bytes.fromhex(board.cancelClaimNonces.encode_input(0, 1)[2:])
    deadline = chain[-1].timestamp + 3600
    return [
        sign_forward_request(
            Account.from_key(f"0x{first_key + i:064x}"),
            chain_id=chain.id,
            forwarder=forwarder.address,
            to=board.address,
            data=data,
            nonce=0,
            deadline=deadline,
            gas=100_000,
        ).jsonable()
        for i in range(count)
    ]


def _post(url: str, body: dict, source: str) -> httpx.Response:
    """POST /relay/forward from the loopback address `source`, on a connection of its own."""
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(base_url=url, transport=transport, timeout=300) as client:
        return client.post("/relay/forward", json=body)


def _relay_workers(log: Path) -> dict[str, int]:
    """tx hash -> pid of the worker that sent it, from the server's JSON log lines."""
    sent = {}
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if entry.get("message", "").startswith("relayed transaction"):
                sent[entry["tx_hash"]] = entry["worker"]
    return sent


def test_200_concurrent_relays_over_4_workers_use_distinct_nonces(served, work, relayer_address):
    bodies = _requests(work, RELAYS, first_key=0x7E1A_0000)
    sources = [f"127.0.0.{10 + i % SOURCES}" for i in range(RELAYS)]
    start = threading.Barrier(RELAYS)

    def send(i: int) -> httpx.Response:
        start.wait()
        return _post(served["url"], bodies[i], sources[i])

    with ThreadPoolExecutor(max_workers=RELAYS) as pool:
        responses = list(pool.map(send, range(RELAYS)))

    assert [r.status_code for r in responses] == [200] * RELAYS, [r.text for r in responses if r.status_code != 200]
    results = [r.json() for r in responses]
    assert {r["status"] for r in results} == {"mined"}
    hashes = [r["tx_hash"] for r in results]
    txs = [brownie_web3.eth.get_transaction(h) for h in hashes]
    nonces = sorted(int(tx["nonce"]) for tx in txs)
    assert {tx["from"] for tx in txs} == {relayer_address}
    assert nonces == list(range(nonces[0], nonces[0] + RELAYS))  # no nonce used twice, none skipped
    assert all(work.forwarder.nonces(body["from"]) == 1 for body in bodies)  # every request executed once
    senders = _relay_workers(served["log"])
    assert set(hashes) <= set(senders)
    assert len({senders[h] for h in hashes}) >= 2, "the relays were not spread over several workers"


def test_relay_rate_limit_is_counted_across_workers(served, work):
    """From one client address, RATE requests are relayed (by several workers) and every later
    one in the same minute is refused, whichever worker answers it."""
    bodies = _requests(work, 3 * RATE, first_key=0x7E1B_0000)

    began = time.monotonic()
    responses = [_post(served["url"], body, LIMITED_SOURCE) for body in bodies]
    elapsed = time.monotonic() - began

    admitted = [r for r in responses if r.status_code != 429]
    refill = int(elapsed * RATE / 60)  # tokens that came back while the requests ran
    assert RATE <= len(admitted) <= RATE + refill, [r.status_code for r in responses]
    assert all(r.status_code == 200 and r.json()["status"] == "mined" for r in admitted)
    assert [r.status_code for r in responses[:RATE]] == [200] * RATE
    refused = responses[RATE + refill :]
    for response in refused:
        assert_error(response, 429, "rate_limited")
        assert int(response.headers["retry-after"]) >= 1
    senders = _relay_workers(served["log"])
    assert len({senders[r.json()["tx_hash"]] for r in admitted}) >= 2, "one worker relayed them all"


@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_stops_a_server_whose_relay_waits_for_its_receipt(work, api_dir, tmp_path, workers):
    """A relay waits up to TEAL_RELAY_RECEIPT_TIMEOUT (here 120 s) for its receipt; SIGTERM (as
    Ctrl-C) still ends `teal serve` within about a second, one worker or several, and the
    transaction it sent stands."""
    env = {"TEAL_DATABASE_URL": f"sqlite:///{tmp_path / 'teal.db'}", "TEAL_RELAY_RECEIPT_TIMEOUT": "120"}
    options = ["--workers", str(workers)] if workers > 1 else []
    (body,) = _requests(work, 1, first_key=0x7E1C_0000 + workers)
    with _teal_serve(work, api_dir, f"sigterm-{workers}", env, options) as server, ThreadPoolExecutor(1) as pool:
        set_mining(False)
        try:
            pending = pool.submit(_post, server["url"], body, "127.0.0.1")
            deadline = time.monotonic() + 30
            while not _relay_workers(server["log"]):  # sent, now waiting for a block
                assert not pending.done(), pending.result().text
                assert time.monotonic() < deadline, server["log"].read_text()
                time.sleep(0.05)
            began = time.monotonic()
            server["process"].terminate()
            server["process"].wait(timeout=20)
            stopped_in = time.monotonic() - began
        finally:
            set_mining(True)
    assert stopped_in < 3, f"teal serve took {stopped_in:.1f} s to stop"
    (tx_hash,) = _relay_workers(server["log"])
    assert brownie_web3.eth.wait_for_transaction_receipt(tx_hash, timeout=30)["status"] == 1
    assert work.forwarder.nonces(body["from"]) == 1
