"""`compute_cid` and the CID helpers work on bytes without `multiformats`; they must agree with it.

`compute_cid` hashes leaves without assembling them and prints CIDs with its own base58btc and
base32 encoders; `normalize_cid`, `storage_key` and `verify_file` parse canonical spellings
themselves; `read_file_dag` walks binary CIDs. The block importer (`import_file` with a
sink) still assembles every block and builds every CID with `multiformats`, so it is the
reference here, next to the published vectors in test_cid_vectors.py. Sizes sit on chunk boundaries and on the boundaries where a
varint (chunk length, leaf length, file size) grows a byte.
"""

from __future__ import annotations

import hashlib
import io
import random

import pytest
from multiformats import CID

from api.content.cid import (
    DEFAULT_CHUNK_SIZE,
    compute_cid,
    decode_pb_node,
    decode_unixfs,
    file_blocks,
    import_file,
    normalize_cid,
    read_file_dag,
    storage_key,
    verify_file,
)
from api.content.errors import ContentMismatchError, InvalidCidError

KIB = 1024
MIB = 1024 * KIB
CHUNK = DEFAULT_CHUNK_SIZE

# (cid_version, raw_leaves): Kubo's two defaults, CIDv1 without raw leaves, raw leaves under v0.
FORMS = [(0, None), (1, None), (1, False), (0, True)]
FORM_IDS = ["v0", "v1-raw", "v1-dag-pb", "v0-raw-leaves"]

# 127/128 and 16383/16384: the chunk-length varint grows; 116..125: the leaf's own length
# (chunk + 10 bytes of framing) crosses 128 just before the chunk length does.
BOUNDARY_SIZES = [
    0, 1, 115, 116, 117, 118, 127, 128, 129, 16373, 16374, 16383, 16384,
    CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 127, 4 * CHUNK,
]  # fmt: skip


def noise(size: int, seed: int = 0) -> bytes:
    return random.Random(size * 7919 + seed).randbytes(size)


def reference_root(
    data: bytes, *, cid_version: int, raw_leaves: bool | None, chunk_size: int = CHUNK, max_links: int = 174
) -> str:
    """The root CID from the importer that builds every block and CID with multiformats."""
    blocks: list[tuple[CID, bytes]] = []
    root = import_file(
        io.BytesIO(data),
        cid_version=cid_version,
        raw_leaves=raw_leaves,
        chunk_size=chunk_size,
        max_links=max_links,
        sink=lambda c, b: blocks.append((c, b)),
    )
    for cid, block in blocks:  # every block the reference stored hashes to its CID
        assert cid.raw_digest == hashlib.sha256(block).digest()
    assert blocks[-1][0] == root
    return str(root)


@pytest.mark.parametrize(("version", "raw"), FORMS, ids=FORM_IDS)
@pytest.mark.parametrize("size", BOUNDARY_SIZES)
def test_compute_cid_equals_the_block_importer(size: int, version: int, raw: bool | None) -> None:
    data = noise(size)

    cid = compute_cid(data, cid_version=version, raw_leaves=raw)

    assert cid == reference_root(data, cid_version=version, raw_leaves=raw)


@pytest.mark.parametrize(("version", "raw"), FORMS, ids=FORM_IDS)
def test_deep_trees_of_small_chunks_equal_the_block_importer(version: int, raw: bool | None) -> None:
    """Chunks of 4 bytes and 3 links a node: one to four levels, partial right edges."""
    for size in range(0, 90):
        data = noise(size, seed=1)

        cid = compute_cid(data, cid_version=version, raw_leaves=raw, chunk_size=4, max_links=3)

        assert cid == reference_root(data, cid_version=version, raw_leaves=raw, chunk_size=4, max_links=3), size


@pytest.mark.parametrize("size", [0, 1, 115, 116, 127, 128, 16383, 16384, CHUNK])
def test_leaf_blocks_carry_the_chunk_and_its_size(size: int) -> None:
    """The leaf framing, decoded by the reader (multiformats varints) at varint boundaries."""
    data = noise(size, seed=2)

    root, blocks = file_blocks(data, cid_version=0)

    ((cid, block),) = blocks
    fs = decode_unixfs(decode_pb_node(block).data or b"")
    assert (fs.type, fs.data or b"", fs.filesize) == (2, data, size)
    assert compute_cid(data) == root == str(cid)


