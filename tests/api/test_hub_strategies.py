"""The signal hub beyond plain token holders, over the real HTTP API and chain: a contract
account (EIP-1271) votes through its owner's signature; a space counting token votes plus a
workstream's members at the snapshot block, each strategy with its weight, and its quorum;
and `teal propose --from-signal` turning a closed signal vote into a Governor proposal whose
document links it, refusing one still open or below quorum."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from api_index import index_into
from brownie import OwnerSignedWallet, accounts, chain, web3
from eth_account import Account
from work_fixtures import CHARTER, TERM, guardrails

from api.content import canonical_bytes, open_store
from api.hub import typed
from api.settings import load_settings
from scripts.deploy import deploy_work

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))
from teal_cli import CLI_PASSWORD, TealCli

UNIT = 10**18
KEYS = {name: "0x" + f"{i:02x}" * 32 for i, name in enumerate(["m1", "m2", "late", "owner", "stranger"], start=0x81)}
TOKENS = {"m1": 20_000, "late": 3_000}  # delegated to themselves before the snapshot
WALLET_POWER = 300_000  # carol's tokens, delegated to the contract account
MEMBER_WEIGHT = 1_000  # the whitelist strategy's weight: one member, 1000 votes
QUORUM = 25_000
SPACE = "signals"


@pytest.fixture(scope="module")
def people(gov):
    found = {}
    for name, key in KEYS.items():
        found[name] = accounts.add(key)
        gov.transfer(found[name], "1 ether")
    return found


@pytest.fixture(scope="module")
def scenario(deployment, token, holders, gov, carol, timelock, relayer_address, people):
    """A workstream whose members are m1 and m2 at the snapshot block (`late` joins after it),
    a contract account holding carol's delegated votes, and the snapshot block."""
    gov.transfer(relayer_address, "10 ether")
    deploy_work(deployment)
    dao = accounts.at(timelock.address, force=True)
    gov.transfer(dao, "10 ether")
    for name, amount in TOKENS.items():
        token.transfer(people[name], amount * UNIT, {"from": gov})
        token.delegate(people[name], {"from": people[name]})
    wallet = OwnerSignedWallet.deploy(people["owner"], {"from": gov})
    token.delegate(wallet, {"from": carol})
    created = deployment.workstreams.createWorkstream(
        "Signals", CHARTER, [people["m1"], people["m2"]], token, chain.time() + TERM, guardrails(), {"from": dao}
    )
    workstream = created.events["WorkstreamCreated"]["workstreamId"]
    chain.mine()
    snapshot = chain.height
    chain.mine()
    deployment.workstreams.addMemberByGovernance(workstream, people["late"], {"from": dao})
    chain.mine()
    return {"wallet": wallet.address, "workstream": workstream, "snapshot": snapshot}


@pytest.fixture(scope="module")
def server_env(server_env, scenario, token):
    """The API with one more space, from a space document: token votes (weight 1) plus the
    workstream's members (weight MEMBER_WEIGHT), quorum QUORUM."""
    space = {
        "id": SPACE, "name": "Signals team", "network": str(chain.id), "symbol": "SIG", "quorum": QUORUM,
        "strategies": [
            {"name": "erc20-votes", "params": {"address": token.address, "decimals": 18}, "weight": 1},
            {"name": "whitelist", "params": {"workstream": scenario["workstream"]}, "weight": MEMBER_WEIGHT},
        ],
    }  # fmt: skip
    cid = open_store(load_settings()).put(canonical_bytes(space))
    return {**server_env, "TEAL_HUB_SPACES": cid}


def envelope(kind, message, *, key, address=None):
    """What snapshot.js posts: signed by `key`, on behalf of `address` (a contract account)
    or the key's own address."""
    fields = typed.PROPOSAL if kind == "Proposal" else typed.vote_fields("uint32")
    address = address or Account.from_key(key).address
    message = {"from": address, "timestamp": int(time.time()), **message}
    types = {kind: fields}
    sig = Account.from_key(key).sign_message(typed.signable(typed.DOMAIN, types, message)).signature.hex()
    return {"address": address, "sig": "0x" + sig, "data": {"domain": typed.DOMAIN, "types": types, "message": message}}


