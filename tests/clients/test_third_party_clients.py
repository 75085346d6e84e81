"""Clients we did not write, against the demo devnet: ethers 6 (Node) signs a Claim and a Ballot
from the EIP-712 domains the contracts publish and posts them to Teal's relay; Foundry's `cast`
claims a task with its own transaction. Then the API (once indexed) and `teal task show` must
agree with what `cast call` reads from the chain."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from devnet import ROOT, everything
from eth_account import Account
from indexing import wait_until_indexed

from api.chain.types import ProposalVotes, Support, TaskInfo, decode_view

NODE = "node"
CAST = str(ROOT / "node_modules" / ".bin" / "cast")
DEMO_ACCOUNTS = range(20)
CONTRIBUTOR = 18  # rosa, a demo contributor (a record in the DAO, so the relayer pays for her)
CAST_CLAIMER = 17


def cast(*args: str) -> str:
    done = subprocess.run([CAST, *args], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def cast_call(rpc_url: str, address: str, signature: str, *args: str) -> list[str]:
    """`cast call --json`: the decoded return values, as cast prints them (tuples flattened)."""
    values = json.loads(cast("call", "--json", "--rpc-url", rpc_url, address, signature, *args))
    flat: list[str] = []
    for value in values:
        text = str(value)
        if isinstance(value, bool):
            flat.append("true" if value else "false")
        elif isinstance(value, list):  # a struct: its fields
            flat += [str(v).lower() if isinstance(v, bool) else str(v) for v in value]
        elif text.startswith("(") and text.endswith(")"):
            flat += [part.strip() for part in text[1:-1].split(",")]
        else:
            flat.append(text)
    return [re.sub(r"\s*\[.*\]$", "", v) for v in flat]  # drop cast's "[1e18]" annotations


TASK_SIG = (
    "task(uint256)((uint256,uint256,uint8,address,uint64,uint32,uint256,uint256,uint8,uint32,bytes32,uint64,bool))"
)
CLAIM_TERMS_SIG = "claimTerms(uint256)(uint64,bool,uint128)"


def chain_task(devnet, manifest, task_id: int) -> dict:
    """The task as `cast call` reads it, its flat values named by the TaskBoard ABI."""
    board = manifest["contracts"]["TaskBoard"]
    info = decode_view(
        TaskInfo, board["abi"], "task", cast_call(devnet.rpc_url, board["address"], TASK_SIG, str(task_id))
    )
    return {
        "workstream_id": info.workstream_id,
        "status": info.status.label,
        "claimant": info.claimant,
        "claim_expiry": info.claim_expiry,
        "reward": str(info.reward),
        "round": info.round,
    }


@pytest.fixture(scope="module")
def addresses(manifest):
    return {name: c["address"] for name, c in manifest["contracts"].items()}


@pytest.fixture(scope="module")
def open_tasks(api):
    community = next(w["id"] for w in everything(api, "/workstreams") if w["name"] == "Community")  # no bond
    tasks = [t["id"] for t in everything(api, "/tasks", status="open", workstream_id=community) if not t["parent_id"]]
    assert len(tasks) >= 2, tasks
    return tasks


def test_ethers_signs_from_the_published_domains_and_the_relay_accepts(
    manifest, devnet, api, w3, contracts, addresses, open_tasks, teal
):
    [active] = [p for p in everything(api, "/proposals") if p["state"] == "active"]
    governor = contracts["TealGovernor"]
    pid, snapshot = int(active["id"]), active["vote_start"]
    voter_index = next(
        i
        for i in DEMO_ACCOUNTS
        if governor.functions.getVotes(Account.from_key(devnet.key(i)).address, snapshot).call() > 0
        and not governor.functions.hasVoted(pid, Account.from_key(devnet.key(i)).address).call()
    )
    task_id = open_tasks[0]

    done = subprocess.run(
        [
            NODE,
            str(ROOT / "tests" / "clients" / "relay_with_ethers.mjs"),
            str(devnet.state_dir / "manifest.json"),
            devnet.rpc_url,
            devnet.api_url,
            devnet.key(CONTRIBUTOR),
            str(task_id),
            devnet.key(voter_index),
            str(pid),
            str(int(Support.FOR)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)

    # The domains ethers read from the contracts hash like the board's own.
    assert out["boardDomain"]["verifyingContract"] == addresses["TaskBoard"]
    assert out["governorDomain"]["verifyingContract"] == addresses["TealGovernor"]
    assert out["boardDomainSeparator"] == out["publishedDomainSeparator"]
    assert out["claimDigest"] == out["publishedDigest"]
    assert out["claimRelay"]["status"] == 200 and out["claimRelay"]["body"]["status"] == "mined", out["claimRelay"]
    assert out["voteRelay"]["status"] == 200 and out["voteRelay"]["body"]["status"] == "mined", out["voteRelay"]
    relayer = out["claimRelay"]["body"]["relayer"]

    # What cast reads from the chain...
    claimant = Account.from_key(devnet.key(CONTRIBUTOR)).address
    voter = Account.from_key(devnet.key(voter_index)).address
    on_chain = chain_task(devnet, manifest, task_id)
    voted = cast_call(devnet.rpc_url, addresses["TealGovernor"], "hasVoted(uint256,address)(bool)", str(pid), voter)
    weight = cast_call(
        devnet.rpc_url, addresses["TealGovernor"], "getVotes(address,uint256)(uint256)", voter, str(snapshot)
    )
    tallies = decode_view(
        ProposalVotes,
        manifest["contracts"]["TealGovernor"]["abi"],
        "proposalVotes",
        cast_call(
            devnet.rpc_url, addresses["TealGovernor"], "proposalVotes(uint256)(uint256,uint256,uint256)", str(pid)
        ),
    )
    wait_until_indexed(api, w3.eth.block_number)
    # ...is what the API and the command line say.
    task = api.get(f"/tasks/{task_id}").json()
    shown = teal.json("task", "show", str(task_id))
    proposal = api.get(f"/proposals/{pid}").json()
    votes = {v["voter"]: v for v in everything(api, f"/proposals/{pid}/votes")}

    assert on_chain["status"] == task["status"] == shown["status"] == "claimed"
    assert on_chain["claimant"] == task["claimant"] == shown["claimant"] == claimant
    assert on_chain["claim_expiry"] == task["claim_expiry"] == shown["claim_expiry"]
    assert task["claims"][-1]["relayer"] == relayer
    assert voted == ["true"]
    assert votes[voter]["support"] == "for" and votes[voter]["weight"] == weight[0]
    assert proposal["tallies"]["against"] == str(tallies.against_votes)
    assert proposal["tallies"]["for"] == str(tallies.for_votes)
    assert proposal["tallies"]["abstain"] == str(tallies.abstain_votes)


def test_cast_send_claims_directly_and_everyone_agrees(manifest, devnet, api, w3, addresses, open_tasks, teal):
    task_id = open_tasks[1]
    claimer = Account.from_key(devnet.key(CAST_CLAIMER)).address

    before = chain_task(devnet, manifest, task_id)
    bond = cast_call(devnet.rpc_url, addresses["Workstreams"], CLAIM_TERMS_SIG, str(before["workstream_id"]))[2]

    receipt = json.loads(
        cast(
            "send",
            "--json",
            "--rpc-url",
            devnet.rpc_url,
            "--private-key",
            devnet.key(CAST_CLAIMER),
            addresses["TaskBoard"],
            "claim(uint256,uint256,uint256)",
            str(task_id),
            before["reward"],
            bond,
        )
    )
    on_chain = chain_task(devnet, manifest, task_id)
    wait_until_indexed(api, w3.eth.block_number)
    task = api.get(f"/tasks/{task_id}").json()
    shown = teal.json("task", "show", str(task_id))

    assert int(receipt["status"], 16) == 1
    assert on_chain["status"] == task["status"] == shown["status"] == "claimed"
    assert on_chain["claimant"] == task["claimant"] == shown["claimant"] == claimer
    assert on_chain["claim_expiry"] == task["claim_expiry"] == shown["claim_expiry"]
    assert on_chain["reward"] == task["reward"] == shown["reward"]
    assert on_chain["round"] == task["round"] == shown["round"]
    # TaskClaimed's `relayer` is the sender: the claimant themself for a direct claim.
    assert (task["claims"][-1]["claimant"], task["claims"][-1]["relayer"]) == (claimer, claimer)
    assert task["history"][-1]["tx_hash"] == receipt["transactionHash"]
