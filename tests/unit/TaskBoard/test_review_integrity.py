"""Review that cannot be gamed: removed members' approvals stop counting, members added after a
submission cannot review it, rejections need a reason, a review window gives lazy consensus,
and a claimant rejected again and again by one member can escalate to governance."""

import brownie
from brownie import ZERO_ADDRESS
from helpers import error
from work_fixtures import DAY, REASON, advance_past, guardrails

from api.chain.types import TaskStatus

WINDOW = 5 * DAY


def rules(workstreams, dao, ws_id, *, cooldown=0, window=0, escalate_after=0):
    workstreams.setTeamRules(ws_id, (cooldown, window, escalate_after), {"from": dao})


def test_approval_of_a_removed_member_no_longer_counts(board, workstreams, ws, submitted, alice, bob, carol):
    """Attack: a member approves, is removed, and its approval still completes the threshold."""
    task_id = submitted(ws)
    board.approve(task_id, REASON, [], [], {"from": alice})
    workstreams.proposeMemberChange(ws, alice, False, {"from": bob})
    workstreams.approveMemberChange(workstreams.memberChangeCount(), {"from": carol})
    assert not workstreams.isMember(ws, alice)

    tx = board.approve(task_id, REASON, [], [], {"from": bob})

    assert tx.events["TaskApproved"]["approvals"] == 1  # recounted: alice's no longer counts
    assert board.task(task_id)["status"] == TaskStatus.SUBMITTED
    board.approve(task_id, REASON, [], [], {"from": carol})
    assert board.task(task_id)["status"] == TaskStatus.PAID


def test_sybil_member_added_after_the_submission_cannot_approve(
    board, workstreams, make_workstream, submitted, alice, bob, carol, dave
):
    """Attack: the claimant (a member) and one ally add a sybil and approve with it, skipping
    the k independent approvals."""
    team = make_workstream(rails=guardrails(approvals=2))
    task_id = submitted(team, claimant=alice)
    board.approve(task_id, REASON, [], [], {"from": bob})
    advance_past(board.task(task_id)["submittedAt"])  # the sybil joins after the submission
    workstreams.proposeMemberChange(team, dave, True, {"from": alice})
    workstreams.approveMemberChange(workstreams.memberChangeCount(), {"from": bob})
    joined = workstreams.joinedAt(team, dave)
    submitted_at = board.task(task_id)["submittedAt"]

    with brownie.reverts(revert_pattern=error("TaskReviewerTooNew", task_id, dave, joined, submitted_at)):
        board.approve(task_id, REASON, [], [], {"from": dave})
    board.approve(task_id, REASON, [], [], {"from": carol})  # an independent member decides
    assert board.task(task_id)["status"] == TaskStatus.PAID


def test_rejection_without_a_reason_reverts(board, ws, submitted, alice):
    task_id = submitted(ws)

    with brownie.reverts(revert_pattern=error("TaskRejectionReasonMissing", task_id)):
        board.reject(task_id, "", {"from": alice})


def test_silent_review_is_finalised_by_anyone_after_the_window(board, workstreams, dao, ws, submitted, worker, rando):
    """Attack/finding: reviewers who never answer hold the reward (and bond) forever."""
    rules(workstreams, dao, ws, window=WINDOW)
    task_id = submitted(ws)
    until = board.task(task_id)["submittedAt"] + WINDOW

    with brownie.reverts(revert_pattern=error("TaskReviewWindowOpen", task_id, until)):
        board.finalize(task_id, [], [], {"from": rando})
    advance_past(until)
    tx = board.finalize(task_id, [], [], {"from": rando})

    assert tx.events["TaskFinalized"]["by"] == rando
    assert tx.events["TaskPaid"]["claimant"] == worker
    assert board.task(task_id)["status"] == TaskStatus.PAID


def test_the_claimant_and_a_co_contributor_may_finalize_their_own_silent_review(
    board, workstreams, dao, ws, submitted, worker, dave
):
    """Lazy consensus is for the people waiting on the money: a contributor named in the
    split may call finalize (reviewers may not approve their own share; nobody reviewed here)."""
    rules(workstreams, dao, ws, window=WINDOW)
    split = ([worker, dave], [5_000, 5_000])
    task_id = submitted(ws, split=split)
    advance_past(board.task(task_id)["submittedAt"] + WINDOW)

    tx = board.finalize(task_id, *split, {"from": dave})

    assert tx.events["TaskFinalized"]["by"] == dave
    assert {event["to"] for event in tx.events["RewardPaid"]} == {worker, dave}
    assert board.task(task_id)["status"] == TaskStatus.PAID


