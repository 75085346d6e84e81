"""ERC-2771: every contributor and member action on the TaskBoard, signed by an account that
holds no ETH and relayed through the TealForwarder; bonds approved by EIP-2612 permit in the
same request (claimWithPermit). Forged, replayed, expired, wrong-chain and untrusted-target
requests are refused by the forwarder; events name the signer, never the forwarder."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, accounts, chain, web3
from helpers import error
from work_fixtures import BOND, DELIVERABLE, REASON, REWARD, SPEC, guardrails, relay

from api.chain.types import TaskStatus
from scripts.work_signatures import forwarded, permit_vrs

UNIT = 10**18
MEMBER_KEYS = ["0x" + f"{i:02x}" * 32 for i in (0xA1, 0xA2, 0xA3)]
CONTRIBUTOR_KEY = "0x" + "c7" * 32
OTHER_KEY = "0x" + "d8" * 32


@pytest.fixture(scope="module")
def members():
    """Three members with known keys and no ETH at all."""
    return [accounts.add(key) for key in MEMBER_KEYS]


@pytest.fixture(scope="module")
def contributor(token, gov):
    """A contributor with 100 TEAL, no ETH and no approval to the escrow."""
    account = accounts.add(CONTRIBUTOR_KEY)
    token.transfer(account, 100 * UNIT, {"from": gov})
    return account


@pytest.fixture(scope="module")
def teal_ws(make_workstream, token, workstreams, dao, members):
    """A bonded workstream paying TEAL (which supports permit), run by the keyed members."""
    token.approve(workstreams, 2**256 - 1, {"from": dao})
    return make_workstream(token=token, members=members, rails=guardrails(bond=BOND), name="Gasless")


def create_task(board, forwarder, relayer, ws):
    data = board.createTask.encode_input(ws, 0, REWARD, 0, SPEC)
    tx = relay(forwarder, MEMBER_KEYS[0], board, data, relayer=relayer)
    return tx.events["TaskCreated"]["taskId"]


def claim_with_permit(board, forwarder, relayer, token, workstreams, task_id, *, spender=None, key=CONTRIBUTOR_KEY):
    deadline = chain.time() + 3600
    v, r, s = permit_vrs(token, key, spender or workstreams, BOND, deadline)
    data = board.claimWithPermit.encode_input(task_id, REWARD, BOND, deadline, v, r, s)
    return relay(forwarder, key, board, data, relayer=relayer)


def test_work_contracts_trust_the_deployed_forwarder(board, workstreams, forwarder):
    assert board.trustedForwarder() == forwarder
    assert workstreams.trustedForwarder() == forwarder
    assert board.isTrustedForwarder(forwarder) and not board.isTrustedForwarder(ZERO_ADDRESS)


def test_gasless_contributor_claims_with_permit_submits_and_is_paid(
    board, workstreams, forwarder, token, teal_ws, members, contributor, relayer
):
    task_id = create_task(board, forwarder, relayer, teal_ws)
    before = token.balanceOf(contributor)
    assert token.allowance(contributor, workstreams) == 0

    tx = claim_with_permit(board, forwarder, relayer, token, workstreams, task_id)

    assert (board.task(task_id)["status"], board.task(task_id)["claimant"]) == (TaskStatus.CLAIMED, contributor)
    claimed = tx.events["TaskClaimed"]
    assert (claimed["claimant"], claimed["bond"], claimed["relayer"]) == (contributor, BOND, forwarder)
    assert tx.events["ExecutedForwardRequest"]["signer"] == contributor
    assert token.balanceOf(contributor) == before - BOND

    tx = relay(
        forwarder, CONTRIBUTOR_KEY, board, board.submit.encode_input(task_id, DELIVERABLE, [], []), relayer=relayer
    )
    assert tx.events["TaskSubmitted"]["claimant"] == contributor
    for key, member in zip(MEMBER_KEYS[:2], members[:2], strict=True):
        tx = relay(forwarder, key, board, board.approve.encode_input(task_id, REASON, [], []), relayer=relayer)
        assert tx.events["TaskApproved"]["reviewer"] == member

    assert board.task(task_id)["status"] == TaskStatus.PAID
    assert token.balanceOf(contributor) == before + REWARD
    assert web3.eth.get_balance(contributor.address) == 0
    assert all(web3.eth.get_balance(m.address) == 0 for m in members)


def test_forwarded_reject_release_vote_and_abandon_act_as_the_signer(
    board, workstreams, forwarder, token, teal_ws, members, contributor, relayer
):
    task_id = create_task(board, forwarder, relayer, teal_ws)
    claim_with_permit(board, forwarder, relayer, token, workstreams, task_id)
    relay(forwarder, CONTRIBUTOR_KEY, board, board.submit.encode_input(task_id, DELIVERABLE, [], []), relayer=relayer)

    tx = relay(forwarder, MEMBER_KEYS[2], board, board.reject.encode_input(task_id, REASON), relayer=relayer)
    assert tx.events["TaskRejected"]["reviewer"] == members[2]
    assert board.rejections(task_id, contributor, members[2]) == 1

    tx = relay(forwarder, MEMBER_KEYS[1], board, board.voteRelease.encode_input(task_id), relayer=relayer)
    assert tx.events["TaskReleaseVoted"]["member"] == members[1]

    tx = relay(forwarder, CONTRIBUTOR_KEY, board, board.abandon.encode_input(task_id), relayer=relayer)
    assert tx.events["TaskAbandoned"]["claimant"] == contributor
    assert board.task(task_id)["claimant"] == ZERO_ADDRESS


def test_forwarded_cancel_by_a_member(board, forwarder, teal_ws, members, relayer):
    task_id = create_task(board, forwarder, relayer, teal_ws)

    tx = relay(forwarder, MEMBER_KEYS[1], board, board.cancel.encode_input(task_id), relayer=relayer)

    assert tx.events["TaskCancelled"]["by"] == members[1]


def test_non_member_cannot_cancel_through_the_forwarder(board, forwarder, teal_ws, relayer):
    """The board sees the request's signer, so relaying a member's call needs the member's key."""
    task_id = create_task(board, forwarder, relayer, teal_ws)
    other = accounts.add(OTHER_KEY)

    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", teal_ws, other)):
        board.cancel.call(task_id, {"from": other})
    with brownie.reverts(revert_pattern=error("FailedCall")):
        relay(forwarder, OTHER_KEY, board, board.cancel.encode_input(task_id), relayer=relayer)
    assert board.task(task_id)["status"] == 1


