"""Reward payment: split by shares, remainder and bond to the claimant, budget moves to paid."""

from brownie import chain
from work_fixtures import BOND, DELIVERABLE, FUNDING, REASON, REWARD, budget_of, terms

from api.chain.types import TaskStatus


def approve_all(board, task_id, split, reviewers):
    tx = None
    for reviewer in reviewers:
        tx = board.approve(task_id, REASON, split[0], split[1], {"from": reviewer})
    return tx


def paid_to(tx):
    return {e["to"]: (e["amount"], e["bondReturned"], e["deferred"]) for e in tx.events["RewardPaid"]}


def test_single_recipient_gets_the_whole_reward(board, workstreams, budget_token, ws, submitted, worker, alice, bob):
    task_id = submitted(ws)
    before = budget_token.balanceOf(worker)

    tx = approve_all(board, task_id, ([], []), [alice, bob])

    assert budget_token.balanceOf(worker) == before + REWARD
    assert paid_to(tx) == {worker: (REWARD, 0, False)}
    paid = tx.events["TaskPaid"]
    assert (paid["taskId"], paid["workstreamId"], paid["claimant"], paid["reward"], paid["bondReturned"]) == (
        task_id,
        ws,
        worker,
        REWARD,
        0,
    )
    budget = budget_of(workstreams, ws)
    assert (budget["reserved"], budget["paid"], budget["available"]) == (0, REWARD, FUNDING - REWARD)
    assert board.task(task_id)["status"] == TaskStatus.PAID


def test_bond_comes_back_with_the_reward(board, workstreams, budget_token, bonded_ws, claimed, worker, alice, bob):
    start = budget_token.balanceOf(worker)
    task_id = claimed(bonded_ws)
    board.submit(task_id, DELIVERABLE, [], [], {"from": worker})

    tx = approve_all(board, task_id, ([], []), [alice, bob])

    assert budget_token.balanceOf(worker) == start + REWARD
    assert paid_to(tx) == {worker: (REWARD, BOND, False)}
    assert tx.events["TaskPaid"]["bondReturned"] == BOND
    assert workstreams.bondsHeld(bonded_ws) == 0


def test_rounding_remainder_goes_to_an_unlisted_claimant(
    board, budget_token, ws, submitted, worker, helper, helper2, alice, bob
):
    split = ([helper, helper2], [3_333, 6_667])
    task_id = submitted(ws, reward=1_001, split=split)
    balances = [budget_token.balanceOf(a) for a in (worker, helper, helper2)]

    tx = approve_all(board, task_id, split, [alice, bob])

    # 1001 * 3333 / 10000 = 333.6 -> 333; 1001 * 6667 / 10000 = 667.4 -> 667; remainder 1
    assert paid_to(tx) == {worker: (1, 0, False), helper: (333, 0, False), helper2: (667, 0, False)}
    assert [budget_token.balanceOf(a) for a in (worker, helper, helper2)] == [
        balances[0] + 1,
        balances[1] + 333,
        balances[2] + 667,
    ]


def test_listed_claimant_gets_share_plus_remainder_in_one_transfer(board, ws, submitted, worker, helper, alice, bob):
    split = ([helper, worker], [3_000, 7_000])
    task_id = submitted(ws, reward=1_001, split=split)

    tx = approve_all(board, task_id, split, [alice, bob])

    # helper 300 (300.3), worker 700 (700.7) + remainder 1
    assert paid_to(tx) == {worker: (701, 0, False), helper: (300, 0, False)}
    assert len(tx.events["RewardPaid"]) == 2


def test_three_recipients(board, budget_token, ws, submitted, worker, helper, helper2, alice, bob):
    split = ([worker, helper, helper2], [5_000, 3_000, 2_000])
    task_id = submitted(ws, split=split)

    tx = approve_all(board, task_id, split, [alice, bob])

    assert paid_to(tx) == {
        worker: (REWARD // 2, 0, False),
        helper: (REWARD * 3 // 10, 0, False),
        helper2: (REWARD // 5, 0, False),
    }
    assert sum(e["amount"] for e in tx.events["RewardPaid"]) == REWARD


def test_claimant_can_give_everything_to_co_contributors(board, ws, submitted, helper, alice, bob):
    split = ([helper], [10_000])
    task_id = submitted(ws, split=split)

    tx = approve_all(board, task_id, split, [alice, bob])

    assert paid_to(tx) == {helper: (REWARD, 0, False)}  # the claimant's 0 is not sent


def test_subtasks_and_parent_are_paid_from_one_reservation(
    board, workstreams, ws, make_task, worker, helper, alice, bob, carol
):
    parent = make_task(ws, reward=300)
    sub = make_task(ws, reward=100, parent=parent)
    for task_id, claimant in ((sub, helper), (parent, worker)):
        board.claim(task_id, *terms(board, task_id), {"from": claimant})
        board.submit(task_id, DELIVERABLE, [], [], {"from": claimant})
        approve_all(board, task_id, ([], []), [bob, carol])

    budget = budget_of(workstreams, ws)
    assert (budget["reserved"], budget["paid"]) == (0, 300)
    assert budget["paid"] + budget["reserved"] + budget["available"] == budget["funded"] - budget["clawedBack"]


def test_payment_after_rejection_and_resubmission(board, budget_token, ws, submitted, worker, helper, alice, bob):
    task_id = submitted(ws)
    board.reject(task_id, REASON, {"from": alice})
    chain.sleep(60)
    split = ([worker, helper], [9_000, 1_000])
    board.submit(task_id, DELIVERABLE, *split, {"from": worker})

    tx = approve_all(board, task_id, split, [alice, bob])

    assert paid_to(tx) == {worker: (REWARD * 9 // 10, 0, False), helper: (REWARD // 10, 0, False)}
