"""Issue 15's events indexed from a real chain: team rules, forfeited bonds, claims released
by members and by governance with their cool-downs, lazy-consensus finalisation, escalation
and its resolution, governance's cancel and member changes, withdrawn member proposals and
claim-signature nonces; the rows equal the contracts' views, and the API serves them."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import httpx
import pytest
from brownie import chain
from sqlalchemy import select
from work_fixtures import BOND, CLAIM_SIGNER_KEY, DELIVERABLE, REASON, sign_claim, terms

from api.chain.types import TaskStatus
from api.db import models
from scripts.deploy import manifest as build_manifest

HOUR, DAY = 3600, 86_400


@pytest.fixture
def story(
    work,
    workstreams,
    board,
    dao,
    bonded_ws,
    ws,
    make_task,
    worker,
    alice,
    bob,
    carol,
    dave,
    rando,
    claim_signer,
    relayer,
):
    """Every issue-15 path once, on the bonded team (members alice, bob, carol; 2 approvals)."""
    team = bonded_ws
    workstreams.setTeamRules(team, (HOUR, DAY, 1), {"from": dao})

    def claimed() -> int:
        task_id = make_task(team)
        board.claim(task_id, *terms(board, task_id), {"from": worker})
        return task_id

    abandoned = claimed()
    board.abandon(abandoned, {"from": worker})  # the bond is forfeited into the budget
    voted_free = claimed()
    board.voteRelease(voted_free, {"from": alice})
    board.voteRelease(voted_free, {"from": bob})  # the team's threshold: released, bond back
    escalated = claimed()
    board.submit(escalated, DELIVERABLE, [], [], {"from": worker})
    board.reject(escalated, REASON, {"from": carol})
    board.submit(escalated, DELIVERABLE, [], [], {"from": worker})
    board.escalate(escalated, carol, {"from": worker})
    still_escalated = claimed()
    board.submit(still_escalated, DELIVERABLE, [], [], {"from": worker})
    board.reject(still_escalated, REASON, {"from": carol})
    board.submit(still_escalated, DELIVERABLE, [], [], {"from": worker})
    board.escalate(still_escalated, carol, {"from": worker})
    board.resolveEscalation(escalated, True, [], [], {"from": dao})  # paid by governance
    finalized = claimed()
    board.submit(finalized, DELIVERABLE, [], [], {"from": worker})
    forced = claimed()
    board.releaseByGovernance(forced, {"from": dao})
    cancelled = claimed()
    board.cancelByGovernance(cancelled, {"from": dao})
    chain.sleep(DAY + 1)
    chain.mine()
    board.finalize(finalized, [], [], {"from": rando})  # lazy consensus: anyone, after the window
    cooling = claimed()
    board.abandon(cooling, {"from": worker})  # its cool-down still runs when indexed

    proposed = workstreams.proposeMemberChange(ws, rando, True, {"from": alice})
    proposal = proposed.events["MemberChangeProposed"]["proposalId"]
    workstreams.withdrawMemberChange(proposal, {"from": alice})
    workstreams.addMemberByGovernance(team, dave, {"from": dao})
    workstreams.removeMemberByGovernance(team, carol, {"from": dao})

    signed_task = make_task(ws)
    deadline = chain.time() + HOUR
    signature = sign_claim(
        board, CLAIM_SIGNER_KEY, task_id=signed_task, claimant=claim_signer.address, deadline=deadline, nonce=700
    )
    board.claimBySig(signed_task, claim_signer, *terms(board, signed_task), 700, deadline, signature, {"from": relayer})
    board.cancelClaimNonces(3, 0b101, {"from": claim_signer})
    return {
        "team": team,
        "abandoned": abandoned,
        "voted_free": voted_free,
        "escalated": escalated,
        "still_escalated": still_escalated,
        "finalized": finalized,
        "forced": forced,
        "cancelled": cancelled,
        "cooling": cooling,
        "proposal": proposal,
        "ws": ws,
    }


def test_issue15_events_project_rows_equal_to_the_contracts(
    story, make_scanner, sessions, workstreams, board, worker, dave, carol, claim_signer
):
    make_scanner().sync()
    team = story["team"]

    with sessions() as session:
        ws = session.get(models.Workstream, team)
        assert (ws.claim_cooldown, ws.review_window, ws.escalate_after) == (HOUR, DAY, 1)
        assert ws.bonds_forfeited == workstreams.bondsForfeited(team) == 2 * BOND  # two abandoned claims
        assert (ws.funded, ws.reserved, ws.paid, ws.available, ws.clawed_back) == tuple(workstreams.budget(team))
        for task_id in range(1, board.taskCount() + 1):
            row, view = session.get(models.Task, task_id), board.task(task_id)
            assert (row.status, row.escalated, row.round) == (
                TaskStatus(view["status"]).label,
                view["escalated"],
                view["round"],
            ), task_id
        assert session.get(models.Task, story["still_escalated"]).escalated is True
        for task_id in (story["abandoned"], story["voted_free"], story["forced"]):
            claim = session.scalars(select(models.Claim).where(models.Claim.task_id == task_id)).one()
            assert claim.cooldown_until == board.claimCooldown(task_id, worker) > 0
        names = ("abandoned", "voted_free", "forced", "cancelled", "finalized", "escalated")
        outcomes = [
            session.scalars(select(models.Claim.outcome).where(models.Claim.task_id == story[name])).one()
            for name in names
        ]
        assert outcomes == ["abandoned", "released", "released", "cancelled", "paid", "paid"]

        def kinds(task_id):
            return [
                h.kind
                for h in session.scalars(
                    select(models.TaskHistory)
                    .where(models.TaskHistory.task_id == task_id)
                    .order_by(models.TaskHistory.block_number, models.TaskHistory.log_index)
                )
            ]

        assert kinds(story["voted_free"]) == ["created", "claimed", "release_voted", "release_voted", "released"]
        assert kinds(story["finalized"])[-2:] == ["finalized", "paid"]
        assert kinds(story["escalated"])[-3:] == ["escalated", "escalation_resolved", "paid"]
        change = session.get(models.MemberChange, story["proposal"])
        assert change.withdrawn is True and change.executed is False and change.proposed_at
        members = {
            m.account: m.active
            for m in session.scalars(select(models.Member).where(models.Member.workstream_id == team))
        }
        assert members[dave.address] is True and members[carol.address] is False
        assert {
            m.account
            for m in session.scalars(
                select(models.Member).where(models.Member.workstream_id == team, models.Member.active)
            )
        } == set(workstreams.members(team))
        nonces = session.scalars(
            select(models.ClaimNonce)
            .where(models.ClaimNonce.claimant == claim_signer.address)
            .order_by(models.ClaimNonce.id)
        ).all()
        assert [(n.kind, n.nonce, n.word_pos, n.mask) for n in nonces] == [
            ("used", 700, None, None),
            ("cancelled", None, 3, 0b101),
        ]


def test_the_api_serves_the_new_fields(
    story, make_scanner, database_url, sessions, work, board, workstreams, worker, tmp_path
):
    if not database_url.startswith("sqlite"):
        pytest.skip("the API over PostgreSQL is covered by tests/api/test_api_postgres.py")
    make_scanner().sync()
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(build_manifest(work)))
    path = Path(__file__).resolve().parents[1] / "api" / "apiserver.py"
    spec = importlib.util.spec_from_file_location("teal_tests_apiserver", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from brownie import web3

    server = module.ApiServer(
        {
            "TEAL_DATA_DIR": os.environ["TEAL_DATA_DIR"],
            "TEAL_MANIFEST": str(manifest),
            "TEAL_DATABASE_URL": database_url,
            "TEAL_RPC_URL": web3.provider.endpoint_uri,
            "TEAL_HEAD_CACHE_SECONDS": "0",
        },
        log_path=tmp_path / "server.log",
    ).start()
    try:
        team = httpx.get(f"{server.url}/workstreams/{story['team']}").json()
        escalated = httpx.get(f"{server.url}/tasks/{story['still_escalated']}").json()
        released = httpx.get(f"{server.url}/tasks/{story['voted_free']}").json()
        worker_page = httpx.get(f"{server.url}/contributors/{worker.address}").json()
        other = httpx.get(f"{server.url}/workstreams/{story['ws']}").json()
    finally:
        server.stop()

    assert team["team_rules"] == {"claim_cooldown": HOUR, "review_window": DAY, "escalate_after": 1}
    assert team["budget"]["bonds_forfeited"] == str(2 * BOND)
    assert escalated["escalated"] is True
    assert escalated["review_window_end"] == escalated["submitted_at"] + DAY
    assert released["escalated"] is False and released["review_window_end"] is None
    assert released["claims"][0]["cooldown_until"] == board.claimCooldown(story["voted_free"], worker)
    # Only the last cool-down still runs: the others (an hour) ran out during the day's review window.
    assert worker_page["cooldowns"] == [
        {"task_id": story["cooling"], "until": board.claimCooldown(story["cooling"], worker)}
    ]
    change = other["member_changes"][0]
    assert (change["id"], change["withdrawn"], change["executed"]) == (story["proposal"], True, False)
    assert (
        change["expires_at"]
        == change["proposed_at"] + 14 * DAY
        == workstreams.memberChange(story["proposal"])["expiresAt"]
    )
