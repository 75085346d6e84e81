"""TaskBoard.claim / abandon / reopenExpired: allocation with expiry and an optional bond."""

import brownie
from brownie import chain
from helpers import error
from work_fixtures import BOND, DAY, advance_past, budget_of, terms

from api.chain.types import TaskStatus


def test_claim_records_claimant_and_expiry(board, ws, make_task, worker):
    task_id = make_task(ws)

    tx = board.claim(task_id, *terms(board, task_id), {"from": worker})

    expiry = tx.timestamp + 7 * DAY
    task = board.task(task_id)
    assert (task["status"], task["claimant"], task["claimExpiry"]) == (TaskStatus.CLAIMED, worker, expiry)
    event = tx.events["TaskClaimed"]
    assert (event["taskId"], event["workstreamId"], event["claimant"]) == (task_id, ws, worker)
    assert (event["expiry"], event["bond"], event["relayer"]) == (expiry, 0, worker)


def test_claim_uses_the_tasks_own_duration(board, ws, make_task, worker):
    task_id = make_task(ws, duration=DAY)

    tx = board.claim(task_id, *terms(board, task_id), {"from": worker})

    assert board.task(task_id)["claimExpiry"] == tx.timestamp + DAY


def test_claim_posts_the_bond(board, workstreams, budget_token, bonded_ws, make_task, worker):
    task_id = make_task(bonded_ws)
    balance = budget_token.balanceOf(worker)

    tx = board.claim(task_id, *terms(board, task_id), {"from": worker})

    assert budget_token.balanceOf(worker) == balance - BOND
    assert workstreams.bondsHeld(bonded_ws) == BOND
    assert board.task(task_id)["bond"] == BOND
    assert tx.events["TaskClaimed"]["bond"] == BOND
    posted = tx.events["BondPosted"]
    assert (posted["taskId"], posted["claimant"], posted["amount"]) == (task_id, worker, BOND)


def test_claim_without_bond_allowance_reverts(board, budget_token, workstreams, bonded_ws, make_task, worker):
    task_id = make_task(bonded_ws)
    budget_token.approve(workstreams, 0, {"from": worker})

    with brownie.reverts(revert_pattern=error("ERC20InsufficientAllowance", workstreams, 0, BOND)):
        board.claim(task_id, *terms(board, task_id), {"from": worker})


def test_claim_a_claimed_task_reverts(board, ws, claimed, helper):
    task_id = claimed(ws)

    with brownie.reverts(revert_pattern=error("TaskNotOpen", task_id, TaskStatus.CLAIMED)):
        board.claim(task_id, *terms(board, task_id), {"from": helper})


def test_claim_unknown_task_reverts(board, worker):
    with brownie.reverts(revert_pattern=error("TaskUnknown", 12)):
        board.claim(12, *terms(board, 12), {"from": worker})


def test_claim_in_paused_workstream_reverts(board, workstreams, dao, ws, make_task, worker):
    task_id = make_task(ws)
    workstreams.pause(ws, {"from": dao})

    with brownie.reverts(revert_pattern=error("WorkstreamIsPaused", ws)):
        board.claim(task_id, *terms(board, task_id), {"from": worker})


def test_claim_after_term_end_reverts(board, workstreams, ws, make_task, worker):
    task_id = make_task(ws)
    term_end = workstreams.workstream(ws)["termEnd"]
    advance_past(term_end)

    with brownie.reverts(revert_pattern=error("WorkstreamTermEnded", ws, term_end)):
        board.claim(task_id, *terms(board, task_id), {"from": worker})


def test_claimed_work_can_finish_after_term_end(board, workstreams, make_workstream, claimed, worker, alice, bob):
    short = make_workstream(term=DAY)
    task_id = claimed(short)  # the claim (7 days) outlives the term (1 day)
    chain.sleep(workstreams.workstream(short)["termEnd"] - chain.time() + 1)
    chain.mine()

    board.submit(task_id, "cid", [], [], {"from": worker})
    board.approve(task_id, "ok", [], [], {"from": alice})
    tx = board.approve(task_id, "ok", [], [], {"from": bob})

    assert "TaskPaid" in tx.events


# ---- Abandon -------------------------------------------------------------------------------


