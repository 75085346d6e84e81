"""One clock model on both test chains: a revert brings the chain's clock back to where it
stood at the snapshot, moved on by the wall-clock time since.

Ganache does this (its snapshots hold its time adjustment), and Brownie's `chain.time()`
assumes it (a revert restores Brownie's own offset). Anvil 1.7 does not: `evm_revert` puts
its clock back to the snapshot's block time and drops the wall-clock seconds that passed, so
after every revert Anvil's next block is older than `chain.time()` says, by however long the
reverted test ran. This records Anvil's offset with each snapshot and sets it again on revert
(`evm_increaseTime` with 0 returns the offset; `evm_setTime` sets the clock), so a test reads
the same time on either chain whatever ran before it. Anvil counts the offset `evm_setTime`
gives from its own reading of the clock, which may already be in the next second when ours was
not (the clock then came out a second early: seen once, on a busy machine, 2026-11-29), so the
offset is read back and topped up.
"""

from __future__ import annotations

import time
from typing import Any

from brownie.network.rpc import anvil

_offsets: dict[Any, int] = {}


def _snapshot() -> Any:
    snapshot_id = _evm_snapshot()
    _offsets[snapshot_id] = int(anvil._request("evm_increaseTime", ["0x0"]))
    return snapshot_id


def _revert(snapshot_id: Any) -> None:
    _evm_revert(snapshot_id)
    offset = _offsets.get(snapshot_id)
    if offset is not None:
        anvil._request("evm_setTime", [int(time.time()) + offset])
        short = offset - int(anvil._request("evm_increaseTime", ["0x0"]))
        if short > 0:
            anvil._request("evm_increaseTime", [hex(short)])


_evm_snapshot, _evm_revert = anvil.snapshot, anvil.revert


def keep_anvil_clock_on_revert() -> None:
    """Patch Brownie's Anvil backend (a plain module it calls through) once per process."""
    if anvil.snapshot is not _snapshot:
        anvil.snapshot, anvil.revert = _snapshot, _revert
