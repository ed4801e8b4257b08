# DQN with an online and a target Q-network: the same builder is called under
# two different scope names, and an op copies online weights to the target.
import tensorflow as tf

STATE_DIM = 6
NUM_ACTIONS = 3
GAMMA = 0.99


def q_network(states, scope):
    with tf.variable_scope(scope):
        h = tf.layers.dense(states, 32, activation=tf.nn.relu, name='fc1')
        h = tf.layers.dense(h, 32, activation=tf.nn.relu, name='fc2')
        return tf.layers.dense(h, NUM_ACTIONS, name='q')


states = tf.placeholder(tf.float32, [None, STATE_DIM])
actions = tf.placeholder(tf.int32, [None])
rewards = tf.placeholder(tf.float32, [None])
next_states = tf.placeholder(tf.float32, [None, STATE_DIM])
done = tf.placeholder(tf.float32, [None])

q_online = q_network(states, 'online')
q_target_next = q_network(next_states, 'target')

q_taken = tf.reduce_sum(q_online * tf.one_hot(actions, NUM_ACTIONS), axis=1)
target = rewards + GAMMA * (1.0 - done) * tf.reduce_max(q_target_next, axis=1)
loss = tf.losses.huber_loss(tf.stop_gradient(target), q_taken)

online_vars = tf.trainable_variables('online')
target_vars = tf.trainable_variables('target')
train_op = tf.train.RMSPropOptimizer(2.5e-4).minimize(loss, var_list=online_vars)

with tf.name_scope('update_target'):
    update_target = tf.group(*[t.assign(o) for o, t in zip(online_vars, target_vars)])

assert [v.name.split('/', 1)[1] for v in online_vars] == [v.name.split('/', 1)[1] for v in target_vars]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(update_target)
    print(len(online_vars), len(target_vars))
