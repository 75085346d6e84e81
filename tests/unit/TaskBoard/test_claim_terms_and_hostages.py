"""Claims bind their terms, and a claimant cannot hold a task hostage for free: the attacks of
issue 15 (front-run carve-outs, raised bonds, abandon/claim loops, stalled claims) fail safely."""

import brownie
from helpers import error
from work_fixtures import BOND, DAY, REWARD, advance_past, budget_of, guardrails, terms

from api.chain.types import TaskStatus

COOLDOWN = 3 * DAY


def rules(workstreams, dao, ws_id, *, cooldown=COOLDOWN, window=0, escalate_after=0):
    workstreams.setTeamRules(ws_id, (cooldown, window, escalate_after), {"from": dao})


def test_front_run_carve_out_of_the_claimed_reward_fails(board, ws, make_task, worker, alice):
    """Attack: a member sees claim(P) in the mempool and front-runs it with
    createTask(parent=P, reward=P.reward), leaving the claimant a zero-reward task."""
    parent = make_task(ws)
    board.createTask(ws, parent, REWARD, 0, "bafkreicarve", {"from": alice})

    with brownie.reverts(revert_pattern=error("TaskRewardChanged", parent, REWARD, 0)):
        board.claim(parent, REWARD, 0, {"from": worker})
    assert board.task(parent)["status"] == TaskStatus.OPEN


def test_bond_raised_before_the_claim_lands_fails(board, workstreams, dao, make_workstream, make_task, worker):
    """Attack: governance raises claimBond between the claimant's look and its claim; the
    escrow would pull the new bond through a standing allowance."""
    ws_id = make_workstream(rails=guardrails(bond=BOND))
    task_id = make_task(ws_id)
    workstreams.setGuardrails(ws_id, guardrails(bond=BOND * 100), {"from": dao})

    with brownie.reverts(revert_pattern=error("TaskBondAboveMax", task_id, BOND * 100, BOND)):
        board.claim(task_id, REWARD, BOND, {"from": worker})


def test_claim_at_the_agreed_terms_goes_through(board, bonded_ws, make_task, worker):
    task_id = make_task(bonded_ws)

    tx = board.claim(task_id, REWARD, BOND * 2, {"from": worker})  # accepting more than asked is fine

    assert tx.events["TaskClaimed"]["bond"] == BOND


def test_abandon_and_reclaim_loop_is_stopped_by_the_cooldown(board, workstreams, dao, ws, claimed, worker, helper):
    """Attack: on a zero-bond task, one account loops abandon/claim to hold it forever."""
    rules(workstreams, dao, ws)
    task_id = claimed(ws)

    tx = board.abandon(task_id, {"from": worker})

    until = tx.timestamp + COOLDOWN
    assert board.claimCooldown(task_id, worker) == until
    with brownie.reverts(revert_pattern=error("TaskClaimCooldown", task_id, worker, until)):
        board.claim(task_id, *terms(board, task_id), {"from": worker})
    board.claim(task_id, *terms(board, task_id), {"from": helper})  # others may claim at once
    assert board.task(task_id)["claimant"] == helper


def test_expire_and_reclaim_loop_is_stopped_by_the_cooldown(board, workstreams, dao, ws, claimed, worker, rando):
    """Attack: reopen-at-expiry then claim again, by the same account."""
    rules(workstreams, dao, ws)
    task_id = claimed(ws)
    advance_past(board.task(task_id)["claimExpiry"])
    tx = board.reopenExpired(task_id, {"from": rando})

    with brownie.reverts(revert_pattern=error("TaskClaimCooldown", task_id, worker, tx.timestamp + COOLDOWN)):
        board.claim(task_id, *terms(board, task_id), {"from": worker})
    advance_past(tx.timestamp + COOLDOWN)
    board.claim(task_id, *terms(board, task_id), {"from": worker})
    assert board.task(task_id)["status"] == TaskStatus.CLAIMED


def test_members_release_a_stalled_claim_at_the_threshold(
    board, workstreams, budget_token, bonded_ws, claimed, worker, alice, bob
):
    """Attack: a claimant sits on a task; members could neither evict it nor cancel the task."""
    task_id = claimed(bonded_ws)
    balance = budget_token.balanceOf(worker)

    first = board.voteRelease(task_id, {"from": alice})
    assert first.events["TaskReleaseVoted"]["votes"] == 1
    assert board.task(task_id)["status"] == TaskStatus.CLAIMED
    with brownie.reverts(revert_pattern=error("TaskAlreadyVotedRelease", task_id, alice)):
        board.voteRelease(task_id, {"from": alice})
    tx = board.voteRelease(task_id, {"from": bob})

    released = tx.events["TaskReleased"]
    assert (released["claimant"], released["byGovernance"], released["bondReturned"]) == (worker, False, BOND)
    assert board.task(task_id)["status"] == TaskStatus.OPEN
    assert budget_token.balanceOf(worker) == balance + BOND  # released, not forfeited
    assert workstreams.bondsHeld(bonded_ws) == 0


def test_a_removed_members_release_vote_no_longer_counts(
    board, workstreams, dao, ws, claimed, worker, alice, bob, carol
):
    """Attack: a member votes to release a claim and is removed (or leaves); its vote must not
    carry the release with one more vote, as approvals of removed members no longer count."""
    task_id = claimed(ws)  # members alice, bob, carol; two needed
    board.voteRelease(task_id, {"from": alice})
    workstreams.removeMemberByGovernance(ws, alice, {"from": dao})

    bobs = board.voteRelease(task_id, {"from": bob})
    still = board.task(task_id)
    carols = board.voteRelease(task_id, {"from": carol})

    assert bobs.events["TaskReleaseVoted"]["votes"] == 1 and "TaskReleased" not in bobs.events
    assert (still["status"], still["claimant"]) == (TaskStatus.CLAIMED, worker)
    assert carols.events["TaskReleaseVoted"]["votes"] == 2 and carols.events["TaskReleased"]["claimant"] == worker
    assert board.task(task_id)["status"] == TaskStatus.OPEN


def test_non_members_and_the_claimant_cannot_vote_a_release(board, ws, claimed, worker, rando, alice):
    task_id = claimed(ws, claimant=alice)

    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, rando)):
        board.voteRelease(task_id, {"from": rando})
    with brownie.reverts(revert_pattern=error("TaskSelfReview", task_id, alice)):
        board.voteRelease(task_id, {"from": alice})


def test_release_votes_do_not_carry_over_to_the_next_claim(board, ws, claimed, worker, helper, alice, bob):
    task_id = claimed(ws)
    board.voteRelease(task_id, {"from": alice})
    board.abandon(task_id, {"from": worker})
    board.claim(task_id, *terms(board, task_id), {"from": helper})

    tx = board.voteRelease(task_id, {"from": bob})

    assert tx.events["TaskReleaseVoted"]["votes"] == 1
    assert board.task(task_id)["claimant"] == helper


def test_reservation_is_exact_after_a_release(board, workstreams, ws, claimed, alice, bob):
    before = budget_of(workstreams, ws)
    task_id = claimed(ws)
    board.voteRelease(task_id, {"from": alice})
    board.voteRelease(task_id, {"from": bob})

    after = budget_of(workstreams, ws)
    assert after["reserved"] == before["reserved"] + REWARD  # still reserved for the reopened task
    board.cancel(task_id, {"from": alice})
    assert budget_of(workstreams, ws) == before
