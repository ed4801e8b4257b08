"""Read the variable list of a TensorFlow checkpoint in pure Python.

A TF1 (`tf.train.Saver`, format V2) checkpoint is a prefix such as
`model.ckpt-1000` with an index file `<prefix>.index` and data files
`<prefix>.data-NNNNN-of-MMMMM`. Only the index is read: it is a LevelDB-style
table (48-byte footer -> index block -> data blocks of prefix-compressed
keys, each block followed by a compression byte and a masked CRC-32C) that
maps each tensor name to a serialized `BundleEntryProto` (dtype, shape,
shard, slices); the empty key holds the `BundleHeaderProto`. Those two
protos are decoded by the few lines of wire-format decoding below, so
neither TensorFlow nor `protobuf` is needed. V1 checkpoints (before TF 1.2)
are tables too, one per shard, whose empty key lists every tensor.

    ckpt = read_checkpoint("train_dir")          # a directory, prefix or file
    [(e.name, e.shape, e.dtype) for e in ckpt.entries]

`entries` lists what `tf.train.list_variables` lists, in the same order:
the slices of a partitioned variable are folded into its one full entry.
Every failure (no such path, not a checkpoint, a damaged or unsupported
file) raises `CheckpointError` with a one-line message; nothing else
escapes for any content of the files read.
"""

from __future__ import annotations

import codecs
import glob
import os
import re
import struct
from dataclasses import dataclass, field
from typing import BinaryIO, Dict, Iterator, List, Optional, Tuple

__all__ = [
    "Checkpoint",
    "CheckpointError",
    "CheckpointNotFound",
    "CorruptCheckpoint",
    "UnsupportedCheckpoint",
    "TensorEntry",
    "dtype_name",
    "list_variables",
    "read_checkpoint",
    "resolve_prefix",
]


class CheckpointError(Exception):
    """A checkpoint that cannot be read; the message is one line for the user."""


class CheckpointNotFound(CheckpointError):
    """The path names no checkpoint (missing, or no `.index` next to it)."""


class CorruptCheckpoint(CheckpointError):
    """The index file is truncated or damaged, or is not a table at all."""


class UnsupportedCheckpoint(CheckpointError):
    """A real checkpoint in a form this reader does not handle."""


# --- protobuf wire format ---------------------------------------------------

_MAX_VARINT_BYTES = 10


def decode_varint(buf: bytes, pos: int) -> Tuple[int, int]:
    """(value, position after it) of the base-128 varint at `pos`."""
    result = shift = 0
    end = min(len(buf), pos + _MAX_VARINT_BYTES)
    while pos < end:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result & 0xFFFFFFFFFFFFFFFF, pos
        shift += 7
    raise CorruptCheckpoint("truncated or overlong varint")


def _signed64(value: int) -> int:
    # int32/int64 fields carry negative numbers as 10-byte two's complement.
    return value - (1 << 64) if value >= 1 << 63 else value


WIRE_VARINT, WIRE_FIXED64, WIRE_BYTES, WIRE_FIXED32 = 0, 1, 2, 5


def iter_fields(buf: bytes) -> Iterator[Tuple[int, int, object]]:
    """(field number, wire type, value) for each field of one message: an int
    for varint and fixed fields, bytes for length-delimited ones."""
    pos, n = 0, len(buf)
    while pos < n:
        tag, pos = decode_varint(buf, pos)
        number, wire = tag >> 3, tag & 7
        if number == 0:
            raise CorruptCheckpoint("protobuf field number 0")
        if wire == WIRE_VARINT:
            value, pos = decode_varint(buf, pos)
        elif wire == WIRE_FIXED64:
            if pos + 8 > n:
                raise CorruptCheckpoint("truncated fixed64 field")
            value = struct.unpack_from("<Q", buf, pos)[0]
            pos += 8
        elif wire == WIRE_FIXED32:
            if pos + 4 > n:
                raise CorruptCheckpoint("truncated fixed32 field")
            value = struct.unpack_from("<I", buf, pos)[0]
            pos += 4
        elif wire == WIRE_BYTES:
            length, pos = decode_varint(buf, pos)
            if pos + length > n:
                raise CorruptCheckpoint("truncated length-delimited field")
            value = bytes(buf[pos:pos + length])
            pos += length
        else:  # groups (3, 4) are not used by these protos; 6, 7 do not exist
            raise CorruptCheckpoint(f"unexpected protobuf wire type {wire}")
        yield number, wire, value


