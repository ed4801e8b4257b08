import tensorflow.compat.v1 as tf

import vision

tf.disable_v2_behavior()


def main():
    images = tf.placeholder(tf.float32, [None, 8, 8, 3])
    train_logits = vision.resnet_tiny(images, 10)
    test_logits = vision.resnet_tiny(images, 10, reuse=True)
    return train_logits, test_logits


if __name__ == "__main__":
    main()
