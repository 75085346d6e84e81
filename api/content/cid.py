"""CIDs exactly as `ipfs add` computes them for a single file, and block-level verification.

Kubo's defaults for `ipfs add FILE` (boxo's UnixFS importer):
- fixed-size chunks of 256 KiB (`--chunker size-262144`), read full except the last one;
- balanced layout, at most 174 links per node (`helpers.DefaultLinksPerBlock`);
- CIDv0: every node is dag-pb holding a UnixFS `File` message, leaves carry the data;
- `--cid-version 1` implies `--raw-leaves`: leaves are `raw` blocks, inner nodes dag-pb CIDv1,
  and a file of one chunk is just that raw block (its CID is the sha2-256 of the bytes).

The protobuf bytes must match go-merkledag byte for byte, so the encoding is written here:
PBNode fields are emitted Links (field 2) first, then Data (field 1), as the dag-pb spec
requires; every PBLink carries Hash, Name (always, even empty: go-merkledag writes it) and
Tsize. UnixFS `Data` (proto2) writes Type, Data (left out when empty), filesize, and one
non-packed `blocksizes` entry per child.

Hashing a document is on every publish and every verified read, so the hot path stays in
plain Python over bytes: varints, the binary CID prefixes (built once with `multiformats`)
and the text forms (base58btc for CIDv0, base32 for CIDv1) are written here, and the
canonical spellings of sha2-256 dag-pb/raw CIDs are parsed here too. `multiformats`, which
validates every call at run time (about 0.3 ms per CID, far more than hashing a few KiB),
parses everything else and builds the `CID` objects of the block-level API.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from multiformats import CID, multicodec, multihash, varint

from api.content.errors import ContentMismatchError, DocumentTooLargeError, InvalidCidError

DEFAULT_CHUNK_SIZE = 262_144
DEFAULT_MAX_LINKS = 174

DAG_PB = "dag-pb"
RAW = "raw"
SHA2_256 = "sha2-256"

# UnixFS Data.DataType values (unixfs.proto).
UNIXFS_RAW = 0
UNIXFS_FILE = 2

# Protobuf wire types.
_VARINT = 0
_LEN = 2

BlockSink = Callable[[CID, bytes], None]

# Binary CID prefixes, built once with multiformats. The importer handles CIDs as bytes and
# makes a `CID` object only for what it returns: multiformats validates every constructor
# call at run time, which would otherwise cost more than hashing a small document.
_SHA256_PREFIX = varint.encode(multihash.get(SHA2_256).code) + varint.encode(32)
_V1_PREFIX = {
    codec: varint.encode(1) + varint.encode(multicodec.get(codec).code) + _SHA256_PREFIX for codec in (DAG_PB, RAW)
}
_CODEC_OF_V1_PREFIX = {prefix: codec for codec, prefix in _V1_PREFIX.items()}
_DIGEST_SIZE = 32

# --- varints and CID text, without per-call validation --------------------------------------

_SMALL_VARINTS = tuple(bytes((n,)) for n in range(128))


def _uvarint(value: int) -> bytes:
    """An unsigned LEB128 varint (what `multiformats.varint.encode` returns, minus its checks)."""
    if value < 0x80:
        return _SMALL_VARINTS[value]
    if value < 0x4000:
        return bytes(((value & 0x7F) | 0x80, value >> 7))
    if value < 0x20_0000:
        return bytes(((value & 0x7F) | 0x80, ((value >> 7) & 0x7F) | 0x80, value >> 14))
    out = bytearray()
    while value >= 128:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {char: index for index, char in enumerate(_B58_ALPHABET)}
_B58_PAIRS = [a + b for a in _B58_ALPHABET for b in _B58_ALPHABET]  # two digits per divmod


def _b58encode(raw: bytes) -> str:
    """Bitcoin-alphabet base58 (multibase base58btc without its `z` prefix)."""
    number = int.from_bytes(raw, "big")
    pairs: list[str] = []
    append = pairs.append
    while number:  # four digits per division of the big number, two per table lookup
        number, quad = divmod(number, 58**4)
        append(_B58_PAIRS[quad % 3364])
        append(_B58_PAIRS[quad // 3364])
    pairs.reverse()
    text = "".join(pairs).lstrip("1")
    if raw[:1] != b"\0":
        return text
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + text  # a leading zero byte is a "1"


def _b58decode(text: str) -> bytes | None:
    """Bytes of a base58btc string, or None when a character is outside the alphabet."""
    number = 0
    for char in text:
        index = _B58_INDEX.get(char)
        if index is None:
            return None
        number = number * 58 + index
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


_B32_PAIRS = [a + b for a in "abcdefghijklmnopqrstuvwxyz234567" for b in "abcdefghijklmnopqrstuvwxyz234567"]
# A sha2-256 CIDv1 is 36 bytes = 288 bits: shifted left by 2 it is 29 groups of 10 bits.
_B32_SHIFTS = range(280, -1, -10)


def _b32_cidv1(binary: bytes) -> str:
    """multibase base32 (`b`, lowercase RFC 4648, no padding) of a 36-byte CIDv1."""
    number = int.from_bytes(binary, "big") << 2
    return "b" + "".join([_B32_PAIRS[(number >> shift) & 1023] for shift in _B32_SHIFTS])


def _cid_text(binary: bytes) -> str:
    """The canonical text of a binary CID: base58btc for a CIDv0, `b` + base32 for a CIDv1."""
    if binary[0] != 1:  # a CIDv0 is a bare multihash (0x12 ...), a CIDv1 starts with 0x01
        return _b58encode(binary)
    if len(binary) == 4 + _DIGEST_SIZE:
        return _b32_cidv1(binary)
    return "b" + base64.b32encode(binary).decode("ascii").rstrip("=").lower()


def _parse_canonical(text: str) -> tuple[int, str, bytes] | None:
    """(version, codec, digest) of a sha2-256 dag-pb/raw CID in its canonical spelling.

    None for anything else (other bases, other codecs, invalid text): the caller then asks
    `multiformats`, so the answer for those stays exactly its answer.
    """
    if len(text) == 46 and text.startswith("Qm"):
        binary = _b58decode(text)
        if (
            binary is not None
            and len(binary) == 34
            and binary.startswith(_SHA256_PREFIX)
            and _b58encode(binary) == text
        ):
            return 0, DAG_PB, binary[2:]
        return None
    if len(text) == 59 and text.startswith("b") and text == text.lower():
        try:
            binary = base64.b32decode(text[1:].upper() + "======")
        except (binascii.Error, ValueError):
            return None
        codec = _CODEC_OF_V1_PREFIX.get(binary[:4])
        if codec is None or len(binary) != 4 + _DIGEST_SIZE or _cid_text(binary) != text:
            return None
        return 1, codec, binary[4:]
    return None


def _parse(text: str | CID) -> tuple[int, str, bytes]:
    """(version, codec, digest) of a CID this store can verify; InvalidCidError otherwise."""
    if isinstance(text, str):
        fast = _parse_canonical(text.strip())
        if fast is not None:
            return fast
    cid = parse_cid(text)
    return cid.version, cid.codec.name, cid.raw_digest


def _binary_of(version: int, codec: str, digest: bytes) -> bytes:
    return _SHA256_PREFIX + digest if version == 0 else _V1_PREFIX[codec] + digest


# --- protobuf encoding ---------------------------------------------------------------------


def _key(field_number: int, wire_type: int) -> bytes:
    return _uvarint((field_number << 3) | wire_type)


def _len_field(field_number: int, payload: bytes) -> bytes:
    return _key(field_number, _LEN) + _uvarint(len(payload)) + payload


def _varint_field(field_number: int, value: int) -> bytes:
    return _key(field_number, _VARINT) + _uvarint(value)


@dataclass(frozen=True)
class PBLink:
    """A dag-pb link: the child's CID bytes, its name and its cumulative DAG size."""

    cid: bytes  # binary CID, as it appears in the block
    tsize: int
    name: str = ""