def open_signal(http, snapshot, *, title, seconds=600):
    now = int(time.time())
    message = {
        "space": SPACE, "type": "single-choice", "title": title, "body": "", "discussion": "",
        "choices": ["Yes", "No"], "labels": [], "timestamp": now, "start": now, "end": now + seconds, "snapshot": snapshot,
        "plugins": "{}", "privacy": "", "app": "",
    }  # fmt: skip
    r = http.post("/snapshot", json=envelope("Proposal", message, key=KEYS["m1"]))
    assert r.status_code == 200, r.text
    return r.json()["id"]


def vote(http, proposal, choice, *, key, address=None):
    message = {"space": SPACE, "proposal": proposal, "choice": choice, "reason": "", "app": "", "metadata": "{}"}
    return http.post("/snapshot", json=envelope("Vote", message, key=key, address=address))


def current_votes(http, proposal):
    return {v["voter"]: v for v in http.get(f"/snapshot/proposals/{proposal}/votes").json()["items"]}


def test_contract_account_votes_by_its_owners_signature(http, scenario):
    proposal = open_signal(http, scenario["snapshot"], title="A contract account votes")
    wallet = scenario["wallet"]

    stranger = vote(http, proposal, 1, key=KEYS["stranger"], address=wallet)
    accepted = vote(http, proposal, 2, key=KEYS["owner"], address=wallet)

    assert stranger.status_code == 401 and stranger.json()["code"] == "invalid_signature", stranger.text
    assert accepted.status_code == 200, accepted.text
    counted = current_votes(http, proposal)[wallet]
    assert counted["vp"] == WALLET_POWER and counted["vp_by_strategy"] == [WALLET_POWER, 0]  # not a member
    assert http.get(f"/snapshot/proposals/{proposal}").json()["scores"] == [0, WALLET_POWER]


def test_members_at_the_snapshot_count_with_the_strategy_weight_and_quorum(http, scenario, people):
    proposal = open_signal(http, scenario["snapshot"], title="Weigh members and holders")

    for name, choice in [("m1", 1), ("m2", 2)]:
        assert vote(http, proposal, choice, key=KEYS[name]).status_code == 200
    before = http.get(f"/snapshot/proposals/{proposal}").json()
    assert vote(http, proposal, 1, key=KEYS["late"]).status_code == 200
    after = http.get(f"/snapshot/proposals/{proposal}").json()

    votes = current_votes(http, proposal)
    assert votes[people["m1"].address]["vp_by_strategy"] == [TOKENS["m1"], MEMBER_WEIGHT]
    assert votes[people["m2"].address]["vp_by_strategy"] == [0, MEMBER_WEIGHT]  # a member without tokens
    assert votes[people["late"].address]["vp_by_strategy"] == [TOKENS["late"], 0]  # joined after the snapshot
    assert before["scores"] == [TOKENS["m1"] + MEMBER_WEIGHT, MEMBER_WEIGHT]
    assert before["quorum"] == QUORUM and before["quorum_met"] is False  # 22,000 of 25,000
    assert after["scores_total"] == QUORUM and after["quorum_met"] is True
    # Per choice, per strategy (erc20-votes, members whitelist), as Snapshot's scores_by_strategy:
    # choice 1 has m1's tokens and membership and late's tokens, choice 2 m2's membership only.
    by_strategy = [[TOKENS["m1"] + TOKENS["late"], MEMBER_WEIGHT], [0, MEMBER_WEIGHT]]
    assert after["scores_by_strategy"] == by_strategy
    assert [sum(row) for row in by_strategy] == after["scores"]
    query = "query($id: String!) { proposal(id: $id) { scores scores_by_strategy } }"
    answer = http.post("/graphql", json={"query": query, "variables": {"id": proposal}}).json()
    assert answer["data"]["proposal"]["scores_by_strategy"] == by_strategy, answer


