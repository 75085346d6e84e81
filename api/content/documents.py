"""Publishing and reading documents: schema check, size cap, signature, canonical bytes, CID.

These are the calls the API's write side and the indexer use; both take keyword arguments
only. A document's CID is the CID of its canonical bytes, so `publish_document` returns the
same CID for the same document whichever store or machine runs it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.content.canonical import parse_canonical
from api.content.errors import DocumentTooLargeError, SignatureError
from api.content.kubo_store import KuboStore
from api.content.local_store import LocalStore
from api.content.schemas import Document, parse_document
from api.content.signing import ContractSignatureCheck, SigningDomain, verify_signature
from api.content.store import DocumentStore
from api.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredDocument:
    """A document with the CID it is stored under and its verified author (None if unsigned)."""

    cid: str
    document: Document
    author: str | None
    size: int


def open_store(settings: Settings) -> DocumentStore:
    """The store the settings choose; switching stores is configuration only."""
    if settings.store == "kubo":
        return KuboStore(
            api_address=settings.ipfs_api,
            cid_version=settings.cid_version,
            max_bytes=settings.max_document_bytes,
            timeout=settings.ipfs_timeout,
            attempts=settings.ipfs_attempts,
            backoff_initial=settings.ipfs_backoff,
            fetch_timeout=settings.document_fetch_timeout,
        )
    return LocalStore(
        root=Path(settings.documents_dir),
        cid_version=settings.cid_version,
        max_bytes=settings.max_document_bytes,
    )


def _check_author(
    document: Document, domain: SigningDomain | None, contract_check: ContractSignatureCheck | None = None
) -> str | None:
    if document.signature is None:
        return None
    if domain is None:
        raise SignatureError("document is signed but no signing domain was given to verify it")
    return verify_signature(document, domain=domain, contract_check=contract_check)


def encode_document(
    *,
    document: Document | dict[str, Any],
    domain: SigningDomain | None,
    max_bytes: int,
    contract_check: ContractSignatureCheck | None = None,
) -> tuple[Document, bytes, str | None]:
    """Validate a document (schema, signature, size) and return it with its canonical bytes."""
    doc = document if isinstance(document, Document) else parse_document(document)
    author = _check_author(doc, domain, contract_check)
    data = doc.to_bytes()
    if len(data) > max_bytes:
        raise DocumentTooLargeError(len(data), max_bytes)
    return doc, data, author


def publish_document(
    *,
    store: DocumentStore,
    document: Document | dict[str, Any],
    domain: SigningDomain | None = None,
    max_bytes: int | None = None,
    contract_check: ContractSignatureCheck | None = None,
) -> StoredDocument:
    """Check and store a document; return its CID and verified author.

    `document` is a `Document` or the envelope as parsed JSON. Signed documents are verified
    against `domain` before anything is stored. Raises DocumentSchemaError (naming the
    field), SignatureError, DocumentTooLargeError, or a store error.
    """
    limit = store.max_bytes if max_bytes is None else max_bytes
    doc, data, author = encode_document(
        document=document, domain=domain, max_bytes=limit, contract_check=contract_check
    )
    cid = store.put(data)
    log.info("published %s %s (%d bytes, author %s)", doc.schema_id, cid, len(data), author)
    return StoredDocument(cid=cid, document=doc, author=author, size=len(data))


def decode_document(
    *,
    cid: str | None,
    data: bytes,
    domain: SigningDomain | None,
    contract_check: ContractSignatureCheck | None = None,
) -> StoredDocument:
    """Parse verified bytes into a document: canonical JSON, known schema, valid signature
    (a contract author's through `contract_check`, EIP-1271)."""
    value = parse_canonical(data, cid=cid)
    doc = parse_document(value)
    author = _check_author(doc, domain, contract_check)
    return StoredDocument(cid=cid or "", document=doc, author=author, size=len(data))


def read_document(
    *,
    store: DocumentStore,
    cid: str,
    domain: SigningDomain | None = None,
    contract_check: ContractSignatureCheck | None = None,
) -> StoredDocument:
    """Fetch, verify (bytes against CID, schema, signature) and parse the document at `cid`.

    Raises DocumentNotFoundError, ContentMismatchError, NonCanonicalDocumentError,
    DocumentSchemaError, SignatureError, DocumentTooLargeError or a store error.
    """
    data = store.get(cid)
    return decode_document(cid=cid, data=data, domain=domain, contract_check=contract_check)
