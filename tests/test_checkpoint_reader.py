"""scopelint.checkpoint_reader, judged by real TensorFlow.

tests/oracle/checkpoints.py writes checkpoints with tf.compat.v1.train.Saver
(and one with tf.train.Checkpoint) in a subprocess and records what
`tf.train.list_variables` and the reader's dtype map say; the pure-Python
reader must list exactly that. The wire-format, CRC, snappy and table code
is also checked on hand-made bytes, and on TF's files with random damage.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from scopelint import checkpoint_format
from scopelint import checkpoint_reader as cr
from scopelint.checkpoint_reader import (
    CheckpointError,
    CheckpointNotFound,
    CorruptCheckpoint,
    UnsupportedCheckpoint,
    read_checkpoint,
    read_index,
)

ROOT = Path(__file__).resolve().parent.parent
WRITER = ROOT / "tests" / "oracle" / "checkpoints.py"
TF1_CASES = ("plain", "scopes", "adam", "partitioned", "sharded", "large", "dict_keys", "v1_format", "v1_sharded")


@pytest.fixture(scope="module")
def tf_checkpoints(tmp_path_factory):
    """{"dir": Path, "cases": {...}, "dtypes": {...}} from a TF subprocess."""
    from tests.oracle.client import SKIP_ENV, _python, oracle_unavailable_reason

    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: TensorFlow oracle tests skipped")
    reason = oracle_unavailable_reason()
    if reason is not None:
        pytest.fail(f"the TensorFlow oracle is unavailable: {reason}", pytrace=False)
    out = tmp_path_factory.mktemp("tf_checkpoints")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", TF_USE_LEGACY_KERAS="1")
    proc = subprocess.run([_python(), str(WRITER), str(out)], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads((out / "cases.json").read_text(encoding="utf-8"))
    data["dir"] = out
    return data


def reader_listing(ckpt):
    return [[e.name, list(e.shape), e.dtype] for e in ckpt.entries]


# --- judged by TF -------------------------------------------------------------

@pytest.mark.parametrize("case", TF1_CASES + ("object_based",))
def test_reader_lists_what_tf_lists(tf_checkpoints, case):
    info = tf_checkpoints["cases"][case]
    prefix = tf_checkpoints["dir"] / info["prefix"]
    assert info["listing"], "TF listed nothing: the case is broken"
    ckpt = read_checkpoint(str(prefix))
    assert reader_listing(ckpt) == info["listing"]
    assert ckpt.prefix == str(prefix)
    assert ckpt.missing_data_files == ()
    assert ckpt.object_based == (case == "object_based")
    assert ckpt.format == ("V1" if case.startswith("v1_") else "V2")


@pytest.mark.parametrize("case", ("plain", "sharded", "object_based"))
def test_every_way_of_naming_the_checkpoint(tf_checkpoints, case):
    # The directory (its `checkpoint` file, as tf.train.latest_checkpoint),
    # the .index file and each data file all name the same prefix.
    info = tf_checkpoints["cases"][case]
    base = tf_checkpoints["dir"]
    prefix = base / info["prefix"]
    data_files = [f for f in info["files"] if ".data-" in f]
    assert data_files
    paths = [base / info["dir"], Path(str(prefix) + ".index")] + [base / info["dir"] / f for f in data_files]
    for path in paths:
        ckpt = read_checkpoint(str(path))
        assert os.path.samefile(ckpt.prefix + ".index", str(prefix) + ".index"), path
        assert reader_listing(ckpt) == info["listing"], path


def test_sharded_checkpoint_shards_match_the_data_files_tf_wrote(tf_checkpoints):
    info = tf_checkpoints["cases"]["sharded"]
    data_files = [f for f in info["files"] if ".data-" in f]
    ckpt = read_checkpoint(str(tf_checkpoints["dir"] / info["prefix"]))
    assert len(data_files) > 1, "the case must write several shards"
    assert ckpt.num_shards == len(data_files)
    assert len({e.shard_id for e in ckpt.entries}) > 1


def test_sharded_checkpoint_with_a_missing_data_file_names_it(tf_checkpoints, tmp_path):
    info = tf_checkpoints["cases"]["sharded"]
    shutil.copytree(tf_checkpoints["dir"] / info["dir"], tmp_path / "c")
    victim = sorted(f for f in info["files"] if ".data-" in f)[-1]
    os.remove(tmp_path / "c" / victim)
    ckpt = read_checkpoint(str(tmp_path / "c" / os.path.basename(info["prefix"])))
    assert [os.path.basename(p) for p in ckpt.missing_data_files] == [victim]
    assert reader_listing(ckpt) == info["listing"]  # the index alone is enough to list


def test_partitioned_slices_are_folded_into_their_variable(tf_checkpoints):
    info = tf_checkpoints["cases"]["partitioned"]
    index = Path(str(tf_checkpoints["dir"] / info["prefix"]) + ".index").read_bytes()
    ckpt = read_index(index)
    stored = [k for k, _ in cr.Table(index).items() if k]
    slice_keys = [k for k in stored if k[:1] == b"\x00"]
    # The filter was exercised: the table holds slice keys TF does not list.
    assert slice_keys and len(stored) == len(ckpt.entries) + len(slice_keys)
    partitioned = {e.name: e.num_slices for e in ckpt.entries if e.num_slices}
    assert partitioned.get("emb/table") == 3 and partitioned.get("wide/kernel") == 2
    assert {cr._slice_key_name(k).decode() for k in slice_keys} == set(partitioned)


def test_large_index_spans_several_data_blocks(tf_checkpoints):
    info = tf_checkpoints["cases"]["large"]
    ckpt = read_checkpoint(str(tf_checkpoints["dir"] / info["prefix"]))
    assert ckpt.data_blocks >= 3  # else the case no longer tests block boundaries
    assert len(ckpt.entries) == len(info["listing"]) >= 1000


def test_v1_sharded_through_its_directory_and_pattern(tf_checkpoints):
    info = tf_checkpoints["cases"]["v1_sharded"]
    shards = [f for f in info["files"] if f != "checkpoint"]
    assert "?????-of-" in info["prefix"] and len(shards) > 1
    for path in (tf_checkpoints["dir"] / info["dir"], tf_checkpoints["dir"] / info["prefix"]):
        ckpt = read_checkpoint(str(path))
        assert reader_listing(ckpt) == info["listing"]
        assert ckpt.num_shards == len(shards)
    assert [e.num_slices for e in ckpt.entries if e.name == "p"] == [3]


@pytest.mark.parametrize("case", ("v1_format", "v1_sharded"))
def test_damaged_v1_shards_give_the_clear_error(tf_checkpoints, case):
    info = tf_checkpoints["cases"][case]
    shard = tf_checkpoints["dir"] / info["dir"] / sorted(f for f in info["files"] if f != "checkpoint")[0]
    data = shard.read_bytes()
    good = cr.read_v1_table(data)
    rng = random.Random(case)
    for cut in sorted(set(rng.randrange(len(data)) for _ in range(40))) + [0, len(data) - 1]:
        with pytest.raises(CheckpointError):
            cr.read_v1_table(data[:cut])
    for _ in range(100):
        damaged = bytearray(data)
        pos = rng.randrange(len(damaged))
        damaged[pos] ^= 1 << rng.randrange(8)
        try:
            got = cr.read_v1_table(bytes(damaged))
        except CheckpointError:
            continue
        # Only the metadata's blocks are read: damage elsewhere goes unseen.
        assert got == good, f"flip at {pos} of {len(data)} changed the listing unnoticed"


def test_dtype_names_match_tf_for_every_enum(tf_checkpoints):
    names = {int(k): v for k, v in tf_checkpoints["dtypes"].items()}
    assert len(names) > 50  # both plain and _ref enums
    assert {n: cr.dtype_name(n) for n in names} == names
    assert cr.dtype_name(99) == "dtype(99)"


# --- robustness: TF's files, damaged ----------------------------------------

@pytest.mark.parametrize("case", ("plain", "partitioned", "sharded"))
def test_truncated_or_flipped_index_gives_the_clear_error(tf_checkpoints, case):
    info = tf_checkpoints["cases"][case]
    data = Path(str(tf_checkpoints["dir"] / info["prefix"]) + ".index").read_bytes()
    good = read_index(data).entries
    rng = random.Random(case)
    for cut in sorted(set(rng.randrange(len(data)) for _ in range(60))) + [0, 1, len(data) - 1]:
        with pytest.raises(CheckpointError):
            read_index(data[:cut])
    for _ in range(150):
        damaged = bytearray(data)
        pos = rng.randrange(len(damaged))
        damaged[pos] ^= 1 << rng.randrange(8)
        try:
            entries = read_index(bytes(damaged)).entries
        except CheckpointError:
            continue
        # Undetected only where nothing is read: the footer's padding.
        assert entries == good, f"flip at {pos} of {len(data)} changed the listing unnoticed"


def test_path_errors_are_clear(tmp_path):
    with pytest.raises(CheckpointNotFound, match="no such checkpoint"):
        read_checkpoint(str(tmp_path / "model.ckpt-5"))
    with pytest.raises(CheckpointNotFound, match="no 'checkpoint' file"):
        read_checkpoint(str(tmp_path))
    (tmp_path / "notes.txt").write_text("hello\n")
    with pytest.raises(CheckpointNotFound, match="not a checkpoint"):
        read_checkpoint(str(tmp_path / "notes.txt"))
    (tmp_path / "bad.index").write_bytes(b"\x00" * 100)
    with pytest.raises(CorruptCheckpoint, match="bad magic number"):
        read_checkpoint(str(tmp_path / "bad.index"))
    with pytest.raises(CheckpointNotFound):
        read_checkpoint("")


def test_special_files_are_not_read(tmp_path):
    os.mkfifo(tmp_path / "m.ckpt.index")  # opening it would wait for a writer
    with pytest.raises(CheckpointNotFound, match="not a regular file"):
        read_checkpoint(str(tmp_path / "m.ckpt"))
    os.mkfifo(tmp_path / "checkpoint")
    with pytest.raises(CheckpointNotFound, match="not a regular file"):
        read_checkpoint(str(tmp_path))


def test_directory_without_state_file_hints_at_the_index_it_holds(tmp_path):
    (tmp_path / "model.ckpt-9.index").write_bytes(build_table([(b"", header())]))
    with pytest.raises(CheckpointNotFound, match="model.ckpt-9"):
        read_checkpoint(str(tmp_path))


@pytest.mark.parametrize("line, relative", [
    ('model_checkpoint_path: "sub/m.ckpt-3"', True),
    ("model_checkpoint_path: 'sub/m.ckpt-3'", True),
    ('  model_checkpoint_path : "{abs}"', False),
])
def test_checkpoint_state_file(tmp_path, line, relative):
    (tmp_path / "sub").mkdir()
    prefix = tmp_path / "sub" / "m.ckpt-3"
    Path(str(prefix) + ".index").write_bytes(build_table([(b"", header()), (b"w", entry(1, [2]))]))
    text = 'all_model_checkpoint_paths: "other"\n' + line.replace("{abs}", str(prefix)) + "\n"
    (tmp_path / "checkpoint").write_text(text)
    ckpt = read_checkpoint(str(tmp_path))
    assert ckpt.prefix == (os.path.join(str(tmp_path), "sub/m.ckpt-3") if relative else str(prefix))
    assert reader_listing(ckpt) == [["w", [2], "float32"]]
    assert ckpt.missing_data_files == (str(prefix) + ".data-00000-of-00001",)


def test_state_file_with_the_writers_absolute_path(tmp_path):
    # A train directory copied from another machine.
    (tmp_path / "m.ckpt-3.index").write_bytes(build_table([(b"", header())]))
    (tmp_path / "checkpoint").write_text('model_checkpoint_path: "/elsewhere/run/m.ckpt-3"\n')
    with pytest.raises(CheckpointNotFound, match="/elsewhere/run/m.ckpt-3, which does not exist.*pass .*m.ckpt-3"):
        read_checkpoint(str(tmp_path))
    assert read_checkpoint(str(tmp_path / "m.ckpt-3")).entries == ()


def test_state_file_pointing_nowhere(tmp_path):
    (tmp_path / "checkpoint").write_text('model_checkpoint_path: "gone.ckpt"\n')
    with pytest.raises(CheckpointNotFound, match="gone.ckpt"):
        read_checkpoint(str(tmp_path))
    (tmp_path / "checkpoint").write_text("garbage\n")
    with pytest.raises(CheckpointNotFound, match="names no model_checkpoint_path"):
        read_checkpoint(str(tmp_path))


# --- hand-made bytes: wire format, CRC, snappy, tables -----------------------

def varint(n: int) -> bytes:
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_varint(number: int, value: int) -> bytes:
    return varint(number << 3) + varint(value)


def field_bytes(number: int, value: bytes) -> bytes:
    return varint(number << 3 | 2) + varint(len(value)) + value


def header(num_shards=1, min_consumer=0, bad=()) -> bytes:
    version = field_varint(1, 1) + field_varint(2, min_consumer)
    if bad:
        version += field_bytes(3, b"".join(varint(b) for b in bad))  # packed
    return field_varint(1, num_shards) + field_bytes(3, version)


def entry(dtype: int, shape, slices: int = 0, shard: int = 0) -> bytes:
    dims = b"".join(field_bytes(2, field_varint(1, d)) for d in shape)
    out = field_varint(1, dtype) + field_bytes(2, dims) + field_varint(3, shard)
    out += field_varint(4, 0) + field_varint(5, 4) + struct.pack("<BI", 6 << 3 | 5, 0xDEADBEEF)
    for _ in range(slices):
        out += field_bytes(7, field_bytes(1, field_varint(1, 0)))
    return out


def build_block(items, restart_interval=2) -> bytes:
    out, restarts, last = bytearray(), [], b""
    for i, (key, value) in enumerate(items):
        shared = 0
        if i % restart_interval:
            while shared < min(len(key), len(last)) and key[shared] == last[shared]:
                shared += 1
        else:
            restarts.append(len(out))
        out += varint(shared) + varint(len(key) - shared) + varint(len(value)) + key[shared:] + value
        last = key
    restarts = restarts or [0]
    return bytes(out) + struct.pack(f"<{len(restarts)}I", *restarts) + struct.pack("<I", len(restarts))


def build_table(items, per_block=3, compress=None) -> bytes:
    """A table file as TF's writer lays it out; `compress(bytes)` -> bytes
    marks the data blocks snappy-compressed."""
    out, index = bytearray(), []

    def put(block: bytes, kind: int = 0) -> bytes:
        handle = varint(len(out)) + varint(len(block))
        crc = cr.mask_crc(cr.crc32c(block + bytes([kind])))
        out.extend(block + bytes([kind]) + struct.pack("<I", crc))
        return handle

    for start in range(0, len(items), per_block):
        chunk = items[start:start + per_block]
        block = build_block(chunk)
        handle = put(compress(block), 1) if compress else put(block)
        index.append((chunk[-1][0], handle))
    meta = put(build_block([]))
    idx = put(build_block(index, restart_interval=1))
    footer = (meta + idx).ljust(40, b"\x00") + struct.pack("<Q", cr.TABLE_MAGIC)
    return bytes(out) + footer


def test_varint():
    assert cr.decode_varint(b"\x01", 0) == (1, 1)
    assert cr.decode_varint(b"\xac\x02rest", 0) == (300, 2)
    assert cr.decode_varint(b"\xff" * 9 + b"\x01", 0) == ((1 << 64) - 1, 10)
    for n in (0, 127, 128, 2**32, 2**63 + 5):
        assert cr.decode_varint(varint(n), 0) == (n, len(varint(n)))
    with pytest.raises(CorruptCheckpoint):
        cr.decode_varint(b"\x80\x80", 0)  # truncated
    with pytest.raises(CorruptCheckpoint):
        cr.decode_varint(b"\x80" * 11 + b"\x01", 0)  # overlong


def test_iter_fields_every_wire_type():
    msg = (field_varint(1, 150) + struct.pack("<BQ", 2 << 3 | 1, 2**40) + field_bytes(3, b"abc")
           + struct.pack("<BI", 4 << 3 | 5, 7))
    assert list(cr.iter_fields(msg)) == [(1, 0, 150), (2, 1, 2**40), (3, 2, b"abc"), (4, 5, 7)]
    for bad in (varint(3 << 3 | 3), field_bytes(1, b"abc")[:-1], struct.pack("<BI", 1 << 3 | 1, 0), varint(0) + b"\x00"):
        with pytest.raises(CorruptCheckpoint):
            list(cr.iter_fields(bad))


def test_parse_entry_and_header():
    e = cr.parse_entry(entry(9, [3, 0, 5], slices=2, shard=1))
    assert (e.dtype, e.shape, e.num_slices, e.shard_id, e.size) == (9, (3, 0, 5), 2, 1, 4)
    # -1 (an unknown dimension) as int64: ten bytes of two's complement.
    e = cr.parse_entry(field_bytes(2, field_bytes(2, field_varint(1, -1))))
    assert e.shape == (-1,)
    assert cr.parse_shape(field_varint(3, 1)) == ((), True)
    h = cr.parse_header(header(num_shards=4, min_consumer=0, bad=(3, 5)))
    assert (h.num_shards, h.producer, h.bad_consumers) == (4, 1, (3, 5))
    with pytest.raises(CorruptCheckpoint):
        cr.parse_entry(field_bytes(1, b"x"))  # dtype must be a varint


def test_crc32c_and_mask():
    assert cr.crc32c(b"123456789") == 0xE3069283  # the standard check value
    assert cr.crc32c(b"") == 0
    for v in (0, 1, 0xE3069283, 0xFFFFFFFF):
        assert cr.unmask_crc(cr.mask_crc(v)) == v


def test_snappy_hand_made_stream():
    # literal "abcd", copy 1-byte offset (len 8, offset 4: overlaps), copy 2-byte offset (len 2, offset 3)
    stream = varint(14) + bytes([3 << 2]) + b"abcd" + bytes([1 | (8 - 4) << 2, 4]) + bytes([2 | 1 << 2]) + b"\x03\x00"
    assert cr.snappy_decompress(stream, 100) == b"abcdabcdabcdbc"
    with pytest.raises(CorruptCheckpoint):
        cr.snappy_decompress(varint(20) + bytes([3 << 2]) + b"abcd", 100)  # short
    with pytest.raises(CorruptCheckpoint):
        cr.snappy_decompress(varint(4) + bytes([1, 9]), 100)  # copy before any output
    with pytest.raises(CorruptCheckpoint):
        cr.snappy_decompress(varint(1000), 100)  # over the limit


def test_snappy_against_a_real_compressor():
    cramjam = pytest.importorskip("cramjam")
    rng = random.Random(1)
    for n in (0, 1, 59, 60, 61, 300, 70000):
        data = bytes(rng.choice(b"ab/_xyz0123") for _ in range(n)) + b"weights" * rng.randrange(50)
        assert cr.snappy_decompress(bytes(cramjam.snappy.compress_raw(data)), 1 << 20) == data


def test_hand_made_table_with_snappy_blocks_reads_like_an_uncompressed_one():
    cramjam = pytest.importorskip("cramjam")
    items = [(b"", header())] + [(f"layer_{i:02d}/weights".encode(), entry(1, [i, 2])) for i in range(20)]
    plain = read_index(build_table(items))
    packed = read_index(build_table(items, compress=lambda b: bytes(cramjam.snappy.compress_raw(b))))
    assert plain.entries == packed.entries and len(plain.entries) == 20
    assert plain.data_blocks == 7


def test_hand_made_tables():
    items = [(b"", header(num_shards=2)), (b"a", entry(1, [1])), (b"a/b", entry(3, [], shard=1))]
    ckpt = read_index(build_table(items))
    assert [(e.name, e.dtype, e.shape, e.shard_id) for e in ckpt.entries] == [
        ("a", "float32", (1,), 0), ("a/b", "int32", (), 1)]
    assert ckpt.num_shards == 2 and not ckpt.object_based
    with pytest.raises(CorruptCheckpoint, match="no bundle header"):
        read_index(build_table(items[1:]))
    with pytest.raises(UnsupportedCheckpoint, match="newer TensorFlow"):
        read_index(build_table([(b"", header(min_consumer=2))] + items[1:]))
    with pytest.raises(UnsupportedCheckpoint, match="newer TensorFlow"):
        read_index(build_table([(b"", header(bad=(1,)))] + items[1:]))
    with pytest.raises(CorruptCheckpoint, match="out of order"):
        read_index(build_table([items[0], items[2], items[1]], per_block=1))
    # An unknown compression byte, with a valid checksum.
    table = bytearray(build_table(items, per_block=10))
    block = cr.Table(bytes(table))
    offset, size, _ = checkpoint_format._block_handle(next(iter(block.block_entries(block.block(block.index_offset, block.index_size))))[1], 0)
    table[offset + size] = 7
    table[offset + size + 1:offset + size + 5] = struct.pack("<I", cr.mask_crc(cr.crc32c(bytes(table[offset:offset + size + 1]))))
    with pytest.raises(UnsupportedCheckpoint, match="compression type 7"):
        read_index(bytes(table))


def test_slice_keys_only_fold_into_partitioned_entries():
    def slice_key(name: bytes) -> bytes:
        escaped = b"".join({0: b"\x00\xff", 255: b"\xff\x00"}.get(c, bytes([c])) for c in name)
        return b"\x00" + escaped + b"\x00\x01" + b"\x01\x02"

    items = sorted([
        (b"", header()),
        (b"p", entry(1, [4], slices=2)),
        (slice_key(b"p"), entry(1, [2])),
        (slice_key(b"q"), entry(1, [2])),  # q is not partitioned: TF lists this key
    ])
    ckpt = read_index(build_table(items))
    assert [e.name for e in ckpt.entries] == [slice_key(b"q").decode("utf-8", "backslashreplace"), "p"]
    assert cr._slice_key_name(slice_key(b"a\x00b\xffc")) == b"a\x00b\xffc"
    assert cr._slice_key_name(b"\x00abc") is None


def test_random_bytes_never_escape_as_another_exception():
    rng = random.Random(7)
    good = build_table([(b"", header())] + [(f"v{i}".encode(), entry(1, [i])) for i in range(9)])
    for _ in range(300):
        data = bytearray(good)
        for _ in range(rng.randrange(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            read_index(bytes(data))
        except CheckpointError:
            pass
    for n in range(0, 200, 7):
        with pytest.raises(CheckpointError):
            read_index(bytes(rng.randrange(256) for _ in range(n)))


def test_reader_does_not_import_tensorflow():
    code = ("import sys, scopelint.checkpoint_reader, scopelint.checkpoint_compare\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'google', 'numpy')]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(ROOT))
