# bug: the shared output layer is first used with reuse=True, before any call has created it
# expect: SCO102@9
# tf: ValueError@9: Variable output/kernel does not exist, or was not created with tf.get_variable().
import tensorflow as tf

source_features = tf.placeholder(tf.float32, [None, 10])
target_features = tf.placeholder(tf.float32, [None, 10])

target_logits = tf.layers.dense(target_features, 3, name='output', reuse=True)
source_logits = tf.layers.dense(source_features, 3, name='output')
