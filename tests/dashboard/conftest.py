"""Fixtures for the dashboard's browser tests: the demo devnet as `teal up --fresh --chain anvil`
serves it (free ports, a temporary data folder; Anvil seeds and mines faster than Ganache, whose
`teal up` tests/cli/test_up.py covers), plus hostile documents added the way any user adds
them: the `teal` command line signing with demo keys derived from the public dev mnemonic the
banner prints, and signed posts sent to the API's POST /posts. Pages are read by a real
headless Chromium (Debian's, driven by Playwright).

One `teal up` for the whole run, shared by every module here; the tests only read from it
once the fixtures have written.
"""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import rfc8785
from dashboard_common import (  # tests/dashboard/dashboard_common.py
    CONTRIBUTOR,
    HOSTILE_MARKDOWN,
    HOSTILE_TEAM,
    HOSTILE_TITLE,
    MEMBER,
    PROPOSER,
)
from devnet import everything, mine
from eth_account import Account
from indexing import wait_until_indexed
from web3 import Web3
from web3.logs import DISCARD  # the receipt also holds the registry's events

from api.content import LocalStore, SigningDomain, parse_document, sign_document

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS / "cli"))
from devnet import api_client_fixture, demo_devnet_fixture  # noqa: E402 - tests/devnet.py
from teal_cli import CLI_PASSWORD, TealCli  # noqa: E402 - tests/cli's runner of `teal`

ROOT = TESTS.parent
SCREENSHOTS = ROOT / "reports" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# Flags that work on a closed network (no background fetches, no QUIC, no GPU, as root).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
POSTER = Account.from_key("0x" + "47" * 32)  # a test key, never a real one


@pytest.fixture(scope="session")
def dashboard_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("dashboard")


devnet = demo_devnet_fixture("dashboard", data_dir="dashboard_dir", chain="anvil")
http = api_client_fixture("http")


@pytest.fixture(scope="session")
def teal(devnet, dashboard_dir):
    """`teal` as a user on the devnet's machine runs it: the devnet's chain, manifest and
    document store, a keystore of their own holding the demo accounts they act as."""
    password_file = dashboard_dir / "password.txt"
    password_file.write_text(CLI_PASSWORD + "\n")
    cli = TealCli(
        {
            "TEAL_DATA_DIR": str(devnet.state_dir),
            "TEAL_STORE": "local",
            "TEAL_KEYSTORE": str(dashboard_dir / "keystore"),
            "TEAL_PASSWORD_FILE": str(password_file),
            "TEAL_RPC_URL": devnet.rpc_url,
            "TEAL_MANIFEST": str(devnet.state_dir / "manifest.json"),
            "COLUMNS": "200",
        }
    )
    with ThreadPoolExecutor() as pool:  # each import derives a scrypt key: side by side
        imports = [
            pool.submit(cli, "account", "import", name, stdin=devnet.key(index) + "\n")  # stdin, not argv
            for name, index in (PROPOSER, MEMBER, CONTRIBUTOR)
        ]
        for done in imports:
            done.result()
    return cli


@pytest.fixture(scope="session")
def hostile(devnet, http, teal, dashboard_dir):
    """A proposal (with a hostile vote reason), a task spec and a submission whose documents
    try to inject script, written through `teal` and indexed; their ids."""
    team = next(w["id"] for w in http.get("/workstreams").json()["items"] if w["name"] == HOSTILE_TEAM)
    contributor = Account.from_key(devnet.key(CONTRIBUTOR[1])).address
    description = dashboard_dir / "hostile-proposal.md"
    description.write_text(HOSTILE_MARKDOWN)

    def hostile_proposal() -> dict:
        proposal = teal.json(
            "propose",
            "--title",
            HOSTILE_TITLE,
            "--summary",
            "Summary <img src=x onerror=\"window.__pwned='summary'\">",
            "--description-file",
            str(description),
            "--transfer",
            f"{contributor}=1",
            "--from",
            PROPOSER[0],
        )
        mine(devnet, 3)  # past the voting delay (2 blocks): the proposal is active
        return {
            **proposal,
            **teal.json(
                "vote",
                proposal["proposal_id"],
                "for",
                "--reason",
                "<script>window.__pwned='vote reason'</script>",
                "--from",
                PROPOSER[0],
            ),
        }

    def hostile_task() -> dict:
        task = teal.json(
            "task",
            "create",
            "--workstream",
            str(team),
            "--reward",
            "10",
            "--title",
            "<script>window.__pwned='task title'</script>",
            "--description",
            HOSTILE_MARKDOWN,
            "--criterion",
            "<b onmouseover=\"window.__pwned='criteria'\">bold?</b>",
            "--from",
            MEMBER[0],
        )["task_id"]
        teal("task", "claim", str(task), "--from", CONTRIBUTOR[0])
        return teal.json(
            "task",
            "submit",
            str(task),
            "--summary",
            "<script>window.__pwned='submission'</script>",
            "--deliverable",
            "totally a PR=javascript:window.__pwned='deliverable'",
            "--notes",
            HOSTILE_MARKDOWN,
            "--from",
            CONTRIBUTOR[0],
        )

    # Different senders, so the two stories can be told side by side (most of the time is
    # each `teal` starting and unlocking its key).
    with ThreadPoolExecutor(2) as pool:
        proposing, tasking = pool.submit(hostile_proposal), pool.submit(hostile_task)
        proposal, submitted = proposing.result(), tasking.result()
    wait_until_indexed(
        http,
        max(proposal["block"], submitted["block"]),
        documents=[proposal["document_cid"], submitted["submission_cid"]],
    )
    return {"proposal_id": proposal["proposal_id"], "task_id": int(submitted["task_id"]), "workstream_id": int(team)}


