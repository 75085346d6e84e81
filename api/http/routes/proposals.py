"""Governance proposals: list by state and proposer, one with live state, and votes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from api.chain.types import Support
from api.db import models
from api.http.chainview import ChainView
from api.http.deps import ChainDep, SessionDep, SettingsDep, checked_address, page_limit
from api.http.errors import not_found
from api.http.pagination import BIGINT, UINT256, Page, decode_cursor, encode_cursor
from api.http.routes.common import (
    AsciiInt,
    Cursor,
    Limit,
    Uint256Path,
    doc_ref,
    titles,
    uint256,
)
from api.http.schemas.common import ProposalState
from api.http.schemas.proposals import ProposalDetail, ProposalSummary, Tallies, VoteOut

router = APIRouter(prefix="/proposals", tags=["proposals"])
SUPPORT = {int(s): s.label for s in Support}


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
        state=state,  # type: ignore[arg-type]
        vote_start=p.vote_start,
        vote_end=p.vote_end,
        tallies=_tallies(p),
        document_cid=p.document_cid,
        created_block=p.created_block,
    )


def vote_out(v: models.Vote) -> VoteOut:
    return VoteOut(
        voter=v.voter,
        support=SUPPORT.get(v.support, "abstain"),  # type: ignore[arg-type]
        weight=str(v.weight),
        reason=v.reason,
        block_number=v.block_number,
        tx_hash=v.tx_hash,
    )


@router.get("", response_model=Page[ProposalSummary], summary="Proposals, newest first.")
def list_proposals(
    session: SessionDep,
    chain: ChainDep,
    settings: SettingsDep,
    state: Annotated[
        ProposalState | None, Query(description="Only proposals in this live state.")
    ] = None,
    proposer: Annotated[
        str | None, Query(max_length=64, description="Only this proposer's.")
    ] = None,
    limit: Limit = None,
    cursor: Cursor = None,
) -> Page[ProposalSummary]:
    size = page_limit(settings, limit)
    after = decode_cursor(cursor, "proposals", (BIGINT, UINT256))
    query = select(models.Proposal).order_by(
        models.Proposal.created_block.desc(), models.Proposal.id.desc()
    )
    if proposer is not None:
        query = query.where(models.Proposal.proposer == checked_address(proposer, "query.proposer"))
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
        if state is None or proposal_state == state:
            picked.append((proposal, proposal_state))
            if len(picked) > size:
                break
    more = len(picked) > size
    picked = picked[:size]
    doc_titles = titles(session, {p.document_cid for p, _ in picked if p.document_cid})
    items = [_summary(p, s, doc_titles) for p, s in picked]
    last = picked[-1][0] if picked else None
    return Page(
        items=items,
        next_cursor=encode_cursor("proposals", [last.created_block, str(last.id)])
        if more and last
        else None,
    )


@router.get(
    "/{proposal_id}", response_model=ProposalDetail, summary="One proposal with live state."
)
def get_proposal(proposal_id: Uint256Path, session: SessionDep, chain: ChainDep) -> ProposalDetail:
    pid = uint256(proposal_id, "path.proposal_id")
    p = session.get(models.Proposal, pid)
    if p is None:
        raise not_found("proposal", proposal_id)
    now = current_block(session, chain)
    state, quorum = chain.proposal_state(p, now)
    doc = doc_ref(session, p.document_cid)
    doc_titles = (
        {p.document_cid: doc.body["title"]} if doc and doc.body and "title" in doc.body else {}
    )
    votes = session.scalars(
        select(models.Vote)
        .where(models.Vote.proposal_id == pid)
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
    )


@router.get(
    "/{proposal_id}/votes", response_model=Page[VoteOut], summary="Every vote, in chain order."
)
def list_votes(
    proposal_id: Uint256Path,
    session: SessionDep,
    settings: SettingsDep,
    support: Annotated[
        AsciiInt | None, Query(ge=0, le=2, description="0 against, 1 for, 2 abstain.")
    ] = None,
    limit: Limit = None,
    cursor: Cursor = None,
) -> Page[VoteOut]:
    pid = uint256(proposal_id, "path.proposal_id")
    if session.get(models.Proposal, pid) is None:
        raise not_found("proposal", proposal_id)
    size = page_limit(settings, limit)
    after = decode_cursor(cursor, "votes", (int,))
    query = select(models.Vote).where(models.Vote.proposal_id == pid).order_by(models.Vote.id)
    if support is not None:
        query = query.where(models.Vote.support == support)
    if after is not None:
        query = query.where(models.Vote.id > int(after[0]))
    rows = list(session.scalars(query.limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    return Page(
        items=[vote_out(v) for v in rows],
        next_cursor=encode_cursor("votes", [rows[-1].id]) if more else None,
    )
