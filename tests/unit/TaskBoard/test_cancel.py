"""TaskBoard.cancel: an open task's reservation goes back to the budget (or its parent)."""

import brownie
from helpers import error
from work_fixtures import FUNDING, REWARD, budget_of, terms

from api.chain.types import TaskStatus


def test_cancel_releases_the_reservation(board, workstreams, ws, make_task, bob):
    task_id = make_task(ws)

    tx = board.cancel(task_id, {"from": bob})

    assert board.task(task_id)["status"] == TaskStatus.CANCELLED
    budget = budget_of(workstreams, ws)
    assert (budget["reserved"], budget["available"]) == (0, FUNDING)
    event = tx.events["TaskCancelled"]
    assert (event["taskId"], event["workstreamId"], event["by"], event["released"], event["toParent"]) == (
        task_id,
        ws,
        bob,
        REWARD,
        False,
    )
    released = tx.events["BudgetReleased"]
    assert (released["taskId"], released["amount"]) == (task_id, REWARD)


def test_cancelled_subtask_returns_to_its_open_parent(board, workstreams, ws, make_task):
    parent = make_task(ws, reward=300)
    sub = make_task(ws, reward=100, parent=parent)
    before = budget_of(workstreams, ws)

    tx = board.cancel(sub, {"from": brownie.accounts[1]})

    assert tx.events["TaskCancelled"]["toParent"] is True
    assert "BudgetReleased" not in tx.events
    assert board.task(parent)["reward"] == 300
    assert budget_of(workstreams, ws) == before


def test_cancelled_subtask_of_a_claimed_parent_releases_to_the_budget(board, workstreams, ws, make_task, worker, alice):
    parent = make_task(ws, reward=300)
    sub = make_task(ws, reward=100, parent=parent)
    board.claim(parent, *terms(board, parent), {"from": worker})

    tx = board.cancel(sub, {"from": alice})

    assert tx.events["TaskCancelled"]["toParent"] is False
    assert board.task(parent)["reward"] == 200
    assert budget_of(workstreams, ws)["reserved"] == 200


def test_cancel_claimed_task_reverts(board, ws, claimed, alice):
    task_id = claimed(ws)

    with brownie.reverts(revert_pattern=error("TaskNotOpen", task_id, 2)):
        board.cancel(task_id, {"from": alice})


def test_cancel_twice_reverts(board, ws, make_task, alice):
    task_id = make_task(ws)
    board.cancel(task_id, {"from": alice})

    with brownie.reverts(revert_pattern=error("TaskNotOpen", task_id, TaskStatus.CANCELLED)):
        board.cancel(task_id, {"from": alice})


def test_non_member_cannot_cancel(board, ws, make_task, worker):
    task_id = make_task(ws)

    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, worker)):
        board.cancel(task_id, {"from": worker})


def test_cancel_unknown_task_reverts(board, alice):
    with brownie.reverts(revert_pattern=error("TaskUnknown", 321)):
        board.cancel(321, {"from": alice})


def test_cancel_after_term_end_still_releases(board, workstreams, ws, make_task, alice):
    task_id = make_task(ws)
    brownie.chain.sleep(workstreams.workstream(ws)["termEnd"] - brownie.chain.time() + 1)

    board.cancel(task_id, {"from": alice})

    assert budget_of(workstreams, ws)["available"] == FUNDING
