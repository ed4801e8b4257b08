"""Write checkpoints with real TensorFlow and record what TF reads back.

    python tests/oracle/checkpoints.py OUT_DIR

Run by tests/test_checkpoint_reader.py in a subprocess (TensorFlow is never
imported by the test process). Each case saves under OUT_DIR/<case>/ and is
described in OUT_DIR/cases.json: the path to read, and what
`tf.train.list_variables` and `load_checkpoint(...).get_variable_to_dtype_map()`
say about it (the judges of scopelint.checkpoint_reader). It also records TF's
name for every dtype enum of types.proto.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.core.framework import types_pb2  # noqa: E402

tf1 = tf.compat.v1


def tf_listing(path):
    reader = tf.train.load_checkpoint(path)
    dtypes = reader.get_variable_to_dtype_map()
    return [[name, list(shape), dtypes[name].name] for name, shape in tf.train.list_variables(path)]


def save(graph, saver, case_dir, *, step=None, config=None):
    os.makedirs(case_dir, exist_ok=True)
    with graph.as_default(), tf1.Session(graph=graph, config=config) as sess:
        sess.run(tf1.global_variables_initializer())
        return saver.save(sess, os.path.join(case_dir, "model.ckpt"), global_step=step, write_meta_graph=False)


def case_plain(d):
    g = tf.Graph()
    with g.as_default():
        tf1.get_variable("f32", [2, 3])
        tf1.get_variable("f64", [4], dtype=tf.float64)
        tf1.get_variable("i32", [5], dtype=tf.int32, initializer=tf1.zeros_initializer())
        tf1.get_variable("i64", [], dtype=tf.int64, initializer=tf1.zeros_initializer())
        tf1.get_variable("flag", [2, 2], dtype=tf.bool, initializer=tf1.zeros_initializer())
        tf1.Variable(["a", "bc"], name="words")
        tf1.Variable(np.zeros([3], np.float16), name="f16")
        tf1.Variable(np.zeros([2], np.uint8), name="u8")
        tf1.Variable(np.zeros([2], np.int8), name="i8")
        tf1.Variable(np.zeros([2], np.int16), name="i16")
        tf1.Variable(np.zeros([2], np.complex64), name="c64")
        tf1.Variable(np.zeros([2], np.complex128), name="c128")
        tf1.Variable(tf.zeros([0, 3]), name="empty")
        saver = tf1.train.Saver()
    return save(g, saver, d, step=1000)  # the prefix model.ckpt-1000


def case_scopes(d):
    g = tf.Graph()
    with g.as_default():
        with tf1.variable_scope("encoder"):
            with tf1.variable_scope("layer_1"):
                tf1.get_variable("weights", [8, 4])
                tf1.get_variable("biases", [4])
            with tf1.name_scope("stats"):
                tf1.Variable(0, name="count")
        with tf1.variable_scope("encoder", reuse=True):
            tf1.get_variable("layer_1/weights", [8, 4])
        tf1.train.get_or_create_global_step()
        saver = tf1.train.Saver(save_relative_paths=True)
    return save(g, saver, d, step=7)


def case_adam(d):
    g = tf.Graph()
    with g.as_default():
        x = tf1.placeholder(tf.float32, [None, 3])
        with tf1.variable_scope("model"):
            w = tf1.get_variable("w", [3, 2])
            b = tf1.get_variable("b", [2])
        loss = tf.reduce_sum(tf.matmul(x, w) + b)
        step = tf1.train.get_or_create_global_step()
        tf1.train.AdamOptimizer(0.1).minimize(loss, global_step=step)
        saver = tf1.train.Saver()
    return save(g, saver, d)


def case_partitioned(d):
    g = tf.Graph()
    with g.as_default():
        x = tf1.placeholder(tf.float32, [None, 4])
        with tf1.variable_scope("emb", partitioner=tf1.fixed_size_partitioner(3)):
            table = tf1.get_variable("table", [10, 4])
        with tf1.variable_scope("wide", partitioner=tf1.fixed_size_partitioner(2, axis=1)):
            wide = tf1.get_variable("kernel", [4, 6], dtype=tf.float64)
        tf1.get_variable("plain", [3])
        loss = tf.reduce_sum(tf.matmul(x, tf.transpose(tf.convert_to_tensor(table))))
        loss += tf.cast(tf.reduce_sum(tf.convert_to_tensor(wide)), tf.float32)
        tf1.train.AdamOptimizer(0.1).minimize(loss)  # partitioned slots too
        saver = tf1.train.Saver()
    return save(g, saver, d)


def case_sharded(d):
    g = tf.Graph()
    with g.as_default():
        for device in ("/cpu:0", "/cpu:1", "/device:CPU:2"):
            with tf.device(device), tf1.variable_scope(device.replace(":", "_").strip("/")):
                tf1.get_variable("w", [2, 2])
                tf1.get_variable("steps", [], dtype=tf.int64, initializer=tf1.zeros_initializer())
        saver = tf1.train.Saver(sharded=True)
    return save(g, saver, d, step=5, config=tf1.ConfigProto(device_count={"CPU": 3}))


# Prefix compression shares leading bytes between neighbouring keys: put the
# counter first so each key's long tail is stored again, and the index
# spans several data blocks (TF's table blocks are 256 KiB).
LARGE_COUNT, LARGE_TAIL = 1200, 600


def case_large(d):
    g = tf.Graph()
    with g.as_default():
        for i in range(LARGE_COUNT):
            tf1.get_variable(f"v{i:04d}/" + "x" * LARGE_TAIL, [], initializer=tf1.zeros_initializer())
        saver = tf1.train.Saver()
    return save(g, saver, d)


def case_dict_keys(d):
    # A Saver dict's keys are checkpoint keys, not op names: any string.
    g = tf.Graph()
    with g.as_default():
        a = tf1.get_variable("a", [1])
        b = tf1.get_variable("b", [2])
        saver = tf1.train.Saver({"cl\u00e9/\u043a\u043b\u044e\u0447": a, "with space:0": b})
    return save(g, saver, d)


def case_v1_format(d):
    # The format of every Saver before TF 1.2 (and of many published models).
    g = tf.Graph()
    with g.as_default():
        with tf1.variable_scope("conv1"):
            tf1.get_variable("weights", [3, 3, 1, 8])
        tf1.get_variable("i64", [2], dtype=tf.int64, initializer=tf1.zeros_initializer())
        tf1.Variable(["a"], name="words")
        saver = tf1.train.Saver(write_version=tf1.train.SaverDef.V1)
    return save(g, saver, d)


def case_v1_sharded(d):
    # Saved under a glob pattern: model.ckpt-2-?????-of-00003.
    g = tf.Graph()
    with g.as_default():
        for device in ("/cpu:0", "/cpu:1"):
            with tf.device(device), tf1.variable_scope(device.replace(":", "_").strip("/")):
                tf1.get_variable("w", [2, 2])
        tf1.get_variable("p", [10, 3], partitioner=tf1.fixed_size_partitioner(3))
        saver = tf1.train.Saver(sharded=True, write_version=tf1.train.SaverDef.V1)
    return save(g, saver, d, step=2, config=tf1.ConfigProto(device_count={"CPU": 2}))


def case_object_based(d):
    os.makedirs(d, exist_ok=True)
    model = tf.Module()
    model.dense = tf.Variable(tf.zeros([2, 3]), name="kernel")
    model.bias = tf.Variable(tf.zeros([3]), name="bias")
    ckpt = tf.train.Checkpoint(model=model, step=tf.Variable(1, dtype=tf.int64))
    return ckpt.save(os.path.join(d, "ckpt"))


CASES = [
    case_plain, case_scopes, case_adam, case_partitioned, case_sharded,
    case_large, case_dict_keys, case_v1_format, case_v1_sharded, case_object_based,
]


def main(out_dir):
    results = {}
    for case in CASES:
        name = case.__name__[len("case_"):]
        d = os.path.join(out_dir, name)
        prefix = case(d)
        results[name] = {
            "prefix": os.path.relpath(prefix, out_dir),
            "dir": name,
            "files": sorted(os.listdir(d)),
            "listing": tf_listing(prefix),
        }
    dtypes = {}
    for enum_name, number in types_pb2.DataType.items():
        try:
            dtypes[number] = tf.as_dtype(number).name
        except TypeError:  # DT_INVALID and enums TF's Python side has no DType for
            pass
    with open(os.path.join(out_dir, "cases.json"), "w", encoding="utf-8") as fh:
        json.dump({"cases": results, "dtypes": dtypes, "tf_version": tf.__version__}, fh)


if __name__ == "__main__":
    main(sys.argv[1])
