"""Posting an epoch's root (team threshold) and replacing a disputed one (governance)."""

import brownie
from helpers import error
from rewards_fixtures import POT, RESULT_CID, distribution_of, identity_holds
from work_fixtures import FUNDING, advance_past, budget_of

ROOT = "0x" + "11" * 32
OTHER_ROOT = "0x" + "22" * 32


def test_root_before_the_epoch_ends_is_refused(distributor, open_epoch, ws, alice):
    epoch = open_epoch(ws)

    with brownie.reverts(revert_pattern=error("DistributorEpochNotEnded", epoch.epoch_id, epoch.end)):
        distributor.postRoot(epoch.epoch_id, ROOT, POT, RESULT_CID, {"from": alice})


def test_threshold_posts_the_root_and_returns_the_rest_of_the_pot(
    distributor, workstreams, budget_token, open_epoch, ws, alice, bob
):
    epoch = open_epoch(ws)
    advance_past(epoch.end)
    total = POT - 123

    first = distributor.postRoot(epoch.epoch_id, ROOT, total, RESULT_CID, {"from": alice})
    tx = distributor.postRoot(epoch.epoch_id, ROOT, total, RESULT_CID, {"from": bob})

    assert first.return_value is False and tx.return_value is True
    event = tx.events["RootPosted"]
    assert (event["epochId"], event["root"], event["total"], event["returned"], event["cid"]) == (
        epoch.epoch_id,
        ROOT,
        total,
        123,
        RESULT_CID,
    )
    assert budget_token.balanceOf(distributor) == total
    budget = budget_of(workstreams, ws)
    assert budget["available"] == FUNDING - POT + 123 and budget["reserved"] == total
    assert workstreams.rewardHeldOutside(ws) == total and identity_holds(workstreams, ws)
    assert distributor.epoch(epoch.epoch_id)["held"] == total


def test_second_root_is_refused(distributor, posted_epoch, ws, alice):
    epoch = posted_epoch(ws)

    with brownie.reverts(revert_pattern=error("DistributorRootAlreadyPosted", epoch.epoch_id)):
        distributor.postRoot(epoch.epoch_id, OTHER_ROOT, 1, RESULT_CID, {"from": alice})


def test_root_spending_more_than_the_pot_is_refused(distributor, open_epoch, ws, alice):
    epoch = open_epoch(ws)
    advance_past(epoch.end)

    with brownie.reverts(revert_pattern=error("DistributorRootOverPot", epoch.epoch_id, POT + 1, POT)):
        distributor.postRoot(epoch.epoch_id, ROOT, POT + 1, RESULT_CID, {"from": alice})


def test_zero_root_is_refused(distributor, open_epoch, ws, alice):
    epoch = open_epoch(ws)
    advance_past(epoch.end)

    with brownie.reverts(revert_pattern=error("DistributorZeroRoot")):
        distributor.postRoot(epoch.epoch_id, "0x" + "00" * 32, 1, RESULT_CID, {"from": alice})


def test_root_after_the_claim_deadline_is_refused(distributor, open_epoch, ws, alice):
    epoch = open_epoch(ws)
    advance_past(epoch.deadline)

    with brownie.reverts(revert_pattern=error("DistributorClaimWindowClosed", epoch.epoch_id, epoch.deadline)):
        distributor.postRoot(epoch.epoch_id, ROOT, 1, RESULT_CID, {"from": alice})


def test_root_of_unknown_epoch_is_refused(distributor, alice):
    with brownie.reverts(revert_pattern=error("DistributorUnknownEpoch", 9)):
        distributor.postRoot(9, ROOT, 1, RESULT_CID, {"from": alice})


def test_root_by_non_member_is_refused(distributor, open_epoch, ws, rando):
    epoch = open_epoch(ws)
    advance_past(epoch.end)

    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, rando)):
        distributor.postRoot(epoch.epoch_id, ROOT, 1, RESULT_CID, {"from": rando})


def test_governance_replaces_a_disputed_root_before_any_claim(
    distributor, workstreams, budget_token, posted_epoch, ws, dao, alice, bob, carol
):
    epoch = posted_epoch(ws)
    old_total = epoch.distribution.total
    fixed = distribution_of([(alice, bob, 1), (bob, carol, 1)], POT // 2)
    tree = fixed.tree()
    available = budget_of(workstreams, ws)["available"]

    tx = distributor.replaceRoot(epoch.epoch_id, tree.root, fixed.total, RESULT_CID, {"from": dao})

    event = tx.events["RootReplaced"]
    assert (event["oldRoot"], event["newRoot"], event["total"]) == (
        "0x" + epoch.tree.root.hex(),
        "0x" + tree.root.hex(),
        fixed.total,
    )
    assert event["returned"] == old_total - fixed.total
    assert budget_of(workstreams, ws)["available"] == available + old_total - fixed.total
    assert budget_token.balanceOf(distributor) == fixed.total and identity_holds(workstreams, ws)
    with brownie.reverts(revert_pattern=error("DistributorInvalidProof")):
        distributor.claim(*epoch.claim_args(0), {"from": alice})
    payout = fixed.payouts[0]
    distributor.claim(epoch.epoch_id, payout.index, payout.account, payout.amount, tree.proof(0), {"from": alice})


def test_replacement_by_anyone_but_governance_is_refused(distributor, posted_epoch, ws, alice):
    epoch = posted_epoch(ws)

    with brownie.reverts(revert_pattern=error("DistributorNotGovernance", alice)):
        distributor.replaceRoot(epoch.epoch_id, OTHER_ROOT, 1, RESULT_CID, {"from": alice})


def test_replacement_after_a_claim_is_refused(distributor, posted_epoch, ws, dao, rando):
    epoch = posted_epoch(ws)
    distributor.claim(*epoch.claim_args(0), {"from": rando})

    with brownie.reverts(revert_pattern=error("DistributorClaimsStarted", epoch.epoch_id)):
        distributor.replaceRoot(epoch.epoch_id, OTHER_ROOT, 1, RESULT_CID, {"from": dao})


def test_replacement_without_a_root_is_refused(distributor, open_epoch, ws, dao):
    epoch = open_epoch(ws)

    with brownie.reverts(revert_pattern=error("DistributorNoRoot", epoch.epoch_id)):
        distributor.replaceRoot(epoch.epoch_id, OTHER_ROOT, 1, RESULT_CID, {"from": dao})


def test_replacement_spending_more_than_the_old_total_is_refused(distributor, posted_epoch, ws, dao):
    epoch = posted_epoch(ws)
    total = epoch.distribution.total

    with brownie.reverts(revert_pattern=error("DistributorRootOverPot", epoch.epoch_id, total + 1, total)):
        distributor.replaceRoot(epoch.epoch_id, OTHER_ROOT, total + 1, RESULT_CID, {"from": dao})


def test_zero_replacement_root_is_refused(distributor, posted_epoch, ws, dao):
    epoch = posted_epoch(ws)

    with brownie.reverts(revert_pattern=error("DistributorZeroRoot")):
        distributor.replaceRoot(epoch.epoch_id, "0x" + "00" * 32, 1, RESULT_CID, {"from": dao})


def test_replacement_after_reclaim_is_refused(distributor, posted_epoch, ws, dao, rando):
    epoch = posted_epoch(ws)
    advance_past(epoch.deadline)
    distributor.reclaim(epoch.epoch_id, {"from": rando})

    with brownie.reverts(revert_pattern=error("DistributorEpochClosed", epoch.epoch_id)):
        distributor.replaceRoot(epoch.epoch_id, OTHER_ROOT, 1, RESULT_CID, {"from": dao})
