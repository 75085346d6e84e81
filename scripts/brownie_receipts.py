"""A mined transaction is never reported dropped.

Brownie's confirmation thread calls a transaction "dropped" when the sender's nonce has moved
past it and the node does not return its receipt (brownie.network.transaction
`_await_confirmation`, `wait`); the sender then raises "Tx dropped without known replacement"
unless another transaction with that nonce confirmed. Anvil answers the nonce of a block it is
still storing a moment before it answers the block's receipts, so under load (a busy CI
machine, several chains at once) a transaction it mined was now and then reported dropped: a
failed `teal up --chain anvil` seeding, a failed test. A transaction is dropped only if its
own receipt never appears: before raising, this asks the node for the receipt by hash for a
few seconds and, when it is there, confirms the transaction from it, as Brownie would have.
"""

from __future__ import annotations

import time
from typing import Any

from brownie import web3
from brownie.exceptions import TransactionError
from brownie.network.account import _PrivateKeyAccount
from brownie.network.transaction import TransactionReceipt
from web3.exceptions import TransactionNotFound

# How long a receipt may lag behind its sender's nonce; Anvil's gap is milliseconds.
RECEIPT_GRACE_SECONDS = 10.0
DROPPED = "dropped without known replacement"

_await_confirmation = _PrivateKeyAccount._await_confirmation


def _mined_receipt(txid: str, grace: float) -> dict[str, Any] | None:
    deadline = time.monotonic() + grace
    while True:
        try:
            receipt = web3.eth.get_transaction_receipt(txid)
            if receipt is not None and receipt["blockHash"] is not None:
                return dict(receipt)
        except TransactionNotFound:
            pass
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.2)


def _await_confirmation_by_receipt(
    self: _PrivateKeyAccount,
    receipt: TransactionReceipt,
    required_confs: int,
    *args: Any,
    **kwargs: Any,
) -> TransactionReceipt:
    try:
        return _await_confirmation(self, receipt, required_confs, *args, **kwargs)
    except TransactionError as exc:
        if DROPPED not in str(exc):
            raise
        mined = _mined_receipt(receipt.txid, RECEIPT_GRACE_SECONDS)
        if mined is None:
            raise
        receipt._confirmed.clear()
        # Brownie's own confirmation from here: sets status, gas, logs and the event.
        receipt._await_confirmation(mined["blockNumber"], required_confs)
        return receipt


def confirm_mined_transactions() -> None:
    """Install once per process (idempotent); every Brownie account's transactions use it."""
    if _PrivateKeyAccount._await_confirmation is not _await_confirmation_by_receipt:
        _PrivateKeyAccount._await_confirmation = _await_confirmation_by_receipt  # type: ignore[method-assign]
