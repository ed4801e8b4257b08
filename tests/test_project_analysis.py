"""Whole-project analysis through `lint_source`/`lint_path`: imported
modules run once, their findings land where the program reaches them, and
the prefilter looks through imports. (Every project bug and name is judged
by real TF in tests/test_projects.py; these pin the mechanics.)"""

from __future__ import annotations

import textwrap

import scopelint
from scopelint.linter import lint_path


def _tree(root, files: dict) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


MODEL = """
import tensorflow as tf

def build(x, reuse=None):
    with tf.variable_scope('model', reuse=reuse):
        return tf.get_variable('w', [3, 4])
"""


def _builder(function: str, scope: str) -> str:
    """A module whose `function()` makes `scope/w` (line 5)."""
    return (
        f"import tensorflow as tf\n\ndef {function}():\n    with tf.variable_scope('{scope}'):\n"
        "        return tf.get_variable('w', [1])\n"
    )


def test_builder_called_twice_from_another_module(tmp_path):
    # train.py never names TensorFlow: the prefilter must look through its imports.
    _tree(tmp_path, {"model.py": MODEL, "train.py": "import model\nmodel.build(1)\nmodel.build(2)\n"})
    result = lint_path(str(tmp_path / "train.py"), names=True)
    assert [(f.code, f.path, f.line) for f in result.findings] == [("SCO101", str(tmp_path / "train.py"), 3)]
    assert "model.py:6" in result.findings[0].message  # the chain names the other file
    assert [(n.path, n.line, n.name, n.action) for n in result.names] == [
        (str(tmp_path / "model.py"), 6, "model/w:0", "create")]
    assert [p for p, _digest in result.dependencies] == [str(tmp_path / "model.py")]


def test_fixed_twin_and_the_same_file_alone(tmp_path):
    _tree(tmp_path, {"model.py": MODEL, "train.py": "import model\nmodel.build(1)\nmodel.build(2, reuse=True)\n"})
    assert lint_path(str(tmp_path / "train.py")).findings == []
    # Without a file on disk there are no imports to follow: nothing claimed.
    assert scopelint.lint_source("import model\nmodel.build(1)\nmodel.build(2)\n", "<stdin>").findings == []


def test_package_reexport_relative_imports_and_star(tmp_path):
    _tree(tmp_path, {
        "pkg/__init__.py": "from .nets import *\n",
        "pkg/nets.py": """
            import tensorflow as tf
            from .layers import fc
            __all__ = ['mlp']
            def mlp(x):
                with tf.variable_scope('mlp'):
                    return fc(x)
            def _private(x):
                return x
        """,
        "pkg/layers.py": "import tensorflow as tf\ndef fc(x):\n    return tf.get_variable('w', [1])\n",
        "train.py": "from pkg import mlp\nimport pkg\nmlp(1)\npkg.mlp(2)\n",
    })
    result = lint_path(str(tmp_path / "train.py"))
    assert [(f.code, f.line) for f in result.findings] == [("SCO101", 4)]


def test_import_time_variables_run_once_and_main_guard(tmp_path):
    _tree(tmp_path, {
        "vocab.py": """
            import tensorflow as tf
            table = tf.get_variable('table', [10, 4])
            if __name__ == '__main__':
                tf.get_variable('table', [10, 4])  # a self-test: not run on import
        """,
        "a.py": "import vocab\n",
        "train.py": "import vocab\nimport a\nimport vocab as v2\n",
    })
    result = lint_path(str(tmp_path / "train.py"), names=True)
    assert result.findings == []
    assert [n.name for n in result.names] == ["table:0"]  # imported three times, run once
    # Linted as its own program, the module's main block does run.
    alone = lint_path(str(tmp_path / "vocab.py"))
    assert [(f.code, f.line) for f in alone.findings] == [("SCO101", 5)]


def test_reuse_flag_switched_in_a_callee_module(tmp_path):
    _tree(tmp_path, {
        "scopes.py": "import tensorflow as tf\ndef share():\n    tf.get_variable_scope().reuse_variables()\n",
        "train.py": """
            import tensorflow as tf
            import scopes
            with tf.variable_scope('net'):
                tf.get_variable('w', [1])
                scopes.share()
                tf.get_variable('w', [1])
                tf.get_variable('b', [1])
        """,
    })
    result = lint_path(str(tmp_path / "train.py"))
    assert [(f.code, f.line) for f in result.findings] == [("SCO102", 8)]


