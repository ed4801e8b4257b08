import tensorflow.compat.v1 as tf

import common


def score(ids, reuse=None):
    vectors = tf.nn.embedding_lookup(common.embeddings, ids)
    with tf.variable_scope("scorer", reuse=reuse):
        w = tf.get_variable("w", [common.DIM, 1])
        return tf.matmul(tf.reduce_mean(vectors, axis=1), w)


if __name__ == "__main__":
    # a quick self-test, run only as `python model.py` (on import it would
    # make scorer/w before train.py's own first call)
    score(tf.zeros([1, 3], tf.int32))
    score(tf.zeros([1, 3], tf.int32), reuse=True)