def _varints(wire: int, value) -> List[int]:
    """A repeated integer field's values: one, or a packed run."""
    if wire == WIRE_VARINT:
        return [value]
    if wire == WIRE_BYTES:
        out, pos = [], 0
        while pos < len(value):
            v, pos = decode_varint(value, pos)
            out.append(v)
        return out
    raise CorruptCheckpoint("integer field with a non-integer wire type")


def _expect(wire: int, expected: int, what: str) -> None:
    if wire != expected:
        raise CorruptCheckpoint(f"{what}: wire type {wire}, expected {expected}")


# --- the protos (tensorflow/core/protobuf/tensor_bundle.proto) -----------------

@dataclass(frozen=True)
class BundleHeader:
    num_shards: int = 0
    endianness: int = 0  # 0 LITTLE, 1 BIG
    producer: int = 0
    min_consumer: int = 0
    bad_consumers: Tuple[int, ...] = ()


def parse_header(buf: bytes) -> BundleHeader:
    num_shards = endianness = producer = min_consumer = 0
    bad: List[int] = []
    for number, wire, value in iter_fields(buf):
        if number == 1:
            _expect(wire, WIRE_VARINT, "num_shards")
            num_shards = _signed64(value)
        elif number == 2:
            _expect(wire, WIRE_VARINT, "endianness")
            endianness = value
        elif number == 3:  # VersionDef
            _expect(wire, WIRE_BYTES, "version")
            for vnum, vwire, vvalue in iter_fields(value):
                if vnum == 1:
                    producer = _signed64(_varints(vwire, vvalue)[-1])
                elif vnum == 2:
                    min_consumer = _signed64(_varints(vwire, vvalue)[-1])
                elif vnum == 3:
                    bad.extend(_signed64(v) for v in _varints(vwire, vvalue))
    return BundleHeader(num_shards, endianness, producer, min_consumer, tuple(bad))


@dataclass(frozen=True)
class BundleEntry:
    dtype: int = 0
    shape: Tuple[int, ...] = ()
    unknown_rank: bool = False
    shard_id: int = 0
    offset: int = 0
    size: int = 0
    num_slices: int = 0


def parse_shape(buf: bytes) -> Tuple[Tuple[int, ...], bool]:
    """TensorShapeProto: (dims, unknown_rank)."""
    dims: List[int] = []
    unknown_rank = False
    for number, wire, value in iter_fields(buf):
        if number == 2:  # Dim {int64 size = 1; string name = 2}
            _expect(wire, WIRE_BYTES, "shape.dim")
            size = 0
            for dnum, dwire, dvalue in iter_fields(value):
                if dnum == 1:
                    _expect(dwire, WIRE_VARINT, "dim.size")
                    size = _signed64(dvalue)
            dims.append(size)
        elif number == 3:
            _expect(wire, WIRE_VARINT, "unknown_rank")
            unknown_rank = bool(value)
    return tuple(dims), unknown_rank


def parse_entry(buf: bytes) -> BundleEntry:
    dtype = shard_id = offset = size = num_slices = 0
    shape: Tuple[int, ...] = ()
    unknown_rank = False
    for number, wire, value in iter_fields(buf):
        if number == 1:
            _expect(wire, WIRE_VARINT, "dtype")
            dtype = value
        elif number == 2:
            _expect(wire, WIRE_BYTES, "shape")
            shape, unknown_rank = parse_shape(value)
        elif number == 3:
            _expect(wire, WIRE_VARINT, "shard_id")
            shard_id = _signed64(value)
        elif number == 4:
            _expect(wire, WIRE_VARINT, "offset")
            offset = _signed64(value)
        elif number == 5:
            _expect(wire, WIRE_VARINT, "size")
            size = _signed64(value)
        elif number == 7:  # TensorSliceProto; only their number matters here
            _expect(wire, WIRE_BYTES, "slices")
            for _ in iter_fields(value):  # still checked: a damaged slice is damage
                pass
            num_slices += 1
    return BundleEntry(dtype, shape, unknown_rank, shard_id, offset, size, num_slices)


