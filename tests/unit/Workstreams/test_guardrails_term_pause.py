"""Guardrails, renewal and pause: governance steering a workstream."""

import brownie
from brownie import chain
from helpers import error
from work_fixtures import CHARTER, DAY, REWARD, SPEC, advance_past, guardrails, ints


def test_set_guardrails_emits_old_and_new(workstreams, dao, ws):
    new = guardrails(cap=1, max_reward=2, bond=3, duration=4, approvals=3)

    tx = workstreams.setGuardrails(ws, new, {"from": dao})

    event = tx.events["WorkstreamGuardrailsChanged"]
    assert event["workstreamId"] == ws
    assert ints(event["oldGuardrails"]) == guardrails()
    assert ints(event["newGuardrails"]) == new
    assert ints(workstreams.workstream(ws)["guardrails"]) == new


def test_set_guardrails_rejects_zero_approvals(workstreams, dao, ws):
    with brownie.reverts(revert_pattern=error("WorkstreamInvalidGuardrails", 0, 7 * DAY)):
        workstreams.setGuardrails(ws, guardrails(approvals=0), {"from": dao})


def test_set_guardrails_unknown_workstream_reverts(workstreams, dao):
    with brownie.reverts(revert_pattern=error("WorkstreamUnknown", 77)):
        workstreams.setGuardrails(77, guardrails(), {"from": dao})


def test_renew_sets_term_cap_and_emits_charter(workstreams, dao, ws):
    old_end = workstreams.workstream(ws)["termEnd"]
    new_end = old_end + 180 * DAY

    tx = workstreams.renew(ws, new_end, 7, CHARTER, {"from": dao})

    event = tx.events["WorkstreamRenewed"]
    assert (event["oldTermEnd"], event["newTermEnd"]) == (old_end, new_end)
    assert (event["oldBudgetCap"], event["newBudgetCap"]) == (guardrails()[0], 7)
    assert event["charterCid"] == CHARTER
    info = workstreams.workstream(ws)
    assert info["termEnd"] == new_end
    assert info["guardrails"][0] == 7


def test_renewal_reopens_an_ended_term(workstreams, board, dao, ws, alice):
    term_end = workstreams.workstream(ws)["termEnd"]
    advance_past(term_end)
    with brownie.reverts(revert_pattern=error("WorkstreamTermEnded", ws, term_end)):
        board.createTask(ws, 0, REWARD, 0, SPEC, {"from": alice})

    workstreams.renew(ws, chain.time() + 90 * DAY, guardrails()[0], "", {"from": dao})

    tx = board.createTask(ws, 0, REWARD, 0, SPEC, {"from": alice})
    assert tx.events["TaskCreated"]["workstreamId"] == ws


def test_renew_rejects_past_term(workstreams, dao, ws):
    with brownie.reverts(revert_pattern=error("WorkstreamInvalidTerm")):
        workstreams.renew(ws, chain[-1].timestamp - 1, 1, "", {"from": dao})


def test_renew_unknown_workstream_reverts(workstreams, dao):
    with brownie.reverts(revert_pattern=error("WorkstreamUnknown", 77)):
        workstreams.renew(77, chain.time() + DAY, 1, "", {"from": dao})


def test_pause_and_unpause(workstreams, dao, ws):
    tx = workstreams.pause(ws, {"from": dao})
    assert tx.events["WorkstreamPaused"]["workstreamId"] == ws
    assert workstreams.workstream(ws)["paused"] is True

    tx = workstreams.unpause(ws, {"from": dao})
    assert tx.events["WorkstreamUnpaused"]["workstreamId"] == ws
    assert workstreams.workstream(ws)["paused"] is False


def test_pause_twice_reverts(workstreams, dao, ws):
    workstreams.pause(ws, {"from": dao})

    with brownie.reverts(revert_pattern=error("WorkstreamIsPaused", ws)):
        workstreams.pause(ws, {"from": dao})


def test_unpause_when_not_paused_reverts(workstreams, dao, ws):
    with brownie.reverts(revert_pattern=error("WorkstreamNotPaused", ws)):
        workstreams.unpause(ws, {"from": dao})


def test_pause_unknown_workstream_reverts(workstreams, dao):
    with brownie.reverts(revert_pattern=error("WorkstreamUnknown", 77)):
        workstreams.pause(77, {"from": dao})
    with brownie.reverts(revert_pattern=error("WorkstreamUnknown", 77)):
        workstreams.unpause(77, {"from": dao})
