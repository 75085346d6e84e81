"""Brownie takes an EVM snapshot after every transaction (and reads the new block), so that
`chain.undo()` can step back one transaction at a time: two or three requests more per
transaction, and on Anvil every snapshot copies the whole state. Only the reorg tests step
back (tests/indexer), so the others skip that bookkeeping; Brownie's clock still follows every
mined block. A `chain.undo()` where it is off fails with Brownie's "Undo buffer is empty",
never undoes to a wrong state."""

from __future__ import annotations

from typing import Any

from brownie.network.state import Chain

_keep_undo_buffer = Chain._add_to_undo_buffer
_wanted = False


def _after_transaction(self: Any, tx: Any, fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if _wanted:
        _keep_undo_buffer(self, tx, fn, args, kwargs)
        return
    with self._undo_lock:
        tx._confirmed.wait()
        self._set_time_offset_from_block()  # a transaction can move the chain's clock


def skip_undo_buffer() -> None:
    """Patch Brownie's Chain (called through by every transaction) once per process."""
    Chain._add_to_undo_buffer = _after_transaction


def want_undo_buffer(wanted: bool) -> None:
    global _wanted
    _wanted = wanted
