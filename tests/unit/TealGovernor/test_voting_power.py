"""Voting power is read at the proposal snapshot, so it cannot be bought, borrowed or
moved into a vote after the proposal starts."""

import brownie
from brownie import chain
from helpers import error

from scripts.deploy import TOKEN_UNIT
from scripts.governance import FOR, mine_until_active
from scripts.signatures import ballot, domain, sign


def test_tokens_received_after_snapshot_add_no_weight(proposal, governor, token, alice, rando):
    """Flash-loan style: borrow after the snapshot, delegate, vote, return."""
    mine_until_active(proposal)
    token.transfer(rando, 900_000 * TOKEN_UNIT, {"from": alice})  # the "loan"
    token.delegate(rando, {"from": rando})

    tx = governor.castVote(proposal.proposal_id, FOR, {"from": rando})
    token.transfer(alice, 900_000 * TOKEN_UNIT, {"from": rando})  # repaid

    assert token.getVotes(rando) == 0
    assert tx.events["VoteCast"]["weight"] == 0
    assert [int(v) for v in governor.proposalVotes(proposal.proposal_id)] == [0, 0, 0]


def test_lender_still_votes_its_snapshot_weight_after_lending(proposal, governor, token, alice, rando):
    mine_until_active(proposal)
    token.transfer(rando, 900_000 * TOKEN_UNIT, {"from": alice})

    tx = governor.castVote(proposal.proposal_id, FOR, {"from": alice})

    assert tx.events["VoteCast"]["weight"] == 1_000_000 * TOKEN_UNIT


def test_moving_tokens_after_voting_cannot_vote_twice(proposal, governor, token, alice, rando):
    mine_until_active(proposal)
    governor.castVote(proposal.proposal_id, FOR, {"from": alice})
    token.transfer(rando, token.balanceOf(alice), {"from": alice})
    token.delegate(rando, {"from": rando})

    governor.castVote(proposal.proposal_id, FOR, {"from": rando})

    assert governor.proposalVotes(proposal.proposal_id)[1] == 1_000_000 * TOKEN_UNIT


def test_voting_twice_from_the_same_wallet_reverts(proposal, governor, alice):
    mine_until_active(proposal)
    governor.castVote(proposal.proposal_id, FOR, {"from": alice})

    with brownie.reverts(revert_pattern=error("GovernorAlreadyCastVote", alice)):
        governor.castVote(proposal.proposal_id, FOR, {"from": alice})


def test_undelegated_tokens_have_no_voting_power(proposal, governor, token, carol):
    mine_until_active(proposal)

    tx = governor.castVote(proposal.proposal_id, FOR, {"from": carol})

    assert token.balanceOf(carol) == 300_000 * TOKEN_UNIT
    assert token.getVotes(carol) == 0
    assert tx.events["VoteCast"]["weight"] == 0


def test_delegating_after_snapshot_does_not_count(proposal, governor, token, carol):
    mine_until_active(proposal)
    token.delegate(carol, {"from": carol})

    tx = governor.castVote(proposal.proposal_id, FOR, {"from": carol})

    assert token.getVotes(carol) == 300_000 * TOKEN_UNIT
    assert tx.events["VoteCast"]["weight"] == 0


def test_vote_signature_cannot_be_replayed(governor, token, gov, signer, holders, alice, rando, treasury_grant):
    from scripts.governance import proposal_document, propose

    token.transfer(signer, 50_000 * TOKEN_UNIT, {"from": gov})
    token.delegate(signer, {"from": signer})
    proposal = propose(governor, treasury_grant, document=proposal_document("replay"), proposer=alice)
    mine_until_active(proposal)
    typed = ballot(
        domain=domain(name="TealGovernor", chain_id=chain.id, verifying_contract=governor.address),
        proposal_id=proposal.proposal_id,
        support=FOR,
        voter=signer.address,
        nonce=governor.nonces(signer),
    )
    signature = sign(typed, signer.private_key).signature
    governor.castVoteBySig(proposal.proposal_id, FOR, signer, signature, {"from": rando})

    with brownie.reverts(revert_pattern=error("GovernorInvalidSignature", signer)):
        governor.castVoteBySig(proposal.proposal_id, FOR, signer, signature, {"from": rando})


def test_vote_signature_for_another_chain_is_rejected(
    governor, token, gov, signer, holders, alice, rando, treasury_grant
):
    from scripts.governance import proposal_document, propose

    token.transfer(signer, 50_000 * TOKEN_UNIT, {"from": gov})
    token.delegate(signer, {"from": signer})
    proposal = propose(governor, treasury_grant, document=proposal_document("xchain"), proposer=alice)
    mine_until_active(proposal)
    typed = ballot(
        domain=domain(name="TealGovernor", chain_id=chain.id + 1, verifying_contract=governor.address),
        proposal_id=proposal.proposal_id,
        support=FOR,
        voter=signer.address,
        nonce=governor.nonces(signer),
    )

    with brownie.reverts(revert_pattern=error("GovernorInvalidSignature", signer)):
        governor.castVoteBySig(
            proposal.proposal_id, FOR, signer, sign(typed, signer.private_key).signature, {"from": rando}
        )

    assert not governor.hasVoted(proposal.proposal_id, signer)


def test_vote_signature_cannot_be_redirected_to_another_support(
    governor, token, gov, signer, holders, alice, rando, treasury_grant
):
    from scripts.governance import AGAINST, proposal_document, propose

    token.transfer(signer, 50_000 * TOKEN_UNIT, {"from": gov})
    token.delegate(signer, {"from": signer})
    proposal = propose(governor, treasury_grant, document=proposal_document("redirect"), proposer=alice)
    mine_until_active(proposal)
    typed = ballot(
        domain=domain(name="TealGovernor", chain_id=chain.id, verifying_contract=governor.address),
        proposal_id=proposal.proposal_id,
        support=FOR,
        voter=signer.address,
        nonce=governor.nonces(signer),
    )

    with brownie.reverts(revert_pattern=error("GovernorInvalidSignature", signer)):
        governor.castVoteBySig(
            proposal.proposal_id, AGAINST, signer, sign(typed, signer.private_key).signature, {"from": rando}
        )
