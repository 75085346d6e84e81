"""Workstreams.fund / clawback and the budget accounting they move."""

import brownie
from brownie import FeeOnTransferToken
from helpers import error
from work_fixtures import CAP, UNIT, budget_of, guardrails


def test_fund_moves_tokens_from_treasury_into_escrow(workstreams, dao, budget_token, make_workstream):
    workstream_id = make_workstream(funding=0)
    treasury_before = budget_token.balanceOf(dao)

    tx = workstreams.fund(workstream_id, 500 * UNIT, {"from": dao})

    assert budget_token.balanceOf(dao) == treasury_before - 500 * UNIT
    assert budget_token.balanceOf(workstreams) == 500 * UNIT
    assert budget_of(workstreams, workstream_id) == {
        "funded": 500 * UNIT,
        "reserved": 0,
        "paid": 0,
        "available": 500 * UNIT,
        "clawedBack": 0,
    }
    event = tx.events["WorkstreamFunded"]
    assert (event["workstreamId"], event["from"], event["amount"]) == (workstream_id, dao, 500 * UNIT)


def test_fund_up_to_exactly_the_cap(workstreams, dao, make_workstream):
    workstream_id = make_workstream(funding=0)

    workstreams.fund(workstream_id, CAP, {"from": dao})

    assert budget_of(workstreams, workstream_id)["available"] == CAP


def test_fund_above_cap_reverts(workstreams, dao, make_workstream):
    workstream_id = make_workstream(funding=CAP - 1)

    with brownie.reverts(revert_pattern=error("WorkstreamBudgetCapExceeded", workstream_id, CAP + 1, CAP)):
        workstreams.fund(workstream_id, 2, {"from": dao})


def test_clawed_back_budget_frees_room_under_the_cap(workstreams, dao, make_workstream):
    workstream_id = make_workstream(funding=CAP)
    workstreams.clawback(workstream_id, 10, {"from": dao})

    workstreams.fund(workstream_id, 10, {"from": dao})

    assert budget_of(workstreams, workstream_id)["funded"] == CAP + 10


def test_fund_zero_reverts(workstreams, dao, ws):
    with brownie.reverts(revert_pattern=error("WorkstreamZeroAmount")):
        workstreams.fund(ws, 0, {"from": dao})


def test_fund_unknown_workstream_reverts(workstreams, dao):
    with brownie.reverts(revert_pattern=error("WorkstreamUnknown", 42)):
        workstreams.fund(42, 1, {"from": dao})


def test_fee_on_transfer_token_is_refused(workstreams, dao, gov, make_workstream):
    fee_token = FeeOnTransferToken.deploy({"from": gov})
    fee_token.mint(dao, 1_000 * UNIT, {"from": gov})
    fee_token.approve(workstreams, 2**256 - 1, {"from": dao})
    workstream_id = make_workstream(token=fee_token, funding=0)

    with brownie.reverts(revert_pattern=error("WorkstreamTransferMismatch", fee_token, 100 * UNIT, 99 * UNIT)):
        workstreams.fund(workstream_id, 100 * UNIT, {"from": dao})


def test_clawback_returns_available_budget_to_treasury(workstreams, dao, budget_token, ws, make_task):
    make_task(ws, reward=1_000 * UNIT)  # reserved, so it cannot be clawed back
    treasury_before = budget_token.balanceOf(dao)

    tx = workstreams.clawback(ws, 9_000 * UNIT, {"from": dao})

    assert budget_token.balanceOf(dao) == treasury_before + 9_000 * UNIT
    budget = budget_of(workstreams, ws)
    assert budget["available"] == 0
    assert budget["reserved"] == 1_000 * UNIT
    assert budget["clawedBack"] == 9_000 * UNIT
    assert budget["paid"] + budget["reserved"] + budget["available"] == budget["funded"] - budget["clawedBack"]
    event = tx.events["WorkstreamClawedBack"]
    assert (event["workstreamId"], event["to"], event["amount"]) == (ws, dao, 9_000 * UNIT)


def test_clawback_cannot_touch_reserved_budget(workstreams, dao, ws, make_task):
    make_task(ws, reward=1_000 * UNIT)

    with brownie.reverts(revert_pattern=error("WorkstreamInsufficientBudget", ws, 9_000 * UNIT + 1, 9_000 * UNIT)):
        workstreams.clawback(ws, 9_000 * UNIT + 1, {"from": dao})


def test_clawback_zero_reverts(workstreams, dao, ws):
    with brownie.reverts(revert_pattern=error("WorkstreamZeroAmount")):
        workstreams.clawback(ws, 0, {"from": dao})


def test_clawback_unknown_workstream_reverts(workstreams, dao):
    with brownie.reverts(revert_pattern=error("WorkstreamUnknown", 42)):
        workstreams.clawback(42, 1, {"from": dao})


def test_clawback_works_while_paused(workstreams, dao, ws):
    workstreams.pause(ws, {"from": dao})

    workstreams.clawback(ws, 1, {"from": dao})

    assert budget_of(workstreams, ws)["clawedBack"] == 1


def test_lowering_the_cap_below_funding_blocks_further_funding(workstreams, dao, ws):
    workstreams.setGuardrails(ws, guardrails(cap=5_000 * UNIT), {"from": dao})

    with brownie.reverts(revert_pattern=error("WorkstreamBudgetCapExceeded", ws, 10_000 * UNIT + 1, 5_000 * UNIT)):
        workstreams.fund(ws, 1, {"from": dao})
