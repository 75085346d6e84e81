"""Hostile tokens and receivers, and griefing: none of them locks or drains other tasks' funds."""

import brownie
from brownie import BlacklistToken, FeeOnTransferToken, ReentrantReceiver, ReentrantToken, chain
from helpers import error
from work_fixtures import BOND, DAY, DELIVERABLE, REASON, REWARD, SPEC, UNIT, budget_of, guardrails, terms

from api.chain.types import TaskStatus

REENTRANCY = brownie.web3.keccak(text="ReentrancyGuardReentrantCall()")[:4]


def one_approval(**kwargs):
    return guardrails(approvals=1, **kwargs)


def fund_with(token, dao, workstreams, gov, amount=100_000 * UNIT):
    token.mint(dao, amount, {"from": gov})
    token.approve(workstreams, 2**256 - 1, {"from": dao})


def submit(board, workstream_id, claimant, split=([], []), reward=REWARD, creator=None):
    task_id = board.createTask(workstream_id, 0, reward, 0, SPEC, {"from": creator or brownie.accounts[1]}).events[
        "TaskCreated"
    ]["taskId"]
    board.claim(task_id, *terms(board, task_id), {"from": claimant})
    board.submit(task_id, DELIVERABLE, *split, {"from": claimant})
    return task_id


def escrow_covers(workstreams, token, workstream_ids, owed_accounts=()):
    liabilities = sum(
        budget_of(workstreams, i)["reserved"] + budget_of(workstreams, i)["available"] + workstreams.bondsHeld(i)
        for i in workstream_ids
    )
    liabilities += sum(workstreams.owed(token, a) for a in owed_accounts)
    return token.balanceOf(workstreams) >= liabilities


# ---- Reentrant token -----------------------------------------------------------------------


def test_reentrant_token_cannot_pay_a_second_task_during_payment(
    board, workstreams, dao, gov, make_workstream, ws, budget_token, alice, bob, worker, helper
):
    hostile = ReentrantToken.deploy({"from": gov})
    fund_with(hostile, dao, workstreams, gov)
    # The token is even a member, so its re-entrant approve is only stopped by the guard.
    hostile_ws = make_workstream(token=hostile, members=[alice, bob, hostile], rails=one_approval())
    first = submit(board, hostile_ws, worker)
    second = submit(board, hostile_ws, helper)
    good_escrow = budget_token.balanceOf(workstreams)
    hostile.arm(board, board.approve.encode_input(second, REASON, [], []), False, {"from": gov})

    tx = board.approve(first, REASON, [], [], {"from": alice})

    assert hostile.attempts() == 1
    assert hostile.lastReentrySucceeded() is False
    assert bytes(hostile.lastReentryData())[:4] == REENTRANCY
    assert board.task(first)["status"] == TaskStatus.PAID
    assert board.task(second)["status"] == TaskStatus.SUBMITTED
    assert hostile.balanceOf(worker) == REWARD
    assert len(tx.events["TaskPaid"]) == 1
    # the other workstream's escrow (another token) is untouched
    assert budget_token.balanceOf(workstreams) == good_escrow
    assert escrow_covers(workstreams, hostile, [hostile_ws])


def test_reverting_reentry_defers_the_payment_instead_of_blocking_it(
    board, workstreams, dao, gov, make_workstream, alice, bob, worker, helper
):
    hostile = ReentrantToken.deploy({"from": gov})
    fund_with(hostile, dao, workstreams, gov)
    hostile_ws = make_workstream(token=hostile, members=[alice, bob, hostile], rails=one_approval())
    first = submit(board, hostile_ws, worker)
    second = submit(board, hostile_ws, helper)
    hostile.arm(board, board.approve.encode_input(second, REASON, [], []), True, {"from": gov})

    tx = board.approve(first, REASON, [], [], {"from": alice})

    assert tx.events["RewardPaid"]["deferred"] is True
    assert workstreams.owed(hostile, worker) == REWARD
    assert board.task(first)["status"] == TaskStatus.PAID
    assert board.task(second)["status"] == TaskStatus.SUBMITTED
    assert escrow_covers(workstreams, hostile, [hostile_ws], [worker])
    hostile.disarm({"from": gov})
    workstreams.withdrawOwed(hostile, worker, {"from": worker})
    assert hostile.balanceOf(worker) == REWARD
    assert workstreams.owed(hostile, worker) == 0


def test_reentrant_token_cannot_reenter_the_escrow(board, workstreams, dao, gov, make_workstream, alice, worker):
    hostile = ReentrantToken.deploy({"from": gov})
    fund_with(hostile, dao, workstreams, gov)
    hostile_ws = make_workstream(token=hostile, members=[alice], rails=one_approval())
    task_id = submit(board, hostile_ws, worker)
    hostile.arm(workstreams, workstreams.withdrawOwed.encode_input(hostile, gov), False, {"from": gov})

    board.approve(task_id, REASON, [], [], {"from": alice})

    assert bytes(hostile.lastReentryData())[:4] == REENTRANCY
    assert budget_of(workstreams, hostile_ws)["paid"] == REWARD


