# Shows: the TF guide's image filter: conv_relu() gets 'weights'/'biases',
# my_image_filter() separates two layers with variable_scope('conv1'/'conv2'),
# and scope.reuse_variables() lets the second image share all four variables.
# The seed's image1/image2 are undefined; they are placeholders here.
# Seed: 003 (tf.variable_scope introduction, section 0).
# TF: creates image_filters/conv1/weights:0, image_filters/conv1/biases:0,
# image_filters/conv2/weights:0, image_filters/conv2/biases:0 once.
# names: image_filters/conv1/weights:0@38>28>15 image_filters/conv1/biases:0@38>28>18
# names: image_filters/conv2/weights:0@38>31>15 image_filters/conv2/biases:0@38>31>18
import tensorflow as tf


def conv_relu(input, kernel_shape, bias_shape):
    # Create variable named "weights".
    weights = tf.get_variable("weights", kernel_shape,
        initializer=tf.random_normal_initializer())
    # Create variable named "biases".
    biases = tf.get_variable("biases", bias_shape,
        initializer=tf.constant_initializer(0.0))
    conv = tf.nn.conv2d(input, weights,
        strides=[1, 1, 1, 1], padding='SAME')
    return tf.nn.relu(conv + biases)


def my_image_filter(input_images):
    with tf.variable_scope("conv1"):
        # Variables created here will be named "conv1/weights", "conv1/biases".
        relu1 = conv_relu(input_images, [5, 5, 32, 32], [32])
    with tf.variable_scope("conv2"):
        # Variables created here will be named "conv2/weights", "conv2/biases".
        return conv_relu(relu1, [5, 5, 32, 32], [32])


image1 = tf.placeholder(tf.float32, [None, 8, 8, 32])
image2 = tf.placeholder(tf.float32, [None, 8, 8, 32])

with tf.variable_scope("image_filters") as scope:
    result1 = my_image_filter(image1)
    scope.reuse_variables()
    result2 = my_image_filter(image2)
