"""Gas used by the work contracts' calls (Workstreams + TaskBoard).

    .venv/bin/python bench/gas_work.py --network wt-ganache

`measure(deployment, accounts)` measures on an existing deployment (the governance part must
be deployed; the work contracts are added if missing); `measure_work()` deploys everything
itself (bench/gas.py calls it). Workstreams are created and funded through a real proposal.
The budget token is TEAL (ERC20Votes; recipients hold no delegation). Prints one line per
call and, last, `key=value` pairs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Targets from issue 3 (Ganache, optimizer on).
TARGETS = {"claim": 50_000, "submit": 75_000, "approveFinalPay1": 120_000}
SIGNER_KEY = "0x" + "b7" * 32


def measure(deployment: Any, accounts: Any) -> dict[str, int]:
    from brownie import chain

    from scripts.deploy import TOKEN_UNIT, deploy_work
    from scripts.governance import pass_proposal, proposal_document
    from scripts.signatures import sign
    from scripts.work_signatures import board_domain, claim

    if deployment.workstreams is None:
        deploy_work(deployment)
    token, governor = deployment.token, deployment.governor
    workstreams, board = deployment.workstreams, deployment.task_board
    deployer = deployment.deployer
    alice, bob, carol, worker, helper, helper2, fresh = (accounts[i] for i in range(1, 8))
    signer = accounts.add(SIGNER_KEY)
    deployer.transfer(signer, "1 ether")

    # Governance: one proposal creates and funds two workstreams (no bond / with a bond).
    if token.delegates(deployer) != deployer:
        token.delegate(deployer, {"from": deployer})
        chain.mine()
    first = workstreams.workstreamCount() + 1
    unit, day = TOKEN_UNIT, 86_400
    rails = (100_000 * unit, 5_000 * unit, 0, 7 * day, 2)
    bonded = (100_000 * unit, 5_000 * unit, 10 * unit, 7 * day, 2)
    end = chain.time() + 180 * day
    actions = [
        (token, "approve", [workstreams, 60_000 * unit]),
        (workstreams, "createWorkstream", ["Bench", "bafkreibench", [alice, bob, carol], token, end, rails]),
        (workstreams, "createWorkstream", ["Bench bonded", "bafkreibench", [alice, bob, carol], token, end, bonded]),
        (workstreams, "fund", [first, 30_000 * unit]),
        (workstreams, "fund", [first + 1, 30_000 * unit]),
    ]
    pass_proposal(governor, actions, document=proposal_document("Gas bench workstream"), proposer=deployer,
                  voters=[deployer])
    plain, bond_ws = first, first + 1
    for account in (worker, helper, helper2, signer):  # returning contributors: they hold TEAL
        token.transfer(account, 100 * unit, {"from": deployer})
        token.approve(workstreams, 2**256 - 1, {"from": account})

    reward, spec, cid = 1_000 * unit, "bafkreispec", "bafkreideliverable"
    gas: dict[str, int] = {}

    def create(ws: int, parent: int = 0) -> Any:
        return board.createTask(ws, parent, reward if not parent else reward // 4, 0, spec, {"from": alice})

    def task_id(tx: Any) -> int:
        return tx.events["TaskCreated"]["taskId"]

    tx = create(plain)
    gas["createTask"] = tx.gas_used
    parent = task_id(tx)
    gas["createSubtask"] = create(plain, parent).gas_used
    gas["cancel"] = board.cancel(task_id(create(plain)), {"from": alice}).gas_used

    t = task_id(create(plain))
    gas["claim"] = board.claim(t, reward, 0, {"from": worker}).gas_used
    gas["submit"] = board.submit(t, cid, [], [], {"from": worker}).gas_used
    gas["reject"] = board.reject(t, "bafkreireason", {"from": alice}).gas_used
    board.submit(t, cid, [], [], {"from": worker})
    gas["approve"] = board.approve(t, "bafkreireason", [], [], {"from": alice}).gas_used
    gas["approveFinalPay1"] = board.approve(t, "bafkreireason", [], [], {"from": bob}).gas_used

    t = task_id(create(plain))
    board.claim(t, reward, 0, {"from": fresh})
    board.submit(t, cid, [], [], {"from": fresh})
    board.approve(t, "bafkreireason", [], [], {"from": alice})
    gas["approveFinalPay1Fresh"] = board.approve(t, "bafkreireason", [], [], {"from": bob}).gas_used

    t = task_id(create(plain))
    board.claim(t, reward, 0, {"from": worker})
    split = ([worker, helper, helper2], [5_000, 3_000, 2_000])
    gas["submitSplit3"] = board.submit(t, cid, *split, {"from": worker}).gas_used
    board.approve(t, "bafkreireason", *split, {"from": alice})
    gas["approveFinalPay3"] = board.approve(t, "bafkreireason", *split, {"from": bob}).gas_used

    t = task_id(create(plain))
    deadline = chain.time() + 3600
    typed = claim(domain=board_domain(chain_id=chain.id, verifying_contract=board.address),
                  task_id=t, claimant=signer.address, reward=reward, max_bond=0, nonce=7, deadline=deadline)
    signature = sign(typed, SIGNER_KEY).signature
    gas["claimBySig"] = board.claimBySig(t, signer, reward, 0, 7, deadline, signature, {"from": carol}).gas_used
    gas["abandon"] = board.abandon(t, {"from": signer}).gas_used

    t = task_id(create(plain))
    board.claim(t, reward, 0, {"from": worker})
    b = task_id(create(bond_ws))
    gas["claimWithBond"] = board.claim(b, reward, 10 * unit, {"from": helper}).gas_used
    chain.sleep(7 * day + 1)
    gas["reopenExpired"] = board.reopenExpired(t, {"from": carol}).gas_used
    gas["reopenExpiredWithBond"] = board.reopenExpired(b, {"from": carol}).gas_used
    return gas


def measure_work() -> dict[str, int]:
    """Deploy governance + work contracts on the connected network and measure."""
    from brownie import accounts

    from scripts.deploy import deploy_governance, load_params, with_float

    deployment = deploy_governance(with_float(load_params("test"), 4_000_000), accounts[0])
    return measure(deployment, accounts)


def report(figures: dict[str, int], network_name: str) -> None:
    print(f"work contracts: gas used per call on {network_name} (optimizer on, 200 runs)")
    for name, used in figures.items():
        target = TARGETS.get(name)
        verdict = f"  target <= {target:,}: {'met' if used <= target else 'MISSED'}" if target else ""
        print(f"  {name:<24} {used:>9,}{verdict}")
    print(" ".join(f"{name}={used}" for name, used in figures.items()))


def main() -> None:
    from brownie import network

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default="teal-test-ganache")
    args = parser.parse_args()
    from bench.brownie_env import connect

    with contextlib.redirect_stdout(io.StringIO()):  # Brownie narrates every transaction
        connect(args.network)
        figures = measure_work()
    report(figures, args.network)
    network.disconnect()


if __name__ == "__main__":
    main()
