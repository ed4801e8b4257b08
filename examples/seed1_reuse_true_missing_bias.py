# Shows: reuse=True cannot find a variable made with tf.Variable: the bias was
# created by tf.Variable, so get_variable('bias') under reuse=True fails.
# Seed: 001 (huangyongye notebook, section 2, third cell).
# TF: creates v_scope/Weights:0 and v_scope/bias:0 (tf.Variable), reuses
# Weights, then ValueError: Variable v_scope/bias does not exist, or was not
# created with tf.get_variable().
# names: v_scope/Weights:0@13 v_scope/bias:0@14
# expect: SCO102@21
# tf: ValueError@21: Variable v_scope/bias does not exist, or was not created with tf.get_variable().
import tensorflow as tf

with tf.variable_scope('v_scope') as scope1:
    Weights1 = tf.get_variable('Weights', shape=[2, 3])
    bias1 = tf.Variable([0.52], name='bias')

print(Weights1.name)  # v_scope/Weights:0
print(bias1.name)     # v_scope/bias:0

with tf.variable_scope('v_scope', reuse=True) as scope2:
    Weights2 = tf.get_variable('Weights')
    bias2 = tf.get_variable('bias', [1])  # bias was made by tf.Variable

print(Weights2.name)
print(bias2.name)
