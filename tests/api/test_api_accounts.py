"""Every read from the API (issue 16): an account's nonces (forwarder, governor and tokens live,
claim nonces as indexed), what the Workstreams escrow owes it per token, governance's sweeps,
and a team's member changes with their approvers recounted as the contract counts them. Each is
indexed from a real chain, served by uvicorn, and checked against the contracts' own views."""

from __future__ import annotations

import pytest
from brownie import BlacklistToken, chain
from http_errors import assert_error
from work_fixtures import *  # noqa: F403 - the work contracts' fixtures
from work_fixtures import CLAIM_SIGNER_KEY, DELIVERABLE, REASON, UNIT, guardrails, sign_claim, terms

from api.chain.typed_data import delegation, domain, sign

DAY = 86_400
SIGNER_KEY = "0x" + "5a" * 32  # tests/conftest.py's `signer`


def _proposed(workstreams, team, account, add, sender):
    return workstreams.proposeMemberChange(team, account, add, sender).events["MemberChangeProposed"]["proposalId"]


@pytest.fixture(scope="module")
def scenario(
    gov,
    dao,
    work,
    workstreams,
    board,
    token,
    budget_token,
    make_workstream,
    make_task,
    alice,
    bob,
    carol,
    dave,
    rando,
    worker,
    helper,
    helper2,
    relayer,
    claim_signer,
    signer,
    relayer_address,
):
    """Two deferred payments (one withdrawn), member changes in every state, two sweeps, claim
    nonces used and cancelled, and a delegation by signature."""
    gov.transfer(relayer_address, "10 ether")
    # Owed: a token that refuses transfers to a blacklisted worker defers its payments.
    blk = BlacklistToken.deploy({"from": gov})
    blk.mint(dao, 100_000 * UNIT, {"from": gov})
    blk.approve(workstreams, 2**256 - 1, {"from": dao})
    paying = make_workstream(token=blk, members=[alice, bob, carol], name="Blacklisted pay")
    blk.setBlacklisted(worker, True, {"from": gov})
    for round_ in range(2):
        task_id = make_task(paying)
        board.claim(task_id, *terms(board, task_id), {"from": worker})
        board.submit(task_id, DELIVERABLE, [], [], {"from": worker})
        board.approve(task_id, REASON, [], [], {"from": alice})
        board.approve(task_id, REASON, [], [], {"from": bob})
        if round_ == 0:  # the first payment is pulled to another address, the second stays owed
            workstreams.withdrawOwed(blk, helper, {"from": worker})

    # Member changes of a team of alice, bob and carol.
    team = make_workstream(members=[alice, bob, carol], name="Changing", rails=guardrails(approvals=1))
    expired = _proposed(workstreams, team, helper2, True, {"from": bob})
    chain.sleep(15 * DAY)
    chain.mine()
    orphaned = _proposed(workstreams, team, dave, True, {"from": carol})
    executed = _proposed(workstreams, team, carol, False, {"from": alice})
    workstreams.approveMemberChange(executed, {"from": bob})
    withdrawn = _proposed(workstreams, team, rando, True, {"from": alice})
    workstreams.withdrawMemberChange(withdrawn, {"from": alice})
    pending = _proposed(workstreams, team, rando, True, {"from": bob})

    # Sweeps: tokens sent to the escrow and to the board by mistake.
    budget_token.transfer(workstreams, 7 * UNIT, {"from": dao})
    workstreams.sweep(budget_token, {"from": dao})
    budget_token.transfer(board, 3 * UNIT, {"from": dao})
    board.sweep(budget_token, {"from": dao})

    # Claim nonces: one used by a relayed claim, three cancelled (256, 258 and 512).
    task_id = make_task(make_workstream(name="Claims"))
    deadline = chain.time() + 3600
    signature = sign_claim(
        board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline, nonce=5
    )
    board.claimBySig(task_id, claim_signer, *terms(board, task_id), 5, deadline, signature, {"from": relayer})
    board.cancelClaimNonces(1, 0b101, {"from": claim_signer})
    board.cancelClaimNonces(2, 1, {"from": claim_signer})

    # A delegation by signature spends the signer's token nonce.
    _, name, version, *_ = token.eip712Domain()
    expiry = chain.time() + 3600
    typed = delegation(
        domain=domain(name=name, version=version, chain_id=chain.id, verifying_contract=token.address),
        delegatee=signer.address,
        nonce=token.nonces(signer),
        expiry=expiry,
    )
    raw = bytes(sign(typed, SIGNER_KEY).signature)
    token.delegateBySig(signer, token.nonces(signer), expiry, raw[64], raw[:32], raw[32:64], {"from": gov})
    chain.mine()
    return {
        "blk": blk,
        "team": team,
        "changes": {
            "expired": expired,
            "orphaned": orphaned,
            "executed": executed,
            "withdrawn": withdrawn,
            "pending": pending,
        },
    }


