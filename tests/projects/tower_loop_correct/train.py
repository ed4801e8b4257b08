import tensorflow.compat.v1 as tf

import towers.inference as net

tf.disable_v2_behavior()

GPUS = 3


def average(tower_grads):
    return [(tf.add_n([g for g, _ in gv]) / len(gv), gv[0][1]) for gv in zip(*tower_grads)]


def main():
    opt = tf.train.MomentumOptimizer(0.1, momentum=0.9)
    grads = []
    with tf.variable_scope(tf.get_variable_scope()):
        for i in range(GPUS):
            with tf.name_scope("tower_%d" % i):
                logits = net.inference(tf.random_normal([2, 6, 6, 3]))
                loss = tf.reduce_mean(tf.square(logits))
                tf.get_variable_scope().reuse_variables()
                grads.append(opt.compute_gradients(loss))
    return opt.apply_gradients(average(grads))


if __name__ == "__main__":
    main()
