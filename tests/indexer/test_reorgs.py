"""Reorgs for real: the node reverts to an earlier snapshot (Brownie's `chain.undo`, which is
`evm_revert` to the snapshot it took before each transaction) and mines a different branch
under the indexer, which must roll back to the common ancestor and end with the database a
clean run gives."""

import pytest
from brownie import chain, web3
from sqlalchemy import select

from api.db import models
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from scripts.deploy import TOKEN_UNIT


def dump(sessions):
    with sessions() as session:
        events = [
            (e.block_number, e.block_hash, e.log_index, e.name, e.args)
            for e in session.scalars(select(models.Event).order_by(models.Event.block_number, models.Event.log_index))
        ]
        accounts = [
            (a.address, a.balance, a.voting_power, a.delegate)
            for a in session.scalars(select(models.Account).order_by(models.Account.address))
        ]
        checkpoint = session.get(models.Checkpoint, chain.id)
        return events, accounts, (checkpoint.block_number, checkpoint.block_hash)


@pytest.mark.parametrize("depth", [1, 5])
def test_reorg_rolls_back_and_matches_a_clean_index(
    depth, token, holders, alice, bob, carol, make_scanner, sessions, make_database_url
):
    scanner = make_scanner()
    scanner.sync()
    for _ in range(depth):  # the branch the indexer sees first: alice pays bob
        token.transfer(bob, 1 * TOKEN_UNIT, {"from": alice})
    scanner.sync()
    orphaned_tip = chain.height

    chain.undo(depth)
    for _ in range(depth + 1):  # the branch that wins: alice pays carol, one block longer
        token.transfer(carol, 2 * TOKEN_UNIT, {"from": alice})
    assert chain.height == orphaned_tip + 1
    scanner.sync()

    assert len(scanner.reorgs) == 1
    # each orphaned transfer: Transfer, plus DelegateVotesChanged for sender and receiver (both delegated)
    assert scanner.reorgs[0].events_removed == depth * 3
    assert scanner.reorgs[0].ancestor <= orphaned_tip - depth
    clean = make_engine(make_database_url("clean"))
    upgrade(clean)
    from api.chain.rpc import connect
    from api.indexer.scanner import Scanner

    Scanner(w3=connect(web3.provider.endpoint_uri), manifest=scanner.manifest, sessions=make_sessionmaker(clean)).sync()
    assert dump(sessions) == dump(make_sessionmaker(clean))
    with sessions() as session:
        assert session.get(models.Account, bob.address).balance == token.balanceOf(bob)
        assert session.get(models.Account, carol.address).balance == token.balanceOf(carol)


def test_chain_shorter_than_checkpoint_rolls_back(token, holders, alice, bob, make_scanner, sessions):
    scanner = make_scanner()
    scanner.sync()
    token.transfer(bob, 1 * TOKEN_UNIT, {"from": alice})
    token.transfer(bob, 1 * TOKEN_UNIT, {"from": alice})
    scanner.sync()

    chain.undo(2)
    scanner.sync()

    assert len(scanner.reorgs) == 1
    with sessions() as session:
        assert session.get(models.Account, bob.address).balance == token.balanceOf(bob)
        assert session.get(models.Checkpoint, chain.id).block_number <= chain.height


def _is_anvil():
    return web3.client_version.lower().startswith("anvil")


@pytest.mark.skipif("not _is_anvil()", reason="anvil_reorg needs Anvil: run scripts/test.sh --anvil (CI does)")
@pytest.mark.parametrize("depth", [1, 5])
def test_anvil_reorg_replaces_blocks_under_the_indexer(
    depth, token, holders, alice, bob, make_scanner, sessions, make_database_url
):
    """Anvil's own reorg (`anvil_reorg`) swaps the last `depth` blocks for new ones; the
    orphaned transfers vanish from the database, which then equals a clean index."""
    scanner = make_scanner()
    for _ in range(depth):
        token.transfer(bob, 1 * TOKEN_UNIT, {"from": alice})
    scanner.sync()
    tip_hash = web3.eth.get_block("latest")["hash"]

    response = web3.provider.make_request("anvil_reorg", [depth, []])
    assert "error" not in response, response
    assert web3.eth.get_block("latest")["hash"] != tip_hash
    scanner.sync()

    assert len(scanner.reorgs) == 1
    assert scanner.reorgs[0].events_removed == depth * 3
    clean = make_engine(make_database_url("clean"))
    upgrade(clean)
    from api.chain.rpc import connect
    from api.indexer.scanner import Scanner

    Scanner(w3=connect(web3.provider.endpoint_uri), manifest=scanner.manifest, sessions=make_sessionmaker(clean)).sync()
    assert dump(sessions) == dump(make_sessionmaker(clean))
    with sessions() as session:
        assert session.get(models.Account, bob.address).balance == token.balanceOf(bob)