# ---- Reentrant receiver --------------------------------------------------------------------


def test_reentrant_receiver_cannot_reenter_the_board(board, workstreams, dao, gov, make_workstream, alice, worker):
    hooked = ReentrantToken.deploy({"from": gov})
    fund_with(hooked, dao, workstreams, gov)
    hooked_ws = make_workstream(token=hooked, members=[alice], rails=one_approval())
    receiver = ReentrantReceiver.deploy({"from": gov})
    hooked.setHookReceiver(receiver, {"from": gov})
    task_id = board.createTask(hooked_ws, 0, REWARD, 0, SPEC, {"from": alice}).events["TaskCreated"]["taskId"]
    other = board.createTask(hooked_ws, 0, REWARD, 0, SPEC, {"from": alice}).events["TaskCreated"]["taskId"]
    receiver.execute(board, board.claim.encode_input(task_id, REWARD, 0), {"from": gov})
    receiver.execute(board, board.submit.encode_input(task_id, DELIVERABLE, [], []), {"from": gov})
    receiver.arm(board, board.claim.encode_input(other, REWARD, 0), {"from": gov})

    board.approve(task_id, REASON, [], [], {"from": alice})

    assert receiver.attempts() == 1
    assert bytes(receiver.lastReentryData())[:4] == REENTRANCY
    assert hooked.balanceOf(receiver) == REWARD
    assert board.task(other)["status"] == TaskStatus.OPEN


def test_receiver_that_refuses_payment_is_owed_and_others_are_paid(
    board, workstreams, dao, gov, make_workstream, alice, helper
):
    hooked = ReentrantToken.deploy({"from": gov})
    fund_with(hooked, dao, workstreams, gov)
    hooked_ws = make_workstream(token=hooked, members=[alice], rails=one_approval())
    receiver = ReentrantReceiver.deploy({"from": gov})
    hooked.setHookReceiver(receiver, {"from": gov})
    receiver.setRejectPayments(True, {"from": gov})
    task_id = board.createTask(hooked_ws, 0, REWARD, 0, SPEC, {"from": alice}).events["TaskCreated"]["taskId"]
    split = ([receiver.address, helper.address], [5_000, 5_000])
    receiver.execute(board, board.claim.encode_input(task_id, REWARD, 0), {"from": gov})
    receiver.execute(board, board.submit.encode_input(task_id, DELIVERABLE, *split), {"from": gov})

    board.approve(task_id, REASON, *split, {"from": alice})

    assert hooked.balanceOf(helper) == REWARD // 2
    assert workstreams.owed(hooked, receiver) == REWARD // 2
    # the receiver later withdraws to an address that can receive
    receiver.execute(workstreams, workstreams.withdrawOwed.encode_input(hooked, gov), {"from": gov})
    assert hooked.balanceOf(gov) == REWARD // 2


def test_owed_receiver_cannot_withdraw_twice_by_reentering(board, workstreams, dao, gov, make_workstream, alice):
    hooked = ReentrantToken.deploy({"from": gov})
    fund_with(hooked, dao, workstreams, gov)
    hooked_ws = make_workstream(token=hooked, members=[alice], rails=one_approval())
    receiver = ReentrantReceiver.deploy({"from": gov})
    hooked.setHookReceiver(receiver, {"from": gov})
    receiver.setRejectPayments(True, {"from": gov})
    task_id = board.createTask(hooked_ws, 0, REWARD, 0, SPEC, {"from": alice}).events["TaskCreated"]["taskId"]
    receiver.execute(board, board.claim.encode_input(task_id, REWARD, 0), {"from": gov})
    receiver.execute(board, board.submit.encode_input(task_id, DELIVERABLE, [], []), {"from": gov})
    board.approve(task_id, REASON, [], [], {"from": alice})  # deferred: owed REWARD
    receiver.setRejectPayments(False, {"from": gov})
    receiver.arm(workstreams, workstreams.withdrawOwed.encode_input(hooked, receiver), {"from": gov})

    receiver.execute(workstreams, workstreams.withdrawOwed.encode_input(hooked, receiver), {"from": gov})

    assert bytes(receiver.lastReentryData())[:4] == REENTRANCY
    assert hooked.balanceOf(receiver) == REWARD
    assert workstreams.owed(hooked, receiver) == 0


# ---- Blacklisting token --------------------------------------------------------------------


