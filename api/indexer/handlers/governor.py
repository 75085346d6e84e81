"""How the TealGovernor's events change the proposals and votes tables."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.db import models
from api.db.models import Event
from api.indexer.handlers.common import (
    Registry,
    add,
    as_int,
    document_cid_of,
    reference_document,
    registrar,
)

HANDLERS: Registry = {}
handles = registrar(HANDLERS)


@handles("TealGovernor", "ProposalCreated")
def _proposal_created(session: Session, event: Event) -> None:
    args = event.args
    cid = document_cid_of(args["description"])
    add(
        session,
        models.Proposal(
            id=as_int(args["proposalId"]),
            proposer=args["proposer"],
            description=args["description"],
            document_cid=cid,
            targets=args["targets"],
            values=args["values"],
            calldatas=args["calldatas"],
            vote_start=as_int(args["voteStart"]),
            vote_end=as_int(args["voteEnd"]),
            votes_for=0,
            votes_against=0,
            votes_abstain=0,
            queued=False,
            executed=False,
            canceled=False,
            created_block=event.block_number,
            created_tx=event.tx_hash,
            created_at=event.block_timestamp,
        ),
    )
    if cid:
        reference_document(session, cid, block_number=event.block_number)


@handles("TealGovernor", "VoteCast")
@handles("TealGovernor", "VoteCastWithParams")
def _vote_cast(session: Session, event: Event) -> None:
    args = event.args
    proposal_id, support, weight = as_int(args["proposalId"]), as_int(args["support"]), as_int(args["weight"])
    session.add(
        models.Vote(
            proposal_id=proposal_id,
            voter=args["voter"],
            support=support,
            weight=weight,
            reason=args.get("reason", ""),
            block_number=event.block_number,
            tx_hash=event.tx_hash,
        )
    )
    proposal = session.get(models.Proposal, proposal_id)
    if proposal is None:
        return
    if support == 0:
        proposal.votes_against = proposal.votes_against + weight
    elif support == 1:
        proposal.votes_for = proposal.votes_for + weight
    elif support == 2:
        proposal.votes_abstain = proposal.votes_abstain + weight


@handles("TealGovernor", "ProposalExtended")
def _proposal_extended(session: Session, event: Event) -> None:
    """A vote reached quorum late (GovernorPreventLateQuorum): voting now ends later."""
    proposal = session.get(models.Proposal, as_int(event.args["proposalId"]))
    if proposal is not None:
        proposal.vote_end = as_int(event.args["extendedDeadline"])


@handles("TealGovernor", "ProposalQueued")
def _proposal_queued(session: Session, event: Event) -> None:
    proposal = session.get(models.Proposal, as_int(event.args["proposalId"]))
    if proposal is not None:
        proposal.queued = True
        proposal.eta = as_int(event.args["etaSeconds"])


@handles("TealGovernor", "ProposalExecuted")
def _proposal_executed(session: Session, event: Event) -> None:
    proposal = session.get(models.Proposal, as_int(event.args["proposalId"]))
    if proposal is not None:
        proposal.executed, proposal.executed_tx = True, event.tx_hash


@handles("TealGovernor", "ProposalCanceled")
def _proposal_canceled(session: Session, event: Event) -> None:
    proposal = session.get(models.Proposal, as_int(event.args["proposalId"]))
    if proposal is not None:
        proposal.canceled = True