@dataclass(frozen=True)
class PBNode:
    links: tuple[PBLink, ...]
    data: bytes | None


@dataclass(frozen=True)
class UnixFSData:
    type: int
    data: bytes | None = None
    filesize: int | None = None
    blocksizes: tuple[int, ...] = field(default_factory=tuple)


def encode_pb_node(*, links: Iterable[PBLink], data: bytes | None) -> bytes:
    """Encode a dag-pb PBNode the way go-merkledag does (links first, then data)."""
    out = bytearray()
    for link in links:
        body = _len_field(1, link.cid) + _len_field(2, link.name.encode("utf-8")) + _varint_field(3, link.tsize)
        out += _len_field(2, body)
    if data:
        out += _len_field(1, data)
    return bytes(out)


def encode_unixfs_file(*, data: bytes | None, filesize: int, blocksizes: Iterable[int] = ()) -> bytes:
    """Encode a UnixFS `Data` message of type File."""
    out = bytearray(_varint_field(1, UNIXFS_FILE))
    if data:
        out += _len_field(2, data)
    out += _varint_field(3, filesize)
    for size in blocksizes:
        out += _varint_field(4, size)
    return bytes(out)


_UNIXFS_FILE_TYPE = _varint_field(1, UNIXFS_FILE)
_UNIXFS_DATA_KEY = _key(2, _LEN)
_UNIXFS_FILESIZE_KEY = _key(3, _VARINT)
_PB_DATA_KEY = _key(1, _LEN)


