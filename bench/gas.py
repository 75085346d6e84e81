"""Gas used by the governance calls (and the work contracts' calls where present).

    .venv/bin/python bench/gas.py [--network teal-test-anvil]

Prints one line per call and, last, `key=value` pairs of every figure.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.brownie_env import connect


def measure_governance() -> dict[str, int]:
    from brownie import accounts, chain

    from scripts.deploy import TOKEN_UNIT, deploy_governance, load_params, with_float
    from scripts.governance import (
        ABSTAIN,
        AGAINST,
        FOR,
        mine_until_active,
        mine_until_ended,
        proposal_document,
        propose,
    )
    from scripts.signatures import ballot, domain, sign

    deployer, alice, bob, carol = accounts[0], accounts[1], accounts[2], accounts[3]
    signer = accounts.add("0x" + "b3" * 32)
    deployer.transfer(signer, "1 ether")
    deployment = deploy_governance(with_float(load_params("test"), 4_000_000), deployer)
    token, governor = deployment.token, deployment.governor
    for holder in (alice, bob, carol, signer):  # 300k each: quorum (400k) needs two of them
        token.transfer(holder, 300_000 * TOKEN_UNIT, {"from": deployer})
        token.delegate(holder, {"from": holder})
    chain.mine()

    action = [(token, "transfer", [deployer, 1_000 * TOKEN_UNIT])]
    proposal = propose(governor, action, document=proposal_document("Bench"), proposer=alice, title="Bench")
    mine_until_active(proposal)
    cast_vote = governor.castVote(proposal.proposal_id, FOR, {"from": alice})
    with_reason = governor.castVoteWithReason(proposal.proposal_id, AGAINST, "not now", {"from": bob})
    # The vote that first reaches quorum also records the late-quorum deadline (once a proposal).
    reaching_quorum = governor.castVote(proposal.proposal_id, FOR, {"from": carol})
    typed = ballot(
        domain=domain(name="TealGovernor", chain_id=chain.id, verifying_contract=governor.address),
        proposal_id=proposal.proposal_id,
        support=ABSTAIN,
        voter=signer.address,
        nonce=governor.nonces(signer),
    )
    by_sig = governor.castVoteBySig(
        proposal.proposal_id, ABSTAIN, signer, sign(typed, signer.private_key).signature, {"from": carol}
    )
    mine_until_ended(proposal)
    queued = governor.queue(*proposal.args(), {"from": carol})
    chain.sleep(governor.proposalEta(proposal.proposal_id) - chain.time() + 1)
    chain.mine()
    executed = governor.execute(*proposal.args(), {"from": carol})
    return {
        "propose": proposal.tx.gas_used,
        "castVote": cast_vote.gas_used,
        "castVoteWithReason": with_reason.gas_used,
        "castVoteReachingQuorum": reaching_quorum.gas_used,
        "castVoteBySig": by_sig.gas_used,
        "queue": queued.gas_used,
        "execute": executed.gas_used,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default="teal-test-ganache")
    args = parser.parse_args()

    with contextlib.redirect_stdout(io.StringIO()):  # Brownie narrates every transaction
        connect(args.network)
        figures = measure_governance()
        try:
            from bench.gas_work import measure_work
        except ImportError:
            measure_work = None
        if measure_work is not None:
            figures.update(measure_work())

    from brownie import network

    from bench.gas_work import verdict

    print(f"gas used per call on {args.network} (optimizer on, 200 runs); `...Forwarded`: relayed through")
    print("the ERC-2771 forwarder (the whole execute transaction), with its overhead over the direct call")
    for name, gas in figures.items():
        print(f"  {name:<28} {gas:>9,}{verdict(name, figures)}")
    print(" ".join(f"{name}={gas}" for name, gas in figures.items()))
    network.disconnect()


if __name__ == "__main__":
    main()