def test_circular_imports_and_unknown_modules_do_not_crash(tmp_path):
    _tree(tmp_path, {
        "a.py": "import b\nimport tensorflow as tf\nX = 1\ndef f():\n    return b.g()\n",
        "b.py": "import a\nimport importlib\nm = importlib.import_module(a.__name__)\ndef g():\n    return a.X\n",
        "broken.py": "def f(:\n",
        "train.py": "import a, broken, nowhere\nimport tensorflow as tf\na.f()\ntf.get_variable('w', [1])\n",
    })
    result = lint_path(str(tmp_path / "train.py"), names=True)
    assert result.findings == []
    # importlib.import_module may run any module's code: `w` may exist already.
    assert [n.name for n in result.names] == ["w?"]
    no_importlib = tmp_path / "b.py"
    no_importlib.write_text("import a\ndef g():\n    return a.X\n")
    assert [n.name for n in lint_path(str(tmp_path / "train.py"), names=True).names] == ["w:0"]


def test_data_code_keeps_the_model_visible(tmp_path):
    """numpy, printing and plotting around a model do not hide the second build."""
    source = textwrap.dedent("""
        import numpy as np
        import matplotlib.pyplot as plt
        import tensorflow as tf
        X = np.load('x.npy')
        print(X.shape, X.mean(axis=0))
        plt.plot(X[:, 0])
        def model(x):
            with tf.variable_scope('net'):
                return tf.layers.dense(x, 4, name='fc')
        x = tf.placeholder(tf.float32, [None, 3])
        a = model(x)
        X = (X - X.mean()) / X.std()
        b = model(x)
    """)
    assert [(f.code, f.line) for f in scopelint.lint_source(source, "m.py").findings] == [("SCO101", 14)]
    # A callable handed to a data object may be run by it: nothing is
    # claimed missing afterwards (here pandas' apply would create other/v).
    handed = textwrap.dedent("""
        import pandas as pd
        import tensorflow as tf
        df = pd.read_csv('d.csv')
        def make(row):
            with tf.variable_scope('other'):
                return tf.get_variable('v', [1])
        df.apply(make, axis=1)
        with tf.variable_scope('other', reuse=True):
            tf.get_variable('v', [1])
    """)
    assert scopelint.lint_source(handed, "m.py").findings == []
    inert = handed.replace("df.apply(make, axis=1)", "df.describe()")
    assert [(f.code, f.line) for f in scopelint.lint_source(inert, "m.py").findings] == [("SCO102", 10)]


def test_programs_sharing_imports_do_not_see_each_others_state(tmp_path):
    """Imports are kept for the next programs of the process; what one
    program does to them (a flag flipped through `global`) is undone."""
    _tree(tmp_path, {
        "state.py": "REUSE = False\ndef share():\n    global REUSE\n    REUSE = True\n",
        "model.py": """
            import tensorflow as tf
            import state
            def build():
                with tf.variable_scope('m', reuse=state.REUSE):
                    return tf.get_variable('w', [1])
        """,
        "a.py": "import model, state\nmodel.build()\nstate.share()\nmodel.build()\n",
        "b.py": "import model\nmodel.build()\nmodel.build()\n",
    })
    for order in (("a.py", "b.py"), ("b.py", "a.py"), ("a.py", "a.py", "b.py", "b.py")):
        for name in order:
            found = [(f.code, f.line) for f in lint_path(str(tmp_path / name)).findings]
            assert found == ([] if name == "a.py" else [("SCO101", 3)]), (order, name)


def test_single_file_front_ends_see_the_other_half(tmp_path):
    """flake8 hands one file over: a finding in an imported module is shown
    at the call in that file which leads to it."""
    _tree(tmp_path, {
        "model.py": MODEL,
        "evaluate.py": "import tensorflow as tf\nimport model\nwith tf.variable_scope('', reuse=True):\n    model.build(1)\n",
    })
    whole = lint_path(str(tmp_path / "evaluate.py"))
    assert [(f.code, f.path, f.line) for f in whole.findings] == [("SCO102", str(tmp_path / "model.py"), 6)]
    own = scopelint.lint_source((tmp_path / "evaluate.py").read_bytes(), str(tmp_path / "evaluate.py"),
                                own_file_only=True)
    assert [(f.code, f.path, f.line) for f in own.findings] == [("SCO102", str(tmp_path / "evaluate.py"), 4)]
    assert own.findings[0].message.startswith(f"In {tmp_path / 'model.py'}:6, reached from here: ")


