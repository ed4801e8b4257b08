"""Writes the notebooks of tests/notebooks/ (run from the repository root after editing them here)."""
import json, sys, os
OUT = "tests/notebooks"

def nb(cells, kernel=True, outputs=None):
    out = []
    n = 0
    for kind, src in cells:
        lines = src.strip("\n").split("\n")
        source = [l + "\n" for l in lines[:-1]] + [lines[-1]]
        c = {"cell_type": kind, "metadata": {}, "source": source}
        if kind == "code":
            n += 1
            c["execution_count"] = n
            c["outputs"] = (outputs or {}).get(len(out), [])
        out.append(c)
    meta = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.6.9"}} if kernel else {}
    return {"cells": out, "metadata": meta, "nbformat": 4, "nbformat_minor": 4}

def write(name, cells, **kw):
    with open(os.path.join(OUT, name), "w") as fh:
        json.dump(nb(cells, **kw), fh, indent=1, ensure_ascii=False)
        fh.write("\n")

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

write("lstm_mnist.ipynb", [
    ("markdown", "# LSTM on MNIST-shaped data\nThe seeds' notebook: the model cell works once, then raises."),
    ("code", "%matplotlib inline\nimport numpy as np\nimport tensorflow as tf"),
    ("code", "# fake MNIST batch\nbatch = np.random.rand(32, 28, 28).astype(np.float32)\nlabels = np.eye(10)[np.random.randint(0, 10, 32)]\nprint(batch.shape, labels.shape)"),
    ("code", "X = tf.placeholder(tf.float32, [None, 28, 28])\ny = tf.placeholder(tf.float32, [None, 10])"),
    ("markdown", "## Model\nOne LSTM layer and a dense read-out."),
    ("code", "lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=64)\noutputs, state = tf.nn.dynamic_rnn(lstm_cell, X, dtype=tf.float32)\nh_state = outputs[:, -1, :]\nW = tf.get_variable('softmax_w', shape=[64, 10])\nb = tf.Variable(tf.zeros([10]), name='softmax_b')\nlogits = tf.matmul(h_state, W) + b"),
    ("code", "loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))\ntrain_op = tf.train.AdamOptimizer(1e-3).minimize(loss)"),
    ("code", "sess = tf.Session()\nsess.run(tf.global_variables_initializer())\nfor step in range(3):\n    _, l = sess.run([train_op, loss], {X: batch, y: labels})\nprint('loss', l)"),
    ("code", "hist, edges = np.histogram(batch.ravel(), bins=10)\nprint(hist)"),
], outputs={7: [{"output_type": "stream", "name": "stdout", "text": ["loss 2.3\n"]}],
            8: [{"output_type": "display_data", "data": {"image/png": PNG, "text/plain": ["<Figure>"]}, "metadata": {}}]})

write("mlp_reset_graph.ipynb", [
    ("markdown", "# An MLP whose model cell resets the graph"),
    ("code", "import numpy as np\nimport tensorflow as tf"),
    ("code", "data = np.random.randn(100, 8).astype('float32')\ntarget = (data.sum(axis=1) > 0).astype('int64')"),
    ("code", "tf.reset_default_graph()\nx = tf.placeholder(tf.float32, [None, 8], name='x')\nt = tf.placeholder(tf.int64, [None], name='t')\nwith tf.variable_scope('mlp'):\n    w1 = tf.get_variable('w1', shape=[8, 16])\n    h = tf.nn.relu(tf.matmul(x, w1))\n    w2 = tf.get_variable('w2', shape=[16, 2])\n    logits = tf.matmul(h, w2)\nloss = tf.losses.sparse_softmax_cross_entropy(t, logits)\nopt = tf.train.GradientDescentOptimizer(0.1).minimize(loss)"),
    ("markdown", "The evaluation head below is built in the same graph, without a reset:\nre-running it alone fails."),
    ("code", "with tf.variable_scope('eval'):\n    w_eval = tf.get_variable('w', shape=[2, 2])\n    probs = tf.nn.softmax(tf.matmul(logits, w_eval))"),
    ("code", "with tf.Session() as sess:\n    sess.run(tf.global_variables_initializer())\n    for i in range(5):\n        sess.run(opt, {x: data, t: target})\n    print(sess.run(loss, {x: data, t: target}))"),
])

