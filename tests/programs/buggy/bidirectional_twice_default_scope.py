# bug: question and passage encoders both call bidirectional_dynamic_rnn with the default scope
# expect: SCO101@19
# tf: ValueError@19>12: Variable bidirectional_rnn/fw/gru_cell/gates/kernel already exists, disallowed.
import tensorflow as tf

UNITS = 12


def encode(x):
    fw = tf.nn.rnn_cell.GRUCell(UNITS)
    bw = tf.nn.rnn_cell.GRUCell(UNITS)
    (out_fw, out_bw), _ = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32)
    return tf.concat([out_fw, out_bw], axis=-1)


question = tf.placeholder(tf.float32, [None, 8, 5])
passage = tf.placeholder(tf.float32, [None, 30, 5])
q_enc = encode(question)
p_enc = encode(passage)
