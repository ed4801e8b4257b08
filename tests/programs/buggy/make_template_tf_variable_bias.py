# bug: the siamese tower is shared with tf.make_template, but its bias is a tf.Variable; the template's second call makes a new trainable bias and raises
# expect: SCO114@27
# tf: ValueError@27: Trainable variable created when calling a template after the first time, perhaps you used tf.Variable when you meant tf.get_variable: [<tf.Variable 'tower_1/fc/b:0' shape=(8,) dtype=float32_ref>]
import tensorflow as tf

N_IN, N_HID = 12, 8


def tower(x):
    with tf.variable_scope('fc'):
        w = tf.get_variable('w', [N_IN, N_HID])
        # A bias "like in the tutorial": tf.Variable ignores the template's reuse.
        b = tf.Variable(tf.zeros([N_HID]), name='b')
        h = tf.nn.relu(tf.matmul(x, w) + b)
    with tf.variable_scope('out'):
        v = tf.get_variable('v', [N_HID, N_HID])
        return tf.nn.l2_normalize(tf.matmul(h, v), axis=1)


shared_tower = tf.make_template('tower', tower)

left = tf.placeholder(tf.float32, [None, N_IN])
right = tf.placeholder(tf.float32, [None, N_IN])
same = tf.placeholder(tf.float32, [None])

left_emb = shared_tower(left)
right_emb = shared_tower(right)
distance = tf.reduce_sum(tf.square(left_emb - right_emb), axis=1)
loss = tf.reduce_mean(same * distance + (1.0 - same) * tf.nn.relu(1.0 - distance))
