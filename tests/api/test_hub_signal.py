"""The signal hub end to end: the real snapshot.js client (Node, ethers wallets) against the
real uvicorn server and chain; scores read through GraphQL checked against getPastVotes;
and every kind of bad message refused with Snapshot's error body."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from brownie import accounts, chain
from eth_account import Account

from api.hub import typed
from api.hub.scores import scores

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["0x" + f"{i:02x}" * 32 for i in (0x71, 0x72, 0x73, 0x74, 0x75)]
TOKENS = [50_000, 20_000, 7_000, 3_000, 0]  # proposer, voters; the 4th is below the 10k threshold
UNIT = 10**18


@pytest.fixture(scope="module")
def hub_voters(server, token, gov):
    """Holders with known keys who delegated to themselves, and a snapshot block after it."""
    for key, amount in zip(KEYS, TOKENS, strict=True):
        account = accounts.add(key)
        gov.transfer(account, "1 ether")
        if amount:
            token.transfer(account, amount * UNIT, {"from": gov})
            token.delegate(account, {"from": account})
    chain.mine()
    snapshot = chain.height
    chain.mine()
    return {"keys": KEYS, "addresses": [Account.from_key(k).address for k in KEYS], "snapshot": snapshot}


def envelope(key, kind, message, *, domain=None, signer=None):
    fields = {"Proposal": typed.PROPOSAL, "CancelProposal": typed.CANCEL_PROPOSAL}.get(kind)
    if kind.startswith("Vote"):
        fields = typed.vote_fields(kind.split(":")[1])
        kind = "Vote"
    account = Account.from_key(key)
    message = {"from": account.address, "timestamp": int(time.time()), **message}
    types = {kind: fields}
    domain = domain or typed.DOMAIN
    sig = (
        Account.from_key(signer or key)
        .sign_message(typed.signable(typed.DOMAIN if domain != typed.DOMAIN else domain, types, message))
        .signature.hex()
    )
    return {
        "address": account.address,
        "sig": "0x" + sig,
        "data": {"domain": domain, "types": types, "message": message},
    }


def proposal_message(snapshot, **over):
    now = int(time.time())
    base = {
        "space": "dao",
        "type": "single-choice",
        "title": "t",
        "body": "b",
        "discussion": "",
        "choices": ["A", "B"],
        "labels": [],
        "timestamp": now,  # signed in the same second as the start it is compared with
        "start": now,
        "end": now + 600,
        "snapshot": snapshot,
        "plugins": "{}",
        "privacy": "",
        "app": "",
    }
    return {**base, **over}


def vote_message(proposal, choice, **over):
    return {"space": "dao", "proposal": proposal, "choice": choice, "reason": "", "app": "", "metadata": "{}", **over}


def test_snapshot_js_client_against_teal(server, hub_voters, token, http):
    env = {
        **os.environ,
        "HUB": server.url,
        "KEYS": json.dumps(hub_voters["keys"][:4]),
        "SNAPSHOT": str(hub_voters["snapshot"]),
    }
    run = subprocess.run(
        ["node", "tests/clients/snapshot_hub.mjs"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    print(run.stderr)
    assert run.returncode == 0, run.stderr + server.log()[-4000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    answer = out["answer"]
    assert answer["id"].startswith("0x") and answer["ipfs"] and answer["relayer"]["address"]
    # The receipt is the hub key's signature over the CID.
    from eth_account.messages import encode_defunct

    assert (
        Account.recover_message(encode_defunct(text=answer["ipfs"]), signature=answer["relayer"]["receipt"])
        == answer["relayer"]["address"]
    )
    # The stored message is the envelope, addressed by that CID.
    stored = http.get(f"/documents/{answer['ipfs']}")
    assert stored.status_code == 200
    assert json.loads(stored.content)["data"]["message"]["title"] == "Fund the docs sprint?"
    assert out["refused"]["error"] == "client_error" and "invalid choice" in out["refused"]["error_description"]

    snap = hub_voters["snapshot"]
    p0, v1, v2, v3 = (token.getPastVotes(a, snap) / UNIT for a in hub_voters["addresses"][:4])
    by_id = {p["id"]: p for p in out["proposals"]}
    ids = out["ids"]
    single = by_id[ids["single"]]
    assert single["scores"] == pytest.approx([p0 + v1, 0, v2])  # v1's change replaced its first vote
    assert single["votes"] == 3 and single["scores_total"] == pytest.approx(p0 + v1 + v2)
    assert single["scores_state"] == "pending" and single["state"] == "active"
    assert by_id[ids["approval"]]["scores"] == pytest.approx([v1, v2, v1])
    assert by_id[ids["basic"]]["scores"] == pytest.approx([v2, v3, 0])
    assert by_id[ids["weighted"]]["scores"] == pytest.approx(scores("weighted", 2, [({"1": 1, "2": 3}, v3)]))
    assert by_id[ids["weighted"]]["scores"] == pytest.approx([v3 / 4, 3 * v3 / 4])
    assert by_id[ids["doomed"]]["state"] == "canceled"
    voters = {v["voter"]: v for v in out["single_votes"]}
    assert (
        voters[hub_voters["addresses"][1]]["choice"] == 1
        and voters[hub_voters["addresses"][1]]["reason"] == "changed my mind"
    )
    # The history is kept: both of v1's votes, the first no longer current.
    history = http.get(f"/snapshot/proposals/{ids['single']}/votes", params={"history": "true"}).json()["items"]
    mine = [v for v in history if v["voter"] == hub_voters["addresses"][1]]
    assert sorted((v["seq"], v["current"], v["choice"]) for v in mine) == [(1, False, 2), (2, True, 1)]


def post(http, body):
    return http.post("/snapshot", json=body)


def refused(response, status, code):
    body = response.json()
    assert response.status_code == status, body
    assert body["error"] == "client_error" and body["code"] == code and body["error_description"], body
    return body["error_description"]


@pytest.fixture(scope="module")
def open_proposal(http, hub_voters):
    snap = hub_voters["snapshot"]
    ids = {}
    for kind, choices in [
        ("single-choice", ["A", "B"]),
        ("approval", ["A", "B", "C"]),
        ("ranked-choice", ["A", "B", "C"]),
        ("quadratic", ["A", "B"]),
    ]:
        r = post(http, envelope(KEYS[0], "Proposal", proposal_message(snap, type=kind, choices=choices, title=kind)))
        assert r.status_code == 200, r.text
        ids[kind] = r.json()["id"]
    return ids


def test_replay_is_refused(http, hub_voters, open_proposal):
    body = envelope(KEYS[1], "Vote:uint32", vote_message(open_proposal["single-choice"], 1))
    assert post(http, body).status_code == 200
    refused(post(http, body), 409, "duplicate")


def test_wrong_domain_and_wrong_signer(http, hub_voters, open_proposal):
    msg = vote_message(open_proposal["single-choice"], 2)
    refused(
        post(http, envelope(KEYS[1], "Vote:uint32", msg, domain={"name": "snapshot", "version": "0.1.3"})),
        400,
        "wrong_domain",
    )
    refused(post(http, envelope(KEYS[1], "Vote:uint32", msg, signer=KEYS[2])), 401, "invalid_signature")


@pytest.mark.parametrize("offset", [-400, 400])
def test_timestamps_outside_the_window(http, hub_voters, open_proposal, offset):
    msg = vote_message(open_proposal["single-choice"], 1, timestamp=int(time.time()) + offset)
    assert "within 300s" in refused(post(http, envelope(KEYS[2], "Vote:uint32", msg)), 400, "wrong_timestamp")


def test_votes_outside_the_voting_window(http, hub_voters):
    now, snap = int(time.time()), hub_voters["snapshot"]
    later = post(
        http, envelope(KEYS[0], "Proposal", proposal_message(snap, title="later", start=now + 3600, end=now + 7200))
    )
    soon = post(http, envelope(KEYS[0], "Proposal", proposal_message(snap, title="soon", start=now, end=now + 2)))
    assert later.status_code == 200 and soon.status_code == 200
    refused(
        post(http, envelope(KEYS[1], "Vote:uint32", vote_message(later.json()["id"], 1))), 400, "voting_not_started"
    )
    time.sleep(2.5)
    refused(post(http, envelope(KEYS[1], "Vote:uint32", vote_message(soon.json()["id"], 1))), 400, "voting_closed")
    closed = http.get(f"/snapshot/proposals/{soon.json()['id']}").json()
    assert closed["state"] == "closed" and closed["scores_state"] == "final"


@pytest.mark.parametrize(
    ("kind", "ctype", "choice"),
    [
        ("single-choice", "uint32", 0),
        ("single-choice", "uint32", 3),
        ("approval", "uint32[]", [1, 4]),
        ("approval", "uint32[]", [2, 2]),
        ("ranked-choice", "uint32[]", [1, 2]),  # every choice must be ranked
        ("quadratic", "string", json.dumps({"3": 1})),
        ("quadratic", "string", json.dumps({"1": 0})),
        ("single-choice", "uint32[]", [1]),  # the wrong choice type for the voting type
    ],
)
def test_choice_out_of_range(http, hub_voters, open_proposal, kind, ctype, choice):
    refused(
        post(http, envelope(KEYS[1], f"Vote:{ctype}", vote_message(open_proposal[kind], choice))), 400, "invalid_choice"
    )


def test_ranked_and_quadratic_scores(http, hub_voters, open_proposal, token):
    snap = hub_voters["snapshot"]
    power = [token.getPastVotes(a, snap) / UNIT for a in hub_voters["addresses"]]
    for key, ranking in [(KEYS[0], [1, 2, 3]), (KEYS[1], [2, 3, 1]), (KEYS[2], [3, 2, 1])]:
        assert (
            post(
                http, envelope(key, "Vote:uint32[]", vote_message(open_proposal["ranked-choice"], ranking))
            ).status_code
            == 200
        )
    # 50k first for A (a majority of 77k): A wins in the first round.
    assert http.get(f"/snapshot/proposals/{open_proposal['ranked-choice']}").json()["scores"] == pytest.approx(
        [power[0], power[1], power[2]]
    )
    q = {"1": 1, "2": 1}
    assert (
        post(
            http, envelope(KEYS[1], "Vote:string", vote_message(open_proposal["quadratic"], json.dumps(q)))
        ).status_code
        == 200
    )
    assert http.get(f"/snapshot/proposals/{open_proposal['quadratic']}").json()["scores"] == pytest.approx(
        [power[1] / 2, power[1] / 2]
    )


def test_zero_power_threshold_unknown_space_and_oversize(http, hub_voters, open_proposal):
    snap = hub_voters["snapshot"]
    assert "no voting power" in refused(
        post(http, envelope(KEYS[4], "Vote:uint32", vote_message(open_proposal["single-choice"], 1))),
        400,
        "no_voting_power",
    )
    assert "requires 10000" in refused(
        post(http, envelope(KEYS[3], "Proposal", proposal_message(snap))), 403, "below_threshold"
    )
    refused(post(http, envelope(KEYS[0], "Proposal", proposal_message(snap, space="nowhere"))), 404, "unknown_space")
    refused(post(http, envelope(KEYS[0], "Proposal", proposal_message(chain.height + 5))), 400, "invalid_snapshot")
    big = envelope(KEYS[0], "Proposal", proposal_message(snap, body="x" * 70_000))
    assert post(http, big).status_code == 413
    assert http.post("/snapshot", content=b"{not json").json()["error"] == "client_error"


def test_graphql_space_and_vp(http, hub_voters, token):
    addr = hub_voters["addresses"][1]
    q = 'query ($v: String!) { space(id: "dao") { id strategies { name } filters { minScore } } vp(voter: $v, space: "dao") { vp } }'
    data = http.post("/graphql", json={"query": q, "variables": {"v": addr}}).json()["data"]
    assert data["space"]["id"] == "dao" and data["space"]["strategies"][0]["name"] == "erc20-votes"
    assert data["space"]["filters"]["minScore"] == 10_000
    assert data["vp"]["vp"] == pytest.approx(token.getVotes(addr) / UNIT)


def test_cli_vote_results_and_verify(server, hub_voters, open_proposal, api_dir):
    """`teal signal vote` signs with a keystore account (or, for scripts, a raw key named by
    --key-env) and sends; `verify` refetches every message by CID, re-checks signatures,
    receipts and power through the node, and recomputes the scores."""
    import sys

    from brownie import web3

    sys.path.insert(0, str(ROOT / "tests" / "cli"))
    from teal_cli import CLI_PASSWORD, TealCli

    password_file = api_dir / "signal-password.txt"
    password_file.write_text(CLI_PASSWORD + "\n")
    teal = TealCli(
        {
            "TEAL_API_URL": server.url,
            "TEAL_KEYSTORE": str(api_dir / "signal-keystore"),
            "TEAL_PASSWORD_FILE": str(password_file),
            "SCRIPT_KEY": KEYS[3],
        }
    )
    teal("account", "import", "voter", stdin=KEYS[2] + "\n")
    pid = open_proposal["approval"]

    voted = teal("signal", "vote", pid, "--choice", "[1,2]", "--from", "voter")
    scripted = teal("signal", "vote", pid, "--choice", "[1]", "--key-env", "SCRIPT_KEY")
    res = teal("signal", "results", pid)
    ok = teal("signal", "verify", pid, "--rpc", web3.provider.endpoint_uri)
    bad = teal.error("signal", "vote", pid, "--choice", "[9]", "--from", "voter")
    nobody = teal.error("signal", "vote", pid, "--choice", "[1]")
    unset = teal.error("signal", "vote", pid, "--choice", "[1]", "--key-env", "NOT_SET_ANYWHERE")

    assert voted.stdout.startswith("vote 0x") and scripted.stdout.startswith("vote 0x")
    assert "approval" in res.stdout and "total: 10000 (quorum 400000, not met)" in res.stdout, res.stdout
    assert ok.stdout.startswith("ok: 2 votes"), ok.stdout + ok.stderr
    assert bad.startswith("400: invalid choice")
    assert nobody == "which account signs? pass --from NAME (or set TEAL_FROM)"
    assert unset.startswith("set NOT_SET_ANYWHERE to the signer's private key")
