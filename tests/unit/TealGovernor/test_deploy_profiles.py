"""Every deploy profile hands the supply to the treasury and to allocations below quorum:
after a deploy no account but the timelock or the escrow holds quorum (balance or votes), the
deployer keeps no votes, and scripts/deploy.py refuses to write a manifest for a setup where one
account could reach quorum alone (the deployer capture found in issue 15)."""

from __future__ import annotations

import copy

import pytest
from brownie import accounts, chain, web3

from scripts.deploy import (
    DAY,
    TOKEN_UNIT,
    beneficiary,
    check_params,
    deploy_all,
    load_params,
    quorum_holders,
    write_manifest,
)

PROFILES = ["devnet", "test", "production"]
MAINNET_BLOCK_SECONDS = 12


def stand_in(index: int) -> str:
    """A fixed address standing in for a beneficiary (the test chain has only 10 accounts)."""
    return str(accounts.add("0x" + f"{index + 1:064x}").address)


def profile_params(profile: str) -> dict:
    """A profile as configured; production's beneficiaries (none yet) filled with stand-ins."""
    params = copy.deepcopy(load_params(profile))
    for index, allocation in enumerate(params["allocations"], start=100):
        if allocation["to"] is None:
            allocation["to"] = stand_in(index)
    return params


def production_params() -> dict:
    return profile_params("production")


@pytest.fixture(scope="module", params=PROFILES)
def deployed(request):
    params = profile_params(request.param)
    return request.param, params, deploy_all(params, accounts[0])


def holders_of(deployment) -> set[str]:
    """Every account the deploy sent tokens to or that holds votes, from the token's logs."""
    token = web3.eth.contract(address=deployment.token.address, abi=deployment.token.abi)
    seen = {e["args"]["to"] for e in token.events.Transfer().get_logs(from_block=deployment.start_block)}
    seen |= {
        e["args"]["delegate"] for e in token.events.DelegateVotesChanged().get_logs(from_block=deployment.start_block)
    }
    return {a for a in seen if deployment.token.balanceOf(a) > 0 or deployment.token.getVotes(a) > 0}


def test_no_account_but_the_treasury_or_escrow_holds_quorum(deployed):
    _, params, d = deployed
    quorum = params["token"]["supply"] * params["governor"]["quorum_percent"] // 100 * TOKEN_UNIT
    chain.mine()
    assert d.governor.quorum(chain.height - 1) == quorum
    exempt = {d.timelock.address, d.workstreams.address}

    everyone = holders_of(d)
    holders = everyone - exempt

    assert d.timelock.address in everyone
    assert len(holders) == len(params["allocations"]) + (1 if params["deployer_keeps"] else 0)
    for holder in holders:
        assert d.token.balanceOf(holder) < quorum, holder
        assert d.token.getVotes(holder) < quorum, holder
    assert quorum_holders(d) == []


def test_the_deployer_keeps_no_votes_and_at_most_a_sliver(deployed):
    _, params, d = deployed
    quorum = d.token.totalSupply() * params["governor"]["quorum_percent"] // 100

    assert d.token.getVotes(d.deployer) == 0
    assert d.token.balanceOf(d.deployer) == params.get("deployer_keeps", 0) * TOKEN_UNIT <= quorum // 100


def test_the_supply_goes_to_the_treasury_and_the_named_allocations(deployed):
    _, params, d = deployed
    assert d.token.balanceOf(d.timelock) == params["treasury"] * TOKEN_UNIT
    for allocation in params["allocations"]:
        if allocation.get("vesting"):
            wallet = d.vesting[allocation["name"]]
            assert wallet.owner() == beneficiary(allocation)
            assert d.token.balanceOf(wallet) == allocation["amount"] * TOKEN_UNIT
            assert d.token.getVotes(wallet) == 0  # a vesting wallet cannot delegate
        else:
            assert d.token.balanceOf(beneficiary(allocation)) == allocation["amount"] * TOKEN_UNIT


def test_each_profile_writes_its_manifest(deployed, tmp_path):
    _, _, d = deployed

    assert write_manifest(d, tmp_path / "manifest.json").exists()


def test_production_timing_is_in_days_on_a_block_clock():
    params = production_params()["governor"]
    deployment = deploy_all(production_params(), accounts[0])
    governor = deployment.governor

    assert governor.CLOCK_MODE() == "mode=blocknumber&from=default"  # durations are blocks
    assert governor.votingDelay() * MAINNET_BLOCK_SECONDS >= DAY
    assert governor.votingPeriod() * MAINNET_BLOCK_SECONDS >= 7 * DAY
    assert governor.lateQuorumVoteExtension() * MAINNET_BLOCK_SECONDS >= 2 * DAY
    assert governor.votingPeriod() == params["voting_period"]
    assert deployment.timelock.getMinDelay() >= 2 * DAY


def test_production_allocations_vest_with_a_cliff():
    params = production_params()
    deployment = deploy_all(params, accounts[0])
    team = params["allocations"][0]
    wallet = deployment.vesting[team["name"]]
    token = deployment.token

    assert wallet.releasable(token) == 0
    chain.sleep(team["vesting"]["cliff_days"] * DAY - DAY)
    chain.mine()
    assert wallet.releasable(token) == 0  # a day before the cliff
    chain.sleep(2 * DAY)
    wallet.release(token, {"from": accounts[9]})  # anyone may release, to the beneficiary only
    released = token.balanceOf(team["to"])
    assert 0 < released < team["amount"] * TOKEN_UNIT // 3


