"""One clock model on both test chains: a revert brings the chain's clock back to where it
stood at the snapshot, moved on by the wall-clock time since.

Ganache does this (its snapshots hold its time adjustment), and Brownie's `chain.time()`
assumes it (a revert restores Brownie's own offset). Anvil 1.7 does not: `evm_revert` puts
its clock back to the snapshot's block time and drops the wall-clock seconds that passed, so
after every revert Anvil's next block is older than `chain.time()` says, by however long the
reverted test ran. This records Anvil's offset with each snapshot and restores it on revert
(`evm_increaseTime` adds to the offset and returns the total, so 0 reads it), so a test reads
the same time on either chain whatever ran before it. Only Anvil's own figures go into it: a
clock set from ours (`evm_setTime` at our `time.time()` + offset) came out a second early
whenever Anvil read its clock after a second boundary ours had not crossed (seen once, on a
busy machine, 2026-11-29).
"""

from __future__ import annotations

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
        # After the revert Anvil's offset puts its clock at the snapshot's block time, behind
        # the recorded offset by the seconds that passed since; never ahead of it.
        behind = offset - int(anvil._request("evm_increaseTime", ["0x0"]))
        if behind > 0:
            anvil._request("evm_increaseTime", [hex(behind)])


_evm_snapshot, _evm_revert = anvil.snapshot, anvil.revert


def keep_anvil_clock_on_revert() -> None:
    """Patch Brownie's Anvil backend (a plain module it calls through) once per process."""
    if anvil.snapshot is not _snapshot:
        anvil.snapshot, anvil.revert = _snapshot, _revert