def test_direct_call_with_an_appended_address_impersonates_nobody(board, teal_ws, forwarder, members, relayer, rando):
    """Only the trusted forwarder's calls carry a sender suffix: anyone else appending an address
    is still themselves."""
    task_id = create_task(board, forwarder, relayer, teal_ws)
    data = board.cancel.encode_input(task_id) + members[0].address[2:].lower()

    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", teal_ws, rando)):
        rando.transfer(board, 0, data=data)


def test_permit_for_the_wrong_spender_is_refused(board, workstreams, forwarder, token, teal_ws, contributor, relayer):
    task_id = create_task(board, forwarder, relayer, teal_ws)
    deadline = chain.time() + 3600
    v, r, s = permit_vrs(token, CONTRIBUTOR_KEY, relayer, BOND, deadline)  # approves the relayer, not the escrow
    data = board.claimWithPermit.encode_input(task_id, REWARD, BOND, deadline, v, r, s)

    with brownie.reverts(revert_pattern=error("TaskPermitRefused", task_id, token, contributor)):
        board.claimWithPermit.call(task_id, REWARD, BOND, deadline, v, r, s, {"from": contributor})
    with brownie.reverts(revert_pattern=error("FailedCall")):
        relay(forwarder, CONTRIBUTOR_KEY, board, data, relayer=relayer)
    assert board.task(task_id)["claimant"] == ZERO_ADDRESS


def test_permit_front_run_still_claims(board, workstreams, forwarder, token, teal_ws, contributor, relayer, rando):
    task_id = create_task(board, forwarder, relayer, teal_ws)
    deadline = chain.time() + 3600
    v, r, s = permit_vrs(token, CONTRIBUTOR_KEY, workstreams, BOND, deadline)
    token.permit(contributor, workstreams, BOND, deadline, v, r, s, {"from": rando})  # copied from the mempool
    data = board.claimWithPermit.encode_input(task_id, REWARD, BOND, deadline, v, r, s)

    relay(forwarder, CONTRIBUTOR_KEY, board, data, relayer=relayer)

    assert board.task(task_id)["claimant"] == contributor


