"""Governance events become proposals, votes and accounts whose numbers equal the chain's."""

from brownie import chain
from sqlalchemy import func, select

from api.db import models
from scripts.governance import ABSTAIN, AGAINST, FOR, execute, mine_until_active, mine_until_ended, queue


def _run_proposal(governor, proposal, alice, bob, dave):
    mine_until_active(proposal)
    governor.castVoteWithReason(proposal.proposal_id, FOR, "yes please", {"from": alice})
    governor.castVote(proposal.proposal_id, AGAINST, {"from": bob})
    governor.castVote(proposal.proposal_id, ABSTAIN, {"from": dave})
    mine_until_ended(proposal)
    queue(proposal, sender=alice)
    execute(proposal, sender=alice)


def test_proposal_tallies_equal_proposal_votes(governor, proposal, alice, bob, dave, make_scanner, sessions):
    _run_proposal(governor, proposal, alice, bob, dave)

    make_scanner().sync()

    with sessions() as session:
        row = session.get(models.Proposal, proposal.proposal_id)
        against, for_, abstain = governor.proposalVotes(proposal.proposal_id)
        assert (row.votes_against, row.votes_for, row.votes_abstain) == (against, for_, abstain)
        assert row.executed and row.queued and not row.canceled
        assert row.eta == governor.proposalEta(proposal.proposal_id)
        assert row.document_cid == proposal.description.split("\n")[0].removeprefix("ipfs://")
        reasons = {v.voter: v.reason for v in session.scalars(select(models.Vote))}
        assert reasons[alice.address] == "yes please"
        assert session.get(models.Document, row.document_cid).status == "pending"


def test_a_late_quorum_moves_the_indexed_deadline(governor, proposal, alice, make_scanner, sessions):
    deadline = governor.proposalDeadline(proposal.proposal_id)
    mine_until_active(proposal)
    chain.mine(deadline - 1 - chain.height)
    tx = governor.castVote(proposal.proposal_id, FOR, {"from": alice})  # quorum reached in the last block
    assert "ProposalExtended" in tx.events

    make_scanner().sync()

    with sessions() as session:
        row = session.get(models.Proposal, proposal.proposal_id)
        assert row.vote_end == governor.proposalDeadline(proposal.proposal_id) > deadline


def test_accounts_match_token_balances_delegates_and_votes(
    token, holders, alice, carol, gov, timelock, make_scanner, sessions
):
    make_scanner().sync()

    with sessions() as session:
        for account in (alice, carol, gov, timelock):
            row = session.get(models.Account, account.address)
            assert row.balance == token.balanceOf(account)
            assert row.voting_power == token.getVotes(account)
            expected_delegate = token.delegates(account)
            assert (row.delegate or "0x0000000000000000000000000000000000000000") == expected_delegate


def test_second_sync_writes_nothing_new(governor, proposal, alice, bob, dave, make_scanner, sessions):
    _run_proposal(governor, proposal, alice, bob, dave)
    scanner = make_scanner()
    first = scanner.sync()

    second = scanner.sync()

    assert first > 0
    assert second == 0
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(models.Event)) == first


def test_confirmations_hold_back_the_newest_blocks(proposal, make_scanner, sessions):
    chain.mine(3)

    make_scanner(confirmations=3).sync()

    with sessions() as session:
        checkpoint = session.get(models.Checkpoint, chain.id)
        assert checkpoint.block_number == chain.height - 3


def test_small_ranges_give_the_same_database_as_one_range(
    governor, proposal, alice, bob, dave, rpc_url, chain_manifest, make_database_url, make_scanner, sessions
):
    from api.chain.rpc import connect
    from api.db.migrate import upgrade
    from api.db.session import make_engine, make_sessionmaker
    from api.indexer.scanner import Scanner, ScanSettings

    _run_proposal(governor, proposal, alice, bob, dave)
    make_scanner(initial_range=10_000).sync()
    other = make_engine(make_database_url("small"))
    upgrade(other)
    Scanner(
        w3=connect(rpc_url),
        manifest=chain_manifest,
        sessions=make_sessionmaker(other),
        settings=ScanSettings(initial_range=1, max_range=2),
    ).sync()

    def dump(maker):
        with maker() as session:
            return (
                [
                    (e.block_number, e.log_index, e.name, e.args)
                    for e in session.scalars(select(models.Event).order_by(models.Event.id))
                ],
                [(p.id, p.votes_for, p.votes_against, p.executed) for p in session.scalars(select(models.Proposal))],
            )

    assert dump(sessions) == dump(make_sessionmaker(other))