# tensorflow/core/framework/types.proto, named as tf.as_dtype(n).name names them.
_DTYPE_NAMES: Dict[int, str] = {
    1: "float32", 2: "float64", 3: "int32", 4: "uint8", 5: "int16", 6: "int8",
    7: "string", 8: "complex64", 9: "int64", 10: "bool", 11: "qint8",
    12: "quint8", 13: "qint32", 14: "bfloat16", 15: "qint16", 16: "quint16",
    17: "uint16", 18: "complex128", 19: "float16", 20: "resource",
    21: "variant", 22: "uint32", 23: "uint64", 24: "float8_e5m2",
    25: "float8_e4m3fn", 26: "float8_e4m3fnuz", 27: "float8_e4m3b11fnuz",
    28: "float8_e5m2fnuz", 29: "int4", 30: "uint4", 31: "int2", 32: "uint2",
    33: "float4_e2m1fn",
}
_REF_OFFSET = 100


def dtype_name(enum: int) -> str:
    """`float32` for DT_FLOAT (1), `float32_ref` for DT_FLOAT_REF (101);
    `dtype(N)` for a number this table does not know (a newer TF)."""
    if enum in _DTYPE_NAMES:
        return _DTYPE_NAMES[enum]
    if enum - _REF_OFFSET in _DTYPE_NAMES:
        return _DTYPE_NAMES[enum - _REF_OFFSET] + "_ref"
    return f"dtype({enum})"


# --- CRC-32C (Castagnoli), as the table format masks it --------------------

def _crc_table() -> List[int]:
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC_TABLE = _crc_table()


def crc32c(data: bytes, crc: int = 0) -> int:
    table = _CRC_TABLE
    crc ^= 0xFFFFFFFF
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


_MASK_DELTA = 0xA282EAD8


def unmask_crc(masked: int) -> int:
    rot = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


def mask_crc(crc: int) -> int:
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF


# --- snappy (raw format): the table format allows compressed blocks ----------
# (TensorFlow has written them uncompressed since 1.2).

def snappy_decompress(buf: bytes, limit: int) -> bytes:
    """Decode a raw snappy block of at most `limit` bytes uncompressed."""
    length, pos = decode_varint(buf, 0)
    if length > limit:
        raise CorruptCheckpoint(f"snappy block claims {length} bytes")
    out = bytearray()
    n = len(buf)
    while pos < n:
        tag = buf[pos]
        pos += 1
        kind = tag & 3
        if kind == 0:  # literal
            size = tag >> 2
            if size >= 60:  # the length-1 follows in size-59 bytes
                extra = size - 59
                if pos + extra > n:
                    raise CorruptCheckpoint("truncated snappy literal length")
                size = int.from_bytes(buf[pos:pos + extra], "little")
                pos += extra
            size += 1
            if pos + size > n:
                raise CorruptCheckpoint("truncated snappy literal")
            out += buf[pos:pos + size]
            pos += size
        else:
            if kind == 1:
                if pos + 1 > n:
                    raise CorruptCheckpoint("truncated snappy copy")
                size = ((tag >> 2) & 7) + 4
                offset = ((tag >> 5) << 8) | buf[pos]
                pos += 1
            else:
                width = 2 if kind == 2 else 4
                if pos + width > n:
                    raise CorruptCheckpoint("truncated snappy copy")
                size = (tag >> 2) + 1
                offset = int.from_bytes(buf[pos:pos + width], "little")
                pos += width
            if offset == 0 or offset > len(out):
                raise CorruptCheckpoint("snappy copy offset out of range")
            start = len(out) - offset
            for i in range(size):  # byte by byte: a copy may overlap its own output
                out.append(out[start + i])
        if len(out) > length:
            raise CorruptCheckpoint("snappy block longer than its header says")
    if len(out) != length:
        raise CorruptCheckpoint("snappy block shorter than its header says")
    return bytes(out)