write("autoreuse_minimize.ipynb", [
    ("markdown", "# AUTO_REUSE and optimizers"),
    ("code", "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 4])\ny = tf.placeholder(tf.float32, [None, 1])"),
    ("code", "def model(inputs):\n    with tf.variable_scope('model', reuse=tf.AUTO_REUSE):\n        w = tf.get_variable('w', shape=[4, 1])\n        b = tf.get_variable('b', shape=[1], initializer=tf.zeros_initializer())\n        return tf.matmul(inputs, w) + b"),
    ("markdown", "Model and optimizer in one cell: the re-run re-enters `model` and the slots collide."),
    ("code", "pred = model(x)\nloss = tf.reduce_mean(tf.square(pred - y))\ntrain_op = tf.train.AdamOptimizer(0.01).minimize(loss)"),
    ("code", "print(train_op.name)"),
])

write("autoreuse_optimizer_cell.ipynb", [
    ("markdown", "# The optimizer in a cell of its own re-runs cleanly"),
    ("code", "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 4])\ny = tf.placeholder(tf.float32, [None, 1])"),
    ("code", "with tf.variable_scope('model', reuse=tf.AUTO_REUSE):\n    w = tf.get_variable('w', shape=[4, 1])\n    pred = tf.matmul(x, w)\nloss = tf.reduce_mean(tf.square(pred - y))"),
    ("code", "train_op = tf.train.AdamOptimizer(0.01).minimize(loss)"),
    ("code", "momentum = tf.train.MomentumOptimizer(0.1, 0.9)\nstep = momentum.minimize(loss)"),
])

write("seq2seq_gru.ipynb", [
    ("markdown", "# A small GRU encoder-decoder"),
    ("code", "import numpy as np\nimport tensorflow as tf\nvocab, dim = 50, 8\ntokens = tf.placeholder(tf.int32, [None, 12])\ntargets = tf.placeholder(tf.int32, [None, 12])"),
    ("code", "embedding = tf.get_variable('embedding', shape=[vocab, dim])\nemb = tf.nn.embedding_lookup(embedding, tokens)"),
    ("code", "with tf.variable_scope('encoder'):\n    enc_cell = tf.nn.rnn_cell.GRUCell(16)\n    enc_out, enc_state = tf.nn.dynamic_rnn(enc_cell, emb, dtype=tf.float32)"),
    ("code", "dec_cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(16) for _ in range(2)])\ndec_out, _ = tf.nn.dynamic_rnn(dec_cell, emb, dtype=tf.float32, scope='decoder')"),
    ("code", "proj = tf.layers.Dense(vocab, name='proj')\nlogits = proj(dec_out)\nloss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits))"),
    ("code", "train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)"),
    ("code", "batch = np.random.randint(0, vocab, size=(4, 12))\nprint(batch.shape)"),
])

write("layers_and_keras.ipynb", [
    ("markdown", "# tf.layers, Keras layers and tf.Variable in graph mode"),
    ("code", "import numpy as np\nimport tensorflow as tf\nfeatures = tf.placeholder(tf.float32, [None, 20])"),
    ("code", "h1 = tf.layers.dense(features, 32, activation=tf.nn.relu)\nh2 = tf.layers.dense(h1, 32)"),
    ("code", "hidden = tf.keras.layers.Dense(16, name='hidden')\nout = hidden(h2)\nhead = tf.keras.layers.Dense(2)(out)"),
    ("code", "counter = tf.Variable(0, name='counter', trainable=False)\nscale = tf.Variable(1.0, name='scale')"),
    ("code", "logits = tf.layers.dense(head, 2, name='logits')"),
    ("code", "def block(inputs, name):\n    with tf.variable_scope(name):\n        w = tf.get_variable('w', shape=[2, 2])\n        return tf.matmul(inputs, w)"),
    ("code", "b1 = block(logits, 'block1')\nprint(b1)"),
    ("code", "summary = np.zeros(3)\nprint(summary)"),
])

