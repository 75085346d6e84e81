"""Governance proposals: the list by live state and proposer, one with live state, votes.

A proposal's state is computed (chain view and current block), not stored: lists scan in
batches until the page is full.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from api.chain.types import Support
from api.content.cid import normalize_cid
from api.content.errors import InvalidCidError
from api.db import models
from api.http.chainview import ChainView
from api.http.deps import checked_address
from api.http.errors import not_found
from api.http.pagination import BIGINT, UINT256, Page, decode_cursor, encode_cursor
from api.http.queries.common import doc_ref, titles
from api.http.schemas.documents import DocumentRef
from api.http.schemas.proposals import (
    ChainEffect,
    Execution,
    ProposalDetail,
    ProposalSummary,
    Tallies,
    TokenTransfer,
    Trail,
    VoteOut,
)

SUPPORT = {int(s): s.label for s in Support}
# Events of an execution that are governance's own bookkeeping, not what the proposal did.
BOOKKEEPING = {"TealGovernor", "TealTimelock"}
GOVERNANCE_ERC20 = "TealToken"


@dataclass(frozen=True)
class ProposalFilters:
    """`GET /proposals`'s query; `proposer` an address (checked: 422 when it is not one)."""

    state: str | None = None
    proposer: str | None = None
    size: int = 50
    cursor: str | None = None


@dataclass(frozen=True)
class VoteFilters:
    """`GET /proposals/{id}/votes`'s query."""

    support: int | None = None
    size: int = 50
    cursor: str | None = None


def current_block(session: Session, chain: ChainView) -> int:
    head = chain.head()
    if head is not None:
        return head
    checkpoint = session.get(models.Checkpoint, chain.manifest.chain_id)
    return checkpoint.block_number if checkpoint else 0


def _tallies(p: models.Proposal) -> Tallies:
    return Tallies(
        **{
            "for": str(p.votes_for),
            "against": str(p.votes_against),
            "abstain": str(p.votes_abstain),
        }
    )


def _title(p: models.Proposal, doc_titles: dict[str, str]) -> str | None:
    if p.document_cid and p.document_cid in doc_titles:
        return doc_titles[p.document_cid]
    lines = p.description.splitlines()
    return lines[1].strip() if len(lines) > 1 and lines[1].strip() else None


def _summary(p: models.Proposal, state: str, doc_titles: dict[str, str]) -> ProposalSummary:
    return ProposalSummary(
        id=str(p.id),
        proposer=p.proposer,
        title=_title(p, doc_titles),
        state=state,
        vote_start=p.vote_start,
        vote_end=p.vote_end,
        tallies=_tallies(p),
        document_cid=p.document_cid,
        created_block=p.created_block,
    )


def vote_out(v: models.Vote) -> VoteOut:
    return VoteOut(
        voter=v.voter,
        support=SUPPORT.get(v.support, "abstain"),
        weight=str(v.weight),
        reason=v.reason,
        block_number=v.block_number,
        tx_hash=v.tx_hash,
    )


def proposal_page(session: Session, chain: ChainView, f: ProposalFilters) -> Page[ProposalSummary]:
    """Proposals newest first (created block, then id), in `f.state` when given."""
    after = decode_cursor(f.cursor, "proposals", (BIGINT, UINT256))
    query = select(models.Proposal).order_by(models.Proposal.created_block.desc(), models.Proposal.id.desc())
    if f.proposer is not None:
        query = query.where(models.Proposal.proposer == checked_address(f.proposer, "query.proposer"))
    if after is not None:
        block, pid = int(after[0]), int(after[1])
        query = query.where(
            or_(
                models.Proposal.created_block < block,
                and_(models.Proposal.created_block == block, models.Proposal.id < pid),
            )
        )
    now = current_block(session, chain)
    picked: list[tuple[models.Proposal, str]] = []
    # The state is computed, not stored: scan in batches until the page is full.
    for proposal in session.scalars(query.execution_options(yield_per=200)):
        proposal_state, _ = chain.proposal_state(proposal, now)
        if f.state is None or proposal_state == f.state:
            picked.append((proposal, proposal_state))
            if len(picked) > f.size:
                break
    more = len(picked) > f.size
    picked = picked[: f.size]
    doc_titles = titles(session, {p.document_cid for p, _ in picked if p.document_cid})
    items = [_summary(p, s, doc_titles) for p, s in picked]
    last = picked[-1][0] if picked else None
    return Page(
        items=items,
        next_cursor=encode_cursor("proposals", [last.created_block, str(last.id)]) if more and last else None,
    )


