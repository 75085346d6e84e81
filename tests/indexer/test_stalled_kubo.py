"""Documents never stall the chain cursor: with an IPFS node that hangs on every CID it does not
hold (the stand-in behaves as a real Kubo node searching the network), the indexer keeps
indexing new blocks while 100 referenced documents hang.

Runs the real indexer (`run_indexer`, follow mode, the Kubo store) against the Brownie chain
and a SQLite file, in a thread, while the test mines blocks.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from brownie import chain
from brownie import web3 as brownie_web3
from sqlalchemy import func, inspect, select

from api.content import KuboStore, canonical_bytes, compute_cid
from api.db import models
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from api.indexer.runner import RunSummary, run_indexer
from api.settings import load_settings
from scripts.deploy import manifest as build_manifest
from scripts.governance import proposal_document

sys.path.insert(0, str(Path(__file__).parent.parent / "content"))
sys.path.insert(0, str(Path(__file__).parent.parent / "api"))
from apiserver import ApiServer
from kubo_standin import KuboStandIn, serve

DOCUMENTS = 100
FETCH_TIMEOUT = 2.0


@pytest.fixture
def kubo_standin() -> Iterator[KuboStandIn]:
    with serve() as state:
        yield state


def test_blocks_keep_being_indexed_while_100_documents_hang(
    deployment, governor, token, holders, alice, bob, kubo_standin: KuboStandIn, tmp_path
) -> None:
    kubo_standin.hang_seconds = 60  # longer than the client waits: the client gives up first
    for n in range(DOCUMENTS):  # 100 proposals whose documents nobody published
        cid = compute_cid(canonical_bytes(proposal_document(f"Never published {n}", "Nobody has it.")))
        governor.propose([token], [0], [token.totalSupply.encode_input()], f"ipfs://{cid}", {"from": alice})
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(build_manifest(deployment)))
    database = f"sqlite:///{tmp_path / 'index.db'}"
    settings = load_settings(
        {
            "TEAL_DATA_DIR": str(tmp_path),
            "TEAL_DATABASE_URL": database,
            "TEAL_MANIFEST": str(manifest),
            "TEAL_RPC_URL": brownie_web3.provider.endpoint_uri,
            "TEAL_POLL_INTERVAL": "0.1",
            "TEAL_STORE": "kubo",
            "TEAL_IPFS_API": kubo_standin.address,
            "TEAL_DOCUMENT_FETCH_TIMEOUT": str(FETCH_TIMEOUT),
        }
    )
    sessions = make_sessionmaker(make_engine(database))
    stopping = threading.Event()
    summary: list[RunSummary] = []
    indexer = threading.Thread(
        target=lambda: summary.append(run_indexer(settings, follow=True, stop=stopping.is_set)), daemon=True
    )

    def indexed() -> tuple[int, int]:
        if not inspect(sessions.kw["bind"]).has_table("checkpoints"):  # the indexer migrates on start
            return -1, 0
        with sessions() as session:
            checkpoint = session.get(models.Checkpoint, chain.id)
            pending = session.scalar(
                select(func.count()).select_from(models.Document).where(models.Document.status == "pending")
            )
            return (checkpoint.block_number if checkpoint else -1), int(pending or 0)

    def wait_for(block: int, within: float) -> float:
        started = time.monotonic()
        while indexed()[0] < block:
            assert time.monotonic() - started < within, f"block {block} not indexed within {within} s"
            time.sleep(0.02)
        return time.monotonic() - started

    indexer.start()
    try:
        wait_for(chain.height, within=30)
        assert indexed()[1] == DOCUMENTS
        deadline = time.monotonic() + 4 * FETCH_TIMEOUT  # a few rounds of hanging reads
        started, first_block, lags = time.monotonic(), chain.height, []
        while time.monotonic() < deadline:
            token.transfer(bob, 1, {"from": alice})  # one block each
            lags.append(wait_for(chain.height, within=FETCH_TIMEOUT))
        seconds = time.monotonic() - started
        blocks, (checkpoint, pending) = chain.height - first_block, indexed()
    finally:
        stopping.set()
        indexer.join(timeout=3 * FETCH_TIMEOUT)
    hung = kubo_standin.hung_reads
    print(
        f"\nstalled Kubo: {blocks} blocks indexed in {seconds:.1f} s while {pending} documents hang "
        f"({hung} reads hung {FETCH_TIMEOUT:g} s each); slowest block lag {max(lags):.2f} s, "
        f"median {sorted(lags)[len(lags) // 2]:.2f} s"
    )

    assert not indexer.is_alive(), "the indexer did not stop within a fetch timeout"
    assert checkpoint == chain.height
    assert pending == DOCUMENTS  # every document is still missing, none given up on
    assert hung >= 2 * 8  # the worker really was waiting on the node, several rounds of reads
    assert blocks >= 10 and max(lags) < FETCH_TIMEOUT
    assert summary and summary[0].documents_pending == DOCUMENTS and summary[0].documents_ok == 0


def test_the_api_answers_504_in_bounded_time_for_a_cid_the_node_cannot_find(
    deployment, kubo_standin: KuboStandIn, tmp_path
) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(build_manifest(deployment)))
    database = f"sqlite:///{tmp_path / 'api.db'}"
    upgrade(make_engine(database))
    server = ApiServer(
        {
            "TEAL_DATA_DIR": str(tmp_path),
            "TEAL_DATABASE_URL": database,
            "TEAL_MANIFEST": str(manifest),
            "TEAL_RPC_URL": brownie_web3.provider.endpoint_uri,
            "TEAL_STORE": "kubo",
            "TEAL_IPFS_API": kubo_standin.address,
            "TEAL_DOCUMENT_FETCH_TIMEOUT": "1.5",
        },
        log_path=tmp_path / "server.log",
    ).start()
    present = KuboStore(api_address=kubo_standin.address).put(canonical_bytes(proposal_document("Here")))
    missing = compute_cid(canonical_bytes(proposal_document("Nobody published this")))
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            started = time.monotonic()
            response = http.get(f"/documents/{missing}")
            took = time.monotonic() - started
            found = http.get(f"/documents/{present}")
    finally:
        server.stop()

    assert response.status_code == 504, response.text
    error = response.json()["error"]
    assert error["code"] == "document_fetch_timeout" and missing in error["message"]
    assert 1.5 <= took < 4  # the setting bounds the wait; a node's own search would take minutes
    assert found.status_code == 200 and found.json()["body"]["title"] == "Here"
