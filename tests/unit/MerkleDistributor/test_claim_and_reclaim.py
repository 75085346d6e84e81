"""Claims (once per leaf, by anyone for the account) and reclaiming what is left after the deadline."""

import brownie
from helpers import error
from rewards_fixtures import POT, identity_holds
from work_fixtures import FUNDING, advance_past, budget_of


def test_claim_pays_the_account_whoever_submits_it(distributor, budget_token, posted_epoch, ws, relayer):
    epoch = posted_epoch(ws)
    epoch_id, index, account, amount, proof = epoch.claim_args(1)
    before = budget_token.balanceOf(account)

    tx = distributor.claim(epoch_id, index, account, amount, proof, {"from": relayer})

    assert budget_token.balanceOf(account) == before + amount
    event = tx.events["Claimed"]
    assert (event["epochId"], event["index"], event["account"], event["amount"], event["sender"]) == (
        epoch_id,
        index,
        account,
        amount,
        relayer,
    )
    assert distributor.isClaimed(epoch_id, index) and not distributor.isClaimed(epoch_id, index + 1)
    assert distributor.epoch(epoch_id)["held"] == epoch.distribution.total - amount


def test_every_leaf_claims_and_the_distributor_ends_empty(distributor, budget_token, posted_epoch, ws, rando):
    epoch = posted_epoch(ws)

    for position in range(len(epoch.distribution.payouts)):
        distributor.claim(*epoch.claim_args(position), {"from": rando})

    assert budget_token.balanceOf(distributor) == 0 and distributor.epoch(epoch.epoch_id)["held"] == 0


def test_second_claim_is_refused(distributor, posted_epoch, ws, rando):
    epoch = posted_epoch(ws)
    distributor.claim(*epoch.claim_args(0), {"from": rando})

    with brownie.reverts(revert_pattern=error("DistributorAlreadyClaimed", epoch.epoch_id, 0)):
        distributor.claim(*epoch.claim_args(0), {"from": rando})


def test_proof_for_another_account_is_refused(distributor, posted_epoch, ws, rando):
    epoch = posted_epoch(ws)
    epoch_id, index, _, amount, proof = epoch.claim_args(0)

    with brownie.reverts(revert_pattern=error("DistributorInvalidProof", epoch_id, index, rando, amount)):
        distributor.claim(epoch_id, index, rando, amount, proof, {"from": rando})


def test_proof_for_another_amount_is_refused(distributor, posted_epoch, ws, rando):
    epoch = posted_epoch(ws)
    epoch_id, index, account, amount, proof = epoch.claim_args(0)

    with brownie.reverts(revert_pattern=error("DistributorInvalidProof", epoch_id, index, account, amount + 1)):
        distributor.claim(epoch_id, index, account, amount + 1, proof, {"from": rando})


