"""`teal up` end to end: a real subprocess starts Ganache, deploys, seeds the demo DAO, indexes
it and serves the API on free ports with a temporary data folder. The tests read the demo
back through the API, check that a second `teal up` is refused, and finally stop it with
SIGINT and check that no process it started is left.

One `teal up` is shared by the module; `test_sigint_stops_every_child` stops it, so it comes
after the tests that use it (the README's first-claim walk-through, then every example of
docs/cli.md, among them); the last tests restart from the state it saved.
"""

from __future__ import annotations

import collections
import fcntl
import os
import re
import signal
import socket
import subprocess
import time

import httpx
import psutil
import pytest
from devnet import ROOT, TEAL, Devnet, everything, free_port
from doc_blocks import blocks

from api.chain.types import ProposalState, TaskStatus

PROPOSAL_STATES = {s.label for s in ProposalState if s is not ProposalState.EXPIRED}  # the demo shows all others
TASK_STATES = set(TaskStatus.labels())


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


def test_prints_the_urls_contracts_accounts_and_timings(devnet):
    text = devnet.text()

    assert f"Chain RPC  http://127.0.0.1:{devnet.chain_port}" in text
    assert f"Dashboard  http://127.0.0.1:{devnet.api_port}/dashboard" in text
    for contract in (
        "TealToken",
        "TealGovernor",
        "TealTimelock",
        "Workstreams",
        "TaskBoard",
        "MerkleDistributor",
        "StipendStreams",
        "TealForwarder",
    ):
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

    from scripts.signatures import sign
    from scripts.work_signatures import board_domain, claim

    community = next(w["id"] for w in everything(api, "/workstreams") if w["name"] == "Community")  # no bond
    task = next(t for t in everything(api, "/tasks", status="open", workstream_id=community) if not t["parent_id"])
    key = devnet.key(18)  # rosa, the demo's contributor, from the mnemonic the banner prints
    board = next(c["address"] for c in api.get("/chain").json()["contracts"] if c["name"] == "TaskBoard")
    deadline = int(time.time()) + 3600  # what a wallet computes: its own clock, now + 1 h
    typed = claim(
        domain=board_domain(chain_id=1337, verifying_contract=board),
        task_id=task["id"],
        claimant=Account.from_key(key).address,
        reward=int(task["reward"]),
        max_bond=0,
        nonce=0,
        deadline=deadline,
    )

    reply = api.post(
        "/relay/claims",
        json={
            "task_id": task["id"],
            "claimant": Account.from_key(key).address,
            "reward": str(task["reward"]),
            "max_bond": "0",
            "nonce": "0",
            "deadline": deadline,
            "signature": "0x" + sign(typed, key).signature.hex(),
        },
    )

    assert reply.status_code in (200, 201), reply.text
    deadline_at = time.monotonic() + 30
    while api.get(f"/tasks/{task['id']}").json()["claimant"] != Account.from_key(key).address:
        assert time.monotonic() < deadline_at, "the indexer never saw the relayed claim"
        time.sleep(0.2)


def _latest_block(devnet):
    return httpx.post(
        devnet.rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_getBlockByNumber", "params": ["latest", False]}
    ).json()["result"]


def test_chain_time_is_wall_time_after_seeding(devnet):
    """The demo plays out days of history; the chain was started that far back."""
    assert abs(int(_latest_block(devnet)["timestamp"], 16) - time.time()) < 3600


def test_the_banner_names_the_record_the_relayer_and_how_to_import_the_demo_keys(devnet):
    text = devnet.text()
    record = devnet.data_dir / "devnet" / "current.json"

    assert f"  Record     {record}" in text
    assert "  Relayer    0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266  (the API's TEAL_RELAYER=dev key" in text
    assert "teal account import-demo --password-file FILE" in text
    assert devnet.mnemonic == "test test test test test test test test test test test junk"


def _readme_walkthrough() -> str:
    """The first-claim block of the README's quick start, as a user copies it."""
    readme = (ROOT / "README.md").read_text()
    after = readme.split("<!-- tests/cli/test_up.py runs this block", 1)[1]
    return after.split("```sh\n", 1)[1].split("```", 1)[0]


