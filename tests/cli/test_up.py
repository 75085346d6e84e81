"""`teal up` end to end: a real subprocess starts Ganache, deploys, seeds the demo DAO, indexes
it and serves the API on free ports with a temporary data folder. The tests read the demo
back through the API, check that a second `teal up` is refused, and finally stop it with
SIGINT and check that no process it started is left.

One `teal up` is shared by the module; `test_sigint_stops_every_child` stops it, so it comes
after the tests that read from it; the last test restarts from the state it saved.
"""

from __future__ import annotations

import collections
import os
import re
import socket
import subprocess
import time

import httpx
import psutil
import pytest
from devnet import ROOT, TEAL, Devnet, free_port

PROPOSAL_STATES = {"pending", "active", "defeated", "succeeded", "queued", "executed", "canceled"}
TASK_STATES = {"open", "claimed", "submitted", "paid", "cancelled"}


@pytest.fixture(scope="module")
def devnet(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("devnet")
    # What a previous run left: a database of another chain, which must not be mixed in.
    (data_dir / "devnet" / "ganache").mkdir(parents=True)
    (data_dir / "devnet" / "ganache" / "teal.db").write_bytes(b"an old chain's database")
    net = Devnet(data_dir).start()
    yield net
    net.stop()


@pytest.fixture(scope="module")
def api(devnet):
    with httpx.Client(base_url=devnet.api_url, timeout=30) as client:
        yield client


def everything(api, path, **params):
    items, cursor = [], None
    while True:
        page = api.get(path, params={**params, "limit": 200, **({"cursor": cursor} if cursor else {})}).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


def test_prints_the_urls_contracts_accounts_and_timings(devnet):
    text = devnet.text()

    assert f"Chain RPC  http://127.0.0.1:{devnet.chain_port}" in text
    assert f"Dashboard  http://127.0.0.1:{devnet.api_port}/dashboard" in text
    for contract in ("TealToken", "TealGovernor", "TealTimelock", "Workstreams", "TaskBoard"):
        assert re.search(rf"^\s+{contract}\s+0x[0-9a-fA-F]{{40}}$", text, re.M), contract
    assert re.search(r"^\s+1 ana\s+0x[0-9a-fA-F]{40}\s+holder, Protocol lead$", text, re.M)
    assert re.search(r"seeding \d+\.\d s .*API answered after \d+\.\d s", text)


def test_a_run_replaces_a_state_it_cannot_reuse(devnet, api):
    database = devnet.data_dir / "devnet" / "ganache" / "teal.db"

    assert database.read_bytes()[:16] == b"SQLite format 3\x00"
    assert api.get("/chain").json()["indexed_block"] > 0


def test_api_is_healthy_and_indexed_to_the_head(api):
    assert api.get("/health").status_code == 200

    chain = api.get("/chain").json()

    assert chain["chain_id"] == 1337
    assert chain["rpc_ok"] is True
    assert chain["lag_blocks"] == 0
    assert chain["documents_pending"] == 0


def test_three_workstreams_each_with_a_charter_and_budget(api):
    workstreams = everything(api, "/workstreams")

    assert sorted(w["name"] for w in workstreams) == ["Community", "Protocol", "Research"]
    for summary in workstreams:
        detail = api.get(f"/workstreams/{summary['id']}").json()
        assert detail["charter"]["status"] == "ok"
        assert detail["charter"]["body"]["name"] == summary["name"]
        assert int(detail["budget"]["funded"]) > 0
        assert len(detail["members"]) == 3


def test_proposals_in_every_state_each_with_its_document(api):
    proposals = everything(api, "/proposals")

    assert {p["state"] for p in proposals} == PROPOSAL_STATES
    for proposal in proposals:
        detail = api.get(f"/proposals/{proposal['id']}").json()
        assert detail["description"].startswith("ipfs://")
        assert detail["document"]["status"] == "ok"
        assert detail["document"]["body"]["title"] == proposal["title"]


def test_about_forty_tasks_in_every_state(api):
    tasks = everything(api, "/tasks")
    counts = collections.Counter(t["status"] for t in tasks)

    assert 35 <= len(tasks) <= 50
    assert set(counts) == TASK_STATES
    assert all(counts[state] >= 3 for state in TASK_STATES), counts
    assert sum(1 for t in tasks if t["parent_id"]) >= 4  # subtasks


def test_tasks_show_splits_rejections_and_expired_claims(api):
    details = [api.get(f"/tasks/{t['id']}").json() for t in everything(api, "/tasks")]

    split_paid = [d for d in details if d["status"] == "paid" and len({p["recipient"] for p in d["payments"]}) >= 2]
    rejected_then_paid = [d for d in details if d["status"] == "paid" and d["rejections"] >= 1]
    reopened = [d for d in details if any(c["outcome"] == "expired" for c in d["claims"])]
    abandoned = [d for d in details if any(c["outcome"] == "abandoned" for c in d["claims"])]
    relayed = [d for d in details if any(c["relayer"] for c in d["claims"])]
    assert len(split_paid) >= 2
    assert len(rejected_then_paid) >= 2
    assert len(reopened) >= 3
    assert abandoned and relayed
    assert all(d["spec"]["status"] == "ok" for d in details)


def test_posts_are_threaded_by_several_authors_and_followed_to_tasks(api):
    roots = everything(api, "/posts")
    threads = [api.get(f"/posts/{p['cid']}").json() for p in roots]

    assert len(roots) >= 5
    assert all(t["replies"] for t in threads)
    nested = [t for t in threads if any(r["reply_to"] != t["root"]["cid"] for r in t["replies"])]
    assert nested, "no reply to a reply"
    authors = {p["author"] for t in threads for p in [t["root"], *t["replies"]]}
    assert len(authors) >= 6
    problem = next(p for p in roots if p["title"] == "Indexer stalls for minutes after a node restart")
    assert problem["category"] == "problem"
    assert [task["status"] for task in problem["follow_through"]] == ["paid"]


def test_a_contributor_claims_through_the_devnet_relayer(devnet, api):
    """The devnet's API relays signed claims (TEAL_RELAYER=dev, relayer funded by the seeding)."""
    from eth_account import Account
    from eth_account.hdaccount import key_from_seed
    from eth_account.hdaccount.mnemonic import Mnemonic

    from scripts.signatures import sign
    from scripts.work_signatures import board_domain, claim

    community = next(w["id"] for w in everything(api, "/workstreams") if w["name"] == "Community")  # no bond
    task = next(t for t in everything(api, "/tasks", status="open", workstream_id=community) if not t["parent_id"])
    key = key_from_seed(Mnemonic.to_seed("brownie"), "m/44'/60'/0'/0/18")  # rosa, the demo's contributor
    board = next(c["address"] for c in api.get("/chain").json()["contracts"] if c["name"] == "TaskBoard")
    latest = httpx.post(f"http://127.0.0.1:{devnet.chain_port}", json={
        "jsonrpc": "2.0", "id": 1, "method": "eth_getBlockByNumber", "params": ["latest", False]}).json()["result"]
    deadline = int(latest["timestamp"], 16) + 3600  # chain time: the demo moved it days ahead
    typed = claim(domain=board_domain(chain_id=1337, verifying_contract=board), task_id=task["id"],
                  claimant=Account.from_key(key).address, reward=int(task["reward"]), max_bond=0, nonce=0,
                  deadline=deadline)

    reply = api.post("/relay/claims", json={"task_id": task["id"], "claimant": Account.from_key(key).address,
                                            "reward": str(task["reward"]), "max_bond": "0", "nonce": "0",
                                            "deadline": deadline, "signature": "0x" + sign(typed, key).signature.hex()})

    assert reply.status_code in (200, 201), reply.text
    deadline_at = time.monotonic() + 30
    while api.get(f"/tasks/{task['id']}").json()["claimant"] != Account.from_key(key).address:
        assert time.monotonic() < deadline_at, "the indexer never saw the relayed claim"
        time.sleep(0.2)


def test_second_instance_is_refused_in_one_line(devnet):
    other = subprocess.run(
        [TEAL, "up", "--port", str(free_port()), "--api-port", str(free_port())],
        capture_output=True, text=True, env=devnet.env(), cwd=ROOT, timeout=60,
    )

    assert other.returncode == 1
    assert other.stderr.count("\n") == 1, other.stderr
    assert "teal up is already running" in other.stderr
    assert f"pid {devnet.process.pid}" in other.stderr
    assert "Traceback" not in other.stderr + other.stdout


def test_a_port_in_use_is_reported_in_one_line(devnet, tmp_path):
    other = subprocess.run(
        [TEAL, "up", "--port", str(devnet.chain_port), "--api-port", str(free_port())],
        capture_output=True, text=True, env={**devnet.env(), "TEAL_DATA_DIR": str(tmp_path)}, cwd=ROOT, timeout=60,
    )

    assert other.returncode == 1
    assert other.stderr.strip() == (
        f"error: port {devnet.chain_port} for the chain is already in use; pick another with --port"
    )


def test_sigint_stops_every_child(devnet):
    children = devnet.children
    assert {c.name() for c in children} >= {"node"}  # the chain (Ganache runs on Node)
    assert len(children) == 3  # chain, indexer, API

    code = devnet.stop()

    assert code == 0
    assert "stopped the chain, indexer and API" in devnet.text()
    for child in children:
        assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE, child
        with pytest.raises(ProcessLookupError):
            os.killpg(child.pid, 0)  # nothing left in its process group either
    for port in (devnet.chain_port, devnet.api_port):
        with socket.socket() as sock:  # nothing listens any more (TIME_WAIT connections may remain)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", port))


def test_the_next_run_reuses_the_saved_devnet(devnet):
    devnet.stop()  # already stopped when the previous test ran
    again = Devnet(devnet.data_dir, "again")

    again.start()

    try:
        text = again.text()
        assert "Restarting the saved ganache devnet (seed 7)" in text
        assert "seeding skipped (saved devnet reused)" in text
        with httpx.Client(base_url=again.api_url, timeout=30) as api:
            assert len(everything(api, "/tasks")) == 44
            assert {p["state"] for p in everything(api, "/proposals")} == PROPOSAL_STATES
            assert len(everything(api, "/posts")) == 6
            assert api.get("/chain").json()["lag_blocks"] == 0
    finally:
        assert again.stop() == 0


def test_anvil_devnet_comes_up_and_is_reused(tmp_path):
    first = Devnet(tmp_path, "anvil-1", chain="anvil")
    first.start()
    try:
        with httpx.Client(base_url=first.api_url, timeout=30) as api:
            assert api.get("/chain").json()["chain_id"] == 31337
            assert len(everything(api, "/tasks")) == 44
            assert {p["state"] for p in everything(api, "/proposals")} == PROPOSAL_STATES
    finally:
        assert first.stop() == 0
    again = Devnet(tmp_path, "anvil-2", chain="anvil")  # Anvil dumped its state on SIGINT

    again.start()

    try:
        assert "seeding skipped (saved devnet reused)" in again.text()
        with httpx.Client(base_url=again.api_url, timeout=30) as api:
            assert len(everything(api, "/tasks")) == 44
            assert api.get("/chain").json()["lag_blocks"] == 0
    finally:
        assert again.stop() == 0