VGG_TWICE = """import tensorflow as tf
from tf_slim.nets import vgg

images = tf.placeholder(tf.float32, [None, 224, 224, 3])
train_logits, _ = vgg.vgg_16(images, num_classes=10)
eval_logits, _ = vgg.vgg_16(images, num_classes=10, is_training=False)
"""


def test_followed_installed_package_judged_by_tf(tmp_path, oracle):
    """`follow = ["tf_slim.nets"]` reads the installed nets (never imports
    them): vgg_16 built twice is caught, with the names TF gives."""
    script = tmp_path / "train.py"
    script.write_text(VGG_TWICE)
    tf = oracle.run(VGG_TWICE, contrib=True)
    assert tf.error is not None and "vgg_16/conv1/conv1_1/weights already exists" in tf.error["message"]
    tf_names = {e["name"] for e in tf.created}
    result = lint_path(str(script), names=True, follow=["tf_slim.nets"])
    assert [(f.code, f.path, f.line) for f in result.findings] == [("SCO101", str(script), 6)]
    assert "vgg_16/conv1/conv1_1/weights already exists" in result.findings[0].message
    exact = {n.name for n in result.names if "?" not in n.name}
    assert exact and exact <= tf_names  # every exact name is one TF made
    assert len(exact) == len(tf_names)  # and all of them
    # Without `follow` the nets stay a library call scopelint cannot see: silent.
    assert lint_path(str(script), names=True).findings == []


def test_configured_src_root_through_the_command(tmp_path):
    """`[tool.scopelint] src` adds an import root: the model in lib/ is found
    from app/train.py and app/evaluate.py (each reports its own second build)."""
    import subprocess
    import sys

    _tree(tmp_path, {
        "pyproject.toml": '[tool.scopelint]\nsrc = ["lib"]\n',
        "lib/model.py": MODEL,
        "app/train.py": "import model\nmodel.build(1)\nmodel.build(2)\n",
        "app/evaluate.py": "import model\nmodel.build(1)\nmodel.build(2)\n",
    })

    def run(*args):
        return subprocess.run([sys.executable, "-m", "scopelint", "--no-cache", "--format", "concise", *args],
                              cwd=tmp_path, capture_output=True, text=True)

    found = run("app")
    assert found.returncode == 1, found.stderr
    assert [line.split(" ")[:2] for line in found.stdout.splitlines()] == [
        ["app/evaluate.py:3:1:", "SCO101"], ["app/train.py:3:1:", "SCO101"]]
    (tmp_path / "pyproject.toml").write_text("[tool.scopelint]\n")
    assert run("app").stdout == ""  # without the root, model is not found: nothing claimed
    assert run("--src", "lib", "app").returncode == 1


def test_kept_import_replays_its_registration_into_another_module(tmp_path):
    """A module whose decorator registers a function in another module's dict
    is kept for the next programs: the registration is replayed there."""
    from scopelint.engine import project_modules

    _tree(tmp_path, {
        "registry.py": """
            MODELS = {}
            def register(name):
                def add(cls):
                    MODELS[name] = cls
                    return cls
                return add
        """,
        "nets.py": """
            import tensorflow as tf
            import registry
            @registry.register('net')
            def build():
                with tf.variable_scope('net'):
                    return tf.get_variable('w', [1])
        """,
        "a.py": "import registry\nimport nets\nbuild = registry.MODELS['net']\nbuild()\nbuild()\n",
        "b.py": "import nets\nimport registry\nregistry.MODELS['net']()\n",
    })
    for name in ("a.py", "b.py", "a.py", "b.py"):
        found = [(f.code, f.line) for f in lint_path(str(tmp_path / name)).findings]
        assert found == ([("SCO101", 5)] if name == "a.py" else []), name
    assert ("nets", str(tmp_path / "nets.py"), ()) in project_modules._IMPORTED  # kept, not re-run