def _leaf_frame(size: int) -> tuple[bytes, bytes]:
    """The bytes before and after the chunk in a dag-pb leaf of `size` file bytes."""
    head = _UNIXFS_FILE_TYPE + _UNIXFS_DATA_KEY + _uvarint(size) if size else _UNIXFS_FILE_TYPE
    tail = _UNIXFS_FILESIZE_KEY + _uvarint(size)
    return _PB_DATA_KEY + _uvarint(len(head) + size + len(tail)) + head, tail


def _leaf_block(chunk: bytes | memoryview) -> bytes:
    """`encode_pb_node(links=(), data=encode_unixfs_file(data=chunk, ...))` with one copy.

    Leaves carry nearly all the bytes of a file, so they are assembled in a single join.
    """
    head, tail = _leaf_frame(len(chunk))
    return b"".join((head, chunk, tail))


def _leaf_digest(chunk: bytes | memoryview) -> tuple[bytes, int]:
    """sha2-256 of the dag-pb leaf holding `chunk`, and the leaf's length, without building it."""
    head, tail = _leaf_frame(len(chunk))
    hasher = hashlib.sha256(head)
    hasher.update(chunk)
    hasher.update(tail)
    return hasher.digest(), len(head) + len(chunk) + len(tail)


_MAX_VARINT_BYTES = 9  # the multiformats limit, which `multiformats.varint` enforces too


def _read_uvarint(buf: bytes | memoryview, pos: int) -> tuple[int, int]:
    """(value, position after it) of the varint at `pos`; ValueError on the inputs
    `multiformats.varint.decode_raw` refuses (truncated, over 9 bytes, not minimal)."""
    value = 0
    shift = 0
    end = len(buf)
    while True:
        if pos >= end:
            raise ValueError("truncated varint")
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            break
        if shift >= 7 * _MAX_VARINT_BYTES:
            raise ValueError(f"varints must be at most {_MAX_VARINT_BYTES} bytes long")
    if shift > 7 and byte == 0:
        raise ValueError(f"number {value} was not minimally encoded")
    return value, pos