def test_blacklisted_recipient_does_not_block_the_others(
    board, workstreams, dao, gov, make_workstream, alice, worker, helper, helper2, rando
):
    usdc = BlacklistToken.deploy({"from": gov})
    fund_with(usdc, dao, workstreams, gov)
    usdc_ws = make_workstream(token=usdc, members=[alice], rails=one_approval())
    split = ([worker, helper], [5_000, 5_000])
    stuck = submit(board, usdc_ws, worker, split)
    other = submit(board, usdc_ws, helper2)
    usdc.setBlacklisted(helper, True, {"from": gov})

    tx = board.approve(stuck, REASON, *split, {"from": alice})

    deferred = {e["to"]: e["deferred"] for e in tx.events["RewardPaid"]}
    assert deferred == {worker: False, helper: True}
    assert usdc.balanceOf(worker) == REWARD // 2
    assert workstreams.owed(usdc, helper) == REWARD // 2
    board.approve(other, REASON, [], [], {"from": alice})
    assert usdc.balanceOf(helper2) == REWARD
    assert escrow_covers(workstreams, usdc, [usdc_ws], [helper])
    # the blacklisted contributor withdraws to a fresh address
    with brownie.reverts(revert_pattern=error("BlacklistTokenBlocked", helper)):
        workstreams.withdrawOwed(usdc, helper, {"from": helper})
    workstreams.withdrawOwed(usdc, rando, {"from": helper})
    assert usdc.balanceOf(rando) == REWARD // 2


def test_token_returning_false_is_treated_as_a_failed_transfer(
    board, workstreams, dao, gov, make_workstream, alice, worker
):
    usdt = BlacklistToken.deploy({"from": gov})
    fund_with(usdt, dao, workstreams, gov)
    usdt.setReturnFalse(True, {"from": gov})
    usdt_ws = make_workstream(token=usdt, members=[alice], rails=one_approval())
    task_id = submit(board, usdt_ws, worker)
    usdt.setBlacklisted(worker, True, {"from": gov})

    tx = board.approve(task_id, REASON, [], [], {"from": alice})

    assert tx.events["RewardPaid"]["deferred"] is True
    assert workstreams.owed(usdt, worker) == REWARD
    assert usdt.balanceOf(worker) == 0


# ---- Fee-on-transfer -----------------------------------------------------------------------


def test_fee_switched_on_later_is_refused_at_the_bond(board, workstreams, dao, gov, make_workstream, alice, worker):
    fee = FeeOnTransferToken.deploy({"from": gov})
    fee.setFeeBps(0, {"from": gov})
    fund_with(fee, dao, workstreams, gov)
    fee_ws = make_workstream(token=fee, members=[alice], rails=one_approval(bond=BOND))
    task_id = board.createTask(fee_ws, 0, REWARD, 0, SPEC, {"from": alice}).events["TaskCreated"]["taskId"]
    fee.mint(worker, 100 * UNIT, {"from": gov})
    fee.approve(workstreams, 2**256 - 1, {"from": worker})
    fee.setFeeBps(100, {"from": gov})

    with brownie.reverts(revert_pattern=error("WorkstreamTransferMismatch", fee, BOND, BOND * 99 // 100)):
        board.claim(task_id, *terms(board, task_id), {"from": worker})
    with brownie.reverts(revert_pattern=error("WorkstreamTransferMismatch", fee, UNIT, UNIT * 99 // 100)):
        workstreams.fund(fee_ws, UNIT, {"from": dao})
    assert escrow_covers(workstreams, fee, [fee_ws])


# ---- Griefing ------------------------------------------------------------------------------


def test_claim_abandon_cycles_cost_a_bond_each(board, workstreams, budget_token, bonded_ws, make_task, worker):
    task_id = make_task(bonded_ws)
    griefer_before = budget_token.balanceOf(worker)
    budget_before = budget_of(workstreams, bonded_ws)

    for _ in range(3):
        board.claim(task_id, *terms(board, task_id), {"from": worker})
        board.abandon(task_id, {"from": worker})

    assert budget_token.balanceOf(worker) == griefer_before - 3 * BOND
    assert budget_of(workstreams, bonded_ws)["available"] == budget_before["available"] + 3 * BOND


def test_sitting_on_a_claim_is_bounded_by_expiry_and_costs_the_bond(
    board, workstreams, budget_token, bonded_ws, make_task, worker, helper, rando
):
    task_id = make_task(bonded_ws)
    board.claim(task_id, *terms(board, task_id), {"from": worker})
    with brownie.reverts(revert_pattern=error("TaskNotOpen", task_id, 2)):
        board.claim(task_id, *terms(board, task_id), {"from": helper})

    chain.sleep(7 * DAY + 1)
    board.reopenExpired(task_id, {"from": rando})
    board.claim(task_id, *terms(board, task_id), {"from": helper})

    assert board.task(task_id)["claimant"] == helper
    assert workstreams.bondsHeld(bonded_ws) == BOND  # helper's; the griefer's went to the budget
    with brownie.reverts(revert_pattern=error("TaskNotClaimant", task_id, worker, helper)):
        board.submit(task_id, DELIVERABLE, [], [], {"from": worker})