def test_kept_import_that_opened_the_store_opens_it_again(tmp_path):
    """An unknown call at import time may have made any variable: a kept
    import replays that, so no later lookup is claimed to fail."""
    _tree(tmp_path, {
        "lib.py": "import tensorflow as tf\nimport somelib\nsomelib.setup()\n",
        "c.py": "import tensorflow as tf\nimport lib\nwith tf.variable_scope('s', reuse=True):\n"
                "    tf.get_variable('w', [1])\n",
        "d.py": "import tensorflow as tf\nwith tf.variable_scope('s', reuse=True):\n    tf.get_variable('w', [1])\n",
    })
    for name in ("c.py", "d.py", "c.py"):
        found = [f.code for f in lint_path(str(tmp_path / name)).findings]
        assert found == ([] if name == "c.py" else ["SCO102"]), name


def test_kept_import_is_not_shared_by_programs_that_find_other_files(tmp_path):
    """Kept imports are shared across directories only while every module
    they imported resolves to the same file from the new program."""
    program = (
        "import tensorflow as tf\nimport shared\n"
        "with tf.variable_scope(shared.NAME):\n    tf.get_variable('w', [1])\n"
        "with tf.variable_scope('x', reuse=True):\n    tf.get_variable('w', [1])\n"
    )
    _tree(tmp_path, {
        "pyproject.toml": "",
        "shared.py": "import conf\nNAME = conf.NAME\n",
        "a/conf.py": "NAME = 'x'\n",
        "a/main.py": program,
        "b/conf.py": "NAME = 'y'\n",
        "b/main.py": program,
    })
    for name in ("a/main.py", "b/main.py", "a/main.py"):
        found = [(f.code, f.line) for f in lint_path(str(tmp_path / name)).findings]
        assert found == ([] if name.startswith("a") else [("SCO102", 6)]), name


def test_submodule_bound_on_a_kept_package_is_imported_anew(tmp_path):
    """A package kept from an earlier program does not carry the submodules
    that program bound on it: `from pkg import learning` imports it again,
    so its file is read and names made there are placed in it."""
    _tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/vgg.py": _builder("net", "vgg"),
        "pkg/learning.py": "from pkg import vgg\ndef loss():\n    return vgg.net()\n",
        "x.py": "from pkg import learning\n",
        "a.py": "import x\n",
        "b.py": "from pkg import learning\nlearning.loss()\nlearning.loss()\n",
    })
    vgg = str(tmp_path / "pkg" / "vgg.py")
    for name in ("a.py", "b.py", "b.py"):
        result = lint_path(str(tmp_path / name), names=True)
        if name == "a.py":
            assert result.findings == [] and result.names == []
            continue
        assert [(f.code, f.line) for f in result.findings] == [("SCO101", 3)]
        assert [(n.path, n.line, n.name) for n in result.names] == [(vgg, 5, "vgg/w:0")]
        assert vgg in dict(result.dependencies)


def test_a_file_lints_the_same_after_any_other_files(tmp_path):
    """Kept imports are an optimisation only: every program of the
    in-project multi-module projects, linted after all the others in one
    process, gives what it gives alone (findings, names and the files its
    cache key depends on)."""
    import pathlib
    import sys

    here = pathlib.Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parent))
    from bench.isolation import compare

    counted = 0
    for corpus in ("projects", "restore_projects"):
        files, differ = compare(str(here / corpus))
        assert differ == [], corpus
        counted += files
    assert counted > 100


def test_kept_births_are_the_union_of_the_kept_ranges():
    """The births of kept imports' objects: ranges that nest (an import
    kept inside another kept one), touch or stand apart."""
    import random

    from scopelint.engine import project_modules as pm

    rng = random.Random(0)
    try:
        for _ in range(500):
            pm.forget_kept_imports()
            ranges = []
            for _ in range(rng.randint(1, 8)):
                start = rng.randint(0, 50)
                ranges.append((start, start + rng.randint(1, 15)))
                pm._keep_births(*ranges[-1])
            for birth in range(-2, 70):
                assert pm._kept(birth) == any(a <= birth < b for a, b in ranges), (ranges, birth)
    finally:
        pm.forget_kept_imports()


