"""Reward distribution figures: computing an epoch, and the gas of the reward contracts.

    .venv/bin/python bench/rewards_epoch.py [--network teal-test-ganache] [--no-gas]

1. Time to compute an epoch's distribution (api/rewards `compute_distribution`) and its merkle
   tree with every proof, for 10,000 GIVE allocations (1,000 givers x 10 receivers each, 1,000
   receivers), next to a baseline in the same process: keccak256 of the same leaf bytes once
   each (the hashing no implementation avoids).
2. Gas (Ganache, optimizer on) of `claim` with a proof of a 1,000-receiver tree, next to
   Uniswap's merkle-distributor anchor (62.8k-91.7k gas a claim), and of starting,
   withdrawing from and stopping a stipend stream. The team actions take two approvals
   (the default threshold); the figure is the deciding approval, which does the work.

Prints one line per figure and, last, `key=value` pairs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eth_utils import keccak, to_checksum_address

from api.rewards import Allocation, compute_distribution
from api.rewards import distribution as distribution_module
from api.rewards import merkle as merkle_module
from api.rewards.merkle import _encode_leaf

RECEIVERS = 1_000
GIFTS_PER_GIVER = 10
UNIT = 10**18
DAY = 86_400
CLAIM_TARGET = 60_000
UNISWAP_ANCHOR = (62_800, 91_700)


def allocations(seed: int = 1) -> tuple[list[str], list[Allocation]]:
    rng = random.Random(seed)
    people = [to_checksum_address(rng.randbytes(20)) for _ in range(RECEIVERS)]
    gifts = []
    for giver in people:
        for receiver in rng.sample([p for p in people if p != giver], GIFTS_PER_GIVER):
            gifts.append(Allocation(giver=giver, receiver=receiver, give=rng.randrange(1, 11)))
    return people, gifts


def measure_compute(repeat: int = 3) -> dict[str, float]:
    _, gifts = allocations()
    pot = 100_000 * UNIT
    runs = []
    for _ in range(repeat):
        # A cold start each time: the address caches would otherwise carry over between runs.
        distribution_module._checksummed.cache_clear()
        merkle_module._checksummed.cache_clear()
        began = time.perf_counter()
        result = compute_distribution(gifts, pot=pot, cap=pot // 100)
        tree = result.tree()
        proofs = [tree.proof(i) for i in range(len(tree))]
        runs.append(time.perf_counter() - began)
    assert len(proofs) == len(result.payouts) and result.total <= pot
    leaves = [_encode_leaf(i, g.receiver, g.give) for i, g in enumerate(gifts)]
    baseline = []
    for _ in range(repeat):
        began = time.perf_counter()
        for leaf in leaves:
            keccak(leaf)
        baseline.append(time.perf_counter() - began)
    return {
        "allocations": len(gifts),
        "receivers": len(result.payouts),
        "epoch_ms": statistics.median(runs) * 1000,
        "baseline_keccak_ms": statistics.median(baseline) * 1000,
    }


def measure_gas() -> dict[str, int]:
    from brownie import MockERC20, accounts, chain

    from scripts.deploy import deploy_governance, deploy_work, load_params, with_float

    deployer, alice, bob, carol, relayer = accounts[0], accounts[1], accounts[2], accounts[3], accounts[8]
    deployment = deploy_work(deploy_governance(with_float(load_params("test"), 4_000_000), deployer))
    workstreams, distributor, stipends = deployment.workstreams, deployment.distributor, deployment.stipends
    deployer.transfer(deployment.timelock, "10 ether")
    dao = accounts.at(deployment.timelock.address, force=True)  # stands in for passed proposals
    token = MockERC20.deploy("Budget", "BUD", {"from": deployer})
    token.mint(dao, 1_000_000 * UNIT, {"from": deployer})
    token.approve(workstreams, 2**256 - 1, {"from": dao})
    guardrails = (1_000_000 * UNIT, 1_000 * UNIT, 0, 7 * DAY, 2)
    tx = workstreams.createWorkstream(
        "Bench", "bafkreibench", [alice, bob, carol], token, chain.time() + 365 * DAY, guardrails, {"from": dao}
    )
    ws = tx.events["WorkstreamCreated"]["workstreamId"]
    workstreams.fund(ws, 500_000 * UNIT, {"from": dao})

    def team(function: Any, *args: Any) -> Any:
        function(*args, {"from": alice})
        return function(*args, {"from": bob})

    figures: dict[str, int] = {}
    # An epoch paying 1,000 receivers; the first 16 already hold the token (a claim then
    # updates a non-zero balance, as for a returning contributor).
    people, gifts = allocations()
    pot = 100_000 * UNIT
    start = chain.time()
    opened = team(distributor.openEpoch, ws, pot, start, start + DAY, start + 30 * DAY, "bafkreiepoch")
    figures["openEpoch"] = opened.gas_used
    epoch_id = opened.events["EpochOpened"]["epochId"]
    chain.sleep(DAY + 1)
    chain.mine()
    result = compute_distribution(gifts, pot=pot)
    tree = result.tree()
    assert len(tree) == RECEIVERS
    figures["postRoot"] = team(distributor.postRoot, epoch_id, tree.root, result.total, "bafkreiresult").gas_used
    for payout in result.payouts[:16]:
        token.mint(payout.account, 1, {"from": deployer})

    def claim(position: int) -> int:
        payout = result.payouts[position]
        tx = distributor.claim(
            epoch_id, payout.index, payout.account, payout.amount, tree.proof(position), {"from": relayer}
        )
        return tx.gas_used

    figures["proofLength"] = len(tree.proof(0))
    figures["claimFirstInWordFreshAccount"] = claim(300)  # leaf 300 is alone in bitmap word 1
    figures["claimFirstInWordHolder"] = claim(0)
    holders = [claim(i) for i in range(1, 16)]
    figures["claimHolder"] = int(statistics.median(holders))
    fresh = [claim(i) for i in range(16, 41)]
    figures["claimFreshAccount"] = int(statistics.median(fresh))
    figures["claimAverageFirst41"] = int(statistics.mean([figures["claimFirstInWordHolder"], *holders, *fresh]))

    now = chain.time()
    started = team(stipends.startStream, ws, carol, 1_000 * UNIT, now, now + 90 * DAY, "bafkreistream")
    figures["streamStart"] = started.gas_used
    stream_id = started.events["StreamStarted"]["streamId"]
    chain.sleep(10 * DAY)
    chain.mine()
    figures["streamWithdraw"] = stipends.withdraw(stream_id, {"from": carol}).gas_used
    chain.sleep(DAY)
    figures["streamWithdrawAgain"] = stipends.withdraw(stream_id, {"from": relayer}).gas_used
    figures["streamStop"] = team(stipends.stopStream, stream_id).gas_used
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default="teal-test-ganache")
    parser.add_argument("--no-gas", action="store_true", help="only the computation figures")
    args = parser.parse_args()

    compute = measure_compute()
    print(
        f"epoch of {compute['allocations']:,} allocations -> {compute['receivers']:,} leaves: "
        f"distribution + tree + every proof {compute['epoch_ms']:.0f} ms "
        f"(baseline: keccak256 of each allocation's leaf bytes {compute['baseline_keccak_ms']:.0f} ms)"
    )
    figures: dict[str, float] = dict(compute)
    if not args.no_gas:
        from bench.brownie_env import connect

        with contextlib.redirect_stdout(io.StringIO()):  # Brownie narrates every transaction
            connect(args.network)
            gas = measure_gas()
        from brownie import network

        print(
            f"gas used per call on {args.network} (optimizer on, 200 runs); "
            f"Uniswap merkle-distributor anchor {UNISWAP_ANCHOR[0]:,}-{UNISWAP_ANCHOR[1]:,}, "
            f"target <= {CLAIM_TARGET:,}"
        )
        for name, value in gas.items():
            print(f"  {name:<30} {value:>9,}")
        figures.update(gas)
        network.disconnect()
    print(" ".join(f"{k}={round(v, 1) if isinstance(v, float) else v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