def test_the_readme_first_claim_works_as_written(devnet, api, tmp_path):
    """The README's quick start continued: no --manifest, no TEAL_* variable but the data
    folder (the test's devnet is not in ./data), an empty HOME, nothing copied from a log."""
    script = _readme_walkthrough()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8", "TEAL_DATA_DIR": str(devnet.data_dir)}
    has_show = (
        re.search(
            r"\bshow\s{2,}",
            subprocess.run([TEAL, "account", "--help"], capture_output=True, text=True, env=env, cwd=ROOT).stdout,
        )
        is not None
    )
    if not has_show:  # `teal account show` comes from another branch; the rest runs regardless
        script = "\n".join(line for line in script.splitlines() if not line.startswith("teal account show"))

    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert re.search(r"│ 13 +│ 1 +│ open ", run.stdout), run.stdout  # the board lists it before the claim
    assert "claimed task 13" in run.stdout
    assert re.search(r"paid 410 TEAL", run.stdout), run.stdout
    deadline = time.monotonic() + 30
    while (task := api.get("/tasks/13").json())["status"] != "paid" or len(task["reviews"]) < 2:
        assert time.monotonic() < deadline, task
        time.sleep(0.3)
    # The CLI published the documents to the devnet's store, where its indexer read them.
    cids = [task["submissions"][0]["deliverable_cid"], *(r["reason_cid"] for r in task["reviews"])]
    while any(api.get(f"/documents/{cid}/meta").json().get("status") != "ok" for cid in cids):
        assert time.monotonic() < deadline, [api.get(f"/documents/{cid}/meta").json() for cid in cids]
        time.sleep(0.3)


# The shell blocks of the README and docs/cli.md, in order: the first claim above runs the
# README's own; the rest of the manual's examples continue on the same devnet.
DOC_BLOCKS = [*blocks("README.md"), *blocks("docs/cli.md")]


@pytest.fixture(scope="module")
def reader_home(tmp_path_factory):
    """The examples' reader's HOME: their password file and files live on from block to block."""
    return tmp_path_factory.mktemp("reader-home")


@pytest.mark.parametrize("block", DOC_BLOCKS, ids=[b.name for b in DOC_BLOCKS])
def test_the_manual_examples_run_as_written(devnet, reader_home, block):
    """Each block as a reader pastes it into their shell: exit 0, no traceback, and the lines
    they would look for. Blocks a test cannot run are skipped with their reason (`-rs` lists them)."""
    if block.run_by:
        pytest.skip(f"{block.name}: run by {block.run_by}")
    if block.not_run:
        pytest.skip(f"{block.name}: not run: {block.not_run}")
    # The page's examples assume `scripts/up.sh` on its default ports; this devnet has free ones.
    script = block.code.replace("http://127.0.0.1:8000", devnet.api_url).replace(
        "http://127.0.0.1:8545", devnet.rpc_url
    )
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(reader_home),
        "LANG": "C.UTF-8",
        "TEAL_DATA_DIR": str(devnet.data_dir),  # the test's devnet is not in ./data
        "TEAL_PASSWORD_FILE": str(reader_home / ".teal-demo-password"),
    }  # as the page's first block exports

    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )

    output = run.stdout + run.stderr
    assert run.returncode == 0, f"{block.name} failed:\n{block.code}\n{output}"
    assert "Traceback" not in output
    for text in block.expect:
        assert text in output, f"{block.name}: {text!r} not in the output:\n{output}"


