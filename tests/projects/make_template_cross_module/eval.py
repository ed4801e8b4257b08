import tensorflow.compat.v1 as tf

import nets.siamese as siamese

tf.disable_v2_behavior()

if __name__ == "__main__":
    queries = siamese.tower(tf.random_normal([3, 5]))
    gallery = siamese.tower(tf.random_normal([10, 5]))
    scores = tf.matmul(queries, gallery, transpose_b=True)