def test_production_refuses_to_deploy_without_its_beneficiaries():
    with pytest.raises(SystemExit, match=r"allocation 'team-1' has no beneficiary: set its `to`"):
        deploy_all(load_params("production"), accounts[0])


def test_a_split_that_does_not_add_up_is_refused():
    params = copy.deepcopy(load_params("test"))
    params["treasury"] -= 1

    with pytest.raises(SystemExit, match=r"must equal the supply 10,000,000"):
        deploy_all(params, accounts[0])


def capturing(**changes) -> dict:
    """The test profile, changed: e.g. the pre-issue-15 setup (deployer keeps 4M of 10M)."""
    params = copy.deepcopy(load_params("test"))
    params.update(changes)
    return params


def test_the_old_capturing_setup_gets_no_manifest(tmp_path):
    deployment = deploy_all(capturing(treasury=6_000_000, deployer_keeps=4_000_000), accounts[0])
    path = tmp_path / "manifest.json"

    with pytest.raises(SystemExit) as refused:
        write_manifest(deployment, path)

    message = str(refused.value)
    assert message == (
        f"deploy: refusing to write the manifest: {accounts[0].address} could reach quorum alone: 4,000,000 TEAL "
        "against a quorum of 400,000 TEAL; give the supply to the treasury and allocations below quorum in "
        "config/deploy.yaml, or on a devnet set `allow_capture: true` in the profile or TEAL_ALLOW_CAPTURE=1"
    )
    assert "\n" not in message
    assert not path.exists()


def test_an_allocation_at_quorum_is_refused(tmp_path):
    whale = {"name": "whale", "to": 5, "amount": 400_000}
    deployment = deploy_all(capturing(treasury=9_600_000, allocations=[whale]), accounts[0])

    with pytest.raises(SystemExit, match=rf"{accounts[5].address} could reach quorum alone: 400,000 TEAL"):
        write_manifest(deployment, tmp_path / "manifest.json")


def test_vesting_wallets_count_for_their_beneficiary(tmp_path):
    vesting = {"cliff_days": 0, "duration_days": 365}
    split = [{"name": f"team-{i}", "to": 6, "amount": 250_000, "vesting": vesting} for i in (1, 2)]
    deployment = deploy_all(capturing(treasury=9_500_000, allocations=split), accounts[0])

    with pytest.raises(SystemExit, match=rf"{accounts[6].address} could reach quorum alone: 500,000 TEAL"):
        write_manifest(deployment, tmp_path / "manifest.json")


def test_a_deployer_keeping_more_than_a_sliver_is_refused(tmp_path):
    deployment = deploy_all(capturing(treasury=9_990_000, deployer_keeps=10_000), accounts[0])

    with pytest.raises(SystemExit, match=r"\(the deployer\) keeps 10,000 TEAL, more than 1% of the quorum"):
        write_manifest(deployment, tmp_path / "manifest.json")


def test_a_devnet_may_allow_capture_explicitly(tmp_path, monkeypatch):
    deployment = deploy_all(capturing(treasury=6_000_000, deployer_keeps=4_000_000), accounts[0])

    monkeypatch.setenv("TEAL_ALLOW_CAPTURE", "1")
    assert write_manifest(deployment, tmp_path / "by-env.json").exists()
    monkeypatch.delenv("TEAL_ALLOW_CAPTURE")
    deployment.params["allow_capture"] = True
    assert write_manifest(deployment, tmp_path / "by-profile.json").exists()


@pytest.mark.parametrize("profile", PROFILES)
def test_every_profile_passes_the_check_before_deploying(profile):
    check_params(load_params(profile))  # raises SystemExit otherwise


def test_the_check_before_deploying_refuses_a_capturing_profile():
    with pytest.raises(SystemExit, match=r"the deployer keeps 4,000,000 TEAL, more than 1% of the quorum of 400,000"):
        check_params(capturing(treasury=6_000_000, deployer_keeps=4_000_000))
    split = [{"name": f"team-{i}", "to": "0x" + "ab" * 20, "amount": 200_000} for i in (1, 2)]
    with pytest.raises(SystemExit, match=r"allocation team-1, team-2 could reach quorum alone: 400,000 TEAL"):
        check_params(capturing(treasury=9_600_000, allocations=split))


def test_an_account_index_past_the_nodes_accounts_is_derived_from_its_mnemonic():
    """The devnet profile names the demo's holders by index up to 10; a node Brownie launched
    with 10 accounts still resolves them, along the mnemonic's path."""
    from brownie import network
    from eth_account import Account
    from eth_account.hdaccount import key_from_seed
    from eth_account.hdaccount.mnemonic import Mnemonic

    mnemonic = network.main.CONFIG.active_network["cmd_settings"]["mnemonic"]
    assert beneficiary({"name": "ana", "to": 1}) == accounts[1].address
    expected = Account.from_key(key_from_seed(Mnemonic.to_seed(mnemonic), "m/44'/60'/0'/0/10")).address
    assert beneficiary({"name": "jonas", "to": 10}) == expected
    assert expected not in [a.address for a in accounts]
