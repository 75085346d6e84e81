"""TaskBoard.approve / reject: members other than the contributors review submissions."""

import brownie
from brownie import chain
from helpers import error
from work_fixtures import DAY, DELIVERABLE, REASON, guardrails

from api.chain.types import TaskStatus


def test_first_approval_is_recorded(board, ws, submitted, alice):
    task_id = submitted(ws)

    tx = board.approve(task_id, REASON, [], [], {"from": alice})

    task = board.task(task_id)
    assert (task["status"], task["approvals"]) == (TaskStatus.SUBMITTED, 1)
    assert board.hasApproved(task_id, alice)
    event = tx.events["TaskApproved"]
    assert (event["taskId"], event["workstreamId"], event["reviewer"]) == (task_id, ws, alice)
    assert (event["round"], event["approvals"], event["reasonCid"]) == (0, 1, REASON)
    assert "TaskPaid" not in tx.events


def test_threshold_approval_pays(board, ws, submitted, alice, bob):
    task_id = submitted(ws)
    board.approve(task_id, REASON, [], [], {"from": alice})

    tx = board.approve(task_id, REASON, [], [], {"from": bob})

    assert board.task(task_id)["status"] == TaskStatus.PAID
    assert tx.events["TaskApproved"]["approvals"] == 2
    assert "TaskPaid" in tx.events


def test_approve_twice_reverts(board, ws, submitted, alice):
    task_id = submitted(ws)
    board.approve(task_id, REASON, [], [], {"from": alice})

    with brownie.reverts(revert_pattern=error("TaskAlreadyApproved", task_id, alice)):
        board.approve(task_id, REASON, [], [], {"from": alice})


def test_claimant_cannot_approve_own_work(board, ws, submitted, alice):
    task_id = submitted(ws, claimant=alice)  # a member who claimed a task

    with brownie.reverts(revert_pattern=error("TaskSelfReview", task_id, alice)):
        board.approve(task_id, REASON, [], [], {"from": alice})


def test_co_contributor_cannot_approve(board, ws, submitted, worker, bob):
    split = ([worker, bob], [5_000, 5_000])
    task_id = submitted(ws, split=split)

    with brownie.reverts(revert_pattern=error("TaskSelfReview", task_id, bob)):
        board.approve(task_id, REASON, *split, {"from": bob})


def test_claimant_cannot_reject_own_work(board, ws, submitted, alice):
    task_id = submitted(ws, claimant=alice)

    with brownie.reverts(revert_pattern=error("TaskSelfReview", task_id, alice)):
        board.reject(task_id, REASON, {"from": alice})


def test_non_member_cannot_review(board, ws, submitted, rando):
    task_id = submitted(ws)

    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, rando)):
        board.approve(task_id, REASON, [], [], {"from": rando})
    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, rando)):
        board.reject(task_id, REASON, {"from": rando})


def test_approval_must_repeat_the_submitted_split(board, ws, submitted, worker, helper, alice):
    task_id = submitted(ws, split=([worker, helper], [7_000, 3_000]))
    assert board.splitDigest([worker, helper], [3_000, 7_000]) != board.task(task_id)["splitDigest"]

    # Brownie shows the two bytes32 digests as Python bytes literals; the task id pins the error.
    with brownie.reverts(revert_pattern=rf"TaskSplitMismatch: {task_id}, .*"):
        board.approve(task_id, REASON, [worker, helper], [3_000, 7_000], {"from": alice})


def test_review_needs_a_submission(board, ws, claimed, alice):
    task_id = claimed(ws)

    with brownie.reverts(revert_pattern=error("TaskNotSubmitted", task_id, TaskStatus.CLAIMED)):
        board.approve(task_id, REASON, [], [], {"from": alice})
    with brownie.reverts(revert_pattern=error("TaskNotSubmitted", task_id, TaskStatus.CLAIMED)):
        board.reject(task_id, REASON, {"from": alice})


def test_review_unknown_task_reverts(board, alice):
    with brownie.reverts(revert_pattern=error("TaskUnknown", 999)):
        board.approve(999, REASON, [], [], {"from": alice})
    with brownie.reverts(revert_pattern=error("TaskUnknown", 999)):
        board.reject(999, REASON, {"from": alice})


def test_paid_task_cannot_be_reviewed_again(board, ws, submitted, alice, bob, carol):
    task_id = submitted(ws)
    board.approve(task_id, REASON, [], [], {"from": alice})
    board.approve(task_id, REASON, [], [], {"from": bob})

    with brownie.reverts(revert_pattern=error("TaskNotSubmitted", task_id, TaskStatus.PAID)):
        board.approve(task_id, REASON, [], [], {"from": carol})


def test_reviews_are_frozen_while_paused(board, workstreams, dao, ws, submitted, alice):
    task_id = submitted(ws)
    workstreams.pause(ws, {"from": dao})

    with brownie.reverts(revert_pattern=error("WorkstreamIsPaused", ws)):
        board.approve(task_id, REASON, [], [], {"from": alice})
    with brownie.reverts(revert_pattern=error("WorkstreamIsPaused", ws)):
        board.reject(task_id, REASON, {"from": alice})


def test_reject_returns_the_task_with_a_new_deadline(board, ws, submitted, worker, alice):
    task_id = submitted(ws)
    chain.sleep(3 * DAY)

    tx = board.reject(task_id, REASON, {"from": alice})

    task = board.task(task_id)
    assert (task["status"], task["claimant"], task["round"], task["approvals"]) == (TaskStatus.CLAIMED, worker, 1, 0)
    assert task["claimExpiry"] == tx.timestamp + 7 * DAY
    event = tx.events["TaskRejected"]
    assert (event["taskId"], event["reviewer"], event["round"]) == (task_id, alice, 0)
    assert (event["newExpiry"], event["reasonCid"]) == (tx.timestamp + 7 * DAY, REASON)


def test_rejection_voids_earlier_approvals(board, ws, submitted, worker, alice, bob):
    task_id = submitted(ws)
    board.approve(task_id, REASON, [], [], {"from": alice})
    board.reject(task_id, REASON, {"from": bob})
    assert not board.hasApproved(task_id, alice)

    tx = board.submit(task_id, DELIVERABLE, [], [], {"from": worker})
    assert tx.events["TaskSubmitted"]["round"] == 1
    tx = board.approve(task_id, REASON, [], [], {"from": alice})  # alice approves anew

    assert tx.events["TaskApproved"]["approvals"] == 1
    assert tx.events["TaskApproved"]["round"] == 1
    assert board.task(task_id)["status"] == TaskStatus.SUBMITTED


def test_rejected_work_can_expire(board, ws, submitted, alice, rando):
    task_id = submitted(ws)
    board.reject(task_id, REASON, {"from": alice})
    chain.sleep(7 * DAY + 1)

    board.reopenExpired(task_id, {"from": rando})

    assert board.task(task_id)["status"] == TaskStatus.OPEN


def test_lowered_threshold_applies_to_the_next_approval(board, workstreams, dao, make_workstream, submitted, alice):
    three = make_workstream(rails=guardrails(approvals=3))
    task_id = submitted(three)
    workstreams.setGuardrails(three, guardrails(approvals=1), {"from": dao})

    tx = board.approve(task_id, REASON, [], [], {"from": alice})

    assert "TaskPaid" in tx.events