@pytest.fixture(scope="module")
def teal(server, server_env, api_dir):
    """`teal` with a keystore holding m1 (a holder above the proposal threshold)."""
    password_file = api_dir / "password.txt"
    password_file.write_text(CLI_PASSWORD + "\n")
    cli = TealCli({
        "TEAL_KEYSTORE": str(api_dir / "keystore"), "TEAL_PASSWORD_FILE": str(password_file),
        "TEAL_RPC_URL": server_env["TEAL_RPC_URL"], "TEAL_MANIFEST": server_env["TEAL_MANIFEST"],
        "TEAL_API_URL": server.url,
    })  # fmt: skip
    cli("account", "import", "m1", stdin=KEYS["m1"] + "\n")
    return cli


def test_a_closed_signal_vote_escalates_to_a_linked_governor_proposal(
    http, teal, scenario, people, database_url, deployment, alice, holders, token, timelock
):
    # The open vote lasts an hour: a `teal` started under load may take longer than the short
    # votes, which close 8 s after they open.
    live = open_signal(http, scenario["snapshot"], seconds=3600, title="Still open")
    decided = open_signal(http, scenario["snapshot"], seconds=8, title="Escalate me")
    undecided = open_signal(http, scenario["snapshot"], seconds=8, title="Too few voters")
    assert vote(http, decided, 1, key=KEYS["m1"]).status_code == 200
    assert vote(http, decided, 2, key=KEYS["owner"], address=scenario["wallet"]).status_code == 200
    assert vote(http, undecided, 1, key=KEYS["m2"]).status_code == 200
    escalate = [
        "propose",
        "--title",
        "Hire a second reviewer",
        "--summary",
        "As the signal vote asked",
        "--transfer",
        f"{people['m2'].address}=1",
        "--from",
        "m1",
        "--from-signal",
    ]

    still_open = teal.error(*escalate, live)
    time.sleep(max(0, http.get(f"/snapshot/proposals/{decided}").json()["end"] - time.time()) + 0.5)
    no_quorum = teal.error(*escalate, undecided)
    proposed = teal.json(*escalate, decided)

    assert "is active: only a closed signal vote can be escalated" in still_open
    assert "below its quorum of 25000" in no_quorum
    signal = http.get(f"/snapshot/proposals/{decided}").json()
    assert proposed["signal"] == {
        "id": decided, "ipfs": signal["ipfs"], "space": SPACE, "choices": ["Yes", "No"],
        "scores": signal["scores"], "scores_total": signal["scores_total"], "quorum": QUORUM, "votes": 2,
    }  # fmt: skip
    # Once indexed, the API shows the link both ways.
    index_into(database_url, deployment)
    binding = http.get(f"/proposals/{proposed['proposal_id']}").json()
    assert binding["document"]["body"]["signal"]["id"] == decided
    assert binding["document"]["body"]["signal"]["ipfs"] == signal["ipfs"]
    links = http.get(f"/snapshot/proposals/{decided}").json()["escalated_to"]
    assert [link["proposal_id"] for link in links] == [proposed["proposal_id"]]
    assert http.get(f"/snapshot/proposals/{undecided}").json()["escalated_to"] == []
    assert binding["trail"] == {
        "discussion": None, "discussion_post": None, "signal_id": decided, "execution": None,
    }  # fmt: skip

    # Carried on chain: the trail then ends in the execution and the TEAL it paid.
    governor, pid = deployment.governor, int(proposed["proposal_id"])
    args = (binding["targets"], [int(v) for v in binding["values"]], binding["calldatas"])
    description_hash = web3.keccak(text=proposed["description"])
    chain.mine(governor.proposalSnapshot(pid) - chain.height + 1)
    governor.castVote(pid, 1, {"from": alice})
    chain.mine(governor.proposalDeadline(pid) - chain.height + 1)
    governor.queue(*args, description_hash, {"from": alice})
    chain.sleep(governor.proposalEta(pid) - chain.time() + 1)
    executed = governor.execute(*args, description_hash, {"from": alice})
    index_into(database_url, deployment)
    trail = http.get(f"/proposals/{pid}").json()["trail"]
    assert trail["signal_id"] == decided
    assert trail["execution"]["tx_hash"] == executed.txid
    assert trail["execution"]["block_number"] == executed.block_number
    assert trail["execution"]["transfers"] == [
        {"token": token.address, "from": timelock.address, "to": people["m2"].address, "amount": str(10**18)}
    ]
    assert trail["execution"]["effects"] == []  # a plain transfer touches no other DAO contract