# --- the table (tensorflow/core/lib/io/table, LevelDB's format) ----------------

TABLE_MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48  # two block handles padded to 40 bytes, then the magic
BLOCK_TRAILER_SIZE = 5  # compression type (1 byte) + masked crc32c (4 bytes)
NO_COMPRESSION, SNAPPY_COMPRESSION = 0, 1
# A snappy block may expand at most this much (TF's blocks are 256 KiB).
_MAX_BLOCK_BYTES = 64 << 20


def _block_handle(buf: bytes, pos: int) -> Tuple[int, int, int]:
    offset, pos = decode_varint(buf, pos)
    size, pos = decode_varint(buf, pos)
    return offset, size, pos


# Pure-Python CRC-32C runs at a few MB/s: a V1 shard's first block can hold
# a whole large tensor, which is then parsed without its checksum.
CRC_CHECK_LIMIT = 16 << 20


class Table:
    """A table in memory (`data`: index files are small) or read block by
    block from an open file (`file`, `size`: V1 shards hold every value)."""

    def __init__(self, data: Optional[bytes] = None, *, file: Optional[BinaryIO] = None, size: int = 0):
        self.data = data
        self.file = file
        self.size = len(data) if data is not None else size
        self.blocks_read = 0
        if self.size < FOOTER_SIZE:
            raise CorruptCheckpoint(f"{self.size} bytes, shorter than a table footer")
        footer = self._read(self.size - FOOTER_SIZE, FOOTER_SIZE)
        if struct.unpack_from("<Q", footer, 40)[0] != TABLE_MAGIC:
            raise CorruptCheckpoint("not a TensorFlow table (bad magic number)")
        _, _, pos = _block_handle(footer, 0)  # metaindex: TF writes it empty
        self.index_offset, self.index_size, pos = _block_handle(footer, pos)
        if pos > 40:
            raise CorruptCheckpoint("bad table footer")

    def _read(self, offset: int, size: int) -> bytes:
        if self.data is not None:
            return self.data[offset:offset + size]
        self.file.seek(offset)
        out = self.file.read(size)
        if len(out) != size:  # the file shrank while being read
            raise CorruptCheckpoint(f"short read at {offset}")
        return out

    def block(self, offset: int, size: int) -> bytes:
        end = offset + size + BLOCK_TRAILER_SIZE
        if end > self.size - FOOTER_SIZE:
            raise CorruptCheckpoint(f"block at {offset} ({size} bytes) runs past the end of the file")
        raw = self._read(offset, size + BLOCK_TRAILER_SIZE)
        contents, kind = raw[:size], raw[size]
        stored = struct.unpack_from("<I", raw, size + 1)[0]
        if size <= CRC_CHECK_LIMIT and crc32c(raw[:size + 1]) != unmask_crc(stored):
            raise CorruptCheckpoint(f"block at {offset}: checksum mismatch")
        self.blocks_read += 1
        if kind == NO_COMPRESSION:
            return contents
        if kind == SNAPPY_COMPRESSION:
            return snappy_decompress(contents, _MAX_BLOCK_BYTES)
        raise UnsupportedCheckpoint(f"block at {offset}: unknown compression type {kind}")

    @staticmethod
    def block_entries(block: bytes) -> Iterator[Tuple[bytes, bytes]]:
        """(key, value) of each entry: keys share a prefix with the previous
        key except at restart points, where the prefix is empty."""
        if len(block) < 4:
            raise CorruptCheckpoint("block shorter than its restart count")
        num_restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
        limit = len(block) - 4 - 4 * num_restarts
        if limit < 0:
            raise CorruptCheckpoint("block restart array larger than the block")
        restarts = set(struct.unpack_from(f"<{num_restarts}I", block, limit))
        pos, key = 0, b""
        while pos < limit:
            start = pos
            shared, pos = decode_varint(block, pos)
            non_shared, pos = decode_varint(block, pos)
            value_len, pos = decode_varint(block, pos)
            if shared > len(key) or pos + non_shared + value_len > limit:
                raise CorruptCheckpoint("bad block entry")
            if start in restarts:
                if shared:
                    raise CorruptCheckpoint("restart point with a shared key prefix")
                restarts.discard(start)
            key = key[:shared] + block[pos:pos + non_shared]
            pos += non_shared
            yield key, block[pos:pos + value_len]
            pos += value_len
        if restarts - {0}:  # an empty block still records restart 0
            raise CorruptCheckpoint("block restart point not at an entry")

    def items(self) -> Iterator[Tuple[bytes, bytes]]:
        """Every (key, value) of the table in key order."""
        index = self.block(self.index_offset, self.index_size)
        previous: Optional[bytes] = None
        for _, handle in self.block_entries(index):
            offset, size, _ = _block_handle(handle, 0)
            for key, value in self.block_entries(self.block(offset, size)):
                if previous is not None and key <= previous:
                    raise CorruptCheckpoint("table keys out of order")
                previous = key
                yield key, value


