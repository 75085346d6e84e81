"""Rewards: peer-allocation epochs (their allocations, results and proofs), stipend streams, a
contributor's earnings. The only write is publishing a signed allocation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import JSONResponse

from api.http.deps import SessionDep, SettingsDep, StateDep, checked_address, page_limit
from api.http.errors import WRITE_ERROR_RESPONSES, ErrorBody
from api.http.pagination import BIGINT_MAX, Page
from api.http.queries.allocations import accept_allocation, allocations, proof, results
from api.http.queries.rewards import RewardFilters, earnings, epoch_detail, epoch_page, stream_detail, stream_page
from api.http.routes.common import AsciiInt, Cursor, Limit
from api.http.schemas.documents import PublishedDocument
from api.http.schemas.relay import DocumentIn
from api.http.schemas.rewards import (
    AllocationsOut,
    EarningsOut,
    EpochDetail,
    EpochSummary,
    ProofOut,
    ResultsOut,
    StreamOut,
)

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


@router.get(
    "/rewards/epochs/{epoch_id}/allocations",
    response_model=AllocationsOut,
    summary="The epoch's current allocation of each giver, with notes; its allowance and window.",
)
def list_allocations(epoch_id: EpochId, state: StateDep, session: SessionDep) -> AllocationsOut:
    return allocations(state, session, epoch_id)


@router.post(
    "/rewards/epochs/{epoch_id}/allocations",
    response_model=PublishedDocument,
    status_code=201,
    responses={
        200: {"model": PublishedDocument, "description": "Already the giver's current allocation: same CID."},
        403: {"model": ErrorBody, "description": "The signer is not a member of the epoch's workstream."},
        **WRITE_ERROR_RESPONSES,
    },
    summary="Publish a giver's signed teal/allocation@1 (it replaces the giver's earlier one).",
)
def publish_allocation(
    epoch_id: EpochId,
    state: StateDep,
    session: SessionDep,
    document: Annotated[DocumentIn, Body()],
) -> JSONResponse:
    from api.http.routes.documents import envelope_of

    stored, created = accept_allocation(state, session, epoch_id, envelope_of(document))
    out = PublishedDocument(
        cid=stored.cid, schema_id=stored.document.schema_id, author=stored.author, size=stored.size, created=created
    )
    return JSONResponse(
        out.model_dump(), status_code=201 if created else 200, headers={"Location": f"/documents/{stored.cid}"}
    )


@router.get(
    "/rewards/epochs/{epoch_id}/results",
    response_model=ResultsOut,
    responses={409: {"model": ErrorBody, "description": "Nobody has given GIVE in the epoch yet."}},
    summary="The distribution of the current allocations: payouts, merkle root, the teal/distribution@1 document.",
)
def get_results(epoch_id: EpochId, state: StateDep, session: SessionDep) -> ResultsOut:
    return results(state, session, epoch_id)


@router.get(
    "/rewards/epochs/{epoch_id}/proofs/{address}",
    response_model=ProofOut,
    responses={409: {"model": ErrorBody, "description": "Nobody has given GIVE in the epoch yet."}},
    summary="One account's leaf of the distribution and its merkle proof (for claim).",
)
def get_proof(epoch_id: EpochId, address: AddressPath, state: StateDep, session: SessionDep) -> ProofOut:
    return proof(state, session, epoch_id, checked_address(address, "path.address"))
