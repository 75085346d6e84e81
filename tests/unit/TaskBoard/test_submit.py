"""TaskBoard.submit: only the claimant, before expiry, with a valid basis-point split."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, accounts, chain
from helpers import error
from work_fixtures import DELIVERABLE

from api.chain.types import TaskStatus


def test_submit_stores_the_split_digest_and_emits_everything(board, ws, claimed, worker, helper):
    task_id = claimed(ws)

    tx = board.submit(task_id, DELIVERABLE, [worker, helper], [7_000, 3_000], {"from": worker})

    task = board.task(task_id)
    assert task["status"] == TaskStatus.SUBMITTED
    assert task["splitDigest"] == board.splitDigest([worker, helper], [7_000, 3_000])
    event = tx.events["TaskSubmitted"]
    assert (event["taskId"], event["workstreamId"], event["claimant"], event["round"]) == (task_id, ws, worker, 0)
    assert event["deliverableCid"] == DELIVERABLE
    assert list(event["contributors"]) == [worker, helper]
    assert [int(share) for share in event["shares"]] == [7_000, 3_000]


def test_submit_without_split(board, ws, claimed, worker):
    task_id = claimed(ws)

    board.submit(task_id, DELIVERABLE, [], [], {"from": worker})

    assert board.task(task_id)["splitDigest"] == board.splitDigest([], [])


def test_split_of_sixteen_is_allowed(board, ws, claimed, worker):
    task_id = claimed(ws)
    contributors = [f"0x{i:040x}" for i in range(1, 17)]
    shares = [625] * 16

    board.submit(task_id, DELIVERABLE, contributors, shares, {"from": worker})

    assert board.task(task_id)["status"] == TaskStatus.SUBMITTED


def test_split_of_seventeen_reverts(board, ws, claimed, worker):
    task_id = claimed(ws)
    contributors = [f"0x{i:040x}" for i in range(1, 18)]
    shares = [588] * 16 + [592]

    with brownie.reverts(revert_pattern=error("TaskSplitTooLarge", 17, 16)):
        board.submit(task_id, DELIVERABLE, contributors, shares, {"from": worker})


def test_only_the_claimant_submits(board, ws, claimed, worker, helper):
    task_id = claimed(ws)

    with brownie.reverts(revert_pattern=error("TaskNotClaimant", task_id, helper, worker)):
        board.submit(task_id, DELIVERABLE, [], [], {"from": helper})


def test_submit_after_expiry_reverts(board, ws, claimed, worker):
    task_id = claimed(ws)
    expiry = board.task(task_id)["claimExpiry"]
    chain.sleep(expiry - chain.time() + 1)

    with brownie.reverts(revert_pattern=error("TaskClaimExpired", task_id, expiry)):
        board.submit(task_id, DELIVERABLE, [], [], {"from": worker})


def test_submit_open_task_reverts(board, ws, make_task, worker):
    task_id = make_task(ws)

    with brownie.reverts(revert_pattern=error("TaskNotClaimed", task_id, TaskStatus.OPEN)):
        board.submit(task_id, DELIVERABLE, [], [], {"from": worker})


def test_submit_twice_reverts(board, ws, submitted, worker):
    task_id = submitted(ws)

    with brownie.reverts(revert_pattern=error("TaskNotClaimed", task_id, TaskStatus.SUBMITTED)):
        board.submit(task_id, DELIVERABLE, [], [], {"from": worker})


def test_submit_unknown_task_reverts(board, worker):
    with brownie.reverts(revert_pattern=error("TaskUnknown", 77)):
        board.submit(77, DELIVERABLE, [], [], {"from": worker})


@pytest.mark.parametrize(
    ("shares", "expected"),
    [
        ([5_000], ("TaskSplitLengthMismatch", 2, 1)),
        ([5_000, 4_999], ("TaskSplitSharesSum", 9_999)),
        ([5_000, 5_001], ("TaskSplitSharesSum", 10_001)),
    ],
)
def test_invalid_shares_revert(board, ws, claimed, worker, helper, shares, expected):
    task_id = claimed(ws)

    with brownie.reverts(revert_pattern=error(*expected)):
        board.submit(task_id, DELIVERABLE, [worker, helper], shares, {"from": worker})


def test_zero_share_reverts(board, ws, claimed, worker, helper):
    task_id = claimed(ws)

    with brownie.reverts(revert_pattern=error("TaskSplitInvalidEntry", 1, helper)):
        board.submit(task_id, DELIVERABLE, [worker, helper], [10_000, 0], {"from": worker})


def test_zero_address_contributor_reverts(board, ws, claimed, worker):
    task_id = claimed(ws)

    with brownie.reverts(revert_pattern=error("TaskSplitInvalidEntry", 1, ZERO_ADDRESS)):
        board.submit(task_id, DELIVERABLE, [worker, ZERO_ADDRESS], [5_000, 5_000], {"from": worker})


def test_repeated_contributor_reverts(board, ws, claimed, worker, helper):
    task_id = claimed(ws)

    with brownie.reverts(revert_pattern=error("TaskSplitInvalidEntry", 2, helper)):
        board.submit(task_id, DELIVERABLE, [helper, worker, helper], [3_000, 4_000, 3_000], {"from": worker})


def test_claim_status_is_untouched_by_a_failed_submit(board, ws, claimed, worker):
    task_id = claimed(ws)

    with brownie.reverts(revert_pattern=error("TaskSplitSharesSum", 1)):
        board.submit(task_id, DELIVERABLE, [accounts[7]], [1], {"from": worker})

    assert board.task(task_id)["status"] == TaskStatus.CLAIMED