@pytest.fixture(scope="session")
def picks(http, hostile):
    """Pages of the demo DAO with real content: the paid task whose reward was split between
    the most contributors, its workstream, and its claimant (who has earnings)."""
    paid = [http.get(f"/tasks/{t['id']}").json() for t in everything(http, "/tasks", status="paid")]
    split = max(paid, key=lambda d: len({p["recipient"] for p in d["payments"]}))
    assert len({p["recipient"] for p in split["payments"]}) >= 2, "the demo has no split payment"
    team = http.get(f"/workstreams/{split['workstream_id']}").json()
    return {"workstream": team, "task": split, "contributor": split["claimant"]}


def wait_for_document(http, cid: str, done, timeout: float = 60) -> dict:
    """`/documents/{cid}/meta` once `done(meta)` holds (the indexer fetched or tried)."""
    deadline, meta = time.monotonic() + timeout, {}
    while time.monotonic() < deadline:
        response = http.get(f"/documents/{cid}/meta")
        if response.status_code == 200 and done(meta := response.json()):
            return meta
        time.sleep(0.3)
    raise AssertionError(f"document {cid} never reached the expected state: {meta}")


@pytest.fixture(scope="session")
def unreadable(devnet, http, teal, hostile, dashboard_dir):
    """Two tasks whose specs the dashboard cannot show. One is created with `teal` run with
    another data folder, as a user on another machine would: its spec lands in a store the
    devnet's indexer never reads, so it stays pending. The other's spec is in the devnet's
    store but is no valid document (no acceptance criteria), so the indexer marks it invalid."""
    team = hostile["workstream_id"]  # Community: MEMBER creates tasks there without a bond
    pending = teal.json(
        "task",
        "create",
        "--workstream",
        str(team),
        "--reward",
        "5",
        "--title",
        "Spec kept on another machine",
        "--description",
        "Published where the indexer never looks.",
        "--criterion",
        "it is found",
        "--from",
        MEMBER[0],
        env={"TEAL_DATA_DIR": str(dashboard_dir / "another-machine")},
    )

    envelope = {
        "schema": "teal/task-spec@1",
        "body": {
            "title": "Spec without criteria",
            "description": "x",
            "acceptance_criteria": [],
            "reward_wei": str(5 * 10**18),
        },
    }
    cid = LocalStore(root=devnet.state_dir / "documents").put(rfc8785.dumps(envelope))
    manifest = json.loads((devnet.state_dir / "manifest.json").read_text())
    board = manifest["contracts"]["TaskBoard"]
    w3 = Web3(Web3.HTTPProvider(devnet.rpc_url))
    contract = w3.eth.contract(address=board["address"], abi=board["abi"])
    member = Account.from_key(devnet.key(MEMBER[1]))
    duration = http.get(f"/workstreams/{team}").json()["guardrails"]["claim_duration"]
    tx = contract.functions.createTask(team, 0, 5 * 10**18, duration, cid).build_transaction(
        {"from": member.address, "nonce": w3.eth.get_transaction_count(member.address), "chainId": w3.eth.chain_id}
    )
    receipt = w3.eth.wait_for_transaction_receipt(
        w3.eth.send_raw_transaction(member.sign_transaction(tx).raw_transaction)
    )
    assert receipt["status"] == 1
    invalid_id = contract.events.TaskCreated().process_receipt(receipt, errors=DISCARD)[0]["args"]["taskId"]

    wait_for_document(http, pending["spec_cid"], lambda meta: meta["status"] == "pending" and meta["reason"])
    wait_for_document(http, cid, lambda meta: meta["status"] == "invalid")
    return {
        "pending": int(pending["task_id"]),
        "pending_cid": pending["spec_cid"],
        "invalid": int(invalid_id),
        "invalid_cid": cid,
    }


@pytest.fixture(scope="session")
def server(devnet, hostile):
    """The API and dashboard `teal up` serves, once the hostile documents are indexed."""
    return devnet


@pytest.fixture(scope="session")
def posts(http, hostile):
    """A thread (a problem, a reply) in the hostile task's workstream, and a hostile post,
    published through the API as signed posts."""
    chain = http.get("/chain").json()
    domain = SigningDomain(
        chain_id=chain["chain_id"],
        verifying_contract=next(c["address"] for c in chain["contracts"] if c["name"] == "TealGovernor"),
    )
    team = hostile["workstream_id"]

    def post(body):
        envelope = sign_document(
            parse_document({"schema": "teal/post@1", "body": {**body, "created_at": int(time.time())}}),
            account=POSTER,
            domain=domain,
        ).envelope()
        response = http.post("/posts", json=envelope)
        assert response.status_code in (200, 201), response.text
        return response.json()["cid"]

    root = post(
        {
            "category": "problem",
            "title": "Meetups need a venue list",
            "text": "Every organiser searches again. A **shared list** would help.",
            "tags": [f"workstream:{team}", "events"],
        }
    )
    reply = post({"category": "answer", "text": "I can start one: see https://example.org/venues", "reply_to": root})
    hostile_post = post(
        {
            "category": "idea",
            "title": "<script>window.__pwned='post title'</script>",
            "text": HOSTILE_MARKDOWN,
            "tags": [f"workstream:{team}"],
        }
    )
    return {"thread": root, "reply": reply, "hostile": hostile_post}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: run scripts/setup.sh (installs Debian chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server.api_url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.dialogs = []  # any alert()/confirm() a page opens, recorded and dismissed
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshot():
    """Save a full-page screenshot as reports/screenshots/<name>.png; its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(tab, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take