def test_proof_of_another_epoch_is_refused(distributor, posted_epoch, ws, rando):
    first = posted_epoch(ws)
    second = posted_epoch(ws, pot=POT // 2)
    _, index, account, amount, proof = first.claim_args(0)

    with brownie.reverts(revert_pattern=error("DistributorInvalidProof", second.epoch_id, index, account, amount)):
        distributor.claim(second.epoch_id, index, account, amount, proof, {"from": rando})


def test_zero_amount_claim_is_refused(distributor, posted_epoch, ws, rando):
    epoch = posted_epoch(ws)
    epoch_id, index, account, _, proof = epoch.claim_args(0)

    with brownie.reverts(revert_pattern=error("DistributorZeroAmount")):
        distributor.claim(epoch_id, index, account, 0, proof, {"from": rando})


def test_claim_before_the_root_is_refused(distributor, open_epoch, ws, alice):
    epoch = open_epoch(ws)

    with brownie.reverts(revert_pattern=error("DistributorNoRoot", epoch.epoch_id)):
        distributor.claim(epoch.epoch_id, 0, alice, 1, [], {"from": alice})


def test_claim_after_the_deadline_is_still_paid_until_reclaimed(distributor, posted_epoch, ws, rando):
    epoch = posted_epoch(ws)
    advance_past(epoch.deadline)

    tx = distributor.claim(*epoch.claim_args(0), {"from": rando})

    assert "Claimed" in tx.events


def test_claim_after_reclaim_is_refused(distributor, posted_epoch, ws, rando):
    epoch = posted_epoch(ws)
    advance_past(epoch.deadline)
    distributor.reclaim(epoch.epoch_id, {"from": rando})

    with brownie.reverts(revert_pattern=error("DistributorEpochClosed", epoch.epoch_id)):
        distributor.claim(*epoch.claim_args(0), {"from": rando})


def test_reclaim_before_the_deadline_is_refused(distributor, posted_epoch, ws, rando):
    epoch = posted_epoch(ws)

    with brownie.reverts(revert_pattern=error("DistributorClaimWindowOpen", epoch.epoch_id, epoch.deadline)):
        distributor.reclaim(epoch.epoch_id, {"from": rando})


def test_reclaim_returns_the_unclaimed_and_books_the_claims_as_paid(
    distributor, workstreams, budget_token, posted_epoch, ws, rando
):
    epoch = posted_epoch(ws)
    claimed = epoch.distribution.payouts[0].amount
    distributor.claim(*epoch.claim_args(0), {"from": rando})
    advance_past(epoch.deadline)

    tx = distributor.reclaim(epoch.epoch_id, {"from": rando})

    unclaimed = epoch.distribution.total - claimed
    event = tx.events["Reclaimed"]
    assert (event["epochId"], event["workstreamId"], event["returned"], event["paid"]) == (
        epoch.epoch_id,
        ws,
        unclaimed,
        claimed,
    )
    assert tx.events["RewardSettled"]["paid"] == claimed and tx.events["RewardSettled"]["released"] == unclaimed
    budget = budget_of(workstreams, ws)
    assert budget["paid"] == claimed and budget["reserved"] == 0 and budget["available"] == FUNDING - claimed
    assert budget_token.balanceOf(distributor) == 0 and workstreams.rewardHeldOutside(ws) == 0
    assert identity_holds(workstreams, ws) and distributor.epoch(epoch.epoch_id)["reclaimed"]


def test_reclaim_of_an_epoch_without_root_returns_the_whole_pot(distributor, workstreams, open_epoch, ws, rando):
    epoch = open_epoch(ws)
    advance_past(epoch.deadline)

    tx = distributor.reclaim(epoch.epoch_id, {"from": rando})

    assert tx.events["Reclaimed"]["returned"] == POT and tx.events["Reclaimed"]["paid"] == 0
    assert budget_of(workstreams, ws)["available"] == FUNDING and identity_holds(workstreams, ws)


def test_second_reclaim_is_refused(distributor, open_epoch, ws, rando):
    epoch = open_epoch(ws)
    advance_past(epoch.deadline)
    distributor.reclaim(epoch.epoch_id, {"from": rando})

    with brownie.reverts(revert_pattern=error("DistributorEpochClosed", epoch.epoch_id)):
        distributor.reclaim(epoch.epoch_id, {"from": rando})


def test_reclaim_of_unknown_epoch_is_refused(distributor, rando):
    with brownie.reverts(revert_pattern=error("DistributorUnknownEpoch", 3)):
        distributor.reclaim(3, {"from": rando})


def test_reclaim_works_while_the_team_is_paused(distributor, workstreams, open_epoch, dao, ws, rando):
    epoch = open_epoch(ws)
    workstreams.pause(ws, {"from": dao})
    advance_past(epoch.deadline)

    tx = distributor.reclaim(epoch.epoch_id, {"from": rando})

    assert tx.events["Reclaimed"]["returned"] == POT


def test_leaf_hash_matches_api_rewards(distributor, alice):
    from api.rewards import leaf_hash

    assert distributor.leafHash(5, alice, 10**18) == "0x" + leaf_hash(5, str(alice), 10**18).hex()