# --- the checkpoint ---------------------------------------------------------

# tensorflow/core/util/tensor_bundle/tensor_bundle.cc: kTensorBundleVersion.
BUNDLE_VERSION = 1
# Keys of object-based (TF2, tf.train.Checkpoint) checkpoints.
OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"
OBJECT_ATTRIBUTE_MARK = "/.ATTRIBUTES/"


@dataclass(frozen=True)
class TensorEntry:
    """One tensor as `tf.train.list_variables` lists it."""

    name: str
    dtype: str
    shape: Tuple[int, ...]
    shard_id: int = 0
    num_slices: int = 0  # > 0: a partitioned variable saved in that many slices


@dataclass(frozen=True)
class Checkpoint:
    prefix: str
    entries: Tuple[TensorEntry, ...]
    num_shards: int
    big_endian: bool = False
    data_blocks: int = 0  # how many table blocks held entries (a measure of size)
    missing_data_files: Tuple[str, ...] = field(default=())
    format: str = "V2"  # or "V1": tensor-slice tables, values and names in one file per shard

    @property
    def object_based(self) -> bool:
        """Written by `tf.train.Checkpoint` (TF2): keys are object paths."""
        return any(e.name == OBJECT_GRAPH_KEY or OBJECT_ATTRIBUTE_MARK in e.name for e in self.entries)

    def names(self) -> List[str]:
        return [e.name for e in self.entries]

    def by_name(self) -> Dict[str, TensorEntry]:
        return {e.name: e for e in self.entries}


def index_filename(prefix: str) -> str:
    return prefix + ".index"


def data_filename(prefix: str, shard: int, num_shards: int) -> str:
    return f"{prefix}.data-{shard:05d}-of-{num_shards:05d}"


_DATA_SUFFIX = re.compile(r"\.data-\d{5}-of-\d{5}$")
_STATE_LINE = re.compile(r"""^\s*model_checkpoint_path\s*:\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')""", re.M)


def _unescape(text: str) -> str:
    """A text-format string literal's C escapes (octal for non-ASCII bytes)."""
    try:
        raw = codecs.escape_decode(text.encode("utf-8"))[0]
        return raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise CheckpointNotFound(f"cannot decode model_checkpoint_path {text!r}") from None


