"""Fixtures for the dashboard's browser tests: the demo devnet (scripts/demo.py) plus hostile
documents, indexed by `teal index --once`, served by a real uvicorn, read by a real headless
Chromium (Debian's, driven by Playwright).

Everything is built once per module; the chain is not written to by the tests.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from brownie import Contract, accounts
from eth_account import Account

from api.content import SigningDomain, parse_document, sign_document
from scripts.deploy import TOKEN_UNIT
from scripts.governance import FOR, mine_until_active, proposal_document, propose, publish

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from apiserver import ApiServer  # noqa: E402 - tests/api's server runner, shared

ROOT = Path(__file__).resolve().parents[2]
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

# What an attacker would write into a document: each tries to run script or leave a
# javascript: link; `window.__pwned` is set if any of them runs.
HOSTILE_MARKDOWN = """\
Plain words, then an attack.

<script>window.__pwned = "script tag"</script>

[click for details](javascript:window.__pwned='markdown link')
[also this](JaVaScRiPt:window.__pwned='mixed case')
<a href="javascript:window.__pwned='raw anchor'">raw anchor</a>
<img src="x" onerror="window.__pwned='img onerror'">
<javascript:window.__pwned='autolink'>

A [real link](https://example.org/teal) stays.
"""
HOSTILE_TITLE = "Fund <script>window.__pwned='title'</script> research"


def build_demo(data_dir: Path) -> dict:
    """The demo DAO exactly as `scripts/up.sh` seeds it (scripts/demo.py), its manifest written
    into `data_dir`; returns the manifest. The one place this suite depends on the demo."""
    from scripts import demo

    manifest_path = data_dir / "manifest.json"
    previous = os.environ.get("TEAL_MANIFEST")
    os.environ["TEAL_MANIFEST"] = str(manifest_path)
    try:
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            demo.run()
    finally:
        if previous is None:
            os.environ.pop("TEAL_MANIFEST", None)
        else:
            os.environ["TEAL_MANIFEST"] = previous
    return json.loads(manifest_path.read_text())


def add_hostile_documents(manifest: dict) -> dict:
    """A proposal, a task spec and a submission whose documents try to inject script."""
    address = {name: c["address"] for name, c in manifest["contracts"].items()}
    abi = {name: c["abi"] for name, c in manifest["contracts"].items()}
    token = Contract.from_abi("TealToken", address["TealToken"], abi["TealToken"])
    governor = Contract.from_abi("TealGovernor", address["TealGovernor"], abi["TealGovernor"])
    workstreams = Contract.from_abi("Workstreams", address["Workstreams"], abi["Workstreams"])
    board = Contract.from_abi("TaskBoard", address["TaskBoard"], abi["TaskBoard"])
    alice = accounts[1]  # the demo's largest delegated holder

    document = proposal_document(
        HOSTILE_TITLE, "Summary <img src=x onerror=\"window.__pwned='summary'\">", description=HOSTILE_MARKDOWN
    )
    proposal = propose(
        governor, [(token, "transfer", [accounts[8], TOKEN_UNIT])], document=document, proposer=alice
    )
    mine_until_active(proposal)
    governor.castVoteWithReason(
        proposal.proposal_id, FOR, "<script>window.__pwned='vote reason'</script>", {"from": alice}
    )

    # The last workstream the demo created; its first member creates a hostile task.
    team = workstreams.workstreamCount()
    member = accounts.at(workstreams.members(team)[0], force=True)
    spec = publish(
        {
            "schema": "teal/task-spec@1",
            "body": {
                "title": "<script>window.__pwned='task title'</script>",
                "description": HOSTILE_MARKDOWN,
                "acceptance_criteria": ["<b onmouseover=\"window.__pwned='criteria'\">bold?</b>"],
                "reward_wei": str(10 * TOKEN_UNIT),
            },
        }
    )
    task = board.createTask(team, 0, 10 * TOKEN_UNIT, 0, spec, {"from": member}).events["TaskCreated"]["taskId"]
    claimant = accounts[7]
    board.claim(task, {"from": claimant})
    deliverable = publish(
        {
            "schema": "teal/submission@1",
            "body": {
                "task_spec": spec,
                "summary": "<script>window.__pwned='submission'</script>",
                "deliverables": [{"label": "totally a PR", "uri": "javascript:window.__pwned='deliverable'"}],
                "notes": HOSTILE_MARKDOWN,
            },
        }
    )
    board.submit(task, deliverable, [], [], {"from": claimant})
    return {"proposal_id": str(proposal.proposal_id), "task_id": int(task), "workstream_id": int(team)}


@pytest.fixture(scope="module")
def dashboard_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("dashboard")


@pytest.fixture(scope="module")
def demo_chain(dashboard_dir):
    manifest = build_demo(dashboard_dir)
    return {"manifest": manifest, "hostile": add_hostile_documents(manifest)}


@pytest.fixture(scope="module")
def server(demo_chain, dashboard_dir):
    from brownie import web3

    env = {
        "TEAL_DATA_DIR": os.environ["TEAL_DATA_DIR"],
        "TEAL_MANIFEST": str(dashboard_dir / "manifest.json"),
        "TEAL_DATABASE_URL": f"sqlite:///{dashboard_dir / 'teal.db'}",
        "TEAL_RPC_URL": web3.provider.endpoint_uri,
    }
    indexed = subprocess.run(
        [str(Path(sys.executable).parent / "teal"), "index", "--once", "--no-progress", "--log-level", "warning"],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert indexed.returncode == 0, indexed.stderr
    assert " 0 pending" in indexed.stderr, indexed.stderr  # every document fetched: pages have content
    srv = ApiServer(env, log_path=dashboard_dir / "server.log").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def posts(http, demo_chain):
    """A thread (a problem, a reply) in the hostile task's workstream, and a hostile post,
    published through the API as signed posts."""
    manifest = demo_chain["manifest"]
    domain = SigningDomain(
        chain_id=manifest["chain_id"], verifying_contract=manifest["contracts"]["TealGovernor"]["address"]
    )
    team = demo_chain["hostile"]["workstream_id"]

    def post(body):
        envelope = sign_document(
            parse_document({"schema": "teal/post@1", "body": body}), account=POSTER, domain=domain
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
    hostile = post(
        {
            "category": "idea",
            "title": "<script>window.__pwned='post title'</script>",
            "text": HOSTILE_MARKDOWN,
            "tags": [f"workstream:{team}"],
        }
    )
    return {"thread": root, "reply": reply, "hostile": hostile}


@pytest.fixture(scope="module")
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
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
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
