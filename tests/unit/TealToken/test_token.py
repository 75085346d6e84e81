"""The governance token: fixed supply, permits, checkpointed delegation."""

import brownie
from brownie import chain
from helpers import error

from scripts.deploy import TOKEN_UNIT
from scripts.signatures import domain, permit, sign


def test_whole_supply_minted_once(token, params):
    assert token.totalSupply() == params["token"]["supply"] * TOKEN_UNIT


def test_permit_sets_allowance_without_a_transaction_from_the_owner(token, signer, rando):
    deadline = chain.time() + 3600
    typed = permit(
        domain=domain(name="Teal", chain_id=chain.id, verifying_contract=token.address),
        owner=signer.address,
        spender=rando.address,
        value=123,
        nonce=token.nonces(signer),
        deadline=deadline,
    )
    signed = sign(typed, signer.private_key)

    token.permit(signer, rando, 123, deadline, signed.v, signed.r, signed.s, {"from": rando})

    assert token.allowance(signer, rando) == 123


def test_expired_permit_reverts(token, signer, rando):
    deadline = chain.time() - 1
    typed = permit(
        domain=domain(name="Teal", chain_id=chain.id, verifying_contract=token.address),
        owner=signer.address,
        spender=rando.address,
        value=123,
        nonce=token.nonces(signer),
        deadline=deadline,
    )
    signed = sign(typed, signer.private_key)

    with brownie.reverts(revert_pattern=error("ERC2612ExpiredSignature", deadline)):
        token.permit(signer, rando, 123, deadline, signed.v, signed.r, signed.s, {"from": rando})


def test_delegation_moves_power_and_emits_vote_changes(token, gov, alice, bob):
    token.transfer(alice, 10 * TOKEN_UNIT, {"from": gov})
    token.delegate(alice, {"from": alice})

    tx = token.delegate(bob, {"from": alice})

    assert tx.events["DelegateChanged"]["fromDelegate"] == alice
    assert tx.events["DelegateChanged"]["toDelegate"] == bob
    assert token.getVotes(alice) == 0
    assert token.getVotes(bob) == 10 * TOKEN_UNIT


def test_past_votes_are_checkpointed_per_block(token, gov, alice):
    token.transfer(alice, 10 * TOKEN_UNIT, {"from": gov})
    tx = token.delegate(alice, {"from": alice})
    chain.mine()

    token.transfer(gov, 4 * TOKEN_UNIT, {"from": alice})
    chain.mine()

    assert token.getPastVotes(alice, tx.block_number) == 10 * TOKEN_UNIT
    assert token.getVotes(alice) == 6 * TOKEN_UNIT
