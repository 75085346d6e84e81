"""The registry's reward-module hooks accept only the deployed reward contracts."""

import brownie
from helpers import error


def test_reserve_by_anyone_else_is_refused(workstreams, ws, rando):
    with brownie.reverts(revert_pattern=error("WorkstreamNotRewardModule", rando)):
        workstreams.reserveReward(ws, 1, 1, {"from": rando})


def test_settle_by_anyone_else_is_refused(workstreams, ws, rando):
    with brownie.reverts(revert_pattern=error("WorkstreamNotRewardModule", rando)):
        workstreams.settleReward(ws, 1, 0, 1, {"from": rando})


def test_pay_by_anyone_but_the_stipends_is_refused(workstreams, distributor, ws, rando):
    with brownie.reverts(revert_pattern=error("WorkstreamNotRewardModule", rando)):
        workstreams.payReward(ws, 1, rando, 1, {"from": rando})


def test_registry_names_both_reward_contracts(workstreams, distributor, stipends):
    assert workstreams.rewardModules() == (distributor, stipends)
    assert distributor.workstreams() == workstreams and stipends.workstreams() == workstreams


def test_reward_contracts_refuse_a_registry_that_does_not_name_them(gov, timelock, workstreams, rando):
    from brownie import MerkleDistributor, StipendStreams, Workstreams

    registry = Workstreams.deploy(timelock, rando, brownie.ZERO_ADDRESS, rando, rando, {"from": gov})

    with brownie.reverts(revert_pattern=error("TeamActionsMisconfigured", registry, rando)):
        MerkleDistributor.deploy(registry, {"from": gov})
    with brownie.reverts(revert_pattern=error("TeamActionsMisconfigured", registry, rando)):
        StipendStreams.deploy(registry, {"from": gov})
