# Shows: re-entering variable_scope('v_scope', reuse=True) and calling
# get_variable('Weights') (no shape) returns the variable made earlier.
# Seed: 001 (huangyongye notebook, section 2, first cell).
# TF: creates v_scope/Weights:0 and v_scope/bias:0; Weights2 is v_scope/Weights:0.
# names: v_scope/Weights:0@9 v_scope/bias:0@10
import tensorflow as tf

with tf.variable_scope('v_scope') as scope1:
    Weights1 = tf.get_variable('Weights', shape=[2, 3])
    bias1 = tf.get_variable('bias', shape=[3])

# share the variable defined above; with reuse=True it must already exist
with tf.variable_scope('v_scope', reuse=True) as scope2:
    Weights2 = tf.get_variable('Weights')

print(Weights1.name)  # v_scope/Weights:0
print(Weights2.name)  # v_scope/Weights:0
assert Weights1 is Weights2