write("root_reuse.ipynb", [
    ("markdown", "# reuse_variables() on the root scope"),
    ("code", "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 3])"),
    ("code", "w = tf.get_variable('w', shape=[3, 1])\ntf.get_variable_scope().reuse_variables()\npred = tf.matmul(x, w)"),
    ("code", "loss = tf.reduce_sum(pred)\nprint(loss)"),
    ("code", "train = tf.train.AdamOptimizer().minimize(loss)"),
    ("code", "print('never reached under Run All')"),
])

write("magics.ipynb", [
    ("markdown", "# IPython syntax around the model"),
    ("code", "!pip install -q numpy\n%load_ext autoreload\n%autoreload 2\nimport tensorflow as tf\nfiles = !ls\ntf.get_variable?"),
    ("code", "%%bash\necho building\nls -l"),
    ("code", "%%time\nwith tf.variable_scope('conv'):\n    k = tf.get_variable('kernel', shape=[3, 3, 1, 8])\n    b = tf.get_variable('bias', shape=[8])"),
    ("code", "%%writefile config.py\nwith tf.variable_scope('conv'):\n    k = tf.get_variable('kernel', shape=[3, 3, 1, 8])"),
    ("code", "%%capture\nimage = tf.placeholder(tf.float32, [None, 28, 28, 1])\nconv = tf.nn.conv2d(image, k, strides=[1, 1, 1, 1], padding='SAME') + b"),
    ("code", "for i in range(2):\n    %time x = tf.reduce_sum(conv)\n    print(x)"),
    ("code", "%time fc = tf.get_variable('fc', shape=[8, 2])  # noqa: SCO204"),
    ("code", "%time dense = tf.layers.dense(tf.zeros([1, 8]), 4, name='fc_layer')"),
    ("html_like_raw" and "raw", "<b>raw cell</b>"),
])

write("bug_duplicate.ipynb", [
    ("markdown", "# A duplicate variable across cells"),
    ("code", "import tensorflow as tf"),
    ("code", "with tf.variable_scope('encoder'):\n    w = tf.get_variable('w', shape=[10, 10])"),
    ("code", ""),
    ("code", "with tf.variable_scope('encoder'):\n    w2 = tf.get_variable('w', shape=[10, 10])"),
    ("code", "print('not reached')"),
])

write("gan_reuse.ipynb", [
    ("markdown", "# GAN-style sharing with a reuse argument"),
    ("code", "import tensorflow as tf\nz = tf.placeholder(tf.float32, [None, 16])\nreal = tf.placeholder(tf.float32, [None, 32])"),
    ("code", "def generator(z):\n    with tf.variable_scope('generator'):\n        return tf.layers.dense(z, 32, name='out')\n\ndef discriminator(x, reuse=None):\n    with tf.variable_scope('discriminator', reuse=reuse):\n        h = tf.layers.dense(x, 16, activation=tf.nn.leaky_relu, name='h')\n        return tf.layers.dense(h, 1, name='logit')"),
    ("code", "fake = generator(z)\nd_real = discriminator(real)\nd_fake = discriminator(fake, reuse=True)"),
    ("code", "g_vars = [v for v in tf.trainable_variables() if v.name.startswith('generator')]\nd_vars = [v for v in tf.trainable_variables() if v.name.startswith('discriminator')]\nprint(len(g_vars), len(d_vars))"),
    ("code", "with tf.Graph().as_default():\n    zz = tf.placeholder(tf.float32, [None, 16])\n    sample = generator(zz)"),
])
