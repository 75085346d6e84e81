"""Gas used by the work contracts' calls (Workstreams + TaskBoard).

    .venv/bin/python bench/gas_work.py --network wt-ganache

`measure(deployment, accounts)` measures on an existing deployment (the governance part must
be deployed; the work contracts are added if missing); `measure_work()` deploys everything
itself (bench/gas.py calls it). Workstreams are created and funded through a real proposal.
The budget token is TEAL (ERC20Votes; recipients hold no delegation). Prints one line per
call and, last, `key=value` pairs.

Relayed paths (ERC-2771, through the TealForwarder) are measured next to the direct ones:
`<call>Forwarded` is the whole transaction the relayer pays for `forwarder.execute(request)`
(signature check, the signer's nonce, the call with the signer appended); the forwarder
overhead per call is `<call>Forwarded - <call>`. Each signer has used the forwarder once
before (its nonce slot is non-zero) except in `claimForwardedFirst`, a signer's first request.
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
# Keyed accounts for the relayed paths: two reviewers and a contributor, none holding ETH.
RELAY_MEMBER_KEYS = ("0x" + "a7" * 32, "0x" + "a8" * 32)
RELAY_CONTRIBUTOR_KEYS = ("0x" + "c8" * 32, "0x" + "c9" * 32)
PERMIT_HOLDER_KEY = "0x" + "ca" * 32  # pays its own gas: claimWithPermit called directly
# (forwarded figure, the direct figure it is compared with)
FORWARDED_PAIRS = {
    "claimForwarded": "claim",
    "submitForwarded": "submit",
    "approveForwarded": "approve",
    "approveFinalPay1Forwarded": "approveFinalPay1",
    "abandonForwarded": "abandon",
    "claimWithPermit": "claimWithBond",
    "claimWithPermitForwarded": "claimWithPermit",
    "claimForwardedFirst": "claimBySig",
}


def measure(deployment: Any, accounts: Any) -> dict[str, int]:
    from brownie import chain

    from scripts.deploy import TOKEN_UNIT, deploy_work
    from scripts.governance import pass_proposal, proposal_document
    from scripts.signatures import sign
    from scripts.work_signatures import board_domain, claim, forwarded, permit_vrs

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
    relay_members = [accounts.add(key) for key in RELAY_MEMBER_KEYS]
    contributors = [accounts.add(key) for key in RELAY_CONTRIBUTOR_KEYS]
    actions += [
        (
            workstreams,
            "createWorkstream",
            ["Bench relayed", "bafkreibench", [alice, *relay_members], token, end, rails],
        ),
        (
            workstreams,
            "createWorkstream",
            ["Bench relayed bonded", "bafkreibench", [alice, *relay_members], token, end, bonded],
        ),
        (workstreams, "fund", [first + 2, 10_000 * unit]),
        (workstreams, "fund", [first + 3, 10_000 * unit]),
    ]
    actions[0] = (token, "approve", [workstreams, 80_000 * unit])
    pass_proposal(
        governor, actions, document=proposal_document("Gas bench workstream"), proposer=deployer, voters=[deployer]
    )
    plain, bond_ws, relayed_ws, relayed_bond_ws = first, first + 1, first + 2, first + 3
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
    typed = claim(
        domain=board_domain(chain_id=chain.id, verifying_contract=board.address),
        task_id=t,
        claimant=signer.address,
        reward=reward,
        max_bond=0,
        nonce=7,
        deadline=deadline,
    )
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
    # bond_ws holds no bond again (the one above was forfeited): its claims start from the
    # same state as relayed_bond_ws's.
    gas.update(
        measure_forwarded(
            deployment, relayed_ws, (bond_ws, relayed_bond_ws), alice, carol, contributors, forwarded, permit_vrs
        )
    )
    return gas


def measure_forwarded(
    deployment: Any,
    ws: int,
    bonded: tuple[int, int],
    creator: Any,
    relayer: Any,
    contributors: list,
    forwarded: Any,
    permit_vrs: Any,
) -> dict[str, int]:
    """The relayed paths, in the same states as their direct counterparts above."""
    from brownie import chain

    token, workstreams, board, forwarder = (
        deployment.token,
        deployment.workstreams,
        deployment.task_board,
        deployment.forwarder,
    )
    reward, unit, cid, reason = 1_000 * 10**18, 10**18, "bafkreideliverable", "bafkreireason"
    first_key, key = RELAY_CONTRIBUTOR_KEYS
    gas: dict[str, int] = {}

    def relay(signer_key: str, data: Any) -> Any:
        request = forwarded(forwarder, signer_key, board, data, deadline=chain.time() + 3600)
        return forwarder.execute(request, {"from": relayer})

    def create(workstream: int) -> int:
        return board.createTask(workstream, 0, reward, 0, "bafkreispec", {"from": creator}).events["TaskCreated"][
            "taskId"
        ]

    for account in contributors:
        token.transfer(account, 100 * unit, {"from": deployment.deployer})
    # Every signer's first request pays for its nonce slot (zero to non-zero): measured once,
    # for a claim; the other signers use the forwarder once before their measured calls.
    gas["claimForwardedFirst"] = relay(first_key, board.claim.encode_input(create(ws), reward, 0)).gas_used
    for signer_key in (*RELAY_MEMBER_KEYS, key):
        relay(signer_key, board.cancelClaimNonces.encode_input(0, 0))

    t = create(ws)
    gas["claimForwarded"] = relay(key, board.claim.encode_input(t, reward, 0)).gas_used
    gas["submitForwarded"] = relay(key, board.submit.encode_input(t, cid, [], [])).gas_used
    gas["approveForwarded"] = relay(RELAY_MEMBER_KEYS[0], board.approve.encode_input(t, reason, [], [])).gas_used
    gas["approveFinalPay1Forwarded"] = relay(
        RELAY_MEMBER_KEYS[1], board.approve.encode_input(t, reason, [], [])
    ).gas_used
    t = create(ws)
    relay(key, board.claim.encode_input(t, reward, 0))
    gas["abandonForwarded"] = relay(key, board.abandon.encode_input(t)).gas_used

    from brownie import accounts

    holder = accounts.add(PERMIT_HOLDER_KEY)
    deployment.deployer.transfer(holder, "1 ether")
    token.transfer(holder, 100 * unit, {"from": deployment.deployer})
    b = create(bonded[0])
    deadline = chain.time() + 3600
    v, r, s = permit_vrs(token, PERMIT_HOLDER_KEY, workstreams, 10 * unit, deadline)
    gas["claimWithPermit"] = board.claimWithPermit(b, reward, 10 * unit, deadline, v, r, s, {"from": holder}).gas_used

    b = create(bonded[1])
    deadline = chain.time() + 3600
    v, r, s = permit_vrs(token, key, workstreams, 10 * unit, deadline)
    gas["claimWithPermitForwarded"] = relay(
        key, board.claimWithPermit.encode_input(b, reward, 10 * unit, deadline, v, r, s)
    ).gas_used
    return gas


def measure_work() -> dict[str, int]:
    """Deploy governance + work contracts on the connected network and measure."""
    from brownie import accounts

    from scripts.deploy import deploy_governance, load_params, with_float

    deployment = deploy_governance(with_float(load_params("test"), 4_000_000), accounts[0])
    return measure(deployment, accounts)


def verdict(name: str, figures: dict[str, int]) -> str:
    """The direct call's target, or the forwarder's overhead over the direct call."""
    target, direct = TARGETS.get(name), FORWARDED_PAIRS.get(name)
    if target:
        return f"  target <= {target:,}: {'met' if figures[name] <= target else 'MISSED'}"
    if direct and direct in figures:
        return f"  {figures[name] - figures[direct]:+,} over {direct}"
    return ""


def report(figures: dict[str, int], network_name: str) -> None:
    print(f"work contracts: gas used per call on {network_name} (optimizer on, 200 runs)")
    for name, used in figures.items():
        print(f"  {name:<28} {used:>9,}{verdict(name, figures)}")
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