def _fields(buf: bytes) -> Iterator[tuple[int, int, int | memoryview]]:
    """Yield (field number, wire type, value) for a protobuf message; value is an int or bytes."""
    view = memoryview(buf)
    pos = 0
    while pos < len(view):
        key, pos = _read_uvarint(view, pos)
        number, wire = key >> 3, key & 7
        if wire == _VARINT:
            value, pos = _read_uvarint(view, pos)
            yield number, wire, value
        elif wire == _LEN:
            length, pos = _read_uvarint(view, pos)
            if pos + length > len(view):
                raise ValueError("truncated length-delimited field")
            yield number, wire, view[pos : pos + length]
            pos += length
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")


def decode_pb_node(block: bytes) -> PBNode:
    """Decode a dag-pb block into its links and data (strict enough for verification)."""
    links: list[PBLink] = []
    data: bytes | None = None
    for number, wire, value in _fields(block):
        if number == 2 and wire == _LEN and isinstance(value, memoryview):
            cid: bytes | None = None
            name = ""
            tsize = 0
            for lnum, lwire, lval in _fields(bytes(value)):
                if lnum == 1 and lwire == _LEN and isinstance(lval, memoryview):
                    cid = bytes(lval)
                elif lnum == 2 and lwire == _LEN and isinstance(lval, memoryview):
                    name = bytes(lval).decode("utf-8")
                elif lnum == 3 and lwire == _VARINT and isinstance(lval, int):
                    tsize = lval
            if cid is None:
                raise ValueError("dag-pb link without a hash")
            links.append(PBLink(cid=cid, tsize=tsize, name=name))
        elif number == 1 and wire == _LEN and isinstance(value, memoryview):
            data = bytes(value)
        else:
            raise ValueError(f"unexpected dag-pb field {number}")
    return PBNode(links=tuple(links), data=data)


def decode_unixfs(data: bytes) -> UnixFSData:
    """Decode a UnixFS `Data` message (the fields a file needs)."""
    kind: int | None = None
    payload: bytes | None = None
    filesize: int | None = None
    blocksizes: list[int] = []
    for number, _wire, value in _fields(data):
        if number == 1 and isinstance(value, int):
            kind = value
        elif number == 2 and isinstance(value, memoryview):
            payload = bytes(value)
        elif number == 3 and isinstance(value, int):
            filesize = value
        elif number == 4 and isinstance(value, int):
            blocksizes.append(value)
        elif number == 4 and isinstance(value, memoryview):  # packed form, tolerated on read
            view = bytes(value)
            pos = 0
            while pos < len(view):
                size, pos = _read_uvarint(view, pos)
                blocksizes.append(size)
    if kind is None:
        raise ValueError("UnixFS data without a type")
    return UnixFSData(type=kind, data=payload, filesize=filesize, blocksizes=tuple(blocksizes))


# --- CIDs ----------------------------------------------------------------------------------


def _binary_cid(*, version: int, codec: str, block: bytes | memoryview) -> bytes:
    digest = hashlib.sha256(block).digest()
    if version == 0:
        return _SHA256_PREFIX + digest  # a CIDv0 is the bare multihash
    return _V1_PREFIX[codec] + digest


def _to_cid(binary: bytes) -> CID:
    cid = CID.decode(binary)
    return cid if cid.version == 0 else cid.set(base="base32")


@functools.lru_cache(maxsize=4096)
def _decode_text(text: str) -> CID:
    """`CID.decode`, remembered: a `CID` is immutable and parsing one costs about 0.3 ms."""
    return CID.decode(text)


def parse_cid(text: str | CID) -> CID:
    """Parse a CID string and check it is one this store can verify (sha2-256, dag-pb or raw)."""
    if isinstance(text, CID):
        cid = text
    else:
        try:
            cid = _decode_text(text.strip())
        except Exception as exc:  # multiformats raises several unrelated error types
            raise InvalidCidError(str(text), str(exc)) from exc
    if cid.hashfun.name != SHA2_256:
        raise InvalidCidError(str(text), f"hash function {cid.hashfun.name} is not supported")
    if cid.codec.name not in (DAG_PB, RAW):
        raise InvalidCidError(str(text), f"codec {cid.codec.name} is not a UnixFS file codec")
    return cid