def test_kept_import_brings_the_kept_imports_it_reused(tmp_path):
    """`build` kept in a program that reused `losses` inside it: a later
    program reusing `build` registers and reads `losses` too."""
    _tree(tmp_path, {
        "losses.py": _builder("loss", "loss"),
        "build.py": "import losses\ndef model():\n    return losses.loss()\n",
        "p0.py": "import losses\n",
        "p1.py": "import build\n",
        "p2.py": "import build\nbuild.model()\n",
    })
    losses = str(tmp_path / "losses.py")
    for name in ("p0.py", "p1.py", "p2.py"):
        result = lint_path(str(tmp_path / name), names=True)
    assert [(n.path, n.line, n.name) for n in result.names] == [(losses, 5, "loss/w:0")]
    assert losses in dict(result.dependencies)
    from scopelint.engine import project_modules

    kept = project_modules._IMPORTED[("build", str(tmp_path / "build.py"), ())]
    assert [m.name for m in kept.modules] == ["build", "losses"]


def test_kept_import_that_saw_a_module_imported_on_some_paths_only(tmp_path):
    """`user` first imported after `helper` was imported on some paths only
    knows nothing of `helper`; a program where `helper` was never imported
    imports it for real, so that kept `user` is not reused there."""
    _tree(tmp_path, {
        "helper.py": "SCOPE = 'h'\n",
        "user.py": "import helper\nSCOPE = helper.SCOPE\n",
        "a.py": "import sys\nimport tensorflow as tf\nif sys.argv[1]:\n    import helper\nimport user\ntf.get_variable('a', [1])\n",
        "b.py": """
            import tensorflow as tf
            import user
            for _ in range(2):
                with tf.variable_scope(user.SCOPE):
                    tf.get_variable('w', [1])
        """,
    })
    alone = [(f.code, f.line) for f in lint_path(str(tmp_path / "b.py")).findings]
    assert alone == [("SCO101", 6)]
    lint_path(str(tmp_path / "a.py"))
    assert [(f.code, f.line) for f in lint_path(str(tmp_path / "b.py")).findings] == alone


def _outcome(path) -> tuple:
    result = lint_path(str(path), names=True)
    return (
        [(f.path, f.line, f.code, f.message) for f in result.findings],
        [(n.path, n.line, n.name, n.action) for n in result.names],
        sorted(result.dependencies),
    )


def test_kept_imports_replay_writes_into_their_package_and_the_store(tmp_path):
    """Imports that write into the package they are imported from, open the
    graph's store on some paths only, or run with the store open already:
    every program gives in any order what it gives alone."""
    from scopelint.engine import project_modules

    _tree(tmp_path, {
        "pkg/__init__.py": "REGISTRY = {}\nfrom pkg import conf\nfrom pkg import nets\n",
        "pkg/conf.py": "from pkg import REGISTRY\nREGISTRY['scope'] = 'enc'\n",
        "pkg/nets.py": _builder("build", "net"),
        "opener.py": "import sys\nimport somelib\nif sys.argv[1]:\n    somelib.setup()\n",
        "a.py": """
            import tensorflow as tf
            import pkg
            with tf.variable_scope(pkg.REGISTRY['scope']):
                tf.get_variable('v', [1])
            pkg.nets.build()
            pkg.nets.build()
        """,
        "b.py": """
            import tensorflow as tf
            import opener
            from pkg import nets
            with tf.variable_scope('net', reuse=True):
                tf.get_variable('w', [1])
        """,
        "c.py": """
            import tensorflow as tf
            from pkg import nets
            with tf.variable_scope('net', reuse=True):
                tf.get_variable('w', [1])
        """,
        "d.py": """
            import tensorflow as tf
            import somelib
            somelib.setup()
            import pkg
            import opener
            pkg.nets.build()
        """,
    })
    names = ("a.py", "b.py", "c.py", "d.py")
    alone = {}
    for name in names:
        project_modules.forget_kept_imports()
        alone[name] = _outcome(tmp_path / name)
    assert [(f[1], f[2]) for f in alone["a.py"][0]] == [(7, "SCO101")]
    assert alone["a.py"][1][0][2] == "enc/v:0"  # the registry entry conf.py wrote into its package
    assert alone["b.py"][0] == []  # opener may have made net/w: no claim
    assert [f[2] for f in alone["c.py"][0]] == ["SCO102"]
    for order in (names, names[::-1], ("d.py", "c.py", "a.py", "b.py", "c.py", "a.py"), ("b.py", "b.py", "d.py", "b.py")):
        project_modules.forget_kept_imports()
        for name in order:
            assert _outcome(tmp_path / name) == alone[name], (order, name)
