"""The Kubo RPC store.

Most tests here run the adapter against the Kubo RPC *stand-in* of kubo_standin.py: a real HTTP
server on 127.0.0.1 that follows the Kubo RPC documentation for the endpoints used. They
check the requests the adapter sends and how it treats answers, including a node that
serves wrong bytes. They are NOT real-node tests: no Kubo binary can be installed here.

`test_real_kubo_round_trip` talks to a real Kubo daemon and runs only when the environment
variable IPFS_API holds its RPC multiaddr (e.g. /ip4/127.0.0.1/tcp/5001).
"""

from __future__ import annotations

import os
import socket
import time
import warnings

import ipfshttpclient
import pytest
from ipfshttpclient import exceptions as ipfs_errors
from kubo_standin import KuboStandIn

from api.content import (
    ContentMismatchError,
    DocumentFetchTimeoutError,
    DocumentNotFoundError,
    DocumentTooLargeError,
    KuboStore,
    PostV1,
    StoreError,
    StoreUnavailableError,
    compute_cid,
    make_document,
    open_store,
    publish_document,
    read_document,
)
from api.content.cid import storage_key
from api.settings import load_settings

TWO_CHUNKS = bytes(range(256)) * 1100  # 281600 bytes: a root and two leaves


def store_for(standin: KuboStandIn, **kwargs: object) -> KuboStore:
    return KuboStore(api_address=standin.address, timeout=5, backoff_initial=0.01, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("version", [0, 1])
def test_put_sends_kubo_default_import_settings_and_pins(kubo_standin: KuboStandIn, version: int) -> None:
    store = store_for(kubo_standin, cid_version=version)

    cid = store.put(TWO_CHUNKS)

    (query,) = kubo_standin.calls("add")
    assert query["cid-version"] == [str(version)]
    assert query["raw-leaves"] == [str(version == 1)]  # the client sends Python bools
    assert query["chunker"] == ["size-262144"] and query["hash"] == ["sha2-256"]
    assert query["pin"] == ["True"]
    assert cid == compute_cid(TWO_CHUNKS, cid_version=version)
    assert storage_key(cid) in kubo_standin.pins


@pytest.mark.parametrize("version", [0, 1])
def test_round_trip_reads_blocks_and_reassembles(kubo_standin: KuboStandIn, version: int) -> None:
    store = store_for(kubo_standin, cid_version=version)
    cid = store.put(TWO_CHUNKS)

    data = store.get(cid)

    assert data == TWO_CHUNKS
    assert len(kubo_standin.calls("block/get")) == 3  # root + two leaves, each verified


def test_node_serving_wrong_bytes_is_rejected_naming_the_cid(kubo_standin: KuboStandIn) -> None:
    store = store_for(kubo_standin)
    cid = store.put(b'{"honest":true}')
    kubo_standin.corrupt_reads = True

    with pytest.raises(ContentMismatchError, match=cid):
        store.get(cid)


def test_node_answering_add_with_another_cid_is_an_error(kubo_standin: KuboStandIn) -> None:
    kubo_standin.wrong_add_hash = compute_cid(b"something else")
    store = store_for(kubo_standin)

    with pytest.raises(StoreError, match="stored the document as"):
        store.put(b"mine")


def test_missing_block_is_not_found_within_the_fetch_timeout(kubo_standin: KuboStandIn) -> None:
    """A node searches the network for a CID it lacks and hangs; the read gives up on time."""
    store = store_for(kubo_standin, fetch_timeout=0.5)
    cid = compute_cid(b"nobody added this")

    started = time.monotonic()
    with pytest.raises(DocumentFetchTimeoutError, match=cid) as caught:
        store.get(cid)
    took = time.monotonic() - started

    assert isinstance(caught.value, DocumentNotFoundError)
    assert 0.5 <= took < 1.5  # one bounded wait, no retries
    assert kubo_standin.hung_reads == 1 and len(kubo_standin.calls("block/get")) == 1
    started = time.monotonic()
    assert store.has(cid) is False  # asked offline: answered at once
    assert time.monotonic() - started < 0.5


def test_has_asks_the_node_offline(kubo_standin: KuboStandIn) -> None:
    store = store_for(kubo_standin)
    cid = store.put(b"present")

    assert store.has(cid) is True
    assert kubo_standin.calls("block/stat")[-1]["offline"] == ["true"]


def test_pin_confirms_with_the_node(kubo_standin: KuboStandIn) -> None:
    store = store_for(kubo_standin)
    cid = store.put(b"keep me")
    kubo_standin.pins.clear()

    store.pin(cid)

    assert kubo_standin.calls("pin/add")[-1]["arg"] == [cid]
    assert storage_key(cid) in kubo_standin.pins


def test_current_kubo_is_used_without_the_clients_version_check(kubo_standin: KuboStandIn) -> None:
    """ipfshttpclient.connect() flags Kubo 0.32 as outside 0.5..0.9; the store does not."""
    with warnings.catch_warnings(record=True) as connect_warnings:
        warnings.simplefilter("always")
        ipfshttpclient.connect(kubo_standin.address).close()
    with warnings.catch_warnings(record=True) as store_warnings:
        warnings.simplefilter("always")
        version = store_for(kubo_standin).version()

    def mismatches(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
        return [w for w in caught if issubclass(w.category, ipfs_errors.VersionMismatch)]

    assert version == "0.32.1"
    assert mismatches(connect_warnings) and not mismatches(store_warnings)


def test_put_over_the_cap_sends_nothing(kubo_standin: KuboStandIn) -> None:
    store = store_for(kubo_standin, max_bytes=1024)

    with pytest.raises(DocumentTooLargeError):
        store.put(bytes(2048))
    assert kubo_standin.requests == []


def test_oversize_file_on_the_node_is_refused_from_its_root(kubo_standin: KuboStandIn) -> None:
    cid = store_for(kubo_standin).put(TWO_CHUNKS)
    small = store_for(kubo_standin, max_bytes=100_000)

    with pytest.raises(DocumentTooLargeError):
        small.get(cid)
    assert len(kubo_standin.calls("block/get")) == 1  # refused on the root's filesize


def test_document_round_trip_through_the_kubo_store(kubo_standin: KuboStandIn, tmp_path: object) -> None:
    settings = load_settings({"TEAL_STORE": "kubo", "TEAL_IPFS_API": kubo_standin.address})
    store = open_store(settings)
    doc = make_document(PostV1(category="question", title="Where?", text="Where are the docs?"))

    stored = publish_document(store=store, document=doc)

    assert isinstance(store, KuboStore)
    assert read_document(store=store, cid=stored.cid).document == doc


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_node_fails_clearly_after_bounded_retries() -> None:
    address = f"/ip4/127.0.0.1/tcp/{_closed_port()}/http"
    store = KuboStore(api_address=address, timeout=1, attempts=3, backoff_initial=0.05)

    started = time.monotonic()
    with pytest.raises(StoreUnavailableError) as exc:
        store.put(b"anything")
    elapsed = time.monotonic() - started

    assert exc.value.attempts == 3 and exc.value.address == address
    assert f"IPFS node at {address} unreachable after 3 attempt(s)" in str(exc.value)
    assert 0.15 <= elapsed < 5  # slept 0.05 + 0.10 between the three attempts


def test_bad_api_address_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="TEAL_IPFS_API"):
        KuboStore(api_address="localhost:5001")


@pytest.mark.skipif(
    not os.environ.get("IPFS_API"),
    reason="real Kubo daemon test: set IPFS_API to its RPC multiaddr (no Kubo binary in CI)",
)
@pytest.mark.parametrize("version", [0, 1])
def test_real_kubo_round_trip(version: int) -> None:
    """Against a real Kubo node: its CIDs equal ours and what it serves verifies."""
    store = KuboStore(api_address=os.environ["IPFS_API"], cid_version=version)
    data = os.urandom(300 * 1024)

    cid = store.put(data)

    assert cid == compute_cid(data, cid_version=version)
    assert store.get(cid) == data
    assert store.has(cid)
    store.pin(cid)
