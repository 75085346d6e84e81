"""How proposals fail: quorum, majority, cancellation, threshold, missing document."""

import brownie
import pytest
from helpers import DOCUMENT, error

from scripts.deploy import TOKEN_UNIT
from scripts.governance import ABSTAIN, AGAINST, FOR, mine_until_active, mine_until_ended, propose


def test_defeated_when_quorum_not_reached(proposal, governor, dave):
    mine_until_active(proposal)
    governor.castVote(proposal.proposal_id, FOR, {"from": dave})  # 5k of a 400k quorum

    mine_until_ended(proposal)

    assert governor.quorum(governor.proposalSnapshot(proposal.proposal_id)) == 400_000 * TOKEN_UNIT
    assert proposal.state() == "Defeated"


def test_abstain_counts_toward_quorum_but_not_the_majority(proposal, governor, alice, dave):
    mine_until_active(proposal)
    governor.castVote(proposal.proposal_id, ABSTAIN, {"from": alice})  # quorum reached by abstention
    governor.castVote(proposal.proposal_id, FOR, {"from": dave})

    mine_until_ended(proposal)

    assert proposal.state() == "Succeeded"


def test_defeated_by_majority_against(proposal, governor, alice, bob):
    mine_until_active(proposal)
    governor.castVote(proposal.proposal_id, FOR, {"from": bob})  # 600k for
    governor.castVote(proposal.proposal_id, AGAINST, {"from": alice})  # 1M against

    mine_until_ended(proposal)

    assert proposal.state() == "Defeated"


def test_tie_is_defeated(governor, token, gov, holders, alice, bob, carol, treasury_grant):
    token.transfer(bob, 400_000 * 10**18, {"from": gov})  # bob now equals alice: 1M each
    brownie.chain.mine()
    proposal = propose(governor, treasury_grant, document=DOCUMENT, proposer=alice)
    mine_until_active(proposal)
    governor.castVote(proposal.proposal_id, FOR, {"from": alice})
    governor.castVote(proposal.proposal_id, AGAINST, {"from": bob})

    mine_until_ended(proposal)

    assert proposal.state() == "Defeated"


def test_defeated_proposal_cannot_be_queued(proposal, governor, rando):
    mine_until_active(proposal)
    mine_until_ended(proposal)

    with brownie.reverts(revert_pattern=error("GovernorUnexpectedProposalState")):
        governor.queue(*proposal.args(), {"from": rando})


def test_proposer_cancels_a_pending_proposal(proposal, governor, alice):
    tx = governor.cancel(*proposal.args(), {"from": alice})

    assert tx.events["ProposalCanceled"]["proposalId"] == proposal.proposal_id
    assert proposal.state() == "Canceled"


def test_only_the_proposer_can_cancel(proposal, governor, bob):
    with brownie.reverts(revert_pattern=error("GovernorOnlyProposer", bob)):
        governor.cancel(*proposal.args(), {"from": bob})


def test_proposer_cannot_cancel_once_voting_started(proposal, governor, alice):
    mine_until_active(proposal)

    with brownie.reverts(revert_pattern=error("GovernorUnexpectedProposalState")):
        governor.cancel(*proposal.args(), {"from": alice})


def test_cannot_vote_on_a_cancelled_proposal(proposal, governor, alice, bob):
    governor.cancel(*proposal.args(), {"from": alice})
    mine_until_active(proposal)

    with brownie.reverts(revert_pattern=error("GovernorUnexpectedProposalState")):
        governor.castVote(proposal.proposal_id, FOR, {"from": bob})


def test_proposal_threshold_enforced(governor, holders, dave, treasury_grant):
    with brownie.reverts(
        revert_pattern=error("GovernorInsufficientProposerVotes", dave, 5_000 * TOKEN_UNIT, 10_000 * TOKEN_UNIT)
    ):
        propose(governor, treasury_grant, document=DOCUMENT, proposer=dave)


def test_proposal_threshold_met_exactly(governor, token, gov, holders, dave, treasury_grant):
    token.transfer(dave, 5_000 * TOKEN_UNIT, {"from": gov})  # dave now has exactly 10k
    brownie.chain.mine()

    proposal = propose(governor, treasury_grant, document=DOCUMENT, proposer=dave)

    assert proposal.state() == "Pending"


@pytest.mark.parametrize(
    "description",
    [
        "Fund the grants workstream",
        "ipfs://",
        "ipfs://tooShort",
        "https://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
        "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku/../x",
        " ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
    ],
)
def test_description_without_document_uri_is_rejected(governor, holders, alice, token, description):
    with brownie.reverts(revert_pattern=error("GovernorDescriptionWithoutDocument")):
        governor.propose([token], [0], [token.totalSupply.encode_input()], description, {"from": alice})


@pytest.mark.parametrize(
    "description",
    [
        "ipfs://QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH",
        "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku\n# Title\nBody",
        "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku#proposer=0x0",
    ],
)
def test_description_with_document_uri_is_accepted(governor, holders, alice, token, description):
    tx = governor.propose([token], [0], [token.totalSupply.encode_input()], description, {"from": alice})

    assert tx.events["ProposalCreated"]["description"] == description
