"""The test chains keep one clock model (tests/chain_clock.py): after a revert the next block's
time is what Brownie's `chain.time()` says, however far an earlier test moved the clock and
however long it ran, on Ganache and on Anvil alike."""

from __future__ import annotations

import time

from brownie import chain

DAY = 86_400


def test_after_a_revert_the_next_block_is_at_chain_time():
    chain.snapshot()
    chain.sleep(30 * DAY)
    chain.mine()
    time.sleep(2)  # a test that ran for a while

    chain.revert()
    expected = chain.time()
    chain.mine()

    assert expected <= chain[-1].timestamp <= expected + 2
