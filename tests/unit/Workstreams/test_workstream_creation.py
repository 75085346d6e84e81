"""Workstreams.createWorkstream: governance creates a team with members, token, guardrails, term."""

import brownie
from brownie import ZERO_ADDRESS, chain
from helpers import error
from work_fixtures import CHARTER, TERM, guardrails, ints


def test_create_stores_token_term_guardrails_and_members(workstreams, dao, budget_token, alice, bob):
    term_end = chain.time() + TERM
    rails = guardrails(bond=3, approvals=1)

    tx = workstreams.createWorkstream("Core", CHARTER, [alice, bob], budget_token, term_end, rails, {"from": dao})

    workstream_id = tx.events["WorkstreamCreated"]["workstreamId"]
    assert workstream_id == workstreams.workstreamCount()
    info = workstreams.workstream(workstream_id)
    assert info["token"] == budget_token
    assert info["termEnd"] == term_end
    assert info["paused"] is False
    assert info["memberCount"] == 2
    assert ints(info["guardrails"]) == rails
    assert set(workstreams.members(workstream_id)) == {alice, bob}
    assert ints(workstreams.budget(workstream_id)) == (0, 0, 0, 0, 0)


def test_create_emits_created_with_name_charter_and_members(workstreams, dao, budget_token, alice, bob):
    term_end = chain.time() + TERM

    tx = workstreams.createWorkstream(
        "Core", CHARTER, [alice, bob], budget_token, term_end, guardrails(), {"from": dao}
    )

    event = tx.events["WorkstreamCreated"]
    assert event["token"] == budget_token
    assert event["name"] == "Core"
    assert event["charterCid"] == CHARTER
    assert event["members"] == [alice, bob]
    assert event["termEnd"] == term_end
    assert ints(event["guardrails"]) == guardrails()
    added = tx.events["MemberAdded"]
    assert [e["account"] for e in added] == [alice, bob]
    assert all(e["proposalId"] == 0 for e in added)


def test_ids_count_from_one(workstreams, make_workstream):
    first = make_workstream(funding=0)
    second = make_workstream(funding=0)

    assert second == first + 1
    assert workstreams.workstreamCount() == second


def test_create_rejects_non_contract_token(workstreams, dao, alice):
    with brownie.reverts(revert_pattern=error("WorkstreamInvalidToken", alice)):
        workstreams.createWorkstream("X", CHARTER, [alice], alice, chain.time() + TERM, guardrails(), {"from": dao})


def test_create_rejects_no_members(workstreams, dao, budget_token):
    with brownie.reverts(revert_pattern=error("WorkstreamNoMembers")):
        workstreams.createWorkstream("X", CHARTER, [], budget_token, chain.time() + TERM, guardrails(), {"from": dao})


def test_create_rejects_zero_member(workstreams, dao, budget_token, alice):
    with brownie.reverts(revert_pattern=error("WorkstreamInvalidMember", ZERO_ADDRESS)):
        workstreams.createWorkstream(
            "X", CHARTER, [alice, ZERO_ADDRESS], budget_token, chain.time() + TERM, guardrails(), {"from": dao}
        )


def test_create_rejects_duplicate_member(workstreams, dao, budget_token, alice, bob):
    with brownie.reverts(revert_pattern=error("WorkstreamInvalidMember", alice)):
        workstreams.createWorkstream(
            "X", CHARTER, [alice, bob, alice], budget_token, chain.time() + TERM, guardrails(), {"from": dao}
        )


def test_create_rejects_term_in_the_past(workstreams, dao, budget_token, alice):
    with brownie.reverts(revert_pattern=error("WorkstreamInvalidTerm")):
        workstreams.createWorkstream(
            "X", CHARTER, [alice], budget_token, chain[-1].timestamp - 1, guardrails(), {"from": dao}
        )


def test_create_rejects_term_beyond_40_bits(workstreams, dao, budget_token, alice):
    with brownie.reverts(revert_pattern=rf"WorkstreamInvalidTerm: {2**40}, \d+"):
        workstreams.createWorkstream("X", CHARTER, [alice], budget_token, 2**40, guardrails(), {"from": dao})


def test_create_rejects_zero_approvals(workstreams, dao, budget_token, alice):
    rails = guardrails(approvals=0)
    with brownie.reverts(revert_pattern=error("WorkstreamInvalidGuardrails", 0, rails[3])):
        workstreams.createWorkstream("X", CHARTER, [alice], budget_token, chain.time() + TERM, rails, {"from": dao})


def test_create_rejects_zero_claim_duration(workstreams, dao, budget_token, alice):
    rails = guardrails(duration=0)
    with brownie.reverts(revert_pattern=error("WorkstreamInvalidGuardrails", 2, 0)):
        workstreams.createWorkstream("X", CHARTER, [alice], budget_token, chain.time() + TERM, rails, {"from": dao})


def test_views_reject_unknown_workstream(workstreams):
    with brownie.reverts(revert_pattern=error("WorkstreamUnknown", 99)):
        workstreams.workstream(99)
    with brownie.reverts(revert_pattern=error("WorkstreamUnknown", 99)):
        workstreams.budget(99)


def test_governance_and_board_are_fixed_at_deployment(workstreams, board, timelock):
    assert workstreams.governance() == timelock
    assert workstreams.taskBoard() == board
    assert board.workstreams() == workstreams
