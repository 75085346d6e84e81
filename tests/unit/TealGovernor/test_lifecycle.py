"""A proposal's whole life: propose -> vote (for/against/abstain, reason, signature) ->
succeeded -> queue -> execute after the timelock delay, which moves treasury funds."""

import brownie
from brownie import chain
from helpers import error

from scripts.deploy import TOKEN_UNIT
from scripts.governance import ABSTAIN, AGAINST, FOR, execute, mine_until_active, mine_until_ended, queue
from scripts.signatures import ballot, delegation, domain, sign


def test_proposal_created_event_carries_document_uri_and_schedule(proposal, governor, alice):
    event = proposal.tx.events["ProposalCreated"]

    assert event["proposer"] == alice
    assert event["description"].startswith("ipfs://")
    assert event["voteStart"] == proposal.tx.block_number + governor.votingDelay()
    assert event["voteEnd"] == event["voteStart"] + governor.votingPeriod()
    assert proposal.state() == "Pending"


def test_votes_for_against_abstain_are_tallied_by_weight(proposal, governor, alice, bob, dave, token):
    mine_until_active(proposal)

    governor.castVote(proposal.proposal_id, FOR, {"from": alice})
    governor.castVote(proposal.proposal_id, AGAINST, {"from": dave})
    governor.castVote(proposal.proposal_id, ABSTAIN, {"from": bob})

    against, for_, abstain = governor.proposalVotes(proposal.proposal_id)
    assert (against, for_, abstain) == (token.balanceOf(dave), token.balanceOf(alice), token.balanceOf(bob))


def test_vote_with_reason_emits_the_reason(proposal, governor, alice):
    mine_until_active(proposal)

    tx = governor.castVoteWithReason(proposal.proposal_id, FOR, "ships the grants programme", {"from": alice})

    event = tx.events["VoteCast"]
    assert event["voter"] == alice
    assert event["support"] == FOR
    assert event["reason"] == "ships the grants programme"
    assert event["weight"] == 1_000_000 * TOKEN_UNIT


def test_vote_by_signature_is_counted_for_the_signer_whoever_relays_it(
    governor, token, gov, signer, holders, alice, rando, treasury_grant
):
    from scripts.governance import proposal_document, propose

    token.transfer(signer, 50_000 * TOKEN_UNIT, {"from": gov})
    token.delegate(signer, {"from": signer})
    proposal = propose(governor, treasury_grant, document=proposal_document("t"), proposer=alice)
    mine_until_active(proposal)
    gov_domain = domain(name="TealGovernor", chain_id=chain.id, verifying_contract=governor.address)
    typed = ballot(
        domain=gov_domain,
        proposal_id=proposal.proposal_id,
        support=FOR,
        voter=signer.address,
        nonce=governor.nonces(signer),
    )

    tx = governor.castVoteBySig(
        proposal.proposal_id, FOR, signer, sign(typed, signer.private_key).signature, {"from": rando}
    )

    assert tx.events["VoteCast"]["voter"] == signer
    assert governor.hasVoted(proposal.proposal_id, signer)
    assert not governor.hasVoted(proposal.proposal_id, rando)
    assert governor.proposalVotes(proposal.proposal_id)[1] == 50_000 * TOKEN_UNIT


def test_full_lifecycle_executes_and_moves_treasury_funds(proposal, governor, timelock, token, alice, bob, rando):
    mine_until_active(proposal)
    governor.castVote(proposal.proposal_id, FOR, {"from": alice})
    governor.castVote(proposal.proposal_id, FOR, {"from": bob})
    mine_until_ended(proposal)
    assert proposal.state() == "Succeeded"

    queue_tx = queue(proposal, sender=rando)
    assert proposal.state() == "Queued"
    assert queue_tx.events["ProposalQueued"]["etaSeconds"] == governor.proposalEta(proposal.proposal_id)
    treasury_before = token.balanceOf(timelock)

    exec_tx = execute(proposal, sender=rando)

    assert proposal.state() == "Executed"
    assert exec_tx.events["ProposalExecuted"]["proposalId"] == proposal.proposal_id
    assert token.balanceOf(rando) == 1_000 * TOKEN_UNIT
    assert token.balanceOf(timelock) == treasury_before - 1_000 * TOKEN_UNIT


def test_execute_before_timelock_delay_reverts(proposal, governor, alice, rando):
    mine_until_active(proposal)
    governor.castVote(proposal.proposal_id, FOR, {"from": alice})
    mine_until_ended(proposal)
    queue(proposal, sender=rando)

    with brownie.reverts(revert_pattern=error("TimelockUnexpectedOperationState")):
        governor.execute(*proposal.args(), {"from": rando})


def test_queue_before_voting_ends_reverts(proposal, governor, alice, rando):
    mine_until_active(proposal)
    governor.castVote(proposal.proposal_id, FOR, {"from": alice})

    with brownie.reverts(revert_pattern=error("GovernorUnexpectedProposalState")):
        governor.queue(*proposal.args(), {"from": rando})


def test_delegate_by_signature_gives_the_delegatee_voting_power(token, gov, signer, rando, bob):
    token.transfer(signer, 7_000 * TOKEN_UNIT, {"from": gov})
    token_domain = domain(name="Teal", chain_id=chain.id, verifying_contract=token.address)
    expiry = chain.time() + 3600
    signed = sign(
        delegation(domain=token_domain, delegatee=bob.address, nonce=token.nonces(signer), expiry=expiry),
        signer.private_key,
    )
    power_before = token.getVotes(bob)

    tx = token.delegateBySig(bob, token.nonces(signer), expiry, signed.v, signed.r, signed.s, {"from": rando})

    assert tx.events["DelegateChanged"]["delegator"] == signer
    assert tx.events["DelegateChanged"]["toDelegate"] == bob
    assert token.delegates(signer) == bob
    assert token.getVotes(bob) == power_before + 7_000 * TOKEN_UNIT
