# bug: re-entering a scope object after reuse_variables() with reuse=False does not switch reuse off; the "fresh" fine-tuning weights are the old ones
# expect: SCO203@13
# tf-name: backbone/fc/w:0@14
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope('backbone') as backbone:
    w = tf.get_variable('fc/w', [4, 4])
    pretrained_out = tf.matmul(x, w)
    backbone.reuse_variables()

# later: build a fine-tuning copy with new weights
with tf.variable_scope(backbone, reuse=False):
    w_finetune = tf.get_variable('fc/w', [4, 4])
    finetune_out = tf.matmul(x, w_finetune)

print(w_finetune is w)  # True
