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
from typing import BinaryIO, Dict, List, Optional, Tuple

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

from scopelint.checkpoint_format import (  # noqa: F401  (re-exported: the reader's API)
    BLOCK_TRAILER_SIZE,
    CRC_CHECK_LIMIT,
    FOOTER_SIZE,
    TABLE_MAGIC,
    WIRE_BYTES,
    WIRE_FIXED32,
    WIRE_FIXED64,
    WIRE_VARINT,
    BundleEntry,
    BundleHeader,
    CheckpointError,
    CheckpointNotFound,
    CorruptCheckpoint,
    Table,
    UnsupportedCheckpoint,
    _expect,
    _signed64,
    _varints,
    crc32c,
    decode_varint,
    dtype_name,
    iter_fields,
    mask_crc,
    parse_entry,
    parse_header,
    parse_shape,
    snappy_decompress,
    unmask_crc,
)

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
        found = sorted(f[: -len(".index")] for f in os.listdir(directory) if f.endswith(".index"))
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
            f"the directory holds {os.path.basename(here)}: pass {here}"
        )
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
            f"readable from version {header.min_consumer})"
        )
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
        entries.append(
            TensorEntry(
                name=key.decode("utf-8", "backslashreplace"),
                dtype=dtype_name(entry.dtype),
                shape=entry.shape,
                shard_id=entry.shard_id,
                num_slices=entry.num_slices,
            )
        )
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
    missing = (
        tuple(
            name
            for name in (data_filename(prefix, i, ckpt.num_shards) for i in range(ckpt.num_shards))
            if not os.path.isfile(name)
        )
        if ckpt.num_shards <= 10000
        else ()
    )
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
            name, dtype, slices = b"", 0, 0
            shape: Tuple[int, ...] = ()
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


def read_v1_table(
    data: Optional[bytes] = None, *, file: Optional[BinaryIO] = None, size: int = 0
) -> Tuple[List[Tuple[str, int, Tuple[int, ...], int]], int]:
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
    entries = tuple(
        e if e.num_slices > 1 else TensorEntry(e.name, e.dtype, e.shape, e.shard_id, 0)
        for e in (found[n] for n in sorted(found))
    )
    return Checkpoint(prefix, entries, len(files), format="V1")


def list_variables(path: str) -> List[Tuple[str, List[int]]]:
    """`tf.train.list_variables(path)`, without TensorFlow."""
    return [(e.name, list(e.shape)) for e in read_checkpoint(path).entries]
