"""The demo DAO seeding (scripts/seed_devnet.py) is deterministic: the same seed on two fresh
chains gives the same holdings, tasks (status, reward, claimant, spec document) and posts, but
for the time each post's author signed it (the API takes a post only within its clock window),
and so the CIDs of the posts and of the specs that link them.
Runs on two throwaway Anvil chains (the fastest to start) on free ports."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from api.chain.types import ProposalState, TaskStatus
from api.cli.devnet.chain import chain_argv, chain_spec, wait_for_rpc
from api.cli.devnet.processes import Supervisor
from api.content import open_store
from api.settings import load_settings
from scripts.demo_dao_content import PEOPLE

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed_once(folder: Path, seed: int) -> dict:
    folder.mkdir()
    spec = chain_spec(ROOT, "anvil")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    supervisor = Supervisor(folder / "logs")
    supervisor.start("chain", chain_argv(ROOT, spec, port=port, state=folder), env=dict(os.environ))
    try:
        wait_for_rpc(url, timeout=30, alive=supervisor.check)
        env = {**os.environ, "TEAL_DATA_DIR": str(folder), "TEAL_MANIFEST": str(folder / "manifest.json")}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "scripts.seed_devnet",
                "--rpc-url",
                url,
                "--network",
                spec.network,
                "--seed",
                str(seed),
                "--summary",
                str(folder / "summary.json"),
            ],
            check=True,
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=600,
        )
    finally:
        supervisor.stop_all()
    summary = json.loads((folder / "summary.json").read_text())
    store = open_store(load_settings({"TEAL_DATA_DIR": str(folder)}))
    return {**summary, "documents": _comparable_documents(summary, store)}


def _comparable_documents(summary: dict, store) -> dict:
    """The posts' and task specs' bodies without the posts' signing time, a link to a post
    written as the post's position: what the seed decides about those documents."""
    position = {cid: f"post {i}" for i, cid in enumerate(summary["post_cids"])}

    def body(cid: str) -> dict:
        fields = json.loads(store.get(cid))["body"]
        return {k: position.get(v, v) if isinstance(v, str) else v for k, v in fields.items() if k != "created_at"}

    return {
        "posts": [body(cid) for cid in summary["post_cids"]],
        "specs": {task["key"]: body(task["spec"]) for task in summary["task_details"]},
    }


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    return seed_once(base / "first", 7), seed_once(base / "second", 7)


def test_the_same_seed_gives_the_same_dao(two_runs):
    first, second = two_runs

    for key in ("contracts", "holdings", "workstreams", "proposals", "head_block", "documents"):
        assert first[key] == second[key], key
    assert [{**t, "spec": None} for t in first["task_details"]] == [{**t, "spec": None} for t in second["task_details"]]
    assert len(first["post_cids"]) == len(second["post_cids"]) == len(first["documents"]["posts"]) > 0


def test_the_seeded_dao_has_every_task_and_proposal_state(two_runs):
    summary = two_runs[0]
    statuses = {t["status"] for t in summary["task_details"]}

    assert statuses == set(TaskStatus) - {TaskStatus.NONE}  # every status a task can have
    assert set(summary["proposals"].values()) == {s.title for s in ProposalState if s is not ProposalState.EXPIRED}
    holders = [p.name for p in PEOPLE if p.holding]
    assert len(holders) == 10
    assert all(int(summary["holdings"][name]) > 0 for name in holders)
