# Shows: the same variable can be fetched any number of times with reuse=True.
# Seed: 004 (zkq_1986 blog, example 1).
# TF: creates v_scope/Weights:0 and v_scope/bias:0; Weights2 and Weights3 are
# v_scope/Weights:0.
# names: v_scope/Weights:0@9 v_scope/bias:0@10
import tensorflow as tf

with tf.variable_scope('v_scope') as scope1:
    Weights1 = tf.get_variable('Weights', shape=[2, 3])
    bias1 = tf.get_variable('bias', shape=[3])

# share the variables defined above; with reuse=True they must already exist
with tf.variable_scope('v_scope', reuse=True) as scope2:
    Weights2 = tf.get_variable('Weights')

with tf.variable_scope('v_scope', reuse=True) as scope2:
    Weights3 = tf.get_variable('Weights')

print(Weights1.name)  # v_scope/Weights:0
print(Weights2.name)  # v_scope/Weights:0
print(Weights3.name)  # v_scope/Weights:0
