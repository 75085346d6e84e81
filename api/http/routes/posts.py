"""Posts: threads by workstream or topic, a post's follow-through, and publishing a signed post.

What a post, a thread and follow-through are: api/http/queries/posts.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse

from api.content import InvalidCidError
from api.http.deps import SessionDep, SettingsDep, StateDep, page_limit
from api.http.errors import WRITE_ERROR_RESPONSES, ApiError, quote
from api.http.pagination import Page
from api.http.queries.common import cid_spellings
from api.http.queries.posts import PostFilters, post_page, thread
from api.http.routes.common import AsciiInt, CidPath, Cursor, Limit, StrictBool, checked_cid
from api.http.routes.documents import client_of, envelope_of, store_document
from api.http.schemas.documents import PublishedDocument
from api.http.schemas.posts import PostOut, ThreadOut
from api.http.schemas.relay import DocumentIn

router = APIRouter(prefix="/posts", tags=["posts"])


@router.get(
    "",
    response_model=Page[PostOut],
    summary="Thread roots by workstream, topic, category or author.",
)
def list_posts(
    session: SessionDep,
    settings: SettingsDep,
    workstream_id: Annotated[
        AsciiInt | None, Query(ge=0, le=2**63 - 1, description="Posts tagged workstream:N.")
    ] = None,
    topic: Annotated[str | None, Query(min_length=1, max_length=40, description="Posts with this tag.")] = None,
    category: Annotated[Literal["question", "problem", "idea", "discussion", "answer"] | None, Query()] = None,
    author: Annotated[str | None, Query(max_length=64)] = None,
    include_replies: Annotated[StrictBool, Query(description="List replies too, not only thread roots.")] = False,
    limit: Limit = None,
    cursor: Cursor = None,
) -> Page[PostOut]:
    filters = PostFilters(
        workstream_id=workstream_id,
        topic=topic,
        category=category,
        author=author,
        include_replies=include_replies,
        size=page_limit(settings, limit),
        cursor=cursor,
    )
    return post_page(session, filters)


@router.get(
    "/{cid}",
    response_model=ThreadOut,
    summary="A post, its replies (all levels) and follow-through.",
)
def get_thread(cid: CidPath, session: SessionDep) -> ThreadOut:
    checked_cid(cid, "path.cid")
    return thread(session, cid)


@router.post(
    "",
    response_model=PublishedDocument,
    status_code=201,
    responses={
        200: {"model": PublishedDocument, "description": "Already stored: same CID."},
        **WRITE_ERROR_RESPONSES,
    },
    summary="Publish a post signed by its author (EIP-712 or EIP-191 over the document), "
    "carrying its signed created_at; rate-limited per author and per client IP.",
)
def publish_post(
    request: Request,
    state: StateDep,
    session: SessionDep,
    document: Annotated[DocumentIn, Body()],
) -> JSONResponse:
    return store_document(state, session, envelope_of(document), client=client_of(request), only_kind="post")


@router.post(
    "/{cid}/hides",
    response_model=PublishedDocument,
    status_code=201,
    responses={
        200: {"model": PublishedDocument, "description": "Already stored: same CID."},
        **WRITE_ERROR_RESPONSES,
    },
    summary="A team member's signed vote (teal/post-hide@1) to hide a post tagged workstream:N from the "
    "team's views; hidden once the team's approval threshold of members voted, never deleted.",
)
def hide_post(
    cid: CidPath,
    request: Request,
    state: StateDep,
    session: SessionDep,
    document: Annotated[DocumentIn, Body()],
) -> JSONResponse:
    checked_cid(cid, "path.cid")
    envelope = envelope_of(document)
    named = envelope["body"].get("post") if isinstance(envelope.get("body"), dict) else None
    try:
        same = isinstance(named, str) and not set(cid_spellings(named)).isdisjoint(cid_spellings(cid))
    except InvalidCidError:
        same = False
    if not same:
        raise ApiError(
            422, "post_mismatch", f"the document hides {quote(str(named))}, not post {cid}", field="body.body.post"
        )
    return store_document(state, session, envelope, client=client_of(request), only_kind="post-hide")
