"""GovernorPreventLateQuorum: a vote that first reaches quorum near the deadline moves the
deadline so the other side has `lateQuorumVoteExtension` blocks to answer."""

import brownie
from brownie import chain
from helpers import error

from scripts.governance import AGAINST, FOR, mine_until_active, mine_until_ended


def test_the_extension_comes_from_the_profile(governor, params):
    assert governor.lateQuorumVoteExtension() == params["governor"]["late_quorum_extension"] > 0


def test_a_late_quorum_extends_the_deadline(proposal, governor, alice, bob):
    extension = governor.lateQuorumVoteExtension()
    deadline = governor.proposalDeadline(proposal.proposal_id)
    mine_until_active(proposal)
    chain.mine(deadline - 1 - chain.height)  # alice's vote lands in the deadline block itself

    tx = governor.castVote(proposal.proposal_id, FOR, {"from": alice})  # 1M: quorum reached

    assert tx.block_number == deadline
    assert tx.events["ProposalExtended"]["proposalId"] == proposal.proposal_id
    assert tx.events["ProposalExtended"]["extendedDeadline"] == deadline + extension
    assert governor.proposalDeadline(proposal.proposal_id) == deadline + extension
    chain.mine()  # past the original deadline: still open for an answer
    assert proposal.state() == "Active"
    governor.castVote(proposal.proposal_id, AGAINST, {"from": bob})
    mine_until_ended(proposal)
    assert chain.height == deadline + extension + 1
    assert proposal.state() == "Succeeded"


def test_an_early_quorum_keeps_the_deadline(proposal, governor, alice):
    deadline = governor.proposalDeadline(proposal.proposal_id)
    mine_until_active(proposal)

    tx = governor.castVote(proposal.proposal_id, FOR, {"from": alice})

    assert "ProposalExtended" not in tx.events
    assert governor.proposalDeadline(proposal.proposal_id) == deadline


def test_a_late_vote_below_quorum_does_not_extend(proposal, governor, dave):
    deadline = governor.proposalDeadline(proposal.proposal_id)
    mine_until_active(proposal)
    chain.mine(deadline - 1 - chain.height)

    tx = governor.castVote(proposal.proposal_id, FOR, {"from": dave})  # 5k of a 400k quorum

    assert "ProposalExtended" not in tx.events
    assert governor.proposalDeadline(proposal.proposal_id) == deadline
    chain.mine()
    assert proposal.state() == "Defeated"


def test_only_governance_changes_the_extension(governor, alice):
    with brownie.reverts(revert_pattern=error("GovernorOnlyExecutor")):
        governor.setLateQuorumVoteExtension(1, {"from": alice})
