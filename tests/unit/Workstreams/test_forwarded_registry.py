"""ERC-2771 on the registry: member changes (propose, approve, withdraw) and withdrawing an owed
payment, each signed by an account holding no ETH and relayed through the TealForwarder; the
events name the signer. Governance functions are not reachable through the forwarder."""

import brownie
import pytest
from brownie import BlacklistToken, accounts, chain, web3
from helpers import error
from work_fixtures import DELIVERABLE, REASON, REWARD, relay

from scripts.work_signatures import forwarded

MEMBER_KEYS = ["0x" + f"{i:02x}" * 32 for i in (0xB1, 0xB2, 0xB3)]
PAYEE_KEY = "0x" + "e9" * 32


@pytest.fixture(scope="module")
def members():
    return [accounts.add(key) for key in MEMBER_KEYS]


@pytest.fixture(scope="module")
def keyed_ws(make_workstream, members):
    return make_workstream(members=members, name="Keyed")


def test_member_change_proposed_approved_and_withdrawn_by_signature(
    workstreams, forwarder, keyed_ws, members, relayer, rando, dave
):
    tx = relay(
        forwarder,
        MEMBER_KEYS[0],
        workstreams,
        workstreams.proposeMemberChange.encode_input(keyed_ws, rando, True),
        relayer,
    )
    proposal = tx.events["MemberChangeProposed"]
    assert proposal["proposer"] == members[0]
    assert tx.events["MemberChangeApproved"]["member"] == members[0]

    tx = relay(
        forwarder,
        MEMBER_KEYS[1],
        workstreams,
        workstreams.approveMemberChange.encode_input(proposal["proposalId"]),
        relayer,
    )
    assert tx.events["MemberChangeApproved"]["member"] == members[1]
    assert workstreams.isMember(keyed_ws, rando)

    tx = relay(
        forwarder,
        MEMBER_KEYS[2],
        workstreams,
        workstreams.proposeMemberChange.encode_input(keyed_ws, dave, True),
        relayer,
    )
    second = tx.events["MemberChangeProposed"]["proposalId"]
    # Only the proposer may withdraw: another member's signature is refused.
    with brownie.reverts(revert_pattern=error("WorkstreamNotProposer", second, members[0], members[2])):
        workstreams.withdrawMemberChange.call(second, {"from": members[0]})
    tx = relay(forwarder, MEMBER_KEYS[2], workstreams, workstreams.withdrawMemberChange.encode_input(second), relayer)
    assert tx.events["MemberChangeWithdrawn"]["proposer"] == members[2]
    assert workstreams.memberChange(second)["withdrawn"]
    assert all(web3.eth.get_balance(m.address) == 0 for m in members)


def test_owed_payment_withdrawn_by_signature(
    workstreams, board, forwarder, make_workstream, make_task, dao, gov, alice, bob, relayer
):
    """A payee whose push payment failed (blacklisted at the time) pulls it later without gas."""
    payee = accounts.add(PAYEE_KEY)
    blk = BlacklistToken.deploy({"from": gov})
    blk.mint(dao, 100_000 * 10**18, {"from": gov})
    blk.approve(workstreams, 2**256 - 1, {"from": dao})
    ws = make_workstream(token=blk, name="Blacklist")
    task_id = make_task(ws)
    relay(forwarder, PAYEE_KEY, board, board.claim.encode_input(task_id, REWARD, 0), relayer)
    relay(forwarder, PAYEE_KEY, board, board.submit.encode_input(task_id, DELIVERABLE, [], []), relayer)
    blk.setBlacklisted(payee, True, {"from": gov})
    board.approve(task_id, REASON, [], [], {"from": alice})
    board.approve(task_id, REASON, [], [], {"from": bob})
    assert workstreams.owed(blk, payee) == REWARD
    blk.setBlacklisted(payee, False, {"from": gov})

    tx = relay(forwarder, PAYEE_KEY, workstreams, workstreams.withdrawOwed.encode_input(blk, payee), relayer)

    withdrawn = tx.events["OwedWithdrawn"]
    assert (withdrawn["account"], withdrawn["to"], withdrawn["amount"]) == (payee, payee, REWARD)
    assert blk.balanceOf(payee) == REWARD
    assert workstreams.owed(blk, payee) == 0
    assert web3.eth.get_balance(payee.address) == 0


def test_governance_functions_ignore_a_forwarded_sender(workstreams, forwarder, timelock, relayer, keyed_ws):
    """The timelock cannot sign a ForwardRequest, and the forwarder is not governance: a forwarded
    call to an onlyGovernance function is refused even if it claims to come from the timelock."""
    data = workstreams.pause.encode_input(keyed_ws)
    request = forwarded(
        forwarder, MEMBER_KEYS[0], workstreams, data, deadline=chain.time() + 3600, sender=timelock.address
    )
    with brownie.reverts(revert_pattern=error("ERC2771ForwarderInvalidSigner")):
        forwarder.execute(request, {"from": relayer})
    with brownie.reverts(revert_pattern=error("FailedCall")):
        relay(forwarder, MEMBER_KEYS[0], workstreams, data, relayer)
    assert not workstreams.workstream(keyed_ws)["paused"]
