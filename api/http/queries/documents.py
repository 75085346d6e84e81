"""Documents: what the indexer knows of one, and recording a published one for the read side."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.content import (
    DocumentSchemaError,
    DocumentTooLargeError,
    InvalidCidError,
    NonCanonicalDocumentError,
    SignatureError,
    StoreError,
    StoreUnavailableError,
    encode_document,
    publish_document,
)
from api.content.documents import StoredDocument
from api.content.eip1271 import eip1271_check
from api.content.errors import ContractCheckUnavailableError
from api.db import models
from api.db.task_titles import copy_title_to_tasks
from api.http.errors import ApiError
from api.http.queries.common import document_ref, find_document
from api.http.schemas.documents import DocumentRef


def document_meta(session: Session, cid: str) -> DocumentRef:
    """The indexed record of `cid` (either spelling); 404 `document_not_found` when none."""
    row = find_document(session, cid)
    if row is None:
        raise ApiError(404, "document_not_found", f"document {cid} is not indexed")
    return document_ref(row)


def record_document(session: Session, stored: StoredDocument) -> bool:
    """Make the document visible to the read side (posts are never referenced on chain).

    True when this call recorded it; False when it was already there, or when a concurrent
    request (or the indexer) recorded it first: the unique CID decides, never a 500.
    """
    doc = stored.document
    try:
        # No autoflush: the pending row must not be flushed by the task-title query below,
        # outside the try that turns a lost race into "already stored".
        with session.no_autoflush:
            row = find_document(session, stored.cid)
            if row is not None and row.status == "ok":
                return False
            if row is None:
                row = models.Document(cid=stored.cid, attempts=0, first_seen_block=0)
                session.add(row)
            row.status, row.schema_id, row.kind = "ok", doc.schema_id, doc.kind
            row.body, row.author = doc.body_json, stored.author
            row.size, row.reason = stored.size, None
            created_at = doc.body_json.get("created_at") if doc.kind == "post" else None
            row.signed_at = int(created_at) if isinstance(created_at, int) else None
            row.fetched_at = datetime.now(UTC)
            copy_title_to_tasks(session, row)
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


@contextmanager
def document_errors() -> Iterator[None]:
    """Turn the content package's errors into the API's typed errors."""
    try:
        yield
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
    except RecursionError:
        raise ApiError(422, "invalid_document", "the document is nested too deeply", field="body") from None
    except DocumentTooLargeError as exc:
        raise ApiError(413, "document_too_large", str(exc), field="body") from None
    except (NonCanonicalDocumentError, InvalidCidError) as exc:
        raise ApiError(422, "invalid_document", str(exc), field="body") from None
    except StoreUnavailableError:
        raise ApiError(503, "store_unavailable", "the document store is unreachable") from None
    except StoreError as exc:
        raise ApiError(502, "store_error", f"the document store failed: {type(exc).__name__}") from None
    except ContractCheckUnavailableError:
        raise ApiError(
            503, "chain_unavailable", "the chain could not be asked whether the contract author signed (EIP-1271)"
        ) from None


def check_document(state: Any, envelope: dict[str, Any]) -> tuple[Any, bytes, str | None]:
    """Schema, size and signature of `envelope`, checked without storing it: (document, bytes, author)."""
    if has_nul(envelope):
        raise ApiError(422, "invalid_document", "text may not contain the NUL character (U+0000)", field="body")
    with document_errors():
        return encode_document(
            document=envelope,
            domain=state.domain,
            max_bytes=state.settings.max_document_bytes,
            contract_check=eip1271_check(state.chain.w3),  # a contract giver (a Safe) signs by EIP-1271
        )


def store_checked(state: Any, envelope: dict[str, Any]) -> StoredDocument:
    """Store a document `check_document` accepted."""
    with document_errors():
        return publish_document(
            store=state.store,
            document=envelope,
            domain=state.domain,
            max_bytes=state.settings.max_document_bytes,
            contract_check=eip1271_check(state.chain.w3),
        )


def has_nul(value: Any) -> bool:
    """Whether any string (key or value) in a parsed JSON value holds U+0000."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


# Kinds a team's charter may require signed ("documents": "signed").
TEAM_SIGNED_KINDS = ("task-spec", "submission", "review")


def team_of_document(session: Session, kind: str, body: dict[str, Any]) -> int | None:
    """The workstream a task spec, submission or review belongs to, as far as the index tells:
    a spec names it, a submission names its task, a review names its submission."""
    if kind == "task-spec":
        team = body.get("workstream_id")
        return int(team) if isinstance(team, int) else None
    if kind == "review":
        submission = find_document(session, str(body.get("submission", "")))
        body = submission.body if submission is not None and isinstance(submission.body, dict) else {}
    task_id = body.get("task_id")
    task = session.get(models.Task, task_id) if isinstance(task_id, int) else None
    return task.workstream_id if task is not None else None


def check_team_signature_policy(session: Session, kind: str, body: dict[str, Any], author: str | None) -> None:
    """422 `signature_required` for an unsigned task spec, submission or review of a team whose
    charter requires signed documents."""
    if author is not None or kind not in TEAM_SIGNED_KINDS:
        return
    team = team_of_document(session, kind, body)
    workstream = session.get(models.Workstream, team) if team is not None else None
    charter = find_document(session, workstream.charter_cid) if workstream is not None else None
    if charter is not None and isinstance(charter.body, dict) and charter.body.get("documents") == "signed":
        raise ApiError(
            422,
            "signature_required",
            f"workstream {team}'s charter requires signed task specs, submissions and reviews: "
            "sign it as its author (EIP-712 or EIP-191)",
            field="body.signature",
        )