def normalize_cid(text: str | CID) -> str:
    """The one string form of a CID: base58btc for CIDv0, base32 for CIDv1."""
    return _cid_text(_binary_of(*_parse(text)))


# --- the importer --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Child:
    cid: bytes  # binary CID
    tsize: int  # bytes of the child's whole sub-DAG (block + descendants)
    filesize: int  # file bytes under the child


def iter_chunks(stream: BinaryIO, chunk_size: int) -> Iterator[bytes]:
    """Fixed-size chunks, each full except the last; no empty trailing chunk (like io.ReadFull)."""
    while True:
        parts: list[bytes] = []
        need = chunk_size
        while need:
            part = stream.read(need)
            if not part:
                break
            parts.append(part)
            need -= len(part)
        chunk = b"".join(parts)
        if not chunk:
            return
        yield chunk
        if need:
            return


class _Importer:
    def __init__(self, *, cid_version: int, raw_leaves: bool, max_links: int, sink: BlockSink | None) -> None:
        self.cid_version = cid_version
        self.raw_leaves = raw_leaves
        self.max_links = max_links
        self.sink = sink

    def _emit(self, *, codec: str, block: bytes | memoryview, version: int) -> bytes:
        cid = _binary_cid(version=version, codec=codec, block=block)
        if self.sink is not None:
            self.sink(_to_cid(cid), bytes(block))
        return cid

    def leaf(self, chunk: bytes | memoryview) -> _Child:
        if self.raw_leaves:
            # Raw leaves are always CIDv1, even under a CIDv0 root (as boxo does).
            cid = self._emit(codec=RAW, block=chunk, version=1)
            return _Child(cid=cid, tsize=len(chunk), filesize=len(chunk))
        if self.sink is None:  # only the CID is wanted: hash the leaf without assembling it
            digest, size = _leaf_digest(chunk)
            prefix = _SHA256_PREFIX if self.cid_version == 0 else _V1_PREFIX[DAG_PB]
            return _Child(cid=prefix + digest, tsize=size, filesize=len(chunk))
        block = _leaf_block(chunk)
        cid = self._emit(codec=DAG_PB, block=block, version=self.cid_version)
        return _Child(cid=cid, tsize=len(block), filesize=len(chunk))

    def inner(self, children: list[_Child]) -> _Child:
        filesize = sum(c.filesize for c in children)
        data = encode_unixfs_file(data=None, filesize=filesize, blocksizes=[c.filesize for c in children])
        block = encode_pb_node(links=[PBLink(cid=c.cid, tsize=c.tsize) for c in children], data=data)
        cid = self._emit(codec=DAG_PB, block=block, version=self.cid_version)
        return _Child(cid=cid, tsize=len(block) + sum(c.tsize for c in children), filesize=filesize)

    def balanced(self, leaves: list[_Child], depth: int) -> _Child:
        """A node of `depth` over `leaves`: children cover max_links**(depth-1) leaves each.

        This is the shape boxo's balanced builder produces: the left sub-trees are full and a
        child of depth >= 1 is an inner node even when it ends up with a single leaf.
        """
        if depth == 1:
            return self.inner(leaves)
        span = self.max_links ** (depth - 1)
        children = [self.balanced(leaves[i : i + span], depth - 1) for i in range(0, len(leaves), span)]
        return self.inner(children)

    def run(self, chunks: Iterable[bytes | memoryview]) -> _Child:
        leaves = [self.leaf(chunk) for chunk in chunks]
        if not leaves:
            return self.leaf(b"")  # an empty file is one empty leaf
        if len(leaves) == 1:
            return leaves[0]
        depth = 1
        while self.max_links**depth < len(leaves):
            depth += 1
        return self.balanced(leaves, depth)


