"""Document store on a Kubo (go-ipfs) node through its RPC API, using `ipfshttpclient`.

- The client is built with `ipfshttpclient.Client(...)` directly, not `connect()`: `connect()`
  checks the daemon version against the range the 0.8 client knows (< 0.9) and warns (an
  error under `-W error`) for every current Kubo. The library documents direct construction
  as the way to skip that check; the RPC calls used here (`add`, `block/get`, `block/stat`,
  `pin/add`, `version`) are stable across Kubo releases.
- `put` passes the import settings explicitly (`cid-version`, `raw-leaves`, `chunker`,
  `hash`, `pin`) so a node with a non-default `Import` config still builds the DAG `ipfs add`
  builds by default; it then checks the node's CID against the one computed locally.
  (The client sends `raw-leaves=false` unless told otherwise, which would turn a CIDv1 add
  into dag-pb leaves: ipfs-shipyard/py-ipfs-http-client#293.)
- `get` fetches the DAG block by block (`block/get`) and verifies each block against its
  CID, so a node that serves wrong bytes is caught whatever chunking the file used.
- A node asked for a block it does not hold searches the network and does not answer until it
  finds it, so `get` is bounded by `fetch_timeout` in all (TEAL_DOCUMENT_FETCH_TIMEOUT): a read
  that times out raises DocumentFetchTimeoutError at once, without retries.
- Transport failures (refused, reset, timed out, 5xx without an RPC error body) are retried
  with exponential back-off; when retries run out, StoreUnavailableError names the address.
  An error answered by the node itself is not retried.
"""

from __future__ import annotations

import io
import logging
import time
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import ipfshttpclient
from ipfshttpclient import exceptions as ipfs_errors

from api.content.cid import DEFAULT_CHUNK_SIZE, compute_cid, read_file_dag, storage_key
from api.content.errors import (
    DocumentFetchTimeoutError,
    DocumentNotFoundError,
    DocumentTooLargeError,
    StoreError,
    StoreUnavailableError,
)
from api.content.store import DocumentStore

log = logging.getLogger(__name__)

T = TypeVar("T")

# ipfshttpclient 0.8's requests adapter passes urllib3 a `strict` pool argument that urllib3 2
# ignores with a FutureWarning on every request; the request itself is unaffected.
warnings.filterwarnings(
    "ignore",
    message="The 'strict' parameter is no longer needed",
    category=FutureWarning,
    module="urllib3.poolmanager",
)

_RETRYABLE = (ipfs_errors.ConnectionError, ipfs_errors.TimeoutError, ipfs_errors.ProtocolError)


class KuboStore(DocumentStore):
    def __init__(
        self,
        *,
        api_address: str = "/ip4/127.0.0.1/tcp/5001",
        cid_version: int = 0,
        max_bytes: int = 1_048_576,
        timeout: float = 30.0,
        attempts: int = 4,
        backoff_initial: float = 0.5,
        backoff_max: float = 8.0,
        fetch_timeout: float = 5.0,
    ) -> None:
        if cid_version not in (0, 1):
            raise ValueError(f"cid_version must be 0 or 1, not {cid_version!r}")
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self.api_address = api_address
        self.cid_version = cid_version
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.attempts = attempts
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.fetch_timeout = fetch_timeout
        try:
            self._client = ipfshttpclient.Client(api_address, session=False, timeout=timeout)
        except ipfs_errors.AddressError as exc:
            raise ValueError(f"TEAL_IPFS_API is not a usable multiaddr: {api_address!r}") from exc

    def __repr__(self) -> str:
        return f"KuboStore(api_address={self.api_address!r}, cid_version={self.cid_version})"

    # --- transport -------------------------------------------------------------------------

    def _call(
        self,
        what: str,
        request: Callable[[Any], T],
        *,
        cid: str | None = None,
        timeout_means_missing: bool = False,
    ) -> T:
        """Run one RPC request with bounded retries and exponential back-off. With
        `timeout_means_missing`, a timed-out request is a missing `cid`, not a transport error."""
        delay = self.backoff_initial
        last_error = "no attempt made"
        for attempt in range(1, self.attempts + 1):
            try:
                return request(self._client)
            except ipfs_errors.TimeoutError as exc:
                if timeout_means_missing and cid is not None:
                    raise DocumentFetchTimeoutError(cid, self.fetch_timeout) from exc
                last_error = f"{type(exc).__name__}: {exc}"
            except ipfs_errors.ErrorResponse as exc:
                # The node answered with an RPC error: retrying would get the same answer.
                message = str(exc)
                if cid is not None and "not found" in message.lower():
                    raise DocumentNotFoundError(cid) from exc
                raise StoreError(f"IPFS node at {self.api_address} refused {what}: {message}") from exc
            except (*_RETRYABLE, ipfs_errors.StatusError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
            if attempt < self.attempts:
                log.warning(
                    "IPFS %s failed (attempt %d/%d, retrying in %.2fs): %s",
                    what,
                    attempt,
                    self.attempts,
                    delay,
                    last_error,
                )
                time.sleep(delay)
                delay = min(delay * 2, self.backoff_max)
        raise StoreUnavailableError(self.api_address, self.attempts, last_error)

    # --- DocumentStore ---------------------------------------------------------------------

    def version(self) -> str:
        """The node's Kubo version (also a reachability check)."""
        info = self._call("version", lambda c: c.version())
        return str(info["Version"])

    def put(self, data: bytes) -> str:
        if len(data) > self.max_bytes:
            raise DocumentTooLargeError(len(data), self.max_bytes)
        expected = compute_cid(data, cid_version=self.cid_version)
        reply = self._call(
            "add",
            lambda c: c.add(
                io.BytesIO(data),
                cid_version=self.cid_version,
                raw_leaves=self.cid_version == 1,
                chunker=f"size-{DEFAULT_CHUNK_SIZE}",
                pin=True,
                opts={"hash": "sha2-256"},
            ),
        )
        got = str(reply["Hash"])
        if storage_key(got) != storage_key(expected):
            raise StoreError(
                f"IPFS node at {self.api_address} stored the document as {got}, but its bytes have CID {expected}"
            )
        return expected

    def get(self, cid: str) -> bytes:
        deadline = time.monotonic() + self.fetch_timeout

        def fetch(block_cid: str) -> bytes:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DocumentFetchTimeoutError(cid, self.fetch_timeout)
            block = self._call(
                "block/get",
                lambda c: c.block.get(block_cid, timeout=remaining),
                cid=block_cid,
                timeout_means_missing=True,
            )
            return bytes(block)

        try:
            return read_file_dag(cid, fetch_block=fetch, max_bytes=self.max_bytes)
        except DocumentFetchTimeoutError as exc:
            raise DocumentFetchTimeoutError(cid, self.fetch_timeout) from exc
        except DocumentNotFoundError as exc:
            raise DocumentNotFoundError(cid) from exc

    def has(self, cid: str) -> bool:
        try:
            self._call("block/stat", lambda c: c.block.stat(cid, offline=True), cid=cid)
        except DocumentNotFoundError:
            return False
        return True

    def pin(self, cid: str) -> None:
        reply = self._call("pin/add", lambda c: c.pin.add(cid), cid=cid)
        pinned = {storage_key(p) for p in reply.get("Pins", [])}
        if storage_key(cid) not in pinned:
            raise StoreError(f"IPFS node at {self.api_address} did not confirm the pin of {cid}")

    def close(self) -> None:
        self._client.close()
