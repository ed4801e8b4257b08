# DDPG-style actor-critic: the critic is evaluated on replayed actions and on
# the actor's actions; the second evaluation reuses the critic's variables.
import tensorflow as tf

S_DIM, A_DIM = 4, 2


def actor(s):
    with tf.variable_scope('actor'):
        h = tf.layers.dense(s, 32, tf.nn.relu, name='l1')
        return tf.layers.dense(h, A_DIM, tf.nn.tanh, name='a')


def critic(s, a, reuse=False):
    with tf.variable_scope('critic', reuse=reuse):
        w1_s = tf.get_variable('w1_s', [S_DIM, 32])
        w1_a = tf.get_variable('w1_a', [A_DIM, 32])
        b1 = tf.get_variable('b1', [1, 32], initializer=tf.zeros_initializer())
        h = tf.nn.relu(tf.matmul(s, w1_s) + tf.matmul(a, w1_a) + b1)
        return tf.layers.dense(h, 1, name='q')


S = tf.placeholder(tf.float32, [None, S_DIM], 's')
A = tf.placeholder(tf.float32, [None, A_DIM], 'a')
R = tf.placeholder(tf.float32, [None, 1], 'r')
Q_next = tf.placeholder(tf.float32, [None, 1], 'q_next')

pi = actor(S)
q_replay = critic(S, A)
q_pi = critic(S, pi, reuse=True)

a_params = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='actor')
c_params = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='critic')
td_error = tf.losses.mean_squared_error(labels=R + 0.9 * Q_next, predictions=q_replay)
c_train = tf.train.AdamOptimizer(2e-3).minimize(td_error, var_list=c_params)
a_loss = -tf.reduce_mean(q_pi)
a_train = tf.train.AdamOptimizer(1e-3).minimize(a_loss, var_list=a_params)

assert len(c_params) == 5 and len(a_params) == 4
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print([v.name for v in c_params])
