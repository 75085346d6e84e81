"""Opening an epoch: the team's threshold moves the pot from the budget to the distributor."""

import brownie
from brownie import chain
from helpers import error
from rewards_fixtures import DAY, EPOCH_CID, POT, identity_holds
from work_fixtures import FUNDING, budget_of


def schedule(length=7 * DAY, window=30 * DAY):
    start = chain.time()
    return start, start + length, start + length + window


def test_first_approval_opens_nothing(distributor, ws, alice):
    start, end, deadline = schedule()

    tx = distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": alice})

    assert "EpochOpened" not in tx.events
    assert tx.events["TeamActionApproved"]["approvals"] == 1 and tx.events["TeamActionApproved"]["required"] == 2
    assert distributor.epochCount() == 0


def test_threshold_opens_the_epoch_and_moves_the_pot(distributor, workstreams, budget_token, ws, alice, bob):
    start, end, deadline = schedule()

    distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": alice})
    tx = distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": bob})

    event = tx.events["EpochOpened"]
    assert (event["epochId"], event["workstreamId"], event["token"], event["pot"]) == (1, ws, budget_token, POT)
    assert (event["start"], event["end"], event["claimDeadline"], event["cid"]) == (start, end, deadline, EPOCH_CID)
    assert tx.events["RewardReserved"]["amount"] == POT and tx.events["RewardReserved"]["module"] == distributor
    assert budget_token.balanceOf(distributor) == POT
    budget = budget_of(workstreams, ws)
    assert budget["available"] == FUNDING - POT and budget["reserved"] == POT
    assert workstreams.rewardHeldOutside(ws) == POT and identity_holds(workstreams, ws)
    info = distributor.epoch(1)
    assert (info["held"], info["pot"], info["total"], info["root"]) == (POT, POT, 0, "0x" + "00" * 32)
    assert distributor.epochsOpened(ws) == 1


def test_approvals_of_different_terms_do_not_add_up(distributor, ws, alice, bob):
    start, end, deadline = schedule()

    distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": alice})
    tx = distributor.openEpoch(ws, POT + 1, start, end, deadline, EPOCH_CID, {"from": bob})

    assert "EpochOpened" not in tx.events


def test_opening_an_epoch_voids_approvals_pending_for_the_previous_one(distributor, ws, alice, bob, carol):
    start, end, deadline = schedule()
    distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": carol})
    distributor.openEpoch(ws, POT, start, end, deadline, "other", {"from": alice})
    distributor.openEpoch(ws, POT, start, end, deadline, "other", {"from": bob})

    tx = distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": alice})

    assert "EpochOpened" not in tx.events


def test_approval_of_a_removed_member_no_longer_counts(distributor, workstreams, dao, ws, alice, bob, carol):
    start, end, deadline = schedule()
    distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": alice})
    workstreams.addMemberByGovernance(ws, dao, {"from": dao})
    workstreams.removeMemberByGovernance(ws, alice, {"from": dao})

    tx = distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": bob})

    assert "EpochOpened" not in tx.events and tx.events["TeamActionApproved"]["approvals"] == 1
    assert "EpochOpened" in distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": carol}).events


def test_a_member_cannot_approve_twice(distributor, ws, alice):
    start, end, deadline = schedule()
    distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": alice})
    action = distributor.openEpochActionId(ws, POT, start, end, deadline, EPOCH_CID)

    with brownie.reverts(revert_pattern=error("TeamActionAlreadyApproved", bytes.fromhex(str(action)[2:]), alice)):
        distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": alice})


def test_non_member_is_refused(distributor, ws, rando):
    start, end, deadline = schedule()

    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, rando)):
        distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": rando})


def test_paused_team_is_refused(distributor, workstreams, dao, ws, alice):
    workstreams.pause(ws, {"from": dao})
    start, end, deadline = schedule()

    with brownie.reverts(revert_pattern=error("WorkstreamIsPaused", ws)):
        distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": alice})


def test_pot_above_available_budget_is_refused_at_the_threshold(distributor, ws, alice, bob):
    start, end, deadline = schedule()
    distributor.openEpoch(ws, FUNDING + 1, start, end, deadline, EPOCH_CID, {"from": alice})

    with brownie.reverts(revert_pattern=error("WorkstreamInsufficientBudget", ws, FUNDING + 1, FUNDING)):
        distributor.openEpoch(ws, FUNDING + 1, start, end, deadline, EPOCH_CID, {"from": bob})


def test_after_the_term_no_epoch_opens(distributor, workstreams, make_workstream, alice, bob):
    short = make_workstream(term=10 * DAY)
    start, end, deadline = schedule(length=20 * DAY)
    distributor.openEpoch(short, POT, start, end, deadline, EPOCH_CID, {"from": alice})
    chain.sleep(11 * DAY)
    chain.mine()
    term_end = workstreams.workstream(short)["termEnd"]

    with brownie.reverts(revert_pattern=error("WorkstreamTermEnded", short, term_end)):
        distributor.openEpoch(short, POT, start, end, deadline, EPOCH_CID, {"from": bob})


def test_zero_pot_is_refused(distributor, ws, alice):
    start, end, deadline = schedule()

    with brownie.reverts(revert_pattern=error("DistributorInvalidPot", 0)):
        distributor.openEpoch(ws, 0, start, end, deadline, EPOCH_CID, {"from": alice})


def test_pot_above_96_bits_is_refused(distributor, ws, alice):
    start, end, deadline = schedule()

    with brownie.reverts(revert_pattern=error("DistributorInvalidPot", 2**96)):
        distributor.openEpoch(ws, 2**96, start, end, deadline, EPOCH_CID, {"from": alice})


def test_end_before_start_is_refused(distributor, ws, alice):
    start, end, deadline = schedule()

    with brownie.reverts(revert_pattern=error("DistributorInvalidSchedule", end, start, deadline)):
        distributor.openEpoch(ws, POT, end, start, deadline, EPOCH_CID, {"from": alice})


def test_deadline_not_after_end_is_refused(distributor, ws, alice):
    start, end, _ = schedule()

    with brownie.reverts(revert_pattern=error("DistributorInvalidSchedule", start, end, end)):
        distributor.openEpoch(ws, POT, start, end, end, EPOCH_CID, {"from": alice})


def test_epoch_ending_in_the_past_is_refused(distributor, ws, alice):
    now = chain.time()

    with brownie.reverts(revert_pattern=error("DistributorInvalidSchedule")):
        distributor.openEpoch(ws, POT, now - 100, now - 10, now + DAY, EPOCH_CID, {"from": alice})


def test_unknown_epoch_is_refused(distributor):
    with brownie.reverts(revert_pattern=error("DistributorUnknownEpoch", 7)):
        distributor.epoch(7)