def some_cids() -> list[str]:
    cids = []
    for seed in range(40):
        data = noise(seed * 3 + 1, seed=seed)
        cids += [
            compute_cid(data),
            compute_cid(data, cid_version=1),
            compute_cid(data, cid_version=1, raw_leaves=False),
        ]
    return cids


def test_canonical_spellings_parse_like_multiformats() -> None:
    for text in some_cids():
        parsed = CID.decode(text)
        expected_key = str(parsed.set(version=1, base="base32"))

        assert normalize_cid(text) == text == normalize_cid(f" {text}\n")
        assert storage_key(text) == expected_key == storage_key(parsed)


@pytest.mark.parametrize("base", ["base36", "base58btc", "base32upper", "base16"])
def test_other_spellings_normalize_to_the_canonical_one(base: str) -> None:
    for text in some_cids()[:12]:
        parsed = CID.decode(text)
        other = str(parsed.set(version=1, base=base))

        assert normalize_cid(other) == str(parsed.set(version=1, base="base32"))
        assert storage_key(other) == storage_key(text)


def test_verify_file_takes_every_spelling_and_names_the_one_given() -> None:
    data = noise(3 * KIB)
    v1 = compute_cid(data, cid_version=1)
    spellings = [v1, CID.decode(v1), str(CID.decode(v1).set(base="base36")), f" {v1} "]

    for cid in spellings:
        verify_file(cid, data)
    with pytest.raises(ContentMismatchError, match=str(CID.decode(v1).set(base="base36"))):
        verify_file(str(CID.decode(v1).set(base="base36")), data[:-1])


V0 = "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD"
V1 = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"


@pytest.mark.parametrize(
    "text",
    [
        V0[:-1] + "0",  # not in the base58 alphabet
        V0[:-1] + "l",
        V0[:-2],  # too short
        "Qm" + "1" * 44,  # decodes, but not to a sha2-256 multihash
        V1[:-1] + "f",  # base32 pad bits not zero
        V1[:-1] + "1",  # not in the base32 alphabet
        "b" + "a" * 58,  # decodes, but not to a CID
        "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5eaa",  # too long
        # sha2-512 over raw: a valid CID of a hash this store cannot verify
        str(CID("base32", 1, "raw", ("sha2-512", hashlib.sha512(b"x").digest()))),
    ],
)
def test_near_canonical_garbage_is_rejected(text: str) -> None:
    for check in (normalize_cid, storage_key, lambda t: verify_file(t, b"x")):
        with pytest.raises(InvalidCidError):
            check(text)


@pytest.mark.parametrize("version", [0, 1])
def test_read_file_dag_asks_for_each_block_by_its_canonical_cid(version: int) -> None:
    data = noise(2 * CHUNK + 5)
    root, blocks = file_blocks(data, cid_version=version)
    by_text = {str(cid): block for cid, block in blocks}
    asked: list[str] = []

    def fetch(text: str) -> bytes:
        asked.append(text)
        return by_text[text]

    again = read_file_dag(
        str(CID.decode(root).set(base="base36")) if version else root, fetch_block=fetch, max_bytes=MIB
    )

    assert again == data
    assert sorted(asked) == sorted(by_text)  # root + 3 leaves, each once, canonically spelled


def test_read_file_dag_names_the_leaf_a_node_tampered_with() -> None:
    data = noise(2 * CHUNK)
    root, blocks = file_blocks(data, cid_version=1)
    by_text = {str(cid): block for cid, block in blocks}
    leaf = str(blocks[1][0])
    by_text[leaf] = by_text[leaf][:-1] + b"!"

    with pytest.raises(ContentMismatchError, match=leaf):
        read_file_dag(root, fetch_block=by_text.__getitem__, max_bytes=MIB)


def test_read_file_dag_names_the_root_as_the_caller_spelled_it() -> None:
    root, blocks = file_blocks(b"a small document", cid_version=1)
    spelled = str(CID.decode(root).set(base="base36"))

    with pytest.raises(ContentMismatchError, match=spelled):
        read_file_dag(spelled, fetch_block=lambda _text: b"other bytes", max_bytes=MIB)
