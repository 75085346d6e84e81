"""Documents by CID (verified bytes) and publishing a document.

One signature policy per document kind (`SIGNATURE_REQUIRED`), whatever the route that
publishes it: a post must be signed by its author on `POST /documents` as on `POST /posts`.
Publishing is idempotent, concurrent identical requests included: the first answers 201, the
others 200 "already stored". A CIDv0 and its CIDv1 spelling are one document on every route.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from api.content import (
    ContentMismatchError,
    DocumentFetchTimeoutError,
    DocumentNotFoundError,
    DocumentTooLargeError,
    InvalidCidError,
    StoreUnavailableError,
    publish_document,
)
from api.content.cid import storage_key
from api.content.documents import StoredDocument
from api.content.eip1271 import eip1271_check
from api.content.post_index import day_of
from api.http.deps import SessionDep, StateDep, StoreDep
from api.http.errors import WRITE_ERROR_RESPONSES, ApiError, quote
from api.http.limits import SharedRateLimiter
from api.http.queries.common import find_document
from api.http.queries.documents import (
    check_team_signature_policy,
    document_errors,
    document_meta,
    has_nul,
    record_document,
)
from api.http.queries.posts import check_post_hide
from api.http.routes.common import CidPath, checked_cid
from api.http.schemas.documents import DocumentRef, PublishedDocument
from api.http.schemas.relay import DocumentIn

router = APIRouter(prefix="/documents", tags=["documents"])

# Kind -> must the envelope carry the author's signature? Every kind is listed; a post with
# no author could not be told apart from spam, the others are tied to an on-chain action.
SIGNATURE_REQUIRED: dict[str, bool] = {
    "post": True,
    "post-hide": True,  # a member's vote to hide a post from its team's views
    "post-index": False,  # the API's own day lists of posts (api.content.post_index)
    "proposal": False,
    "charter": False,
    "task-spec": False,
    "submission": False,
    "review": False,
    "allocation": True,  # POST /rewards/epochs/{id}/allocations checks the epoch's rules too
    "epoch": False,
    "distribution": False,
}

EXAMPLES = {
    "task-spec": {
        "summary": "A task spec addressing a post",
        "value": {
            "schema": "teal/task-spec@1",
            "body": {
                "title": "Fix the flaky e2e job",
                "description": "Find and fix the race.",
                "acceptance_criteria": ["20 green runs in a row"],
                "reward_wei": "500000000000000000000",
                "addresses_post": "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
            },
        },
    },
}


@router.get(
    "/{cid}",
    summary="The document's verified bytes (canonical JSON).",
    responses={
        200: {
            "content": {"application/json": {"schema": {"type": "object"}}},
            "description": "The exact bytes the CID addresses.",
        }
    },
    response_class=Response,
)
def get_document(cid: CidPath, store: StoreDep) -> Response:
    checked_cid(cid, "path.cid")
    try:
        data = store.get(cid)  # an IPFS read gives up after TEAL_DOCUMENT_FETCH_TIMEOUT
    except DocumentFetchTimeoutError as exc:
        raise ApiError(
            504,
            "document_fetch_timeout",
            f"the IPFS node did not deliver document {cid} within {exc.seconds:g} s; "
            "it may not be published yet, try again later",
        ) from None
    except DocumentNotFoundError:
        raise ApiError(404, "document_not_found", f"document {cid} is not in the store") from None
    except InvalidCidError as exc:
        raise ApiError(422, "invalid_cid", quote(exc.reason, 120), field="path.cid") from None
    except (ContentMismatchError, DocumentTooLargeError):
        raise ApiError(502, "document_unverifiable", f"the stored bytes of {cid} do not verify") from None
    except StoreUnavailableError:
        raise ApiError(503, "store_unavailable", "the document store is unreachable") from None
    return Response(
        content=data,
        media_type="application/json",
        headers={
            "ETag": f'"{storage_key(cid)}"',  # one tag for both spellings
            "Cache-Control": "public, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/{cid}/meta", response_model=DocumentRef, summary="What the indexer knows about a document.")
def get_document_meta(cid: CidPath, session: SessionDep) -> DocumentRef:
    checked_cid(cid, "path.cid")
    return document_meta(session, cid)


def store_document(
    state: Any,
    session: Session,
    envelope: dict[str, Any],
    *,
    client: str,
    only_kind: str | None = None,
) -> JSONResponse:
    """Publish and record a document; 201 when new, 200 when the same bytes were stored before.

    The signature policy is the document kind's (`SIGNATURE_REQUIRED`), not the route's; so
    is a post's (and a post hide's): its signed `created_at` within TEAL_POST_CLOCK_WINDOW of
    the server's clock, rate limits per client IP and per author, and a place in its day's post
    index (api.content.post_index), whichever route publishes it; a hide's author must be a
    current member of the team whose view it hides the post from.
    """
    if only_kind is not None and not str(envelope.get("schema", "")).startswith(f"teal/{only_kind}@"):
        raise ApiError(
            422,
            "wrong_kind",
            f"this endpoint takes teal/{only_kind} documents",
            field="body.schema",
        )
    if has_nul(envelope):
        # PostgreSQL cannot read U+0000 out of a JSON column: one such document would break
        # every list that filters on a body member.
        raise ApiError(422, "invalid_document", "text may not contain the NUL character (U+0000)", field="body")
    # Posts and hides: signed times, rate limits and the day index (so `teal index` restores both).
    is_post = str(envelope.get("schema", "")).startswith(("teal/post@", "teal/post-hide@"))
    signed_at = 0
    if is_post:
        _rate_limit(state.post_ip_limiter, client, "posts from this address")
    store = state.store
    with document_errors():
        from api.content import encode_document

        # A contract author (a Safe) signs through EIP-1271, asked of the chain the API serves.
        contract_check = eip1271_check(state.chain.w3)
        doc, data, author = encode_document(
            document=envelope,
            domain=state.domain,
            max_bytes=state.settings.max_document_bytes,
            contract_check=contract_check,
        )
        if SIGNATURE_REQUIRED.get(doc.kind, True) and author is None:
            raise ApiError(
                422,
                "signature_required",
                f"{doc.kind} documents must be signed by their author (EIP-712 or EIP-191)",
                field="body.signature",
            )
        if is_post and author is not None:
            _rate_limit(state.post_author_limiter, author.lower(), f"posts by {author}")
            signed_at = _checked_post_time(doc.body_json.get("created_at"), state.settings.post_clock_window)
        if doc.kind == "post-hide" and author is not None:
            check_post_hide(session, doc.body_json, author)
        check_team_signature_policy(session, doc.kind, doc.body_json, author)
        existed = store.has(store.cid_of(data))
        stored: StoredDocument = publish_document(
            store=store,
            document=envelope,
            domain=state.domain,
            max_bytes=state.settings.max_document_bytes,
            contract_check=contract_check,
        )
        if is_post:
            known = find_document(session, stored.cid)
            if known is None or known.status != "ok":
                # Listed before the database row: a post the API accepted is always in the store's index.
                state.post_index.append(stored.cid, day=day_of(signed_at))
    created = record_document(session, stored) and not existed
    out = PublishedDocument(
        cid=stored.cid,
        schema_id=stored.document.schema_id,
        author=stored.author,
        size=stored.size,
        created=created,
    )
    return JSONResponse(
        out.model_dump(),
        status_code=201 if created else 200,
        headers={"Location": f"/documents/{stored.cid}"},
    )


def _rate_limit(limiter: SharedRateLimiter, key: str, what: str) -> None:
    wait = limiter.acquire(key)
    if wait > 0:
        raise ApiError(
            429,
            "rate_limited",
            f"too many {what}; retry in {max(1, round(wait))} s",
            headers={"Retry-After": str(max(1, round(wait)))},
        )


def _checked_post_time(created_at: Any, window: int) -> int:
    """A post's signed time, when it is within `window` seconds of the server's clock."""
    field = "body.body.created_at"
    if created_at is None:
        raise ApiError(
            422,
            "post_time_required",
            "a post must carry created_at (unix seconds) under its author's signature",
            field=field,
        )
    now = int(time.time())
    if abs(now - int(created_at)) > window:
        raise ApiError(
            422,
            "post_time_out_of_window",
            f"created_at {created_at} is {abs(now - int(created_at))} s from the server's clock ({now}); "
            f"the limit is {window} s (TEAL_POST_CLOCK_WINDOW): sign the post again with the current time",
            field=field,
        )
    return int(created_at)


@router.post(
    "",
    response_model=PublishedDocument,
    status_code=201,
    responses={
        200: {"model": PublishedDocument, "description": "Already stored: same CID."},
        **WRITE_ERROR_RESPONSES,
    },
    summary="Publish a document (schema-, signature- and size-checked); returns its CID.",
)
def publish(
    request: Request,
    state: StateDep,
    session: SessionDep,
    document: Annotated[DocumentIn, Body(openapi_examples=EXAMPLES)],
) -> JSONResponse:
    if str(document.schema_).startswith("teal/allocation@"):
        raise ApiError(
            422,
            "wrong_endpoint",
            "allocations are published with POST /rewards/epochs/{epoch_id}/allocations (it checks the epoch's rules)",
            field="body.schema",
        )
    return store_document(state, session, envelope_of(document), client=client_of(request))


def client_of(request: Request) -> str:
    """The client's IP, the key of per-IP limits."""
    return request.client.host if request.client else "unknown"


def envelope_of(document: DocumentIn) -> dict[str, Any]:
    """The envelope as sent: body untouched, unknown members kept for the schema check to name."""
    envelope: dict[str, Any] = {
        "schema": document.schema_,
        "body": document.body,
        **(document.model_extra or {}),
    }
    if document.author is not None:
        envelope["author"] = document.author
    if document.signature is not None:
        envelope["signature"] = document.signature.model_dump()
    return envelope
