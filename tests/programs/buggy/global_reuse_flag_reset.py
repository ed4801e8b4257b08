# bug: a module-level REUSE flag is switched back to False before the evaluation graph is built
# expect: SCO101@32
# tf: ValueError@32>28>11: Variable encoder/w already exists, disallowed.
import tensorflow as tf

REUSE = False


def encoder(x):
    with tf.variable_scope('encoder', reuse=REUSE):
        w = tf.get_variable('w', [10, 16])
        b = tf.get_variable('b', [16], initializer=tf.zeros_initializer())
        return tf.nn.relu(tf.matmul(x, w) + b)


def build_train():
    global REUSE
    x = tf.placeholder(tf.float32, [None, 10])
    h = encoder(x)
    REUSE = True
    return x, h


def build_eval():
    global REUSE
    REUSE = False  # "evaluation is not training" -- but the weights must be shared
    x = tf.placeholder(tf.float32, [None, 10])
    return x, encoder(x)


train_x, train_h = build_train()
eval_x, eval_h = build_eval()
