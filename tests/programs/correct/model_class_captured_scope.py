# A model class that captures its VariableScope object in __init__ and
# re-enters it from later methods: build() creates, predict() re-enters the
# object with reuse=True, and loss ops only use name scopes.
import tensorflow as tf


class Regressor(object):
    def __init__(self, name, hidden=16):
        self.hidden = hidden
        with tf.variable_scope(name) as scope:
            self.scope = scope
        self.built = False

    def _forward(self, x):
        h = tf.layers.dense(x, self.hidden, activation=tf.nn.relu, name='hidden')
        return tf.layers.dense(h, 1, name='out')

    def build(self, x):
        with tf.variable_scope(self.scope):
            y = self._forward(x)
        self.built = True
        return y

    def predict(self, x):
        assert self.built
        with tf.variable_scope(self.scope, reuse=True):
            return self._forward(x)

    def loss(self, pred, target):
        with tf.name_scope('mse'):
            return tf.reduce_mean(tf.square(pred - target))

    @property
    def variables(self):
        return tf.trainable_variables(scope=self.scope.name)


x_train = tf.placeholder(tf.float32, [None, 4])
y_train = tf.placeholder(tf.float32, [None, 1])
x_test = tf.placeholder(tf.float32, [None, 4])

model = Regressor('regressor')
pred = model.build(x_train)
test_pred = model.predict(x_test)
loss = model.loss(pred, y_train)
train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss, var_list=model.variables)

baseline = Regressor('baseline', hidden=4)
baseline_pred = baseline.build(x_train)

assert [v.name for v in model.variables] == [
    'regressor/hidden/kernel:0', 'regressor/hidden/bias:0',
    'regressor/out/kernel:0', 'regressor/out/bias:0']
assert len(baseline.variables) == 4
print([v.name for v in tf.trainable_variables()])
