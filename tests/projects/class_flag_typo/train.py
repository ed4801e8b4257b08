import tensorflow.compat.v1 as tf

from models import Classifier

tf.disable_v2_behavior()


def main():
    clf = Classifier("clf", classes=3)
    train_logits = clf(tf.random_normal([4, 5]))
    valid_logits = clf(tf.random_normal([4, 5]))
    return train_logits, valid_logits


if __name__ == "__main__":
    main()
