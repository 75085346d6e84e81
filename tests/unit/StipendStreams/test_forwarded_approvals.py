"""Team approvals relayed through the ERC-2771 forwarder: members who hold no ETH sign their
approvals of a stipend (and of stopping it) and a relayer sends them; each counts as the signer's,
the events name the signer, and a non-member's signed approval is refused as it would be sent
directly. The reward contracts trust the registry's forwarder."""

import brownie
import pytest
from brownie import accounts, chain, web3
from rewards_fixtures import DAY, STIPEND, STREAM_CID
from work_fixtures import relay

from scripts.work_signatures import forwarded

MEMBER_KEYS = ["0x" + f"{i:02x}" * 32 for i in (0xB1, 0xB2, 0xB3)]
STRANGER_KEY = "0x" + "e9" * 32


@pytest.fixture(scope="module")
def keyed_members():
    """Three members with known keys and no ETH."""
    return [accounts.add(key) for key in MEMBER_KEYS]


@pytest.fixture(scope="module")
def keyed_ws(make_workstream, keyed_members):
    return make_workstream(members=keyed_members, name="Gasless team")


def test_reward_contracts_trust_the_registrys_forwarder(stipends, distributor, workstreams, forwarder):
    assert workstreams.trustedForwarder() == forwarder
    assert stipends.trustedForwarder() == forwarder and distributor.trustedForwarder() == forwarder


def test_members_without_eth_start_and_stop_a_stream_by_relayed_approvals(
    stipends, forwarder, keyed_ws, keyed_members, relayer
):
    start = chain.time()
    recipient = keyed_members[2]
    data = stipends.startStream.encode_input(keyed_ws, recipient, STIPEND, start, start + 30 * DAY, STREAM_CID)
    assert all(m.balance() == 0 for m in keyed_members)

    first = relay(forwarder, MEMBER_KEYS[0], stipends, data, relayer=relayer)
    second = relay(forwarder, MEMBER_KEYS[1], stipends, data, relayer=relayer)

    assert [e["member"] for e in first.events["TeamActionApproved"]] == [keyed_members[0]]
    assert second.events["TeamActionApproved"]["member"] == keyed_members[1]
    started = second.events["StreamStarted"]
    assert started["recipient"] == recipient and started["amount"] == STIPEND
    stream_id = started["streamId"]
    chain.sleep(DAY)

    stop = stipends.stopStream.encode_input(stream_id)
    relay(forwarder, MEMBER_KEYS[0], stipends, stop, relayer=relayer)
    stopped = relay(forwarder, MEMBER_KEYS[1], stipends, stop, relayer=relayer).events["StreamStopped"]
    assert stopped["byTeam"] and stopped["caller"] == keyed_members[1]
    withdrawn = relay(forwarder, MEMBER_KEYS[2], stipends, stipends.withdraw.encode_input(stream_id), relayer=relayer)
    assert withdrawn.events["StreamWithdrawn"]["sender"] == recipient
    assert withdrawn.events["StreamWithdrawn"]["amount"] == stopped["accrued"] > 0


def test_a_strangers_relayed_approval_is_refused_as_a_direct_one(stipends, forwarder, keyed_ws, keyed_members, relayer):
    stranger = accounts.add(STRANGER_KEY)
    start = chain.time()
    data = stipends.startStream.encode_input(keyed_ws, keyed_members[0], STIPEND, start, start + DAY, STREAM_CID)
    request = forwarded(forwarder, STRANGER_KEY, stipends, data, deadline=chain.time() + 3600)

    with brownie.reverts():  # the forwarder reports the target's failure as its own
        forwarder.execute(request, {"from": relayer})
    # ... which is the target's refusal of the signer, as a relay finds out by asking it.
    forwarded_call = {"from": forwarder.address, "to": stipends.address, "data": data + stranger.address[2:].lower()}
    selector = web3.keccak(text="WorkstreamNotMember(uint256,address)")[:4].hex().removeprefix("0x")
    args = f"{keyed_ws:064x}" + stranger.address[2:].lower().rjust(64, "0")
    # Ganache and Anvil shape the error differently; both carry the revert data.
    with pytest.raises(ValueError, match="0x" + selector + args):
        web3.eth.call(forwarded_call)
