# bug: the towers share unnamed tf.layers.dense layers by their automatic names, but only the first tower builds an extra input projection; in the second tower every later layer's automatic name shifts by one, so the hidden layer asks for `dense` (the projection) with the wrong shape
# expect: SCO103@16
# tf: ValueError@24>16: Trying to share variable model/dense/kernel, but specified shape (6, 8) and found shape (6, 6).
import tensorflow as tf

N_IN, N_HID, N_OUT = 6, 8, 3

clean = tf.placeholder(tf.float32, [None, N_IN])
noisy = tf.placeholder(tf.float32, [None, N_IN])


def tower(x, denoise):
    if denoise:
        # Only the noisy tower gets a learned input projection...
        x = tf.layers.dense(x, N_IN, activation=tf.nn.relu)
    h = tf.layers.dense(x, N_HID, activation=tf.nn.relu)
    return tf.layers.dense(h, N_OUT)


outputs = []
for i, (batch, denoise) in enumerate([(noisy, True), (clean, False)]):
    with tf.variable_scope('model', reuse=(i > 0)):
        # ...so in the clean tower `dense` is the hidden layer and `dense_1` the output.
        outputs.append(tower(batch, denoise))
