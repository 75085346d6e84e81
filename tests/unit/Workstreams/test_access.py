"""Every governance-only function refuses anyone but the timelock, and every task-board hook
refuses anyone but the task board (including governance)."""

import brownie
import pytest
from brownie import chain
from helpers import error
from work_fixtures import CHARTER, TERM, guardrails

GOVERNANCE_ONLY = {
    "createWorkstream": lambda ws, token, member: ("X", CHARTER, [member], token, chain.time() + TERM, guardrails()),
    "fund": lambda ws, token, member: (ws, 1),
    "clawback": lambda ws, token, member: (ws, 1),
    "setGuardrails": lambda ws, token, member: (ws, guardrails()),
    "renew": lambda ws, token, member: (ws, chain.time() + TERM, 1, ""),
    "pause": lambda ws, token, member: (ws,),
    "unpause": lambda ws, token, member: (ws,),
}

TASK_BOARD_ONLY = {
    "reserve": lambda ws, member: (ws, 1, member, 1, True, 0),
    "release": lambda ws, member: (ws, 1, 1),
    "takeBond": lambda ws, member: (ws, 1, member, 1),
    "forfeitBond": lambda ws, member: (ws, 1, member, 1),
    "pay": lambda ws, member: (ws, 1, 0, 0, [member], [0]),
}


@pytest.mark.parametrize("fn", GOVERNANCE_ONLY)
@pytest.mark.parametrize("caller", ["member", "deployer", "stranger"])
def test_governance_only(workstreams, ws, budget_token, alice, gov, rando, fn, caller):
    sender = {"member": alice, "deployer": gov, "stranger": rando}[caller]
    args = GOVERNANCE_ONLY[fn](ws, budget_token, alice)

    with brownie.reverts(revert_pattern=error("WorkstreamNotGovernance", sender)):
        getattr(workstreams, fn)(*args, {"from": sender})


@pytest.mark.parametrize("fn", TASK_BOARD_ONLY)
@pytest.mark.parametrize("caller", ["governance", "member"])
def test_task_board_only(workstreams, ws, dao, alice, fn, caller):
    sender = {"governance": dao, "member": alice}[caller]
    args = TASK_BOARD_ONLY[fn](ws, alice)

    with brownie.reverts(revert_pattern=error("WorkstreamNotTaskBoard", sender)):
        getattr(workstreams, fn)(*args, {"from": sender})


def test_revert_helper_rejects_a_different_error(workstreams, ws, rando):
    """The revert checks are exact: expecting the wrong error fails the test."""
    with (
        pytest.raises(AssertionError, match="Unexpected revert string"),
        brownie.reverts(revert_pattern=error("WorkstreamNotTaskBoard", rando)),
    ):
        workstreams.pause(ws, {"from": rando})