def _latest_in_dir(directory: str) -> str:
    """What `tf.train.latest_checkpoint(directory)` would return, or raise."""
    state = os.path.join(directory, "checkpoint")
    if os.path.exists(state) and not os.path.isfile(state):  # a FIFO would block the read
        raise CheckpointNotFound(f"{state}: not a regular file")
    try:
        with open(state, "rb") as fh:
            text = fh.read(1 << 20).decode("utf-8", "replace")
    except FileNotFoundError:
        found = sorted(f[:-len(".index")] for f in os.listdir(directory) if f.endswith(".index"))
        hint = f"; it has {found[-1]}.index: pass {os.path.join(directory, found[-1])}" if found else ""
        raise CheckpointNotFound(f"{directory}: no 'checkpoint' file in this directory{hint}") from None
    except OSError as exc:
        raise CheckpointNotFound(f"{state}: cannot read: {exc.strerror or exc}") from None
    match = _STATE_LINE.search(text)
    if not match:
        raise CheckpointNotFound(f"{state}: names no model_checkpoint_path")
    path = _unescape(match.group(1) if match.group(1) is not None else match.group(2))
    # As tf.train.get_checkpoint_state: a relative path is relative to the directory.
    prefix = path if os.path.isabs(path) else os.path.join(directory, path)
    here = os.path.join(directory, os.path.basename(prefix))
    if not os.path.isfile(index_filename(prefix)) and os.path.isfile(index_filename(here)):
        # A directory copied from elsewhere keeps the writer's absolute paths:
        # tf.train.latest_checkpoint finds nothing there either.
        raise CheckpointNotFound(
            f"{state} names {prefix}, which does not exist (tf.train.latest_checkpoint fails too); "
            f"the directory holds {os.path.basename(here)}: pass {here}")
    return prefix


def resolve_prefix(path: str) -> str:
    """The checkpoint prefix `path` names: a directory (its `checkpoint`
    file's model_checkpoint_path), a prefix, or one of the prefix's files."""
    if not path:
        raise CheckpointNotFound("empty checkpoint path")
    if os.path.isdir(path):
        return _latest_in_dir(path)
    for suffix in (".index", ".meta"):
        if path.endswith(suffix) and os.path.isfile(path):
            return path[: -len(suffix)]
    match = _DATA_SUFFIX.search(path)
    if match and os.path.isfile(path):
        return path[: match.start()]
    return path


