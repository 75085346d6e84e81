"""Workstreams (teams): list, and one with charter, members, guardrails and budget."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.http.deps import ChainDep, SessionDep, SettingsDep, page_limit
from api.http.pagination import Page
from api.http.queries.accounts import member_change_list
from api.http.queries.workstreams import WorkstreamFilters, workstream_detail, workstream_page
from api.http.routes.common import AsciiInt, Cursor, Limit, StrictBool
from api.http.schemas.workstreams import MemberChangeDetail, WorkstreamDetail, WorkstreamSummary

router = APIRouter(prefix="/workstreams", tags=["workstreams"])
WorkstreamId = Annotated[AsciiInt, Path(ge=0, le=2**63 - 1, description="Workstream id.", examples=[1])]


@router.get("", response_model=Page[WorkstreamSummary], summary="Workstreams by id.")
def list_workstreams(
    session: SessionDep,
    settings: SettingsDep,
    paused: Annotated[StrictBool | None, Query(description="Only paused (true) or running (false) ones.")] = None,
    member: Annotated[str | None, Query(max_length=64, description="Only those with this active member.")] = None,
    limit: Limit = None,
    cursor: Cursor = None,
) -> Page[WorkstreamSummary]:
    filters = WorkstreamFilters(paused=paused, member=member, size=page_limit(settings, limit), cursor=cursor)
    return workstream_page(session, filters)


@router.get("/{workstream_id}", response_model=WorkstreamDetail, summary="One workstream with its budget.")
def get_workstream(workstream_id: WorkstreamId, session: SessionDep, chain: ChainDep) -> WorkstreamDetail:
    return workstream_detail(session, workstream_id, member_change_lifetime=chain.member_change_lifetime)


@router.get(
    "/{workstream_id}/member-changes",
    response_model=Page[MemberChangeDetail],
    summary="The team's member changes (pending by default) with their approvers, newest first.",
)
def list_member_changes(
    workstream_id: WorkstreamId,
    session: SessionDep,
    chain: ChainDep,
    state: Annotated[
        Literal["pending", "expired", "withdrawn", "executed", "all"],
        Query(description="pending (default), expired, withdrawn, executed or all."),
    ] = "pending",
) -> Page[MemberChangeDetail]:
    """Approvals are recounted against the current members (as the contract counts them);
    `needed` is what carries the change now. At most 500 changes, so no cursor."""
    return Page(
        items=member_change_list(
            session,
            workstream_id,
            state=None if state == "all" else state,
            member_change_lifetime=chain.member_change_lifetime,
        )
    )