def test_no_lazy_consensus_without_a_review_window(board, ws, submitted, rando):
    task_id = submitted(ws)
    advance_past(board.task(task_id)["submittedAt"] + WINDOW)

    with brownie.reverts(revert_pattern=error("TaskReviewWindowOpen", task_id, 0)):
        board.finalize(task_id, [], [], {"from": rando})


def test_a_rejection_restarts_the_window(board, workstreams, dao, ws, submitted, worker, alice, rando):
    rules(workstreams, dao, ws, window=WINDOW)
    task_id = submitted(ws)
    board.reject(task_id, REASON, {"from": alice})
    advance_past(board.task(task_id)["claimExpiry"] - 1)

    with brownie.reverts(revert_pattern=error("TaskNotSubmitted", task_id, TaskStatus.CLAIMED)):
        board.finalize(task_id, [], [], {"from": rando})


def test_one_member_rejecting_forever_can_be_escalated(board, workstreams, dao, ws, submitted, worker, alice, rando):
    """Attack: one member rejects every submission, holding the work (and bond) hostage."""
    rules(workstreams, dao, ws, escalate_after=2)
    task_id = submitted(ws)
    for _ in range(2):
        board.reject(task_id, REASON, {"from": alice})
        board.submit(task_id, "bafkreiagain", [], [], {"from": worker})
    assert board.rejections(task_id, worker, alice) == 2

    with brownie.reverts(revert_pattern=error("TaskNotClaimant", task_id, rando, worker)):
        board.escalate(task_id, alice, {"from": rando})
    tx = board.escalate(task_id, alice, {"from": worker})

    event = tx.events["TaskEscalated"]
    assert (event["claimant"], event["reviewer"], event["rejections"]) == (worker, alice, 2)
    assert board.task(task_id)["escalated"]
    with brownie.reverts(revert_pattern=error("TaskIsEscalated", task_id)):
        board.reject(task_id, REASON, {"from": alice})
    resolved = board.resolveEscalation(task_id, True, [], [], {"from": dao})
    assert resolved.events["TaskEscalationResolved"]["paid"]
    assert board.task(task_id)["status"] == TaskStatus.PAID


def test_escalation_needs_enough_rejections_by_that_member(board, workstreams, dao, ws, submitted, worker, alice, bob):
    rules(workstreams, dao, ws, escalate_after=2)
    task_id = submitted(ws)
    board.reject(task_id, REASON, {"from": alice})
    board.submit(task_id, "bafkreiagain", [], [], {"from": worker})
    board.reject(task_id, REASON, {"from": bob})
    board.submit(task_id, "bafkreiagain", [], [], {"from": worker})

    with brownie.reverts(revert_pattern=error("TaskEscalationNotAllowed", task_id, alice, 1, 2)):
        board.escalate(task_id, alice, {"from": worker})


def test_governance_can_resolve_an_escalation_by_releasing(board, workstreams, dao, ws, submitted, worker, alice):
    rules(workstreams, dao, ws, escalate_after=1)
    task_id = submitted(ws)
    board.reject(task_id, REASON, {"from": alice})
    board.submit(task_id, "bafkreiagain", [], [], {"from": worker})
    board.escalate(task_id, alice, {"from": worker})

    tx = board.resolveEscalation(task_id, False, [], [], {"from": dao})

    assert tx.events["TaskReleased"]["byGovernance"]
    task = board.task(task_id)
    assert (task["status"], task["claimant"], task["escalated"]) == (TaskStatus.OPEN, ZERO_ADDRESS, False)


def test_resolving_a_task_that_is_not_escalated_reverts(board, dao, ws, submitted):
    task_id = submitted(ws)

    with brownie.reverts(revert_pattern=error("TaskNotEscalated", task_id)):
        board.resolveEscalation(task_id, True, [], [], {"from": dao})
