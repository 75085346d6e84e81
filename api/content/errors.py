"""Errors raised by the document store, one class per thing a caller can act on.

Every error carries the values that explain it (the CID, the field, the limit), so a message
read in a log or an API error body says what to do next.
"""

from __future__ import annotations


class ContentError(Exception):
    """Base class for every error of the content package."""


class InvalidCidError(ContentError, ValueError):
    """A string is not a CID this store can address (bad encoding, unsupported hash/codec)."""

    def __init__(self, cid: str, reason: str) -> None:
        self.cid = cid
        self.reason = reason
        super().__init__(f"invalid CID {cid!r}: {reason}")


class ContentMismatchError(ContentError):
    """Bytes served for a CID do not hash to that CID: corrupted or forged content."""

    def __init__(self, cid: str, detail: str) -> None:
        self.cid = cid
        self.detail = detail
        super().__init__(f"content for {cid} failed verification: {detail}")


class DocumentNotFoundError(ContentError, KeyError):
    """The store does not hold the CID."""

    def __init__(self, cid: str) -> None:
        self.cid = cid
        super().__init__(cid)

    def __str__(self) -> str:  # KeyError would print the repr of the key only
        return f"document {self.cid} not found in the store"


class DocumentFetchTimeoutError(DocumentNotFoundError):
    """The store did not deliver the CID within the fetch timeout (TEAL_DOCUMENT_FETCH_TIMEOUT).

    A Kubo node searches the network for a CID it does not hold and answers only when it finds
    it, so "not found" from a node is a timeout; the caller retries later or answers 504."""

    def __init__(self, cid: str, seconds: float) -> None:
        super().__init__(cid)
        self.seconds = seconds

    def __str__(self) -> str:
        return f"document {self.cid} was not delivered within {self.seconds:g} s"


class DocumentTooLargeError(ContentError):
    """A document is over the configured size cap (TEAL_MAX_DOCUMENT_BYTES)."""

    def __init__(self, size: int, limit: int, cid: str | None = None) -> None:
        self.size = size
        self.limit = limit
        self.cid = cid
        what = f"document {cid}" if cid else "document"
        super().__init__(f"{what} is {size} bytes, over the limit of {limit} bytes (TEAL_MAX_DOCUMENT_BYTES)")


class DocumentSchemaError(ContentError, ValueError):
    """A document does not match its schema. `errors` lists (field path, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        joined = "; ".join(f"{loc}: {msg}" for loc, msg in errors)
        super().__init__(f"invalid document: {joined}")


class UnknownSchemaError(DocumentSchemaError):
    """The envelope names a schema id (kind and version) this code does not know."""

    def __init__(self, schema_id: object, known: list[str]) -> None:
        self.schema_id = schema_id
        self.known = known
        super().__init__([("schema", f"unknown document schema {schema_id!r}; known: {', '.join(known)}")])


class NonCanonicalDocumentError(ContentError, ValueError):
    """Stored bytes are valid JSON but not RFC 8785 canonical, so the CID is not the document's."""

    def __init__(self, cid: str | None, detail: str) -> None:
        self.cid = cid
        super().__init__(f"document {cid or ''} is not canonical JSON (RFC 8785): {detail}")


class SignatureError(ContentError):
    """A signature is malformed, does not recover to the stated author, or is missing a domain."""

    def __init__(self, reason: str, *, author: str | None = None, recovered: str | None = None):
        self.reason = reason
        self.author = author
        self.recovered = recovered
        super().__init__(f"signature rejected: {reason}")


class StoreError(ContentError):
    """A store failed to carry out an operation (node error, unexpected response)."""


class StoreUnavailableError(StoreError):
    """The configured IPFS node could not be reached after bounded retries."""

    def __init__(self, address: str, attempts: int, last_error: str) -> None:
        self.address = address
        self.attempts = attempts
        self.last_error = last_error
        super().__init__(
            f"IPFS node at {address} unreachable after {attempts} attempt(s): {last_error} "
            "(is the Kubo daemon running? check TEAL_IPFS_API)"
        )


class ContractCheckUnavailableError(ContentError):
    """The chain could not be asked whether a contract author accepts a signature (EIP-1271):
    not a verdict on the document, so it is retried (indexer) or answered 503 (API)."""