def _is_table(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            if fh.tell() < FOOTER_SIZE:
                return False
            fh.seek(-8, os.SEEK_END)
            return struct.unpack("<Q", fh.read(8))[0] == TABLE_MAGIC
    except OSError:
        return False


_SAFETY_NET = (IndexError, ValueError, KeyError, OverflowError, struct.error, MemoryError, RecursionError)
# An index this large is not a checkpoint index (they hold only names and shapes).
MAX_INDEX_BYTES = 1 << 30


def read_index(data: bytes, prefix: str = "") -> Checkpoint:
    """Decode an index file's bytes (no file access besides none)."""
    try:
        return _read_index(data, prefix)
    except CheckpointError:
        raise
    except _SAFETY_NET as exc:  # a damaged file the explicit checks missed
        raise CorruptCheckpoint(f"damaged index ({type(exc).__name__}: {exc})") from None


def _read_index(data: bytes, prefix: str) -> Checkpoint:
    table = Table(data)
    header: Optional[BundleHeader] = None
    raw: List[Tuple[bytes, BundleEntry]] = []
    for key, value in table.items():
        if key == b"":
            header = parse_header(value)
        else:
            raw.append((key, parse_entry(value)))
    if header is None:
        raise CorruptCheckpoint("no bundle header: not a TensorFlow V2 checkpoint index")
    if header.min_consumer > BUNDLE_VERSION or BUNDLE_VERSION in header.bad_consumers:
        raise UnsupportedCheckpoint(
            f"written by a newer TensorFlow (checkpoint format version {header.producer}, "
            f"readable from version {header.min_consumer})")
    if header.num_shards < 1 and raw:
        raise CorruptCheckpoint(f"bundle header says {header.num_shards} shards")
    # As checkpoint_reader.cc: the slices of a partitioned variable are
    # stored under encoded keys (0x00 + the escaped name + the extents) and
    # only its full entry is listed.
    sliced = {key for key, entry in raw if entry.num_slices}
    entries = []
    for key, entry in raw:
        if key[:1] == b"\x00" and _slice_key_name(key) in sliced:
            continue
        entries.append(TensorEntry(
            name=key.decode("utf-8", "backslashreplace"),
            dtype=dtype_name(entry.dtype),
            shape=entry.shape,
            shard_id=entry.shard_id,
            num_slices=entry.num_slices,
        ))
    return Checkpoint(
        prefix=prefix,
        entries=tuple(entries),
        num_shards=header.num_shards,
        big_endian=header.endianness == 1,
        data_blocks=table.blocks_read - 1,
    )


def _slice_key_name(key: bytes) -> Optional[bytes]:
    """The tensor name in an encoded slice key (OrderedCode: the number 0,
    then the name with 0x00 -> 00 ff and 0xff -> ff 00, ended by 00 01)."""
    out = bytearray()
    pos, n = 1, len(key)
    while pos + 1 < n:
        b, nxt = key[pos], key[pos + 1]
        if b == 0x00:
            if nxt == 0x01:
                return bytes(out)
            if nxt != 0xFF:
                return None
            out.append(0x00)
            pos += 2
        elif b == 0xFF:
            if nxt != 0x00:
                return None
            out.append(0xFF)
            pos += 2
        else:
            out.append(b)
            pos += 1
    return None


def read_checkpoint(path: str) -> Checkpoint:
    """The checkpoint at `path` (a directory, a prefix, its `.index`,
    `.meta` or a data file). Raises CheckpointError, never anything else."""
    try:
        prefix = resolve_prefix(os.fspath(path))
    except (OSError, ValueError, TypeError) as exc:
        raise CheckpointNotFound(f"{path}: {getattr(exc, 'strerror', None) or exc}") from None
    index = index_filename(prefix)
    if os.path.exists(index) and not os.path.isfile(index):  # a FIFO would block the read
        raise CheckpointNotFound(f"{index}: not a regular file")
    try:
        with open(index, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_INDEX_BYTES:
                raise CorruptCheckpoint(f"{index}: {size} bytes is too large for a checkpoint index")
            data = fh.read()
    except CheckpointError:
        raise
    except FileNotFoundError:
        files = _v1_files(prefix)
        if files:
            return _read_v1(prefix, files)
        if os.path.exists(prefix) and not os.path.isdir(prefix):
            raise CheckpointNotFound(f"{prefix}: not a checkpoint (no {os.path.basename(index)} beside it)") from None
        raise CheckpointNotFound(f"{prefix}: no such checkpoint ({index} does not exist)") from None
    except (OSError, ValueError) as exc:
        raise CheckpointNotFound(f"{index}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        ckpt = read_index(data, prefix)
    except CheckpointError as exc:
        raise type(exc)(f"{index}: {exc}") from None
    missing = tuple(
        name for name in (data_filename(prefix, i, ckpt.num_shards) for i in range(ckpt.num_shards))
        if not os.path.isfile(name)
    ) if ckpt.num_shards <= 10000 else ()
    return Checkpoint(ckpt.prefix, ckpt.entries, ckpt.num_shards, ckpt.big_endian, ckpt.data_blocks, missing)


# --- V1 checkpoints (tensorflow/core/util/saved_tensor_slice.proto) ------------
#
# `Saver(write_version=V1)`, and every Saver before TF 1.2 (many published
# pre-trained models): one table per shard, named by the prefix itself
# (sharded: `model.ckpt-?????-of-00003`, a glob pattern). The empty key holds
# SavedTensorSlices.meta, the list of every tensor with its shape and dtype.

# tensorflow/core/public/version.h: TF_CHECKPOINT_VERSION.
V1_CHECKPOINT_VERSION = 1


def _v1_files(prefix: str) -> List[str]:
    if glob.has_magic(prefix):
        files = sorted(f for f in glob.glob(prefix) if os.path.isfile(f))
    else:
        files = [prefix] if os.path.isfile(prefix) else []
    return files if files and all(_is_table(f) for f in files) else []


def parse_v1_meta(buf: bytes) -> Tuple[List[Tuple[str, int, Tuple[int, ...], int]], int]:
    """SavedTensorSlices.meta: ([(name, dtype, shape, slices)], min_consumer)."""
    tensors: List[Tuple[str, int, Tuple[int, ...], int]] = []
    min_consumer = 0
    meta = None
    for number, wire, value in iter_fields(buf):
        if number == 1:
            _expect(wire, WIRE_BYTES, "meta")
            meta = value
    if meta is None:
        raise CorruptCheckpoint("no tensor-slice metadata: not a TensorFlow V1 checkpoint")
    for number, wire, value in iter_fields(meta):
        if number == 1:  # SavedSliceMeta
            _expect(wire, WIRE_BYTES, "tensor")
            name, dtype, shape, slices = b"", 0, (), 0
            for tnum, twire, tvalue in iter_fields(value):
                if tnum == 1:
                    _expect(twire, WIRE_BYTES, "name")
                    name = tvalue
                elif tnum == 2:
                    _expect(twire, WIRE_BYTES, "shape")
                    shape, _ = parse_shape(tvalue)
                elif tnum == 3:
                    _expect(twire, WIRE_VARINT, "type")
                    dtype = tvalue
                elif tnum == 4:
                    _expect(twire, WIRE_BYTES, "slice")
                    slices += 1
            tensors.append((name.decode("utf-8", "backslashreplace"), dtype, shape, slices))
        elif number == 2:
            _expect(wire, WIRE_BYTES, "versions")
            for vnum, vwire, vvalue in iter_fields(value):
                if vnum == 2:
                    min_consumer = _signed64(_varints(vwire, vvalue)[-1])
    return tensors, min_consumer


def read_v1_table(data: Optional[bytes] = None, *, file: Optional[BinaryIO] = None,
                  size: int = 0) -> Tuple[List[Tuple[str, int, Tuple[int, ...], int]], int]:
    """The metadata of one V1 shard (its first key is the empty one), from
    its bytes or its open file (then only the footer and two blocks are read)."""
    try:
        table = Table(data, file=file, size=size)
        for key, value in table.items():
            if key != b"":
                break
            return parse_v1_meta(value)
        raise CorruptCheckpoint("no tensor-slice metadata: not a TensorFlow V1 checkpoint")
    except CheckpointError:
        raise
    except _SAFETY_NET as exc:
        raise CorruptCheckpoint(f"damaged table ({type(exc).__name__}: {exc})") from None


def _read_v1(prefix: str, files: List[str]) -> Checkpoint:
    found: Dict[str, TensorEntry] = {}
    for shard, name in enumerate(files):
        try:
            with open(name, "rb") as fh:
                tensors, min_consumer = read_v1_table(file=fh, size=os.fstat(fh.fileno()).st_size)
        except CheckpointError as exc:
            raise type(exc)(f"{name}: {exc}") from None
        except OSError as exc:
            raise CheckpointNotFound(f"{name}: cannot read: {exc.strerror or exc}") from None
        if min_consumer > V1_CHECKPOINT_VERSION:
            raise UnsupportedCheckpoint(f"{name}: written by a newer TensorFlow (readable from version {min_consumer})")
        for tname, dtype, shape, slices in tensors:
            if tname in found:  # a partitioned variable's slices, spread over shards
                old = found[tname]
                found[tname] = TensorEntry(old.name, old.dtype, old.shape, old.shard_id, old.num_slices + slices)
            else:
                found[tname] = TensorEntry(tname, dtype_name(dtype), shape, shard, slices)
    # As tf.train.list_variables sorts; one slice is a whole (unpartitioned) tensor.
    entries = tuple(e if e.num_slices > 1 else TensorEntry(e.name, e.dtype, e.shape, e.shard_id, 0)
                    for e in (found[n] for n in sorted(found)))
    return Checkpoint(prefix, entries, len(files), format="V1")


def list_variables(path: str) -> List[Tuple[str, List[int]]]:
    """`tf.train.list_variables(path)`, without TensorFlow."""
    return [(e.name, list(e.shape)) for e in read_checkpoint(path).entries]
