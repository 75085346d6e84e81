"""TaskBoard.createTask: members create tasks and subtasks, reserving budget."""

import brownie
from helpers import error
from work_fixtures import DAY, FUNDING, MAX_REWARD, REWARD, SPEC, advance_past, budget_of

from api.chain.types import TaskStatus


def test_create_reserves_reward_from_available(board, workstreams, ws, alice):
    tx = board.createTask(ws, 0, REWARD, 0, SPEC, {"from": alice})

    task_id = tx.events["TaskCreated"]["taskId"]
    budget = budget_of(workstreams, ws)
    assert budget["reserved"] == REWARD
    assert budget["available"] == FUNDING - REWARD
    reserved = tx.events["BudgetReserved"]
    assert (reserved["workstreamId"], reserved["taskId"], reserved["amount"]) == (ws, task_id, REWARD)


def test_create_emits_spec_and_stores_task(board, ws, alice):
    tx = board.createTask(ws, 0, REWARD, 0, SPEC, {"from": alice})

    event = tx.events["TaskCreated"]
    assert event["workstreamId"] == ws
    assert event["parentId"] == 0
    assert event["creator"] == alice
    assert event["reward"] == REWARD
    assert event["claimDuration"] == 7 * DAY
    assert event["specCid"] == SPEC
    task = board.task(event["taskId"])
    assert task["status"] == TaskStatus.OPEN
    assert task["reward"] == REWARD
    assert task["workstreamId"] == ws
    assert task["claimant"] == brownie.ZERO_ADDRESS
    assert board.taskCount() == event["taskId"]


def test_custom_claim_duration(board, ws, alice):
    tx = board.createTask(ws, 0, REWARD, DAY, SPEC, {"from": alice})

    assert board.task(tx.events["TaskCreated"]["taskId"])["claimDuration"] == DAY


def test_claim_duration_above_workstream_max_reverts(board, ws, alice):
    with brownie.reverts(revert_pattern=error("WorkstreamClaimDurationAboveMax", ws, 7 * DAY + 1, 7 * DAY)):
        board.createTask(ws, 0, REWARD, 7 * DAY + 1, SPEC, {"from": alice})


def test_reward_equal_to_max_is_allowed(board, ws, alice):
    tx = board.createTask(ws, 0, MAX_REWARD, 0, SPEC, {"from": alice})

    assert tx.events["TaskCreated"]["reward"] == MAX_REWARD


def test_reward_above_max_reverts(board, ws, alice):
    with brownie.reverts(revert_pattern=error("WorkstreamRewardAboveMax", ws, MAX_REWARD + 1, MAX_REWARD)):
        board.createTask(ws, 0, MAX_REWARD + 1, 0, SPEC, {"from": alice})


def test_zero_reward_reverts(board, ws, alice):
    with brownie.reverts(revert_pattern=error("TaskZeroReward")):
        board.createTask(ws, 0, 0, 0, SPEC, {"from": alice})


def test_reward_equal_to_available_is_allowed(board, workstreams, make_workstream, alice):
    small = make_workstream(funding=REWARD)

    board.createTask(small, 0, REWARD, 0, SPEC, {"from": alice})

    assert budget_of(workstreams, small)["available"] == 0


def test_reward_above_available_reverts(board, make_workstream, alice):
    small = make_workstream(funding=REWARD - 1)

    with brownie.reverts(revert_pattern=error("WorkstreamInsufficientBudget", small, REWARD, REWARD - 1)):
        board.createTask(small, 0, REWARD, 0, SPEC, {"from": alice})


def test_non_member_cannot_create(board, ws, worker):
    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, worker)):
        board.createTask(ws, 0, REWARD, 0, SPEC, {"from": worker})


def test_unknown_workstream_reverts(board, alice):
    with brownie.reverts(revert_pattern=error("WorkstreamUnknown", 404)):
        board.createTask(404, 0, REWARD, 0, SPEC, {"from": alice})


def test_paused_workstream_reverts(board, workstreams, dao, ws, alice):
    workstreams.pause(ws, {"from": dao})

    with brownie.reverts(revert_pattern=error("WorkstreamIsPaused", ws)):
        board.createTask(ws, 0, REWARD, 0, SPEC, {"from": alice})


def test_term_ended_reverts(board, workstreams, ws, alice):
    term_end = workstreams.workstream(ws)["termEnd"]
    advance_past(term_end)

    with brownie.reverts(revert_pattern=error("WorkstreamTermEnded", ws, term_end)):
        board.createTask(ws, 0, REWARD, 0, SPEC, {"from": alice})


# ---- Subtasks ------------------------------------------------------------------------------


def test_subtask_is_funded_from_the_parents_reservation(board, workstreams, ws, make_task, bob):
    parent = make_task(ws, reward=300)
    before = budget_of(workstreams, ws)

    tx = board.createTask(ws, parent, 100, 0, SPEC, {"from": bob})

    sub = tx.events["TaskCreated"]["taskId"]
    assert tx.events["TaskCreated"]["parentId"] == parent
    assert "BudgetReserved" not in tx.events
    assert board.task(parent)["reward"] == 200
    assert board.task(sub)["reward"] == 100
    assert board.task(sub)["parentId"] == parent
    assert budget_of(workstreams, ws) == before


def test_subtask_may_take_the_whole_parent_reward(board, ws, make_task, alice):
    parent = make_task(ws, reward=300)

    board.createTask(ws, parent, 300, 0, SPEC, {"from": alice})

    assert board.task(parent)["reward"] == 0


def test_subtask_above_parent_reward_reverts(board, ws, make_task, alice):
    parent = make_task(ws, reward=300)

    with brownie.reverts(revert_pattern=error("TaskRewardAboveParent", parent, 301, 300)):
        board.createTask(ws, parent, 301, 0, SPEC, {"from": alice})


def test_subtask_of_unknown_parent_reverts(board, ws, alice):
    with brownie.reverts(revert_pattern=error("TaskUnknown", 999)):
        board.createTask(ws, 999, 1, 0, SPEC, {"from": alice})


def test_subtask_of_claimed_parent_reverts(board, ws, claimed, alice):
    parent = claimed(ws)

    with brownie.reverts(revert_pattern=error("TaskNotOpen", parent, 2)):
        board.createTask(ws, parent, 1, 0, SPEC, {"from": alice})


def test_subtask_in_another_workstream_reverts(board, ws, make_workstream, make_task, alice):
    other = make_workstream()
    parent = make_task(ws)

    with brownie.reverts(revert_pattern=error("TaskParentMismatch", parent, ws, other)):
        board.createTask(other, parent, 1, 0, SPEC, {"from": alice})


def test_subtask_needs_a_member(board, ws, make_task, worker):
    parent = make_task(ws)

    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, worker)):
        board.createTask(ws, parent, 1, 0, SPEC, {"from": worker})
