# bug: a projection layer is shared between inputs of different widths
# expect: SCO103@17
# tf: ValueError@17>9: Trying to share variable proj/w, but specified shape (8, 4) and found shape (16, 4).
import tensorflow as tf


def project(x, units=4, reuse=None):
    with tf.variable_scope('proj', reuse=reuse):
        w = tf.get_variable('w', [x.shape[-1], units])
        return tf.matmul(x, w)


text_features = tf.placeholder(tf.float32, [None, 16])
image_features = tf.placeholder(tf.float32, [None, 8])

text_code = project(text_features)
image_code = project(image_features, reuse=True)
similarity = tf.reduce_sum(text_code * image_code, axis=1)
