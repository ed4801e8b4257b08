import tensorflow as tf
images = tf.placeholder(tf.float32, [None, 16, 16, 3])
def net(x, training, reuse=tf.AUTO_REUSE):
    with tf.variable_scope('cnn', reuse=reuse):
        h = tf.layers.conv2d(x, 8, 3, padding='same')
        h = tf.layers.batch_normalization(h, training=training)
        h = tf.layers.max_pooling2d(h, 2, 2)
        h = tf.layers.conv2d(h, 16, [3, 3], name='conv_b')
        h = tf.layers.conv2d_transpose(h, 4, 3)
        h = tf.layers.separable_conv2d(h, 4, 3)
        h = tf.layers.flatten(h)
        return tf.layers.dense(h, 10, use_bias=False)
train_logits = net(images, True)
test_logits = net(images, False)