def proposal_detail(session: Session, chain: ChainView, proposal_id: int, *, spelled: str) -> ProposalDetail:
    """One proposal with live state, quorum and its 100 heaviest votes; 404 names `spelled`."""
    p = session.get(models.Proposal, proposal_id)
    if p is None:
        raise not_found("proposal", spelled)
    now = current_block(session, chain)
    state, quorum = chain.proposal_state(p, now)
    doc = doc_ref(session, p.document_cid)
    doc_titles = {p.document_cid: doc.body["title"]} if doc and doc.body and "title" in doc.body else {}
    votes = session.scalars(
        select(models.Vote)
        .where(models.Vote.proposal_id == proposal_id)
        .order_by(models.Vote.weight.desc(), models.Vote.id)
        .limit(100)
    )
    summary = _summary(p, state, doc_titles)  # type: ignore[arg-type]
    return ProposalDetail(
        **summary.model_dump(by_alias=True),
        description=p.description,
        quorum=None if quorum is None else str(quorum),
        quorum_reached=None if quorum is None else p.votes_for + p.votes_abstain >= quorum,
        eta=p.eta,
        current_block=now,
        blocks_until_start=max(0, p.vote_start - now),
        blocks_until_end=max(0, p.vote_end - now),
        targets=p.targets,
        values=[str(v) for v in p.values],
        calldatas=p.calldatas,
        document=doc,
        votes=[vote_out(v) for v in votes],
        trail=_trail(session, chain, p, doc),
    )


def _trail(session: Session, chain: ChainView, p: models.Proposal, doc: DocumentRef | None) -> Trail:
    """The forum thread and signal vote behind a proposal (from its verified document; the
    thread from the signal vote when the document names none), and what its execution did."""
    body = doc.body if doc is not None and doc.status == "ok" and isinstance(doc.body, dict) else {}
    signal = body.get("signal") if isinstance(body.get("signal"), dict) else None
    signal_id = str(signal["id"]) if signal and signal.get("id") else None
    discussion = str(body["discussion"]) if body.get("discussion") else None
    if discussion is None and signal_id is not None:
        discussion = (
            session.scalar(select(models.hub_proposals.c.discussion).where(models.hub_proposals.c.id == signal_id))
            or None
        )
    return Trail(
        discussion=discussion,
        discussion_post=_post_cid(discussion),
        signal_id=signal_id,
        execution=_execution(session, chain, p) if p.executed else None,
    )


def _post_cid(discussion: str | None) -> str | None:
    """The CID a discussion names: itself, or the last part of a URL (`.../posts/<cid>`)."""
    if not discussion:
        return None
    try:
        return normalize_cid(discussion.rstrip("/").rsplit("/", 1)[-1])
    except InvalidCidError:
        return None


def _execution(session: Session, chain: ChainView, p: models.Proposal) -> Execution | None:
    """The transaction that executed `p` and the events it caused, from the indexed log."""
    chain_id = chain.manifest.chain_id
    if p.executed_tx is None:
        return None
    executed = session.scalars(
        select(models.Event).where(
            models.Event.chain_id == chain_id,
            models.Event.tx_hash == p.executed_tx,
            models.Event.contract == "TealGovernor",
            models.Event.name == "ProposalExecuted",
        )
    ).first()
    if executed is None:
        return None
    logs = session.scalars(
        select(models.Event)
        .where(models.Event.chain_id == chain_id, models.Event.tx_hash == executed.tx_hash)
        .order_by(models.Event.log_index)
    ).all()
    transfers = [
        TokenTransfer.model_validate(
            {"token": e.address, "from": e.args["from"], "to": e.args["to"], "amount": str(e.args["value"])}
        )
        for e in logs
        if e.contract == GOVERNANCE_ERC20 and e.name == "Transfer"
    ]
    effects = [
        ChainEffect(contract=e.contract, event=e.name, args=e.args, log_index=e.log_index)
        for e in logs
        if e.contract not in BOOKKEEPING and e.contract != GOVERNANCE_ERC20
    ]
    return Execution(
        tx_hash=executed.tx_hash,
        block_number=executed.block_number,
        timestamp=executed.block_timestamp,
        transfers=transfers,
        effects=effects,
    )


def vote_page(session: Session, proposal_id: int, f: VoteFilters, *, spelled: str) -> Page[VoteOut]:
    """Every vote on a proposal, in chain order; 404 (naming `spelled`) when it is unknown."""
    if session.get(models.Proposal, proposal_id) is None:
        raise not_found("proposal", spelled)
    after = decode_cursor(f.cursor, "votes", (int,))
    query = select(models.Vote).where(models.Vote.proposal_id == proposal_id).order_by(models.Vote.id)
    if f.support is not None:
        query = query.where(models.Vote.support == f.support)
    if after is not None:
        query = query.where(models.Vote.id > int(after[0]))
    rows = list(session.scalars(query.limit(f.size + 1)))
    more = len(rows) > f.size
    rows = rows[: f.size]
    return Page(
        items=[vote_out(v) for v in rows],
        next_cursor=encode_cursor("votes", [rows[-1].id]) if more else None,
    )
