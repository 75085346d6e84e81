"""Documents by CID (verified bytes) and publishing a document."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Response
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.content import (
    ContentMismatchError,
    DocumentFetchTimeoutError,
    DocumentNotFoundError,
    DocumentSchemaError,
    DocumentTooLargeError,
    InvalidCidError,
    NonCanonicalDocumentError,
    SignatureError,
    StoreError,
    StoreUnavailableError,
    publish_document,
)
from api.content.documents import StoredDocument
from api.db import models
from api.db.task_titles import copy_title_to_tasks
from api.deps import SessionDep, StateDep, StoreDep
from api.errors import WRITE_ERROR_RESPONSES, ApiError
from api.routes.common import CidPath, checked_cid, doc_ref
from api.schemas_http import DocumentIn, DocumentRef, PublishedDocument

router = APIRouter(prefix="/documents", tags=["documents"])

EXAMPLES = {
    "post": {
        "summary": "An unsigned post",
        "value": {
            "schema": "teal/post@1",
            "body": {
                "category": "problem",
                "title": "CI is flaky",
                "text": "The e2e job fails 1 in 5 runs.",
                "tags": ["workstream:1", "ci"],
            },
        },
    },
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
        raise ApiError(422, "invalid_cid", str(exc), field="path.cid") from None
    except (ContentMismatchError, DocumentTooLargeError) as exc:
        raise ApiError(502, "document_unverifiable", str(exc)) from None
    except StoreUnavailableError:
        raise ApiError(503, "store_unavailable", "the document store is unreachable") from None
    return Response(
        content=data,
        media_type="application/json",
        headers={
            "ETag": f'"{cid}"',
            "Cache-Control": "public, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get(
    "/{cid}/meta", response_model=DocumentRef, summary="What the indexer knows about a document."
)
def get_document_meta(cid: CidPath, session: SessionDep) -> DocumentRef:
    checked_cid(cid, "path.cid")
    ref = doc_ref(session, cid)
    if ref is None or ref.status == "unknown":
        raise ApiError(404, "document_not_found", f"document {cid} is not indexed")
    return ref


def store_document(
    state: Any,
    session: Session,
    envelope: dict[str, Any],
    *,
    only_kind: str | None = None,
    require_signature: bool = False,
) -> JSONResponse:
    """Publish and record a document; 201 when new, 200 when the same bytes were stored before."""
    if only_kind is not None and not str(envelope.get("schema", "")).startswith(
        f"teal/{only_kind}@"
    ):
        raise ApiError(
            422,
            "wrong_kind",
            f"this endpoint takes teal/{only_kind} documents",
            field="body.schema",
        )
    if require_signature and envelope.get("signature") is None:
        raise ApiError(
            422,
            "signature_required",
            "posts must be signed by their author (EIP-712 or EIP-191)",
            field="body.signature",
        )
    store = state.store
    try:
        from api.content import encode_document

        _doc, data, _author = encode_document(
            document=envelope, domain=state.domain, max_bytes=state.settings.max_document_bytes
        )
        existed = store.has(store.cid_of(data))
        stored: StoredDocument = publish_document(
            store=store,
            document=envelope,
            domain=state.domain,
            max_bytes=state.settings.max_document_bytes,
        )
    except DocumentSchemaError as exc:
        field, message = exc.errors[0] if exc.errors else ("document", str(exc))
        more = "; ".join(f"{f}: {m}" for f, m in exc.errors[1:5])
        raise ApiError(
            422,
            "invalid_document",
            message + (f" (also: {more})" if more else ""),
            field=f"body.{field}",
        ) from None
    except SignatureError as exc:
        raise ApiError(422, "invalid_signature", str(exc), field="body.signature") from None
    except DocumentTooLargeError as exc:
        raise ApiError(413, "document_too_large", str(exc), field="body") from None
    except (NonCanonicalDocumentError, InvalidCidError) as exc:
        raise ApiError(422, "invalid_document", str(exc), field="body") from None
    except StoreUnavailableError:
        raise ApiError(503, "store_unavailable", "the document store is unreachable") from None
    except StoreError as exc:
        raise ApiError(
            502, "store_error", f"the document store failed: {type(exc).__name__}"
        ) from None
    _record(session, stored)
    out = PublishedDocument(
        cid=stored.cid,
        schema_id=stored.document.schema_id,
        author=stored.author,
        size=stored.size,
        created=not existed,
    )
    return JSONResponse(
        out.model_dump(),
        status_code=200 if existed else 201,
        headers={"Location": f"/documents/{stored.cid}"},
    )


def _record(session: Session, stored: StoredDocument) -> None:
    """Make the document visible to the read side (posts are never referenced on chain)."""
    row = session.get(models.Document, stored.cid)
    doc = stored.document
    if row is not None and row.status == "ok":
        return
    if row is None:
        row = models.Document(cid=stored.cid, attempts=0, first_seen_block=0)
        session.add(row)
    row.status, row.schema_id, row.kind = "ok", doc.schema_id, doc.kind
    row.body, row.author, row.size, row.reason = doc.body_json, stored.author, stored.size, None
    row.fetched_at = datetime.now(UTC)
    copy_title_to_tasks(session, row)
    try:
        session.commit()
    except IntegrityError:  # a concurrent request (or the indexer) recorded it first
        session.rollback()


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
    state: StateDep,
    session: SessionDep,
    document: Annotated[DocumentIn, Body(openapi_examples=EXAMPLES)],  # type: ignore[arg-type]
) -> JSONResponse:
    return store_document(state, session, envelope_of(document))


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
