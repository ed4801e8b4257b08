# bug: a tf_slim conv tower with explicit layer scopes is applied to a second image batch without reuse
# expect: SCO101@20
# tf: ValueError@20>10: Variable conv1/weights already exists, disallowed.
import tensorflow as tf
import tf_slim as slim


def tower(images):
    with slim.arg_scope([slim.conv2d], padding='SAME', activation_fn=tf.nn.relu):
        net = slim.conv2d(images, 8, [3, 3], scope='conv1')
        net = slim.max_pool2d(net, [2, 2], scope='pool1')
        net = slim.conv2d(net, 16, [3, 3], scope='conv2')
        return slim.flatten(net)


frames_t0 = tf.placeholder(tf.float32, [None, 16, 16, 3])
frames_t1 = tf.placeholder(tf.float32, [None, 16, 16, 3])

feat_t0 = tower(frames_t0)
feat_t1 = tower(frames_t1)
motion = slim.fully_connected(tf.concat([feat_t0, feat_t1], 1), 6, activation_fn=None, scope='motion')
