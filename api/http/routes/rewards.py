"""Rewards (read-only): peer-allocation epochs, stipend streams, a contributor's earnings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.http.deps import SessionDep, SettingsDep, checked_address, page_limit
from api.http.pagination import BIGINT_MAX, Page
from api.http.queries.rewards import RewardFilters, earnings, epoch_detail, epoch_page, stream_detail, stream_page
from api.http.routes.common import AsciiInt, Cursor, Limit
from api.http.schemas.rewards import EarningsOut, EpochDetail, EpochSummary, StreamOut

router = APIRouter(tags=["rewards"])
EpochId = Annotated[AsciiInt, Path(ge=0, le=BIGINT_MAX, description="Epoch id.", examples=[1])]
StreamId = Annotated[AsciiInt, Path(ge=0, le=BIGINT_MAX, description="Stream id.", examples=[1])]
WorkstreamQuery = Annotated[
    AsciiInt | None, Query(ge=0, le=BIGINT_MAX, description="Only those of this workstream.", examples=[1])
]
AddressPath = Annotated[
    str, Path(max_length=64, description="0x address.", examples=["0x66aB6D9362d4F35596279692F0251Db635165871"])
]


@router.get("/rewards/epochs", response_model=Page[EpochSummary], summary="Peer-allocation epochs by id.")
def list_epochs(
    session: SessionDep,
    settings: SettingsDep,
    workstream: WorkstreamQuery = None,
    limit: Limit = None,
    cursor: Cursor = None,
) -> Page[EpochSummary]:
    filters = RewardFilters(workstream=workstream, size=page_limit(settings, limit), cursor=cursor)
    return epoch_page(session, filters)


@router.get("/rewards/epochs/{epoch_id}", response_model=EpochDetail, summary="One epoch with its claims.")
def get_epoch(epoch_id: EpochId, session: SessionDep) -> EpochDetail:
    return epoch_detail(session, epoch_id)


@router.get("/rewards/streams", response_model=Page[StreamOut], summary="Stipend streams by id.")
def list_streams(
    session: SessionDep,
    settings: SettingsDep,
    workstream: WorkstreamQuery = None,
    recipient: Annotated[str | None, Query(max_length=64, description="Only those paying this address.")] = None,
    limit: Limit = None,
    cursor: Cursor = None,
) -> Page[StreamOut]:
    filters = RewardFilters(workstream=workstream, recipient=recipient, size=page_limit(settings, limit), cursor=cursor)
    return stream_page(session, filters)


@router.get("/rewards/streams/{stream_id}", response_model=StreamOut, summary="One stipend stream, accrued now.")
def get_stream(stream_id: StreamId, session: SessionDep) -> StreamOut:
    return stream_detail(session, stream_id)


@router.get(
    "/contributors/{address}/earnings",
    response_model=EarningsOut,
    summary="What one address was paid per token: bounties, epoch claims, stipends.",
)
def get_earnings(address: AddressPath, session: SessionDep) -> EarningsOut:
    return earnings(session, checked_address(address, "path.address"))
