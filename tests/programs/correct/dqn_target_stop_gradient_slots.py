# DQN whose optimizer is given no var_list: minimize() takes every trainable
# variable, but the target network only enters the loss through
# tf.stop_gradient, so Adam makes slots for the online network only (TF drops
# variables whose gradient is None). A frozen temperature variable that the
# loss never uses gets no slot either.
import tensorflow as tf

STATE_DIM = 5
NUM_ACTIONS = 3


def q_network(states, scope):
    with tf.variable_scope(scope):
        h = tf.layers.dense(states, 16, activation=tf.nn.relu, name='fc1')
        return tf.layers.dense(h, NUM_ACTIONS, name='q')


states = tf.placeholder(tf.float32, [None, STATE_DIM])
next_states = tf.placeholder(tf.float32, [None, STATE_DIM])
actions = tf.placeholder(tf.int32, [None])
rewards = tf.placeholder(tf.float32, [None])

temperature = tf.get_variable('temperature', [], initializer=tf.ones_initializer())
q_online = q_network(states, 'online')
q_target = q_network(next_states, 'target')
policy = tf.nn.softmax(q_online / temperature)

target = rewards + 0.99 * tf.reduce_max(tf.stop_gradient(q_target), axis=1)
chosen = tf.reduce_sum(q_online * tf.one_hot(actions, NUM_ACTIONS), axis=1)
loss = tf.reduce_mean(tf.square(target - chosen))
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

slots = [v.name for v in tf.global_variables() if 'Adam' in v.name]
assert len(slots) == 8 and not any(n.startswith(('target', 'temperature')) for n in slots), slots
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
