"""The one interface both document stores implement.

A store holds immutable byte strings addressed by the CID `ipfs add` gives them. `get`
always verifies what it returns against the CID, so callers never see unverified bytes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from api.content.cid import DEFAULT_CHUNK_SIZE, compute_cid


class DocumentStore(ABC):
    """put/get/has/pin over CIDs; CIDv0 and CIDv1 forms of the same content are both readable."""

    #: CID version `put` returns (0: what plain `ipfs add` prints; 1: `--cid-version 1`).
    cid_version: int
    #: Reads of more bytes than this are refused (a node must not make us fetch without bound).
    max_bytes: int

    @abstractmethod
    def put(self, data: bytes) -> str:
        """Store and pin `data`; return its CID (in `cid_version`)."""

    @abstractmethod
    def get(self, cid: str) -> bytes:
        """Return the verified bytes for `cid`.

        Raises DocumentNotFoundError, ContentMismatchError (bytes that are not the CID's),
        DocumentTooLargeError, InvalidCidError, or StoreUnavailableError.
        """

    @abstractmethod
    def has(self, cid: str) -> bool:
        """Whether the store holds `cid` now, without fetching it from elsewhere."""

    @abstractmethod
    def pin(self, cid: str) -> None:
        """Keep `cid` from garbage collection. Raises DocumentNotFoundError if absent."""

    def cid_of(self, data: bytes) -> str:
        """The CID `put` would return for `data`, computed locally."""
        return compute_cid(data, cid_version=self.cid_version)

    def close(self) -> None:  # noqa: B027 - optional hook, most stores hold nothing
        """Release connections or handles."""


__all__ = ["DEFAULT_CHUNK_SIZE", "DocumentStore"]
