"""A transaction the chain mined is never reported dropped (scripts/brownie_receipts.py).

Brownie's confirmation thread marks a transaction dropped when the sender's nonce has moved on
and the node has not yet answered its receipt; Anvil, under load, answers the nonce first, and
`teal up --chain anvil`'s seeding or a test then failed on "Tx dropped without known
replacement" for a transaction that was in a block. These tests put a receipt in exactly the
state that thread leaves it in and call the sender's confirmation, as Brownie does next."""

from __future__ import annotations

import pytest
from brownie import accounts
from brownie.exceptions import TransactionError
from brownie.network.transaction import Status
from helpers import set_mining

from scripts import brownie_receipts


def _marked_dropped(receipt) -> None:
    """What Brownie's confirmation thread does when it decides the transaction was dropped."""
    receipt.status = Status(-2)
    receipt._confirmed.set()


def test_a_mined_transaction_marked_dropped_is_confirmed_from_its_receipt():
    sender, receiver = accounts[0], accounts[1]
    before = receiver.balance()
    receipt = sender.transfer(receiver, 12345)
    block = receipt.block_number
    _marked_dropped(receipt)

    # Brownie alone fails here, which is what seeding and tests hit.
    with pytest.raises(TransactionError, match="dropped without known replacement"):
        brownie_receipts._await_confirmation(sender, receipt, 1, None, None)
    _marked_dropped(receipt)

    confirmed = sender._await_confirmation(receipt, 1, None, None)

    assert confirmed is receipt
    assert confirmed.status == Status(1)
    assert confirmed.block_number == block
    assert receiver.balance() == before + 12345


def test_a_transaction_not_in_any_block_is_still_reported_dropped(monkeypatch):
    monkeypatch.setattr(brownie_receipts, "RECEIPT_GRACE_SECONDS", 0.5)
    sender = accounts[0]
    set_mining(False)
    try:
        pending = sender.transfer(accounts[1], 1, required_confs=0)
        _marked_dropped(pending)
        with pytest.raises(TransactionError, match="dropped without known replacement"):
            sender._await_confirmation(pending, 1, None, None)
    finally:
        set_mining(True)


def test_installing_twice_keeps_one_wrapper():
    from brownie.network.account import _PrivateKeyAccount

    brownie_receipts.confirm_mined_transactions()
    brownie_receipts.confirm_mined_transactions()

    assert _PrivateKeyAccount._await_confirmation is brownie_receipts._await_confirmation_by_receipt
    # The wrapper calls Brownie's own confirmation, never itself.
    assert brownie_receipts._await_confirmation.__module__ == "brownie.network.account"