def test_abandon_reopens_the_task(board, ws, claimed, worker):
    task_id = claimed(ws)

    tx = board.abandon(task_id, {"from": worker})

    task = board.task(task_id)
    assert (task["status"], task["claimant"], task["claimExpiry"]) == (TaskStatus.OPEN, brownie.ZERO_ADDRESS, 0)
    event = tx.events["TaskAbandoned"]
    assert (event["taskId"], event["claimant"], event["bondForfeited"]) == (task_id, worker, 0)
    assert "BondForfeited" not in tx.events


def test_abandon_forfeits_the_bond_to_the_budget(board, workstreams, bonded_ws, claimed, worker):
    task_id = claimed(bonded_ws)
    before = budget_of(workstreams, bonded_ws)

    tx = board.abandon(task_id, {"from": worker})

    after = budget_of(workstreams, bonded_ws)
    assert after["available"] == before["available"] + BOND
    assert after["funded"] == before["funded"] + BOND
    assert workstreams.bondsHeld(bonded_ws) == 0
    assert board.task(task_id)["bond"] == 0
    assert tx.events["TaskAbandoned"]["bondForfeited"] == BOND
    forfeited = tx.events["BondForfeited"]
    assert (forfeited["taskId"], forfeited["claimant"], forfeited["amount"]) == (task_id, worker, BOND)


def test_only_the_claimant_abandons(board, ws, claimed, worker, helper):
    task_id = claimed(ws)

    with brownie.reverts(revert_pattern=error("TaskNotClaimant", task_id, helper, worker)):
        board.abandon(task_id, {"from": helper})


def test_abandon_open_task_reverts(board, ws, make_task, worker):
    task_id = make_task(ws)

    with brownie.reverts(revert_pattern=error("TaskNotClaimed", task_id, TaskStatus.OPEN)):
        board.abandon(task_id, {"from": worker})


def test_abandon_unknown_task_reverts(board, worker):
    with brownie.reverts(revert_pattern=error("TaskUnknown", 5)):
        board.abandon(5, {"from": worker})


# ---- Expiry --------------------------------------------------------------------------------


def test_reopen_before_expiry_reverts(board, ws, claimed, rando):
    task_id = claimed(ws)
    expiry = board.task(task_id)["claimExpiry"]

    with brownie.reverts(revert_pattern=error("TaskClaimNotExpired", task_id, expiry)):
        board.reopenExpired(task_id, {"from": rando})


def test_claim_is_still_live_just_before_expiry(board, ws, claimed, rando):
    task_id = claimed(ws)
    expiry = board.task(task_id)["claimExpiry"]
    chain.sleep(expiry - chain.time() - 60)

    with brownie.reverts(revert_pattern=error("TaskClaimNotExpired", task_id, expiry)):
        board.reopenExpired(task_id, {"from": rando})


def test_anyone_reopens_an_expired_claim_and_the_bond_goes_to_the_budget(
    board, workstreams, bonded_ws, claimed, worker, rando
):
    task_id = claimed(bonded_ws)
    chain.sleep(7 * DAY + 1)
    before = budget_of(workstreams, bonded_ws)

    tx = board.reopenExpired(task_id, {"from": rando})

    assert board.task(task_id)["status"] == TaskStatus.OPEN
    event = tx.events["TaskReopened"]
    assert (event["taskId"], event["claimant"], event["reopenedBy"], event["bondForfeited"]) == (
        task_id,
        worker,
        rando,
        BOND,
    )
    assert budget_of(workstreams, bonded_ws)["available"] == before["available"] + BOND


def test_reopened_task_can_be_claimed_again(board, ws, claimed, helper, rando):
    task_id = claimed(ws)
    chain.sleep(7 * DAY + 1)
    board.reopenExpired(task_id, {"from": rando})

    board.claim(task_id, *terms(board, task_id), {"from": helper})

    assert board.task(task_id)["claimant"] == helper


def test_reopen_open_task_reverts(board, ws, make_task, rando):
    task_id = make_task(ws)

    with brownie.reverts(revert_pattern=error("TaskNotClaimed", task_id, TaskStatus.OPEN)):
        board.reopenExpired(task_id, {"from": rando})


def test_submitted_task_does_not_expire(board, ws, submitted, rando):
    task_id = submitted(ws)
    chain.sleep(30 * DAY)

    with brownie.reverts(revert_pattern=error("TaskNotClaimed", task_id, 3)):
        board.reopenExpired(task_id, {"from": rando})
