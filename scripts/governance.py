"""Governance steps as functions: propose, vote, queue, execute through the timelock.

Used by the demo script, the gas bench and the tests, so the same code path that a
developer watches in the demo is the one the tests check.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from brownie import chain
from brownie.network.account import Account

from api.chain.types import ProposalState, Support
from api.content import DocumentStore, open_store, publish_document
from api.settings import load_settings

# GovernorCountingSimple's support values, by their short names in the demo scripts.
AGAINST, FOR, ABSTAIN = Support.AGAINST, Support.FOR, Support.ABSTAIN


@cache
def default_store() -> DocumentStore:
    """The document store configured by TEAL_* settings (embedded, under ./data, by default)."""
    return open_store(load_settings())


def publish(document: dict[str, Any], *, store: DocumentStore | None = None) -> str:
    """Schema-check and store a document envelope (`{"schema": ..., "body": ...}`); its CID."""
    return publish_document(store=store or default_store(), document=document).cid


def proposal_document(title: str, summary: str = "", **fields: Any) -> dict[str, Any]:
    """A `teal/proposal@1` envelope."""
    return {"schema": "teal/proposal@1", "body": {"title": title, "summary": summary or title, **fields}}


@dataclass
class Proposal:
    """A proposal's actions and description, enough to queue, execute or cancel it."""

    governor: Any
    targets: list[str]
    values: list[int]
    calldatas: list[bytes]
    description: str
    proposal_id: int
    tx: Any

    @property
    def description_hash(self) -> bytes:
        from brownie import web3

        return web3.keccak(text=self.description)

    def state(self) -> str:
        return ProposalState(self.governor.state(self.proposal_id)).title

    def args(self) -> tuple[list[str], list[int], list[bytes], bytes]:
        return self.targets, self.values, self.calldatas, self.description_hash


def propose(
    governor: Any,
    actions: list[tuple[Any, str, list[Any]]],
    *,
    document: dict[str, Any],
    proposer: Account,
    title: str = "",
) -> Proposal:
    """Propose `actions` (contract, function name, args) with its document's `ipfs://` URI.

    The description is `ipfs://<cid>` then, on the next line, the title: the Governor
    requires the URI first, and wallets show the rest.
    """
    targets = [contract.address for contract, _, _ in actions]
    calldatas = [getattr(contract, fn).encode_input(*args) for contract, fn, args in actions]
    values = [0] * len(actions)
    description = f"ipfs://{publish(document)}" + (f"\n{title}" if title else "")
    tx = governor.propose(targets, values, calldatas, description, {"from": proposer})
    proposal_id = tx.events["ProposalCreated"]["proposalId"]
    return Proposal(governor, targets, values, calldatas, description, proposal_id, tx)


def mine_until_active(proposal: Proposal) -> None:
    """Mine blocks until voting opens (the snapshot block has passed)."""
    snapshot = proposal.governor.proposalSnapshot(proposal.proposal_id)
    if chain.height <= snapshot:
        chain.mine(snapshot - chain.height + 1)


def mine_until_ended(proposal: Proposal) -> None:
    deadline = proposal.governor.proposalDeadline(proposal.proposal_id)
    if chain.height <= deadline:
        chain.mine(deadline - chain.height + 1)


def queue(proposal: Proposal, *, sender: Account) -> Any:
    return proposal.governor.queue(*proposal.args(), {"from": sender})


def execute(proposal: Proposal, *, sender: Account) -> Any:
    """Wait out the timelock delay, then execute."""
    eta = proposal.governor.proposalEta(proposal.proposal_id)
    now = chain.time()
    if now < eta:
        chain.sleep(eta - now + 1)
        chain.mine()
    return proposal.governor.execute(*proposal.args(), {"from": sender})


def pass_proposal(
    governor: Any,
    actions: list[tuple[Any, str, list[Any]]],
    *,
    document: dict[str, Any],
    proposer: Account,
    voters: list[Account],
    title: str = "",
) -> Proposal:
    """Propose, vote FOR with every voter, queue and execute: governance in one call."""
    proposal = propose(governor, actions, document=document, proposer=proposer, title=title)
    mine_until_active(proposal)
    for voter in voters:
        governor.castVote(proposal.proposal_id, FOR, {"from": voter})
    mine_until_ended(proposal)
    queue(proposal, sender=proposer)
    execute(proposal, sender=proposer)
    return proposal
