"""Governance is the court of last resort: it cancels any task, releases any claim and sweeps
tokens sent to the board by mistake, so a rogue or absent team never strands funds."""

import brownie
from helpers import error
from work_fixtures import BOND, FUNDING, REWARD, budget_of

from api.chain.types import TaskStatus


def test_absent_team_does_not_strand_reserved_funds(
    board, workstreams, dao, budget_token, bonded_ws, make_task, claimed, submitted, worker
):
    """Attack/finding: after pause + clawback, 9,999.99 of 10,000 stayed reserved by tasks
    nobody could cancel. Governance now cancels every state and claws all of it back."""
    open_task, claimed_task, submitted_task = make_task(bonded_ws), claimed(bonded_ws), submitted(bonded_ws)
    workstreams.pause(bonded_ws, {"from": dao})
    worker_balance = budget_token.balanceOf(worker)

    for task_id, status in (
        (open_task, TaskStatus.OPEN),
        (claimed_task, TaskStatus.CLAIMED),
        (submitted_task, TaskStatus.SUBMITTED),
    ):
        tx = board.cancelByGovernance(task_id, {"from": dao})
        event = tx.events["TaskCancelledByGovernance"]
        assert (event["taskId"], event["status"], event["released"]) == (task_id, status, REWARD)
        assert board.task(task_id)["status"] == TaskStatus.CANCELLED

    assert budget_token.balanceOf(worker) == worker_balance + 2 * BOND  # both bonds went back
    budget = budget_of(workstreams, bonded_ws)
    assert (budget["reserved"], budget["available"]) == (0, FUNDING)
    assert workstreams.bondsHeld(bonded_ws) == 0
    workstreams.clawback(bonded_ws, FUNDING, {"from": dao})
    assert budget_of(workstreams, bonded_ws)["available"] == 0


def test_governance_cancel_of_a_subtask_returns_to_the_open_parent(board, dao, ws, make_task):
    parent = make_task(ws)
    child = make_task(ws, parent=parent, reward=REWARD // 4)

    tx = board.cancelByGovernance(child, {"from": dao})

    assert board.task(parent)["reward"] == REWARD
    assert tx.events["TaskCancelledByGovernance"]["released"] == REWARD // 4


def test_governance_cannot_cancel_a_paid_task(board, dao, ws, submitted, alice, bob):
    task_id = submitted(ws)
    board.approve(task_id, "bafkreir", [], [], {"from": alice})
    board.approve(task_id, "bafkreir", [], [], {"from": bob})

    with brownie.reverts(revert_pattern=error("TaskNotActive", task_id, TaskStatus.PAID)):
        board.cancelByGovernance(task_id, {"from": dao})


def test_governance_force_releases_a_claim(board, workstreams, budget_token, dao, bonded_ws, submitted, worker):
    task_id = submitted(bonded_ws)
    balance = budget_token.balanceOf(worker)

    tx = board.releaseByGovernance(task_id, {"from": dao})

    event = tx.events["TaskReleased"]
    assert (event["claimant"], event["byGovernance"], event["bondReturned"]) == (worker, True, BOND)
    task = board.task(task_id)
    assert (task["status"], task["claimant"], task["approvals"]) == (TaskStatus.OPEN, "0x" + "00" * 20, 0)
    assert budget_token.balanceOf(worker) == balance + BOND


def test_governance_sweeps_tokens_sent_to_the_board_by_mistake(board, dao, budget_token, worker):
    budget_token.transfer(board, 123, {"from": worker})
    treasury = budget_token.balanceOf(dao)

    tx = board.sweep(budget_token, {"from": dao})

    assert tx.events["TaskBoardSwept"]["amount"] == 123
    assert budget_token.balanceOf(dao) == treasury + 123


def test_only_governance_rescues(board, ws, make_task, budget_token, rando, alice):
    task_id = make_task(ws)
    for name, args in (
        ("cancelByGovernance", [task_id]),
        ("releaseByGovernance", [task_id]),
        ("sweep", [budget_token]),
        ("resolveEscalation", [task_id, True, [], []]),
    ):
        for caller in (rando, alice):
            with brownie.reverts(revert_pattern=error("WorkstreamNotGovernance", caller)):
                getattr(board, name)(*args, {"from": caller})
