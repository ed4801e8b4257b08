# TF: creates w:0 (line 4); the Saver's ops take the name scope 'save', so the tf.Variable named 'save' at line 8 is save_1:0; sess.run makes no variable, so x:0 (line 9) is known; no error.
import tensorflow as tf

w = tf.get_variable('w', [3])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
v = tf.Variable(0.0, name='save')
x = tf.get_variable('x', [2])
