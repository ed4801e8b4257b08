"""The file formats under a TensorFlow checkpoint's index, in pure Python:
protobuf's wire format and the two tensor-bundle protos, CRC-32C as the
table format masks it, raw snappy, and the LevelDB-style table itself
(checkpoint_reader.py reads checkpoints with them). Every failure raises a
CheckpointError subclass."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any, BinaryIO, Dict, Iterator, List, Optional, Tuple


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


def iter_fields(buf: bytes) -> Iterator[Tuple[int, int, Any]]:
    """(field number, wire type, value) for each field of one message: an int
    for varint and fixed fields, bytes for length-delimited ones."""
    pos, n = 0, len(buf)
    value: Any
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
            value = bytes(buf[pos : pos + length])
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
    1: "float32",
    2: "float64",
    3: "int32",
    4: "uint8",
    5: "int16",
    6: "int8",
    7: "string",
    8: "complex64",
    9: "int64",
    10: "bool",
    11: "qint8",
    12: "quint8",
    13: "qint32",
    14: "bfloat16",
    15: "qint16",
    16: "quint16",
    17: "uint16",
    18: "complex128",
    19: "float16",
    20: "resource",
    21: "variant",
    22: "uint32",
    23: "uint64",
    24: "float8_e5m2",
    25: "float8_e4m3fn",
    26: "float8_e4m3fnuz",
    27: "float8_e4m3b11fnuz",
    28: "float8_e5m2fnuz",
    29: "int4",
    30: "uint4",
    31: "int2",
    32: "uint2",
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
                size = int.from_bytes(buf[pos : pos + extra], "little")
                pos += extra
            size += 1
            if pos + size > n:
                raise CorruptCheckpoint("truncated snappy literal")
            out += buf[pos : pos + size]
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
                offset = int.from_bytes(buf[pos : pos + width], "little")
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
            return self.data[offset : offset + size]
        assert self.file is not None  # a table is read from bytes or from a file
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
        if size <= CRC_CHECK_LIMIT and crc32c(raw[: size + 1]) != unmask_crc(stored):
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
            key = key[:shared] + block[pos : pos + non_shared]
            pos += non_shared
            yield key, block[pos : pos + value_len]
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