def _check_version(cid_version: int) -> None:
    if cid_version not in (0, 1):
        raise ValueError(f"cid_version must be 0 or 1, not {cid_version!r}")


def import_file(
    stream: BinaryIO,
    *,
    cid_version: int = 0,
    raw_leaves: bool | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_links: int = DEFAULT_MAX_LINKS,
    sink: BlockSink | None = None,
) -> CID:
    """Chunk and link a file like `ipfs add`; return the root CID, passing each block to `sink`.

    `raw_leaves=None` follows Kubo: raw leaves exactly when `cid_version == 1`.
    """
    return _import_chunks(
        iter_chunks(stream, chunk_size),
        cid_version=cid_version,
        raw_leaves=raw_leaves,
        chunk_size=chunk_size,
        max_links=max_links,
        sink=sink,
    )


def _import_chunks(
    chunks: Iterable[bytes | memoryview],
    *,
    cid_version: int,
    raw_leaves: bool | None,
    chunk_size: int,
    max_links: int,
    sink: BlockSink | None,
) -> CID:
    _check_version(cid_version)
    if chunk_size < 1 or max_links < 2:
        raise ValueError("chunk_size must be >= 1 and max_links >= 2")
    importer = _Importer(
        cid_version=cid_version,
        raw_leaves=(cid_version == 1) if raw_leaves is None else raw_leaves,
        max_links=max_links,
        sink=sink,
    )
    return _to_cid(importer.run(chunks).cid)


def _root_binary(
    data: bytes,
    *,
    cid_version: int,
    raw_leaves: bool | None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_links: int = DEFAULT_MAX_LINKS,
) -> bytes:
    """The binary root CID of `data` imported like `ipfs add` (no `CID` object is built)."""
    _check_version(cid_version)
    if chunk_size < 1 or max_links < 2:
        raise ValueError("chunk_size must be >= 1 and max_links >= 2")
    raw = (cid_version == 1) if raw_leaves is None else raw_leaves
    if len(data) <= chunk_size:  # one chunk (most documents): the root is the leaf itself
        if raw:
            return _V1_PREFIX[RAW] + hashlib.sha256(data).digest()
        prefix = _SHA256_PREFIX if cid_version == 0 else _V1_PREFIX[DAG_PB]
        return prefix + _leaf_digest(data)[0]
    view = memoryview(data)
    chunks = (view[i : i + chunk_size] for i in range(0, len(view), chunk_size))
    importer = _Importer(cid_version=cid_version, raw_leaves=raw, max_links=max_links, sink=None)
    return importer.run(chunks).cid


def _codec_of_binary(binary: bytes) -> str:
    return DAG_PB if binary[0] != 1 else _CODEC_OF_V1_PREFIX[binary[:4]]


def compute_cid(
    data: bytes,
    *,
    cid_version: int = 0,
    raw_leaves: bool | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_links: int = DEFAULT_MAX_LINKS,
) -> str:
    """The CID `ipfs add [--cid-version 1]` prints for `data` (Kubo defaults otherwise)."""
    return _cid_text(
        _root_binary(
            data,
            cid_version=cid_version,
            raw_leaves=raw_leaves,
            chunk_size=chunk_size,
            max_links=max_links,
        )
    )


def file_blocks(data: bytes, *, cid_version: int = 0) -> tuple[str, list[tuple[CID, bytes]]]:
    """The root CID and every block `ipfs add` would store for `data`, leaves first."""
    blocks: list[tuple[CID, bytes]] = []
    root = import_file(io.BytesIO(data), cid_version=cid_version, sink=lambda c, b: blocks.append((c, b)))
    return str(root), blocks


# --- verification --------------------------------------------------------------------------


def verify_block(cid: CID, block: bytes) -> None:
    """Check one block against its CID's multihash."""
    if hashlib.sha256(block).digest() != cid.raw_digest:
        raise ContentMismatchError(str(cid), "block bytes do not hash to the CID's multihash")


