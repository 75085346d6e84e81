"""The embedded store: round trips, both CID versions, corruption on disk, atomic writes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount
from multiformats import CID

from api.content import (
    ContentMismatchError,
    DocumentNotFoundError,
    DocumentTooLargeError,
    LocalStore,
    NonCanonicalDocumentError,
    PostV1,
    SignatureError,
    SigningDomain,
    compute_cid,
    make_document,
    open_store,
    publish_document,
    read_document,
    sign_document,
)
from api.settings import load_settings


def test_put_returns_the_cid_ipfs_add_gives(local_store: LocalStore) -> None:
    cid = local_store.put(b"hello world")

    assert cid == "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD"
    assert local_store.get(cid) == b"hello world"


@pytest.mark.parametrize("size", [0, 1, 262_144, 262_145, 1_048_576])
def test_round_trip_reads_back_by_either_cid_version(local_store: LocalStore, size: int) -> None:
    data = (bytes(range(256)) * (size // 256 + 1))[:size]

    cid = local_store.put(data)

    v1 = compute_cid(data, cid_version=1)
    v0_as_v1 = str(CID.decode(cid).set(version=1, base="base32"))
    assert [local_store.get(c) for c in (cid, v1, v0_as_v1)] == [data] * 3
    assert local_store.has(cid) and local_store.has(v1)


def test_cid_version_1_store_returns_cidv1(tmp_path: Path) -> None:
    store = LocalStore(root=tmp_path, cid_version=1)

    assert store.put(b"hello world") == "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"


def test_missing_document_is_reported_with_its_cid(local_store: LocalStore) -> None:
    cid = compute_cid(b"never stored")

    with pytest.raises(DocumentNotFoundError, match=cid):
        local_store.get(cid)
    assert not local_store.has(cid)
    with pytest.raises(DocumentNotFoundError):
        local_store.pin(cid)


def test_bytes_corrupted_on_disk_are_rejected_naming_the_cid(local_store: LocalStore) -> None:
    cid = local_store.put(b'{"honest":true}')
    path = local_store.path_for(cid)
    path.write_bytes(b'{"honest":false}')

    with pytest.raises(ContentMismatchError, match=cid):
        local_store.get(cid)


def test_put_repairs_a_corrupted_copy(local_store: LocalStore) -> None:
    cid = local_store.put(b"payload")
    local_store.path_for(cid).write_bytes(b"garbage")

    local_store.put(b"payload")

    assert local_store.get(cid) == b"payload"


def test_put_over_the_cap_is_refused(tmp_path: Path) -> None:
    store = LocalStore(root=tmp_path, max_bytes=1024)

    with pytest.raises(DocumentTooLargeError, match="1025 bytes, over the limit of 1024"):
        store.put(bytes(1025))


def test_oversize_file_on_disk_is_refused_on_read(tmp_path: Path) -> None:
    big = LocalStore(root=tmp_path, max_bytes=4096)
    cid = big.put(bytes(4096))
    small = LocalStore(root=tmp_path, max_bytes=1024)

    with pytest.raises(DocumentTooLargeError):
        small.get(cid)


def test_no_temporary_files_are_left_behind(local_store: LocalStore) -> None:
    for i in range(5):
        local_store.put(f"doc {i}".encode())

    leftovers = [p for p in local_store.objects.rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_concurrent_readers_never_see_a_partial_document(local_store: LocalStore) -> None:
    """Readers polling while a writer stores 1 MiB documents see nothing or all of it."""
    docs = [bytes([i]) * 1_048_576 for i in range(1, 9)]
    cids = [compute_cid(d) for d in docs]
    seen_bad: list[BaseException] = []
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            for cid, data in zip(cids, docs, strict=True):
                try:
                    if local_store.get(cid) != data:
                        seen_bad.append(AssertionError(f"wrong bytes for {cid}"))
                except DocumentNotFoundError:
                    pass
                except BaseException as exc:  # noqa: BLE001 - a partial file would fail verification
                    seen_bad.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for data in docs:
        local_store.put(data)
    done.set()
    for t in threads:
        t.join()

    assert seen_bad == []
    assert all(local_store.get(c) == d for c, d in zip(cids, docs, strict=True))


# --- documents through the local store -----------------------------------------------------


def test_signed_document_round_trip(local_store: LocalStore, alice: LocalAccount, domain: SigningDomain) -> None:
    doc = sign_document(
        make_document(PostV1(category="idea", title="Pair reviews", text="Two reviewers per PR")),
        account=alice,
        domain=domain,
    )

    stored = publish_document(store=local_store, document=doc, domain=domain)
    read = read_document(store=local_store, cid=stored.cid, domain=domain)

    assert stored.cid == compute_cid(doc.to_bytes())
    assert read.document == doc and read.author == alice.address


def test_publishing_parsed_json_and_the_model_give_one_cid(local_store: LocalStore) -> None:
    model_doc = make_document(PostV1(category="idea", title="T", text="x"))
    as_json = {"schema": "teal/post@1", "body": dict(model_doc.body_json)}

    from_json = publish_document(store=local_store, document=as_json)
    from_model = publish_document(store=local_store, document=model_doc)

    assert from_json.cid == from_model.cid
    assert read_document(store=local_store, cid=from_json.cid).document.body_json == as_json["body"]


def test_forged_signature_is_not_stored(
    local_store: LocalStore, alice: LocalAccount, mallory: LocalAccount, domain: SigningDomain
) -> None:
    doc = sign_document(make_document(PostV1(category="idea", title="T", text="x")), account=alice, domain=domain)
    envelope = {**doc.envelope(), "author": mallory.address}

    with pytest.raises(SignatureError):
        publish_document(store=local_store, document=envelope, domain=domain)
    assert [p for p in local_store.objects.rglob("*") if p.is_file()] == []


def test_signed_document_needs_a_domain_to_publish(
    local_store: LocalStore, alice: LocalAccount, domain: SigningDomain
) -> None:
    doc = sign_document(make_document(PostV1(category="idea", title="T", text="x")), account=alice, domain=domain)

    with pytest.raises(SignatureError, match="no signing domain"):
        publish_document(store=local_store, document=doc)


def test_document_signed_for_another_chain_is_refused_on_read(
    local_store: LocalStore, alice: LocalAccount, domain: SigningDomain
) -> None:
    doc = sign_document(make_document(PostV1(category="idea", title="T", text="x")), account=alice, domain=domain)
    stored = publish_document(store=local_store, document=doc, domain=domain)

    with pytest.raises(SignatureError):
        read_document(store=local_store, cid=stored.cid, domain=SigningDomain(chain_id=1))


def test_oversize_document_is_refused_before_storing(local_store: LocalStore) -> None:
    body = {"title": "T", "summary": "s", "description": "x" * 40_000}

    with pytest.raises(DocumentTooLargeError, match="over the limit of 30000"):
        publish_document(
            store=local_store,
            document={"schema": "teal/proposal@1", "body": body},
            max_bytes=30_000,
        )


def test_non_canonical_bytes_under_a_valid_cid_are_refused(local_store: LocalStore) -> None:
    """Someone stores pretty-printed JSON: its CID is honest, but it is not a Teal document."""
    cid = local_store.put(b'{"schema": "teal/post@1", "body": {}}')

    with pytest.raises(NonCanonicalDocumentError, match=cid):
        read_document(store=local_store, cid=cid)


def test_settings_choose_the_local_store_under_the_data_dir(tmp_path: Path) -> None:
    settings = load_settings({"TEAL_DATA_DIR": str(tmp_path), "TEAL_CID_VERSION": "1"})

    store = open_store(settings)

    assert isinstance(store, LocalStore) and store.root == tmp_path / "documents"
    assert store.put(b"x").startswith("bafkrei")
