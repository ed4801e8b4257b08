import tensorflow.compat.v1 as tf

from seq2seq import model

tf.disable_v2_behavior()


def main():
    start = tf.zeros([1, 8])
    training = model.build(start, steps=3)
    sampled = model.decoder_step(training[-1], reuse=True)
    return training, sampled


if __name__ == "__main__":
    main()