def test_owed_balance_is_deferred_payments_less_withdrawals(http, scenario, worker, workstreams):
    blk = scenario["blk"]

    body = http.get(f"/contributors/{worker.address}/owed").json()

    assert body["address"] == worker.address
    assert body["items"] == [
        {
            "token": blk.address,
            "owed": str(workstreams.owed(blk, worker)),
            "deferred": str(200 * UNIT),
            "withdrawn": str(100 * UNIT),
            "deferred_payments": 2,
        }
    ]
    assert workstreams.owed(blk, worker) == 100 * UNIT


def test_an_account_owed_nothing_has_no_items(http, scenario, rando):
    assert http.get(f"/contributors/{rando.address}/owed").json()["items"] == []


def test_nonces_are_the_contracts_and_the_indexed_claim_nonces(
    http, scenario, claim_signer, signer, token, governor, forwarder, budget_token
):
    mine = http.get(f"/contributors/{claim_signer.address}/nonces").json()
    theirs = http.get(f"/contributors/{signer.address}/nonces").json()

    assert mine["forwarder"] == {"contract": forwarder.address, "nonce": str(forwarder.nonces(claim_signer))}
    assert mine["governor"] == {"contract": governor.address, "nonce": str(governor.nonces(claim_signer))}
    assert mine["claim_nonces_used"] == ["5"]
    assert mine["claim_nonces_cancelled"] == ["256", "258", "512"]
    tokens = {t["contract"]: t for t in theirs["tokens"]}
    assert tokens[token.address] == {"contract": token.address, "nonce": "1", "symbol": "TEAL"}
    assert token.nonces(signer) == 1
    assert budget_token.address not in tokens  # a token without EIP-2612 permit has no nonce to show
    assert theirs["block"] >= chain.height - 1


def test_sweeps_are_listed_newest_first(http, scenario, budget_token, timelock):
    items = http.get("/sweeps").json()["items"]

    assert [(s["contract"], s["token"], s["to"], s["amount"]) for s in items] == [
        ("TaskBoard", budget_token.address, timelock.address, str(3 * UNIT)),
        ("Workstreams", budget_token.address, timelock.address, str(7 * UNIT)),
    ]


def test_pending_member_changes_recount_approvals_against_current_members(
    http, scenario, alice, bob, carol, rando, dave
):
    team, changes = scenario["team"], scenario["changes"]

    pending = http.get(f"/workstreams/{team}/member-changes").json()["items"]
    every = {
        c["id"]: c for c in http.get(f"/workstreams/{team}/member-changes", params={"state": "all"}).json()["items"]
    }

    assert [c["id"] for c in pending] == [changes["pending"], changes["orphaned"]]
    fresh, orphaned = pending
    assert (fresh["account"], fresh["add"], fresh["approvals"], fresh["member_count"], fresh["needed"]) == (
        rando.address,
        True,
        1,
        2,
        2,
    )
    assert fresh["approvers"] == [{"account": bob.address, "counts": True}]
    # carol proposed adding dave, then was removed: her approval no longer counts.
    assert orphaned["account"] == dave.address and orphaned["approvals"] == 0
    assert orphaned["approvers"] == [{"account": carol.address, "counts": False}]
    assert {k: every[v]["state"] for k, v in changes.items()} == {
        "expired": "expired",
        "orphaned": "pending",
        "executed": "executed",
        "withdrawn": "withdrawn",
        "pending": "pending",
    }
    assert every[changes["executed"]]["approvers"][0] == {"account": alice.address, "counts": True}


def test_member_change_bad_input(http, scenario):
    assert_error(http.get("/workstreams/999/member-changes"), 404, "workstream_not_found")
    assert_error(http.get("/workstreams/1/member-changes", params={"state": "open"}), 422, field="query.state")
    assert_error(http.get("/contributors/0x1234/owed"), 422, "invalid_address", "path.address")
    assert_error(http.get("/contributors/0x1234/nonces"), 422, "invalid_address", "path.address")
    assert_error(http.get("/sweeps", params={"cursor": "nope!"}), 422, "invalid_cursor")
