"""Governance proposals: list by state and proposer, one with live state, and votes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.http.deps import ChainDep, SessionDep, SettingsDep, page_limit
from api.http.pagination import Page
from api.http.queries.proposals import (
    ProposalFilters,
    VoteFilters,
    proposal_detail,
    proposal_page,
    vote_page,
)
from api.http.routes.common import AsciiInt, Cursor, Limit, Uint256Path, uint256
from api.http.schemas.common import ProposalState
from api.http.schemas.proposals import ProposalDetail, ProposalSummary, VoteOut

router = APIRouter(prefix="/proposals", tags=["proposals"])


@router.get("", response_model=Page[ProposalSummary], summary="Proposals, newest first.")
def list_proposals(
    session: SessionDep,
    chain: ChainDep,
    settings: SettingsDep,
    state: Annotated[ProposalState | None, Query(description="Only proposals in this live state.")] = None,
    proposer: Annotated[str | None, Query(max_length=64, description="Only this proposer's.")] = None,
    limit: Limit = None,
    cursor: Cursor = None,
) -> Page[ProposalSummary]:
    filters = ProposalFilters(state=state, proposer=proposer, size=page_limit(settings, limit), cursor=cursor)
    return proposal_page(session, chain, filters)


@router.get("/{proposal_id}", response_model=ProposalDetail, summary="One proposal with live state.")
def get_proposal(proposal_id: Uint256Path, session: SessionDep, chain: ChainDep) -> ProposalDetail:
    pid = uint256(proposal_id, "path.proposal_id")
    return proposal_detail(session, chain, pid, spelled=proposal_id)


@router.get("/{proposal_id}/votes", response_model=Page[VoteOut], summary="Every vote, in chain order.")
def list_votes(
    proposal_id: Uint256Path,
    session: SessionDep,
    settings: SettingsDep,
    support: Annotated[AsciiInt | None, Query(ge=0, le=2, description="0 against, 1 for, 2 abstain.")] = None,
    limit: Limit = None,
    cursor: Cursor = None,
) -> Page[VoteOut]:
    pid = uint256(proposal_id, "path.proposal_id")
    filters = VoteFilters(support=support, size=page_limit(settings, limit), cursor=cursor)
    return vote_page(session, pid, filters, spelled=proposal_id)
