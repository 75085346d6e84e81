"""The signal hub over HTTP: `POST /snapshot` takes what snapshot.js's `Client712` posts
(`new Client712('<teal>/snapshot')`); REST reads under /snapshot/...; GraphQL at /graphql.

Refusals use Snapshot's error body, `{"error": "client_error", "error_description": ...}`
(plus a short `code`), so clients written for Snapshot show the reason unchanged.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.http.errors import quote
from api.http.hub.hub import Hub, HubError
from api.http.queries import hub as hub_queries

router = APIRouter(prefix="/snapshot", tags=["signal"])

# Message and proposal ids are EIP-712 digests; space ids are short names. Anything else is
# refused by the path check (422) before it reaches the database.
Digest = Annotated[str, Path(pattern=r"^0x[0-9a-fA-F]{64}$", description="An EIP-712 digest: 0x + 64 hex digits.")]
SpaceId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]{1,64}$", description="A space id, e.g. `dao`.")]


def _refusal(description: str) -> dict[str, Any]:
    schema = {
        "type": "object",
        "required": ["error", "error_description"],
        "properties": {name: {"type": "string"} for name in ("error", "error_description", "code")},
    }
    content = {"application/json": {"schema": schema}}
    return {"description": description + " (Snapshot's error shape)", "content": content}


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _refusal("No such space, proposal or message")}
REFUSED: dict[int | str, dict[str, Any]] = {
    400: _refusal("A malformed or invalid message"),
    401: _refusal("A signature by another key"),
    403: _refusal("Below the proposal threshold, or no voting power"),
    404: _refusal("An unknown space or proposal"),
    409: _refusal("A replayed message"),
    503: _refusal("The hub has no relayer key to sign receipts"),
}


def _hub(request: Request) -> Hub:
    return request.app.state.teal.extra["hub"]


def _error(exc: HubError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status)


@router.post("", summary="Submit a signed Snapshot message (proposal, vote, cancel, update)", responses=REFUSED)
async def submit(request: Request) -> Any:
    try:
        envelope = json.loads(await request.body())
    except ValueError:
        return _error(HubError(400, "invalid_json", "the body is not JSON"))
    try:
        return await run_in_threadpool(_hub(request).submit, envelope)
    except HubError as exc:
        return _error(exc)


@router.get("/spaces", summary="Spaces: strategies, voting types, threshold, quorum")
async def spaces(request: Request) -> Any:
    return {"items": [s.model_dump() for s in _hub(request).spaces.values()]}


@router.get(
    "/spaces/{space}/proposals", summary="A space's signal proposals, newest first, with scores", responses=NOT_FOUND
)
async def proposals(
    request: Request, space: SpaceId, first: int = Query(20, ge=1, le=100), skip: int = Query(0, ge=0)
) -> Any:
    hub = _hub(request)
    if space not in hub.spaces:
        return _error(HubError(404, "unknown_space", f"unknown space {quote(space)}"))
    return {"items": await run_in_threadpool(hub.proposals, space=space, first=first, skip=skip)}


@router.get("/proposals/{proposal_id}", summary="One signal proposal with its scores", responses=NOT_FOUND)
async def proposal(request: Request, proposal_id: Digest) -> Any:
    found = await run_in_threadpool(_hub(request).proposal, proposal_id)
    if found is None:
        return _error(HubError(404, "unknown_proposal", f"unknown proposal {quote(proposal_id)}"))
    return found


@router.get("/proposals/{proposal_id}/votes", summary="Current votes (history=true: every vote)", responses=NOT_FOUND)
async def votes(
    request: Request,
    proposal_id: Digest,
    history: bool = False,
    first: int = Query(1000, ge=1, le=1000),
    skip: int = Query(0, ge=0),
) -> Any:
    hub = _hub(request)
    if hub.proposal_row(proposal_id) is None:
        return _error(HubError(404, "unknown_proposal", f"unknown proposal {quote(proposal_id)}"))
    return {"items": await run_in_threadpool(hub.votes, proposal_id, first=first, skip=skip, history=history)}


@router.get(
    "/messages/{message_id}", summary="Where an accepted message is stored, and its receipt", responses=NOT_FOUND
)
async def message(request: Request, message_id: Digest) -> Any:
    with _hub(request).sessions() as session:
        found = hub_queries.message(session, message_id)
    if found is None:
        return _error(HubError(404, "unknown_message", f"unknown message {quote(message_id)}"))
    return found
