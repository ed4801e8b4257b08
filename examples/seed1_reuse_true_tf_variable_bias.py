# Shows: a tf.Variable inside a reuse=True variable scope is not shared: it
# is a new variable, named after the re-opened name scope v_scope_1/.
# Seed: 001 (huangyongye notebook, section 2, second cell).
# TF: creates v_scope/Weights:0 and a new v_scope_1/bias:0; Weights2 is reused.
# names: v_scope/Weights:0@11 v_scope_1/bias:0@17
# expect: SCO202@17
# tf-name: v_scope_1/bias:0@17
import tensorflow as tf

with tf.variable_scope('v_scope') as scope1:
    Weights1 = tf.get_variable('Weights', shape=[2, 3])
#     bias1 = tf.Variable([0.52], name='bias')

# get_variable() names under a reuse=True scope must already exist
with tf.variable_scope('v_scope', reuse=True) as scope2:
    Weights2 = tf.get_variable('Weights')
    bias2 = tf.Variable([0.52], name='bias')

print(Weights1.name)  # v_scope/Weights:0
print(Weights2.name)  # v_scope/Weights:0
print(bias2.name)     # v_scope_1/bias:0
