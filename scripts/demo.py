"""The demo: deploy the DAO on a local chain, walk a treasury grant through governance, then
let governance create two teams that run tasks through every state (scripts/demo_work.py).

    brownie run scripts/demo.py --network teal-ganache --silent

Prints each step as it happens: holders delegate, a holder proposes a grant (with its
`ipfs://` document), holders vote for, against and abstain (one by signature, relayed by
someone else), the proposal is queued in the timelock and executed after the delay.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings

from brownie import accounts, chain

from scripts import demo_work
from scripts.deploy import TOKEN_UNIT, deploy_all, load_params, with_float, write_manifest
from scripts.governance import (
    ABSTAIN,
    AGAINST,
    FOR,
    execute,
    mine_until_active,
    mine_until_ended,
    proposal_document,
    propose,
    queue,
)
from scripts.signatures import ballot, domain, sign

# Deterministic key for the holder who votes by signature (a demo key, never a real one).
SIGNER_KEY = "0x" + "d3" * 32
HOLDINGS = {"alice": 1_200_000, "bob": 800_000, "carol": 400_000, "dave": 150_000}
ERIN = 300_000
# The walkthrough's deployer hands out its own holders' tokens (and proposes the work demo's
# teams): a float taken out of the treasury, a capturing balance that a real deploy refuses.
FLOAT = sum(HOLDINGS.values()) + ERIN + 50_000


def say(text: str) -> None:
    # Brownie prints every transaction to stdout; main() silences that stream, so the
    # demo's own narration goes straight to the terminal.
    print(text, file=sys.__stdout__, flush=True)


def step(text: str) -> None:
    say(f"  - {text}")


def tokens(amount: int) -> str:
    return f"{amount / TOKEN_UNIT:,.0f} TEAL"


def main() -> None:
    # Brownie's chain.mine()/sleep() go through its own deprecated rpc aliases.
    warnings.filterwarnings("ignore", message=r"rpc\.\w+ should not be called directly")
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        run()


def run() -> None:
    say(f"Teal governance demo on chain {chain.id}")
    params = with_float(load_params(), FLOAT)
    deployer = accounts[0]
    deployment = deploy_all(params, deployer)
    token, governor, timelock = deployment.token, deployment.governor, deployment.timelock
    say("Deployed:")
    for name, contract in deployment.contracts().items():
        step(f"{name} at {contract.address}")
    step(f"treasury (timelock) holds {tokens(token.balanceOf(timelock))}")
    step(f"manifest written to {write_manifest(deployment)}")

    say("Holders receive tokens and delegate:")
    people = dict(zip(HOLDINGS, accounts[1:5], strict=True))
    signer = accounts.add(SIGNER_KEY)
    deployer.transfer(signer, "1 ether", silent=True)
    for name, account in people.items():
        token.transfer(account, HOLDINGS[name] * TOKEN_UNIT, {"from": deployer})
        if name != "dave":  # dave never delegates: his tokens carry no votes
            token.delegate(account, {"from": account})
    token.transfer(signer, ERIN * TOKEN_UNIT, {"from": deployer})
    token.delegate(signer, {"from": signer})
    chain.mine()
    for name, account in [*people.items(), ("erin", signer)]:
        step(
            f"{name} {account.address[:10]}… holds {tokens(token.balanceOf(account))}, "
            f"votes {tokens(token.getVotes(account))}"
        )

    grantee = accounts[8]
    grant = 25_000 * TOKEN_UNIT
    document = proposal_document(
        "Grant 25,000 TEAL to the onboarding guild",
        "Fund three months of contributor onboarding: docs, office hours, first tasks.",
        description=f"Transfer {tokens(grant)} from the treasury to {grantee.address}.",
    )
    say("Alice proposes a treasury grant:")
    proposal = propose(
        governor,
        [(token, "transfer", [grantee, grant])],
        document=document,
        proposer=people["alice"],
        title=document["body"]["title"],
    )
    step(f"proposal {str(proposal.proposal_id)[:12]}… is {proposal.state()}")
    step(f"document {proposal.description.splitlines()[0]} (in the local document store)")

    mine_until_active(proposal)
    say(f"Voting opens at block {chain.height} (snapshot {governor.proposalSnapshot(proposal.proposal_id)}):")
    governor.castVoteWithReason(proposal.proposal_id, FOR, "Onboarding is our bottleneck", {"from": people["alice"]})
    step('alice votes FOR: "Onboarding is our bottleneck"')
    governor.castVoteWithReason(proposal.proposal_id, AGAINST, "Too large for a first grant", {"from": people["bob"]})
    step('bob votes AGAINST: "Too large for a first grant"')
    governor.castVote(proposal.proposal_id, FOR, {"from": people["carol"]})
    step("carol votes FOR")
    typed = ballot(
        domain=domain(name="TealGovernor", chain_id=chain.id, verifying_contract=governor.address),
        proposal_id=proposal.proposal_id,
        support=ABSTAIN,
        voter=signer.address,
        nonce=governor.nonces(signer),
    )
    governor.castVoteBySig(proposal.proposal_id, ABSTAIN, signer, sign(typed, SIGNER_KEY).signature, {"from": grantee})
    step("erin ABSTAINS by signature; the grantee relays it and pays the gas")
    tx = governor.castVote(proposal.proposal_id, FOR, {"from": people["dave"]})
    step(f"dave votes FOR with weight {tokens(tx.events['VoteCast']['weight'])} (never delegated)")

    mine_until_ended(proposal)
    against, for_, abstain = governor.proposalVotes(proposal.proposal_id)
    quorum = governor.quorum(governor.proposalSnapshot(proposal.proposal_id))
    say("Voting closed:")
    step(f"for {tokens(for_)}, against {tokens(against)}, abstain {tokens(abstain)}; quorum {tokens(quorum)}")
    step(f"proposal is {proposal.state()}")

    queue(proposal, sender=people["carol"])
    eta = governor.proposalEta(proposal.proposal_id)
    step(f"queued in the timelock; executable after {eta - chain.time()} s")
    execute(proposal, sender=people["carol"])
    step(f"executed: proposal is {proposal.state()}")
    step(f"grantee holds {tokens(token.balanceOf(grantee))}; treasury {tokens(token.balanceOf(timelock))}")
    say("")
    demo_work.run(deployment, accounts)
    say("Done.")
