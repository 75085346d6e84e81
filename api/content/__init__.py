"""Content-addressed documents: schemas, canonical bytes, CIDs, signatures and stores.

The public API (keyword arguments throughout)::

    from api.content import (
        compute_cid, publish_document, read_document, open_store, sign_document,
        SigningDomain, make_document, parse_document,
    )

    store = open_store(load_settings())                 # LocalStore or KuboStore
    doc = sign_document(make_document(PostV1(...)), account=acct,
                        domain=SigningDomain(chain_id=1337, verifying_contract=dao))
    stored = publish_document(store=store, document=doc, domain=domain)
    again = read_document(store=store, cid=stored.cid, domain=domain)

See `schemas.py` for the envelope format and `cid.py` for how CIDs match `ipfs add`.
"""

from api.content.canonical import canonical_bytes, parse_canonical
from api.content.cid import compute_cid, normalize_cid, verify_file
from api.content.documents import (
    StoredDocument,
    decode_document,
    encode_document,
    open_store,
    publish_document,
    read_document,
)
from api.content.errors import (
    ContentError,
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
    UnknownSchemaError,
)
from api.content.kubo_store import KuboStore
from api.content.local_store import LocalStore
from api.content.schemas import (
    SCHEMAS,
    AllocationV1,
    CharterV1,
    DistributionV1,
    Document,
    DocumentBody,
    EpochTermsV1,
    Gift,
    PostHideV1,
    PostV1,
    ProposalV1,
    ReviewV1,
    SignalRef,
    SubmissionV1,
    TaskSpecV1,
    export_json_schemas,
    json_schemas,
    make_document,
    parse_document,
)
from api.content.signing import SigningDomain, sign_document, verify_signature
from api.content.store import DocumentStore

__all__ = [
    "SCHEMAS",
    "AllocationV1",
    "CharterV1",
    "ContentError",
    "ContentMismatchError",
    "Document",
    "DocumentBody",
    "DocumentFetchTimeoutError",
    "DocumentNotFoundError",
    "DocumentSchemaError",
    "DocumentStore",
    "DistributionV1",
    "DocumentTooLargeError",
    "EpochTermsV1",
    "Gift",
    "InvalidCidError",
    "KuboStore",
    "LocalStore",
    "NonCanonicalDocumentError",
    "PostHideV1",
    "PostV1",
    "ProposalV1",
    "ReviewV1",
    "SignatureError",
    "SignalRef",
    "SigningDomain",
    "StoreError",
    "StoreUnavailableError",
    "StoredDocument",
    "SubmissionV1",
    "TaskSpecV1",
    "UnknownSchemaError",
    "canonical_bytes",
    "compute_cid",
    "decode_document",
    "encode_document",
    "export_json_schemas",
    "json_schemas",
    "make_document",
    "normalize_cid",
    "open_store",
    "parse_canonical",
    "parse_document",
    "publish_document",
    "read_document",
    "sign_document",
    "verify_file",
    "verify_signature",
]
