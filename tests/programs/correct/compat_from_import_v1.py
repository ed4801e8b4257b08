# `from tensorflow.compat import v1 as tf` spelling, with a value-initialized
# embedding (shape and dtype come from the initial value) shared by reuse.
import numpy as np
from tensorflow.compat import v1 as tf

tf.disable_eager_execution()

pretrained = np.random.RandomState(0).randn(50, 8).astype(np.float32)


def embed(ids, reuse=False):
    with tf.variable_scope('embeddings', reuse=reuse):
        if reuse:
            table = tf.get_variable('word_vectors')
        else:
            table = tf.get_variable('word_vectors', initializer=tf.constant(pretrained),
                                    trainable=False)
        return tf.nn.embedding_lookup(table, ids)


query = tf.placeholder(tf.int32, [None, 5])
doc = tf.placeholder(tf.int32, [None, 30])
q = tf.reduce_mean(embed(query), axis=1)
d = tf.reduce_mean(embed(doc, reuse=True), axis=1)

with tf.variable_scope('scorer'):
    m = tf.get_variable('bilinear', [8, 8], initializer=tf.initializers.identity())
score = tf.reduce_sum(tf.matmul(q, m) * d, axis=1)

names = [v.name for v in tf.global_variables()]
assert names == ['embeddings/word_vectors:0', 'scorer/bilinear:0'], names
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out = sess.run(score, {query: [[1, 2, 3, 4, 5]], doc: [[0] * 30]})
    print(names, out.shape)
