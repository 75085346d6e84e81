"""Workstreams.withdrawOwed: the pull side of push-with-fallback payments (the paths that
create owed balances are in tests/integration/test_attacks.py)."""

import brownie
from brownie import ZERO_ADDRESS
from helpers import error


def test_nothing_owed_reverts(workstreams, budget_token, worker):
    assert workstreams.owed(budget_token, worker) == 0

    with brownie.reverts(revert_pattern=error("WorkstreamNothingOwed", budget_token, worker)):
        workstreams.withdrawOwed(budget_token, worker, {"from": worker})


def test_withdraw_to_zero_address_reverts(workstreams, budget_token, worker):
    with brownie.reverts(revert_pattern=error("WorkstreamZeroAddress")):
        workstreams.withdrawOwed(budget_token, ZERO_ADDRESS, {"from": worker})
