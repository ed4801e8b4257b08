# bug: the shared network is wrapped in tf.make_template, but the second branch calls the raw builder, which opens a fixed scope already used by the template
# expect: SCO101@19
# tf: ValueError@19>8: Variable critic/fc/kernel already exists, disallowed.
import tensorflow as tf


def critic_fn(state, action):
    h = tf.layers.dense(tf.concat([state, action], 1), 16, tf.nn.relu, name='fc')
    return tf.layers.dense(h, 1, name='q')


critic = tf.make_template('critic', critic_fn)
state = tf.placeholder(tf.float32, [None, 4])
action = tf.placeholder(tf.float32, [None, 2])
policy_action = tf.placeholder(tf.float32, [None, 2])

q = critic(state, action)
with tf.variable_scope('critic'):
    q_pi = critic_fn(state, policy_action)  # should be critic(state, policy_action)