def test_direct_claim_with_permit_pays_its_own_gas(board, workstreams, token, teal_ws, forwarder, relayer, gov):
    holder = accounts.add(OTHER_KEY)
    token.transfer(holder, 10 * UNIT, {"from": gov})
    gov.transfer(holder, "1 ether")
    task_id = create_task(board, forwarder, relayer, teal_ws)
    deadline = chain.time() + 3600
    v, r, s = permit_vrs(token, OTHER_KEY, workstreams, BOND, deadline)

    board.claimWithPermit(task_id, REWARD, BOND, deadline, v, r, s, {"from": holder})

    assert board.task(task_id)["claimant"] == holder
    assert token.balanceOf(holder) == 10 * UNIT - BOND


# ---- What the forwarder refuses ---------------------------------------------------------------


def test_forged_request_is_refused(board, forwarder, teal_ws, contributor, relayer):
    task_id = create_task(board, forwarder, relayer, teal_ws)
    # Signed by OTHER_KEY but claiming to come from the contributor.
    request = forwarded(
        forwarder,
        OTHER_KEY,
        board,
        board.claim.encode_input(task_id, REWARD, BOND),
        deadline=chain.time() + 3600,
        sender=contributor.address,
    )

    with brownie.reverts(revert_pattern=error("ERC2771ForwarderInvalidSigner")):
        forwarder.execute(request, {"from": relayer})
    assert not forwarder.verify(request)


def test_replayed_request_is_refused(board, forwarder, teal_ws, members, relayer):
    task_id = create_task(board, forwarder, relayer, teal_ws)
    request = forwarded(
        forwarder, MEMBER_KEYS[0], board, board.cancel.encode_input(task_id), deadline=chain.time() + 3600
    )
    forwarder.execute(request, {"from": relayer})

    # The nonce moved on: the same signature now recovers to someone else.
    with brownie.reverts(revert_pattern=error("ERC2771ForwarderInvalidSigner")):
        forwarder.execute(request, {"from": relayer})
    assert forwarder.nonces(members[0]) > 0


def test_expired_request_is_refused(board, forwarder, teal_ws, relayer):
    task_id = create_task(board, forwarder, relayer, teal_ws)
    deadline = chain.time() + 60
    request = forwarded(forwarder, MEMBER_KEYS[0], board, board.cancel.encode_input(task_id), deadline=deadline)
    chain.sleep(120)
    chain.mine()

    with brownie.reverts(revert_pattern=error("ERC2771ForwarderExpiredRequest", deadline)):
        forwarder.execute(request, {"from": relayer})


def test_request_signed_for_another_chain_is_refused(board, forwarder, teal_ws, relayer):
    task_id = create_task(board, forwarder, relayer, teal_ws)
    request = forwarded(
        forwarder, MEMBER_KEYS[0], board, board.cancel.encode_input(task_id), deadline=chain.time() + 3600, chain_id=1
    )

    with brownie.reverts(revert_pattern=error("ERC2771ForwarderInvalidSigner")):
        forwarder.execute(request, {"from": relayer})


def test_request_to_an_untrusting_contract_is_refused(forwarder, token, contributor, relayer):
    """The token does not trust the forwarder: a signed transfer through it goes nowhere."""
    request = forwarded(
        forwarder, CONTRIBUTOR_KEY, token, token.transfer.encode_input(relayer, 1), deadline=chain.time() + 3600
    )

    with brownie.reverts(revert_pattern=error("ERC2771UntrustfulTarget", token, forwarder)):
        forwarder.execute(request, {"from": relayer})


def test_failed_forwarded_call_reverts_whole_and_keeps_the_nonce(board, forwarder, teal_ws, contributor, relayer):
    task_id = create_task(board, forwarder, relayer, teal_ws)
    nonce = forwarder.nonces(contributor)
    request = forwarded(
        forwarder, CONTRIBUTOR_KEY, board, board.abandon.encode_input(task_id), deadline=chain.time() + 3600
    )

    with brownie.reverts(revert_pattern=error("FailedCall")):
        forwarder.execute(request, {"from": relayer})
    assert forwarder.nonces(contributor) == nonce