def storage_key(cid_text: str | CID) -> str:
    """One name per DAG root: CIDv1 base32 of (codec, multihash).

    A CIDv0 and the CIDv1 it converts to (`ipfs cid base32`) name the same block, so they
    share a key.
    """
    _version, codec, digest = _parse(cid_text)
    return _cid_text(_binary_of(1, codec, digest))


def verify_file(cid_text: str | CID, data: bytes) -> None:
    """Check that `data` is the file `cid_text` addresses, by rebuilding the DAG from the bytes.

    Accepts the roots `ipfs add` builds with Kubo's defaults, in either CID version: the
    CIDv0 DAG (also when written as CIDv1), CIDv1 with raw leaves, and CIDv1 without raw
    leaves. A file imported with another chunker or layout does not rebuild to the same
    root; read such files block by block instead (see `read_file_dag`).
    """
    _version, codec, digest = _parse(cid_text)
    candidates = [(1, True)] if codec == RAW else [(0, False), (1, True), (1, False)]
    for cid_version, raw in candidates:
        root = _root_binary(data, cid_version=cid_version, raw_leaves=raw)
        if root.endswith(digest) and _codec_of_binary(root) == codec:
            return
    shown = str(parse_cid(cid_text))  # as given, like multiformats prints it
    raise ContentMismatchError(shown, f"the {len(data)} bytes served rebuild to a different CID")


def _parse_binary(binary: bytes) -> bytes:
    """`binary` when it is a sha2-256 dag-pb/raw CID; multiformats' error otherwise."""
    if (len(binary) == 2 + _DIGEST_SIZE and binary.startswith(_SHA256_PREFIX)) or (
        len(binary) == 4 + _DIGEST_SIZE and binary[:4] in _CODEC_OF_V1_PREFIX
    ):
        return binary
    cid = parse_cid(CID.decode(binary))  # raises, as it did before the fast path
    return _binary_of(cid.version, cid.codec.name, cid.raw_digest)


def read_file_dag(cid_text: str | CID, *, fetch_block: Callable[[str], bytes], max_bytes: int) -> bytes:
    """Reassemble a UnixFS file from blocks, verifying every block against its CID.

    `fetch_block` gets each block's CID in its canonical text (base58btc v0, base32 v1).
    Works for any chunking and layout (balanced or trickle, raw or dag-pb leaves), since each
    block is checked on its own. `max_bytes` bounds what a hostile node can make us fetch.
    """
    root = _binary_of(*_parse(cid_text))
    out = bytearray()

    def shown(binary: bytes) -> str:  # the root as the caller spelled it, a block canonically
        return str(parse_cid(cid_text)) if binary == root else _cid_text(binary)

    def walk(binary: bytes) -> None:
        block = fetch_block(_cid_text(binary))
        if hashlib.sha256(block).digest() != binary[-_DIGEST_SIZE:]:
            raise ContentMismatchError(shown(binary), "block bytes do not hash to the CID's multihash")
        if _codec_of_binary(binary) == RAW:
            out.extend(block)
        else:
            try:
                node = decode_pb_node(block)
                fs = decode_unixfs(node.data or b"")
            except ValueError as exc:
                raise ContentMismatchError(shown(binary), f"not a UnixFS file node: {exc}") from exc
            if fs.type not in (UNIXFS_FILE, UNIXFS_RAW):
                raise ContentMismatchError(shown(binary), f"UnixFS type {fs.type} is not a file")
            if binary == root and fs.filesize is not None and fs.filesize > max_bytes:
                raise DocumentTooLargeError(fs.filesize, max_bytes, shown(root))
            if fs.data:
                out.extend(fs.data)
            for link in node.links:
                walk(_parse_binary(link.cid))
        if len(out) > max_bytes:
            raise DocumentTooLargeError(len(out), max_bytes, shown(root))

    walk(root)
    return bytes(out)