def test_teal_index_with_defaults_leaves_the_devnet_database_to_its_indexer(devnet):
    env = {**os.environ, "TEAL_DATA_DIR": str(devnet.data_dir)}
    env.pop("TEAL_DATABASE_URL", None)

    run = subprocess.run(
        [TEAL, "index", "--once", "--no-progress"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )

    assert run.returncode == 0, run.stderr
    assert f"the devnet's indexer (teal up, pid {devnet.process.pid}) already keeps" in run.stderr


def test_sigterm_stops_an_indexer_waiting_for_the_writer_lock(devnet, tmp_path):
    database = tmp_path / "other.db"
    env = {**os.environ, "TEAL_DATA_DIR": str(devnet.data_dir), "TEAL_DATABASE_URL": f"sqlite:///{database}"}
    with (tmp_path / "other.db.writer-lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another indexer holds it
        waiting = subprocess.Popen(
            [TEAL, "index", "--once", "--no-progress"], stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT
        )
        lines = [waiting.stderr.readline() for _ in range(1)]
        while "waiting" not in lines[-1]:
            assert lines[-1] and len(lines) < 50, lines
            lines.append(waiting.stderr.readline())

        sent = time.monotonic()
        waiting.send_signal(signal.SIGTERM)
        code = waiting.wait(timeout=10)

    assert time.monotonic() - sent < 1.5
    assert code == 130
    assert "stopped while another indexer held the writer lock" in waiting.stderr.read()


def test_sigterm_stops_an_indexer_waiting_for_its_chain(devnet, tmp_path):
    env = {**os.environ, "TEAL_DATABASE_URL": f"sqlite:///{tmp_path / 'other.db'}"}
    waiting = subprocess.Popen(
        [
            TEAL,
            "index",
            "--follow",
            "--no-progress",
            "--rpc-url",
            f"http://127.0.0.1:{free_port()}",
            "--manifest",
            str(devnet.state_dir / "manifest.json"),
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    lines = [waiting.stderr.readline()]
    while "retrying" not in lines[-1]:  # the node does not answer: it waits and tries again
        assert lines[-1] and len(lines) < 50, lines
        lines.append(waiting.stderr.readline())

    sent = time.monotonic()
    waiting.send_signal(signal.SIGTERM)
    code = waiting.wait(timeout=10)

    assert time.monotonic() - sent < 1.5
    assert code == 130
    assert "stopped while waiting for the chain" in waiting.stderr.read()


def test_a_killed_indexer_is_started_again_and_keeps_indexing(devnet, api):
    indexer = next(p for p in psutil.Process(devnet.process.pid).children(recursive=True) if "index" in p.cmdline())

    indexer.kill()  # kill -9

    deadline = time.monotonic() + 30
    while "indexer exited (code -9); restarting (1/5)" not in devnet.text():
        assert time.monotonic() < deadline, devnet.text()[-2000:]
        time.sleep(0.2)
    assert api.get("/health").status_code == 200
    httpx.post(devnet.rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": "evm_mine", "params": []})
    head = int(_latest_block(devnet)["number"], 16)
    while api.get("/chain").json()["indexed_block"] < head:
        assert time.monotonic() < deadline + 30, api.get("/chain").json()
        time.sleep(0.2)
    assert (devnet.state_dir / "logs" / "indexer.log").read_text().count("restarting (1/5)") == 1


def test_a_document_published_to_another_store_stays_pending(devnet, api, tmp_path):
    """A member who names the chain by hand (and so their own store) leaves the indexer a
    task whose spec it cannot fetch: the restart below must still come up."""
    (tmp_path / "password").write_text("demo password\n")  # the walk-through's
    env = {
        **os.environ,
        "TEAL_DATA_DIR": str(tmp_path),
        "TEAL_KEYSTORE": str(devnet.data_dir / "keystore"),
        "TEAL_PASSWORD_FILE": str(tmp_path / "password"),
    }
    created = subprocess.run(
        [
            TEAL,
            "task",
            "create",
            "--workstream",
            "2",
            "--reward",
            "10",
            "--title",
            "Spec nobody can read",
            "--description",
            "Published to the wrong store.",
            "--criterion",
            "none",
            "--from",
            "dmitri",
            "--rpc-url",
            devnet.rpc_url,
            "--manifest",
            str(devnet.state_dir / "manifest.json"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert created.returncode == 0, created.stderr

    deadline = time.monotonic() + 30
    while api.get("/chain").json()["documents_pending"] != 1:
        assert time.monotonic() < deadline, api.get("/chain").json()
        time.sleep(0.3)


def test_second_instance_is_refused_in_one_line(devnet):
    other = subprocess.run(
        [TEAL, "up", "--port", str(free_port()), "--api-port", str(free_port())],
        capture_output=True,
        text=True,
        env=devnet.env(),
        cwd=ROOT,
        timeout=60,
    )

    assert other.returncode == 1
    assert other.stderr.count("\n") == 1, other.stderr
    assert "teal up is already running" in other.stderr
    assert f"pid {devnet.process.pid}" in other.stderr
    assert "Traceback" not in other.stderr + other.stdout


def test_a_port_in_use_is_reported_in_one_line(devnet, tmp_path):
    other = subprocess.run(
        [TEAL, "up", "--port", str(devnet.chain_port), "--api-port", str(free_port())],
        capture_output=True,
        text=True,
        env={**devnet.env(), "TEAL_DATA_DIR": str(tmp_path)},
        cwd=ROOT,
        timeout=60,
    )

    assert other.returncode == 1
    assert other.stderr.strip() == (
        f"error: port {devnet.chain_port} for the chain is already in use; pick another with --port"
    )


def test_sigint_stops_every_child(devnet):
    children = psutil.Process(devnet.process.pid).children(recursive=True)  # the restarted indexer too
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


def test_a_stopped_devnet_is_named_in_one_line(devnet):
    env = {**os.environ, "TEAL_DATA_DIR": str(devnet.data_dir)}
    for name in ("TEAL_RPC_URL", "TEAL_MANIFEST"):
        env.pop(name, None)

    run = subprocess.run([TEAL, "task", "list"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)

    assert run.returncode == 1
    assert run.stderr == (
        f"error: the devnet recorded in {devnet.data_dir / 'devnet' / 'current.json'} "
        "is not running: start it with scripts/up.sh\n"
    )


def test_the_next_run_reuses_the_saved_devnet(devnet):
    devnet.stop()  # already stopped when the previous test ran
    again = Devnet(devnet.data_dir, "again")

    again.start()

    try:
        text = again.text()
        assert "Restarting the saved ganache devnet (seed 7)" in text
        assert "seeding skipped (saved devnet reused)" in text
        assert "documents not yet fetched: 1 (the indexer keeps retrying them)" in text  # reported, not waited for
        logs = devnet.state_dir / "logs"
        assert "restarting (1/5)" in (logs / "indexer.log.1").read_text()  # the first run's log, kept
        with httpx.Client(base_url=again.api_url, timeout=30) as api:
            # the demo's 44, the two docs/cli.md's examples create and the one with the unreadable spec
            assert len(everything(api, "/tasks")) == 47
            assert api.get("/tasks/13").json()["status"] == "paid"  # the walk-through's payment
            states = collections.Counter(p["state"] for p in everything(api, "/proposals"))
            # The banner's states are today's, read from the API, not those at seeding.
            assert ", ".join(f"{n} {state}" for state, n in sorted(states.items())) in text
            assert len(everything(api, "/posts")) == 9  # the demo's six threads and docs/cli.md's three
            assert api.get("/chain").json()["lag_blocks"] == 0
    finally:
        assert again.stop() == 0


def test_anvil_devnet_comes_up_and_is_reused(tmp_path):
    first = Devnet(tmp_path, "anvil-1", chain="anvil")
    history = first.state_dir / "chain" / "anvil-history"
    first.start()
    try:
        with httpx.Client(base_url=first.api_url, timeout=30) as api:
            assert api.get("/chain").json()["chain_id"] == 31337
            # Past the 500 blocks Anvil holds in memory (the demo has about 280), it writes
            # older states to disk: in the devnet's folder, not under ~/.foundry/anvil/tmp,
            # where Anvil never deletes them.
            mined = httpx.post(
                first.rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": "anvil_mine", "params": [hex(300)]}
            )
            assert "error" not in mined.json(), mined.text
            first_run = {path.name for path in history.rglob("*.json")}
            assert first_run
            assert len(everything(api, "/tasks")) == 44
            assert {p["state"] for p in everything(api, "/proposals")} == PROPOSAL_STATES
    finally:
        assert first.stop() == 0
    again = Devnet(tmp_path, "anvil-2", chain="anvil")  # Anvil dumped its state on SIGINT

    again.start()

    try:
        assert "seeding skipped (saved devnet reused)" in again.text()
        assert not first_run & {path.name for path in history.rglob("*.json")}  # emptied first
        with httpx.Client(base_url=again.api_url, timeout=30) as api:
            assert len(everything(api, "/tasks")) == 44
            assert api.get("/chain").json()["lag_blocks"] == 0
    finally:
        assert again.stop() == 0
