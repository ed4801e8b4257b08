# A large embedding split into shards with a partitioner (variables
# emb/table/part_0..2), looked up for two feature columns; the second lookup
# re-opens the scope with reuse=True and gets the same partitioned variable.
import tensorflow as tf

VOCAB = 30
DIM = 4


def lookup(ids, reuse=None):
    with tf.variable_scope('emb', reuse=reuse,
                           partitioner=tf.fixed_size_partitioner(3)):
        table = tf.get_variable('table', [VOCAB, DIM],
                                initializer=tf.random_normal_initializer(stddev=0.1))
        return tf.nn.embedding_lookup(table, ids), table


user_ids = tf.placeholder(tf.int64, [None])
item_ids = tf.placeholder(tf.int64, [None])

user_vec, t1 = lookup(user_ids)
item_vec, t2 = lookup(item_ids, reuse=True)
assert t1 is t2

with tf.variable_scope('bias'):
    global_bias = tf.get_variable('global', [], initializer=tf.zeros_initializer())
rating = tf.reduce_sum(user_vec * item_vec, axis=1) + global_bias
target = tf.placeholder(tf.float32, [None])
loss = tf.reduce_mean(tf.square(rating - target))
train_op = tf.train.AdagradOptimizer(0.1).minimize(loss)

names = [v.name for v in tf.trainable_variables()]
assert names == ['emb/table/part_0:0', 'emb/table/part_1:0', 'emb/table/part_2:0',
                 'bias/global:0'], names
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out = sess.run(rating, {user_ids: [1, 2], item_ids: [3, 4]})
    print(names, out.shape)
