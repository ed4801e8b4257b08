"""The semantics notes' rules, re-run under the TensorFlow oracle.

Each entry is one numbered rule of /work/shared/tf1-semantics.md: its program
and its "Observed" block, copied verbatim (backticks dropped), in the wording
of `OracleResult.observed()`:

* created: ``name (get_variable|tf.Variable[ via f], line A→B[, store key k][, graph g][, run r])``
* reused: ``name (line A→B[, partitioned][, graph g][, run r])``
* error: ``Type at line A→B[ (run r)]: message`` (the message without TF's
  " Originally defined at:" stack tail)
* printed: the program's stdout, where the notes show it.

Rules 5, 8, 10, 15, 22, 33, 42, 46, 52, 53, 54, 57, 58, 60, 64, 67 and 68 are
checked field by field in test_oracle_harness.py and are not repeated here.
The programs here double as the first oracle-backed examples for the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pytest


@dataclass(frozen=True)
class Rule:
    number: int
    title: str
    source: str
    contrib: bool = False
    repeat: int = 1
    created: tuple = ()
    reused: tuple = ()
    error: Optional[str] = None
    printed: Optional[str] = None


RULES = [
    Rule(
        1, 'tf.name_scope prefixes ops and tf.Variable, but not tf.get_variable',
        '''\
import tensorflow as tf
with tf.name_scope('ns'):
    v = tf.Variable(1.0, name='v')
    g = tf.get_variable('g', shape=[1])
    c = tf.constant(1.0, name='c')
print(v.name, g.name, c.name)
''',
        created=[
            'ns/v:0 (tf.Variable, line 3)',
            'g:0 (get_variable, line 4)',
        ],
        printed='''\
ns/v:0 g:0 ns/c:0
''',
    ),
    Rule(
        2, 'tf.variable_scope prefixes get_variable names and also opens a name scope of the same name',
        '''\
import tensorflow as tf
with tf.variable_scope('vs') as scope:
    v = tf.Variable(1.0, name='v')
    g = tf.get_variable('g', shape=[1])
    c = tf.constant(1.0, name='c')
print(v.name, g.name, c.name)
print(repr(scope.name), repr(scope.original_name_scope), repr(tf.get_variable_scope().name))
''',
        created=[
            'vs/v:0 (tf.Variable, line 3)',
            'vs/g:0 (get_variable, line 4)',
        ],
        printed='''\
vs/v:0 vs/g:0 vs/c:0
'vs' 'vs/' ''
''',
    ),
    Rule(
        3, "Name scopes are made unique per graph: 'a', 'a_1', ... (case-insensitively, shared with op names)",
        '''\
import tensorflow as tf
with tf.name_scope('a') as s1:
    pass
with tf.name_scope('a') as s2:
    with tf.name_scope('b') as s3:
        pass
    with tf.name_scope('b') as s4:
        pass
x = tf.constant(0, name='x')
with tf.name_scope('x') as s5:
    pass
with tf.name_scope('A') as s6:
    pass
with tf.name_scope('a_1') as s7:
    pass
print(s1, s2, s3, s4, s5, s6, s7)
''',
        printed='''\
a/ a_1/ a_1/b/ a_1/b_1/ x_1/ A_2/ a_1_1/
''',
    ),
    Rule(
        4, 'tf.Variable names are uniquified like op names',
        '''\
import tensorflow as tf
a = tf.Variable(1.0)
b = tf.Variable(1.0)
c = tf.Variable(1.0, name='w')
d = tf.Variable(1.0, name='w')
k = tf.constant(1.0, name='k')
e = tf.Variable(1.0, name='k')
f = tf.Variable(1.0, name='W')
''',
        created=[
            'Variable:0 (tf.Variable, line 2)',
            'Variable_1:0 (tf.Variable, line 3)',
            'w:0 (tf.Variable, line 4)',
            'w_1:0 (tf.Variable, line 5)',
            'k_1:0 (tf.Variable, line 7)',
            'W_2:0 (tf.Variable, line 8)',
        ],
    ),
    Rule(
        6, 'Seed: a name scope does not separate get_variable names',
        '''\
import tensorflow as tf
with tf.name_scope('V1'):
    a1 = tf.get_variable(name='a1', shape=[1], initializer=tf.constant_initializer(1))
with tf.name_scope('V2'):
    a2 = tf.get_variable(name='a1', shape=[1], initializer=tf.constant_initializer(1))
''',
        created=['a1:0 (get_variable, line 3)'],
        error='ValueError at line 5: Variable a1 already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
    ),
    Rule(
        7, 'Mixed nesting: each kind of name follows its own stack',
        '''\
import tensorflow as tf
with tf.name_scope('ns'):
    with tf.variable_scope('vs'):
        g1 = tf.get_variable('g', shape=[1])
        v1 = tf.Variable(0.0, name='v')
        c1 = tf.constant(0, name='c')
with tf.variable_scope('vs2'):
    with tf.name_scope('ns2'):
        g2 = tf.get_variable('g', shape=[1])
        v2 = tf.Variable(0.0, name='v')
        c2 = tf.constant(0, name='c')
print(c1.name, c2.name)
''',
        created=[
            'vs/g:0 (get_variable, line 4)',
            'ns/vs/v:0 (tf.Variable, line 5)',
            'vs2/g:0 (get_variable, line 9)',
            'vs2/ns2/v:0 (tf.Variable, line 10)',
        ],
        printed='''\
ns/vs/c:0 vs2/ns2/c:0
''',
    ),
    Rule(
        9, 'Re-entering without reuse: new names are fine, existing ones fail',
        '''\
import tensorflow as tf
with tf.variable_scope('s'):
    tf.get_variable('w', shape=[1])
with tf.variable_scope('s'):
    tf.get_variable('u', shape=[1])
    tf.get_variable('w', shape=[1])
''',
        created=[
            's/w:0 (get_variable, line 3)',
            's/u:0 (get_variable, line 5)',
        ],
        error='ValueError at line 6: Variable s/w already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
    ),
    Rule(
        11, 'reuse is inherited; the root scope has reuse=False',
        '''\
import tensorflow as tf
print(tf.get_variable_scope().reuse)
with tf.variable_scope('o'):
    with tf.variable_scope('i'):
        w = tf.get_variable('w', shape=[1])
with tf.variable_scope('o', reuse=True) as o:
    with tf.variable_scope('i') as i:
        w2 = tf.get_variable('w')
        print(o.reuse, i.reuse, w is w2)
    with tf.variable_scope('j'):
        tf.get_variable('new', shape=[1])
''',
        created=['o/i/w:0 (get_variable, line 5)'],
        reused=['o/i/w:0 (line 8)'],
        error='ValueError at line 11: Variable o/j/new does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?',
        printed='''\
False
True True True
''',
    ),
    Rule(
        12, "reuse=False means 'inherit' (same as None): reuse cannot be switched off",
        '''\
import tensorflow as tf
with tf.variable_scope('o', reuse=False) as o:
    print('top-level reuse=False ->', o.reuse)
    w = tf.get_variable('w', shape=[1])
with tf.variable_scope('o', reuse=True):
    with tf.variable_scope('i', reuse=False) as i:
        print('inner reuse:', i.reuse)
        tf.get_variable('fresh', shape=[1])
''',
        created=['o/w:0 (get_variable, line 4)'],
        error='ValueError at line 8: Variable o/i/fresh does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?',
        printed='''\
top-level reuse=False -> False
inner reuse: True
''',
    ),
    Rule(
        13, 'reuse=True before the variable exists',
        '''\
import tensorflow as tf
with tf.variable_scope('s', reuse=True):
    w = tf.get_variable('w', shape=[1])
''',
        error='ValueError at line 3: Variable s/w does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?',
    ),
    Rule(
        14, 'reuse=True cannot find variables made by tf.Variable',
        '''\
import tensorflow as tf
with tf.variable_scope('s'):
    w = tf.Variable(1.0, name='w')
with tf.variable_scope('s', reuse=True):
    w2 = tf.get_variable('w', shape=[])
''',
        created=['s/w:0 (tf.Variable, line 3)'],
        error='ValueError at line 5: Variable s/w does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?',
    ),
    Rule(
        16, 'AUTO_REUSE inside reuse=True wins (creation allowed again); True inside AUTO_REUSE is strict',
        '''\
import tensorflow as tf
with tf.variable_scope('o', reuse=True):
    with tf.variable_scope('i', reuse=tf.AUTO_REUSE) as i:
        print(i.reuse)
        w = tf.get_variable('w', shape=[1])
with tf.variable_scope('p', reuse=tf.AUTO_REUSE):
    with tf.variable_scope('q', reuse=True) as q:
        print(q.reuse)
        w = tf.get_variable('w', shape=[1])
''',
        created=['o/i/w:0 (get_variable, line 5)'],
        error='ValueError at line 9: Variable p/q/w does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?',
        printed='''\
_ReuseMode.AUTO_REUSE
True
''',
    ),
    Rule(
        17, 'scope.reuse_variables() flips the scope object, for the rest of the block and for later entries of that object',
        '''\
import tensorflow as tf
with tf.variable_scope('s') as sc:
    w = tf.get_variable('w', shape=[1])
    sc.reuse_variables()
    w2 = tf.get_variable('w')
    with tf.variable_scope('inner') as inner:
        print('inner inherits', inner.reuse)
with tf.variable_scope(sc):
    w3 = tf.get_variable('w')
print(w is w2, w is w3, sc.reuse)
with tf.variable_scope('s'):
    w4 = tf.get_variable('w', shape=[1])
''',
        created=['s/w:0 (get_variable, line 3)'],
        reused=[
            's/w:0 (line 5)',
            's/w:0 (line 9)',
        ],
        error='ValueError at line 12: Variable s/w already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
        printed='''\
inner inherits True
True True True
''',
    ),
    Rule(
        18, 'Seed: reuse_variables() inside a variable scope; tf.Variable ignores it',
        '''\
import tensorflow as tf
with tf.variable_scope("a_variable_scope") as scope:
    initializer = tf.constant_initializer(value=3)
    var3 = tf.get_variable(name='var3', shape=[1], dtype=tf.float32, initializer=initializer)
    scope.reuse_variables()
    var3_reuse = tf.get_variable(name='var3',)
    var4 = tf.Variable(name='var4', initial_value=[4], dtype=tf.float32)
    var4_reuse = tf.Variable(name='var4', initial_value=[4], dtype=tf.float32)
print(var3 is var3_reuse, var3.name, var3_reuse.name, var4.name, var4_reuse.name)
''',
        created=[
            'a_variable_scope/var3:0 (get_variable, line 4)',
            'a_variable_scope/var4:0 (tf.Variable, line 7)',
            'a_variable_scope/var4_1:0 (tf.Variable, line 8)',
        ],
        reused=['a_variable_scope/var3:0 (line 6)'],
        printed='''\
True a_variable_scope/var3:0 a_variable_scope/var3:0 a_variable_scope/var4:0 a_variable_scope/var4_1:0
''',
    ),
    Rule(
        19, 'After reuse_variables() nothing new can be created in that scope',
        '''\
import tensorflow as tf
with tf.variable_scope('s') as sc:
    sc.reuse_variables()
    w = tf.get_variable('w', shape=[1])
''',
        error='ValueError at line 4: Variable s/w does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?',
    ),
    Rule(
        20, 'tf.get_variable_scope().reuse_variables() at top level poisons the rest of the graph',
        '''\
import tensorflow as tf
for i in range(2):
    with tf.name_scope('tower_%d' % i):
        w = tf.get_variable('w', shape=[1])
        t = tf.Variable(0.0, name='t')
        tf.get_variable_scope().reuse_variables()
print(tf.get_variable_scope().reuse)
with tf.variable_scope('head'):
    h = tf.get_variable('h', shape=[1])
''',
        created=[
            'w:0 (get_variable, line 4)',
            'tower_0/t:0 (tf.Variable, line 5)',
            'tower_1/t:0 (tf.Variable, line 5)',
        ],
        reused=['w:0 (line 4)'],
        error='ValueError at line 9: Variable head/h does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?',
        printed='''\
True
''',
    ),
    Rule(
        21, 'reuse_variables() inside a variable scope stays in that scope',
        '''\
import tensorflow as tf
with tf.variable_scope('s'):
    w = tf.get_variable('w', shape=[1])
    tf.get_variable_scope().reuse_variables()
print('root reuse after', tf.get_variable_scope().reuse)
x = tf.get_variable('x', shape=[1])
with tf.variable_scope('s'):
    print('re-entered s reuse', tf.get_variable_scope().reuse)
''',
        created=[
            's/w:0 (get_variable, line 3)',
            'x:0 (get_variable, line 6)',
        ],
        printed='''\
root reuse after False
re-entered s reuse False
''',
    ),
    Rule(
        23, 'The same with resource variables: no traceback tail',
        '''\
import tensorflow as tf
with tf.variable_scope('s', use_resource=True):
    w = tf.get_variable('w', shape=[1])
w2 = tf.get_variable('s/w', shape=[1])
''',
        created=['s/w:0 (get_variable, line 3)'],
        error='ValueError at line 4: Variable s/w already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
    ),
    Rule(
        24, 'Shape mismatch when sharing',
        '''\
import tensorflow as tf
with tf.variable_scope('s'):
    tf.get_variable('w', shape=[2, 3])
with tf.variable_scope('s', reuse=True):
    tf.get_variable('w', shape=[3, 2])
''',
        created=['s/w:0 (get_variable, line 3)'],
        error='ValueError at line 5: Trying to share variable s/w, but specified shape (3, 2) and found shape (2, 3).',
    ),
    Rule(
        25, 'Compatible shapes on reuse',
        '''\
import tensorflow as tf
with tf.variable_scope('s'):
    a = tf.get_variable('w', shape=[2, 3])
with tf.variable_scope('s', reuse=True):
    b = tf.get_variable('w', shape=[None, 3])
    c = tf.get_variable('w')
print(a is b is c)
''',
        created=['s/w:0 (get_variable, line 3)'],
        reused=[
            's/w:0 (line 5)',
            's/w:0 (line 6)',
        ],
        printed='''\
True
''',
    ),
    Rule(
        26, 'dtype mismatch when sharing',
        '''\
import tensorflow as tf
with tf.variable_scope('s'):
    tf.get_variable('w', shape=[1])
with tf.variable_scope('s', reuse=True):
    tf.get_variable('w', shape=[1], dtype=tf.int32)
''',
        created=['s/w:0 (get_variable, line 3)'],
        error='ValueError at line 5: Trying to share variable s/w, but specified dtype int32 and found dtype float32_ref.',
    ),
    Rule(
        27, 'Creating without a shape (and without a value initializer)',
        '''\
import tensorflow as tf
w = tf.get_variable('w')
''',
        error='ValueError at line 2: Variable w did not get an initializer, so its `shape` argument must be specified.',
    ),
    Rule(
        28, 'A value initializer supplies shape and dtype',
        '''\
import tensorflow as tf
a = tf.get_variable('a', initializer=tf.constant([[1.0, 2.0]]))
b = tf.get_variable('b', initializer=[1, 2, 3])
c = tf.get_variable('c', initializer=5.0)
d = tf.get_variable('d', shape=[4], initializer=tf.zeros_initializer())
''',
        created=[
            'a:0 (get_variable, line 2)',
            'b:0 (get_variable, line 3)',
            'c:0 (get_variable, line 4)',
            'd:0 (get_variable, line 5)',
        ],
    ),
    Rule(
        29, 'Value initializer plus shape, callable initializer without shape, dtype clash',
        '''\
import tensorflow as tf
for f in [lambda: tf.get_variable('a', shape=[1, 2], initializer=tf.constant([[1.0, 2.0]])),
          lambda: tf.get_variable('b', initializer=tf.constant_initializer(1.0))]:
    try:
        f()
    except ValueError as e:
        print(e)
c = tf.get_variable('c', dtype=tf.int32, initializer=tf.constant(1.0))
''',
        error="ValueError at line 8: Initializer type '<dtype: 'float32'>' and explicit dtype '<dtype: 'int32'>' don't match.",
        printed='''\
If initializer is a constant, do not specify shape.
The initializer passed is not valid. It should be a callable with no arguments and the shape should not be provided or an instance of `tf.keras.initializers.*' and `shape` should be fully defined.
''',
    ),
    Rule(
        30, 'Argument validation errors of variable_scope / get_variable',
        '''\
import tensorflow as tf
for f in [lambda: tf.variable_scope('s', reuse='yes'),
          lambda: tf.variable_scope(None),
          lambda: tf.get_variable('w', shape=[1], reuse=True),
          lambda: tf.get_variable('a b', shape=[1])]:
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
with tf.variable_scope(None, default_name='d', reuse=True):
    pass
''',
        error='ValueError at line 10: reuse=True cannot be used without a name_or_scope',
        printed="ValueError The reuse parameter must be True or False or None.\nTypeError If default_name is None then name_or_scope is required\nTypeError get_variable() got an unexpected keyword argument 'reuse'\nValueError 'a b' is not a valid root scope name. A root scope name has to match the following pattern: ^[A-Za-z0-9.][A-Za-z0-9_.\\\\/>-]*$\n",
    ),
    Rule(
        31, 'variable_scope(scope_object) jumps to the absolute variable scope; the name scope does not jump',
        '''\
import tensorflow as tf
with tf.variable_scope('A') as a:
    pass
with tf.variable_scope('B'):
    with tf.variable_scope(a) as a2:
        w = tf.get_variable('w', shape=[1])
        t = tf.Variable(0.0, name='t')
        c = tf.constant(0.0, name='c')
        with tf.variable_scope('sub'):
            w2 = tf.get_variable('w', shape=[1])
            c2 = tf.constant(0.0, name='c')
print(a2.name, a2.original_name_scope, c.name, c2.name)
with tf.variable_scope(a):
    c3 = tf.constant(0.0, name='c')
with tf.variable_scope(a):
    c4 = tf.constant(0.0, name='c')
with tf.variable_scope(a, auxiliary_name_scope=False):
    c5 = tf.constant(0.0, name='c')
    with tf.name_scope(a.original_name_scope):
        c6 = tf.constant(0.0, name='c')
print(c3.name, c4.name, c5.name, c6.name)
''',
        created=[
            'A/w:0 (get_variable, line 6)',
            'B/A/t:0 (tf.Variable, line 7)',
            'A/sub/w:0 (get_variable, line 10)',
        ],
        printed='''\
A A/ B/A/c:0 B/A/sub/c:0
A_1/c:0 A_2/c:0 c:0 A/c:0
''',
    ),
    Rule(
        32, 'A scope object carries its reuse flag; reuse=False cannot clear it',
        '''\
import tensorflow as tf
with tf.variable_scope('A') as a:
    w = tf.get_variable('w', shape=[1])
with tf.variable_scope(a, reuse=True):
    w2 = tf.get_variable('w')
a.reuse_variables()
with tf.variable_scope(a, reuse=False) as a3:
    print(a3.reuse)
    tf.get_variable('x', shape=[1])
''',
        created=['A/w:0 (get_variable, line 3)'],
        reused=['A/w:0 (line 5)'],
        error='ValueError at line 9: Variable A/x does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?',
        printed='''\
True
''',
    ),
    Rule(
        34, 'default_name: the variable prefix and the name scope can diverge',
        '''\
import tensorflow as tf
with tf.name_scope('d'):
    pass
with tf.variable_scope(None, default_name='d') as s:
    w = tf.get_variable('w', shape=[1])
    c = tf.constant(0, name='c')
print(s.name, s.original_name_scope, c.name)
with tf.variable_scope('e'):
    pass
with tf.variable_scope(None, default_name='e') as s2:
    pass
print(s2.name, s2.original_name_scope)
''',
        created=['d/w:0 (get_variable, line 5)'],
        printed='''\
d d_1/ d_1/c:0
e_1 e_1/
''',
    ),
    Rule(
        35, 'values= only selects the graph',
        '''\
import tensorflow as tf
x = tf.constant(1.0)
with tf.variable_scope('s', values=[x]) as s:
    w = tf.get_variable('w', shape=[1])
with tf.variable_scope(None, 'dflt', [x]) as s2:
    w2 = tf.get_variable('w', shape=[1])
with tf.name_scope(None, 'ns_default', [x]) as n:
    pass
g = tf.Graph()
with g.as_default():
    y = tf.constant(2.0)
with tf.variable_scope('other', values=[y]):
    print(s.name, s2.name, n, tf.get_default_graph() is g)
''',
        created=[
            's/w:0 (get_variable, line 4)',
            'dflt/w:0 (get_variable, line 6)',
        ],
        printed='''\
s dflt ns_default/ True
''',
    ),
    Rule(
        36, "name_scope('x/') is absolute; name_scope(None) and name_scope('') go to the root",
        '''\
import tensorflow as tf
with tf.name_scope('a') as a_scope:
    pass
with tf.name_scope('b'):
    with tf.name_scope(a_scope):
        c = tf.constant(0, name='c')
        v = tf.Variable(0.0, name='v')
        g = tf.get_variable('g', shape=[1])
    with tf.name_scope('zz/'):
        c2 = tf.constant(0, name='c')
    with tf.name_scope(None):
        v3 = tf.Variable(0.0, name='v3')
    with tf.name_scope(''):
        c4 = tf.constant(0, name='c4')
print(c.name, c2.name, c4.name)
''',
        created=[
            'a/v:0 (tf.Variable, line 7)',
            'g:0 (get_variable, line 8)',
            'v3:0 (tf.Variable, line 12)',
        ],
        printed='''\
a/c:0 zz/c:0 c4:0
''',
    ),
    Rule(
        37, 'auxiliary_name_scope=False opens no name scope',
        '''\
import tensorflow as tf
with tf.variable_scope('s', auxiliary_name_scope=False) as s:
    g = tf.get_variable('g', shape=[1])
    v = tf.Variable(0.0, name='v')
with tf.name_scope('outer'):
    with tf.variable_scope('t', auxiliary_name_scope=False) as t:
        c2 = tf.constant(0, name='c')
print(repr(s.original_name_scope), repr(t.original_name_scope), c2.name)
''',
        created=[
            's/g:0 (get_variable, line 3)',
            'v:0 (tf.Variable, line 4)',
        ],
        printed='''\
'' 'outer/' outer/c:0
''',
    ),
    Rule(
        38, 'variable_scope(tf.get_variable_scope(), reuse=...) idiom',
        '''\
import tensorflow as tf
with tf.variable_scope(tf.get_variable_scope(), reuse=True) as r:
    print(repr(r.name), r.reuse, tf.get_variable_scope().reuse)
print('root after:', tf.get_variable_scope().reuse)
with tf.variable_scope('gen'):
    with tf.variable_scope(tf.get_variable_scope(), reuse=True) as gs:
        c = tf.constant(0, name='c')
        print(gs.name, gs.reuse, c.name)
with tf.name_scope('ns'):
    print(repr(tf.get_variable_scope().name))
''',
        printed='''\
'' True True
root after: False
gen True gen/gen/c:0
''
''',
    ),
    Rule(
        39, 'Slashes and empty names inside variable_scope',
        '''\
import tensorflow as tf
with tf.variable_scope('outer'):
    with tf.variable_scope('') as e:
        w = tf.get_variable('w', shape=[1])
with tf.variable_scope('p/') as p:
    w2 = tf.get_variable('w', shape=[1])
print(repr(e.name), repr(p.name))
with tf.variable_scope('a/b') as ab:
    w3 = tf.get_variable('w', shape=[1])
with tf.variable_scope('a'):
    with tf.variable_scope('b') as b:
        print(ab.name, b.name, ab.original_name_scope, b.original_name_scope)
        w4 = tf.get_variable('w', shape=[1])
''',
        created=[
            'outer//w:0 (get_variable, line 4)',
            'p//w:0 (get_variable, line 6)',
            'a/b/w:0 (get_variable, line 9)',
        ],
        error='ValueError at line 13: Variable a/b/w already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
        printed='''\
'outer/' 'p/'
a/b a/b a/b/ a/b_1/
''',
    ),
    Rule(
        40, 'A scope that is not entered with `with` does nothing; a context-manager object entered twice opens a new name scope each time',
        '''\
import tensorflow as tf
tf.variable_scope('ignored')
w = tf.get_variable('w', shape=[1])
vs = tf.variable_scope('s')
with vs:
    c1 = tf.constant(0, name='c')
with vs:
    c2 = tf.constant(0, name='c')
ns = tf.name_scope('n')
v0 = tf.Variable(0.0, name='v0')
with ns:
    d1 = tf.constant(0, name='d')
with ns:
    d2 = tf.constant(0, name='d')
print(v0.name, c1.name, c2.name, d1.name, d2.name)
''',
        created=[
            'w:0 (get_variable, line 3)',
            'v0:0 (tf.Variable, line 10)',
        ],
        printed='''\
v0:0 s/c:0 s_1/c:0 n/d:0 n_1/d:0
''',
    ),
    Rule(
        41, 'AUTO_REUSE scope re-entered under different name scopes',
        '''\
import tensorflow as tf
with tf.name_scope('foo'):
    with tf.variable_scope('v', reuse=tf.AUTO_REUSE) as v:
        w = tf.get_variable('w', shape=[1])
with tf.name_scope('bar'):
    with tf.variable_scope('v', reuse=tf.AUTO_REUSE) as v2:
        w2 = tf.get_variable('w', shape=[1])
print(v.original_name_scope, v2.original_name_scope, w is w2)
''',
        created=['v/w:0 (get_variable, line 4)'],
        reused=['v/w:0 (line 7)'],
        printed='''\
foo/v/ bar/v/ True
''',
    ),
    Rule(
        43, "tf.layers.dense(name='fc') twice fails; reuse=True / AUTO_REUSE shares",
        '''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
y = tf.layers.dense(x, 4, name='fc')
z = tf.layers.dense(x, 4, name='fc', reuse=True)
a = tf.layers.dense(x, 4, name='fc', reuse=tf.AUTO_REUSE)
print(y.name, z.name, a.name)
b = tf.layers.dense(x, 4, name='fc')
''',
        created=[
            'fc/kernel:0 (get_variable via dense, line 3)',
            'fc/bias:0 (get_variable via dense, line 3)',
        ],
        reused=[
            'fc/kernel:0 (line 4)',
            'fc/bias:0 (line 4)',
            'fc/kernel:0 (line 5)',
            'fc/bias:0 (line 5)',
        ],
        error='ValueError at line 7: Variable fc/kernel already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
        printed='''\
fc/BiasAdd:0 fc_1/BiasAdd:0 fc_2/BiasAdd:0
''',
    ),
    Rule(
        44, 'Unnamed layers inside a fixed variable_scope: the second call of the function collides',
        '''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
def net(x, reuse=None):
    with tf.variable_scope('net', reuse=reuse):
        h = tf.layers.dense(x, 4)
        return tf.layers.dense(h, 2)
a = net(x)
b = net(x, reuse=True)
print(a.name, b.name)
c = net(x)
''',
        created=[
            'net/dense/kernel:0 (get_variable via dense, line 7→5)',
            'net/dense/bias:0 (get_variable via dense, line 7→5)',
            'net/dense_1/kernel:0 (get_variable via dense, line 7→6)',
            'net/dense_1/bias:0 (get_variable via dense, line 7→6)',
        ],
        reused=[
            'net/dense/kernel:0 (line 8→5)',
            'net/dense/bias:0 (line 8→5)',
            'net/dense_1/kernel:0 (line 8→6)',
            'net/dense_1/bias:0 (line 8→6)',
        ],
        error='ValueError at line 10→5: Variable net/dense/kernel already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
        printed='''\
net/dense_1/BiasAdd:0 net_1/dense_1/BiasAdd:0
''',
    ),
    Rule(
        45, 'Layer objects: class-style tf.layers.Dense uniquifies its scope; calling an object again shares',
        '''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
l1 = tf.layers.Dense(4, name='fc')
l2 = tf.layers.Dense(4, name='fc')
y1 = l1(x)
y2 = l2(x)
with tf.variable_scope('elsewhere'):
    y3 = l1(x)
print(l1.name, l2.name, y1.name, y2.name, y3.name)
''',
        created=[
            'fc/kernel:0 (get_variable via Layer.__call__, line 5)',
            'fc/bias:0 (get_variable via Layer.__call__, line 5)',
            'fc_1/kernel:0 (get_variable via Layer.__call__, line 6)',
            'fc_1/bias:0 (get_variable via Layer.__call__, line 6)',
        ],
        printed='''\
fc fc fc/BiasAdd:0 fc_1/BiasAdd:0 fc/BiasAdd_1:0
''',
    ),
    Rule(
        47, "RNN cells + dynamic_rnn: default scope 'rnn'; a second new cell collides",
        '''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 3])
cell = tf.nn.rnn_cell.BasicLSTMCell(4)
out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
cell2 = tf.nn.rnn_cell.BasicLSTMCell(4)
out2, st2 = tf.nn.dynamic_rnn(cell2, x, dtype=tf.float32)
''',
        created=[
            'rnn/basic_lstm_cell/kernel:0 (get_variable via dynamic_rnn, line 4)',
            'rnn/basic_lstm_cell/bias:0 (get_variable via dynamic_rnn, line 4)',
        ],
        error='ValueError at line 6: Variable rnn/basic_lstm_cell/kernel already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
    ),
    Rule(
        48, 'RNN naming with scope=, an enclosing variable_scope, cell names, GRU',
        '''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 3])
c1 = tf.nn.rnn_cell.LSTMCell(4)
o1, _ = tf.nn.dynamic_rnn(c1, x, dtype=tf.float32, scope='enc')
with tf.variable_scope('dec'):
    c2 = tf.nn.rnn_cell.BasicLSTMCell(4)
    o2, _ = tf.nn.dynamic_rnn(c2, x, dtype=tf.float32)
c3 = tf.nn.rnn_cell.BasicLSTMCell(4, name='mycell')
o3, _ = tf.nn.dynamic_rnn(c3, x, dtype=tf.float32)
c4 = tf.nn.rnn_cell.GRUCell(4)
o4, _ = tf.nn.dynamic_rnn(c4, x, dtype=tf.float32, scope='gru')
''',
        created=[
            'enc/lstm_cell/kernel:0 (get_variable via dynamic_rnn, line 4)',
            'enc/lstm_cell/bias:0 (get_variable via dynamic_rnn, line 4)',
            'dec/rnn/basic_lstm_cell/kernel:0 (get_variable via dynamic_rnn, line 7)',
            'dec/rnn/basic_lstm_cell/bias:0 (get_variable via dynamic_rnn, line 7)',
            'rnn/mycell/kernel:0 (get_variable via dynamic_rnn, line 9)',
            'rnn/mycell/bias:0 (get_variable via dynamic_rnn, line 9)',
            'gru/gru_cell/gates/kernel:0 (get_variable via dynamic_rnn, line 11)',
            'gru/gru_cell/gates/bias:0 (get_variable via dynamic_rnn, line 11)',
            'gru/gru_cell/candidate/kernel:0 (get_variable via dynamic_rnn, line 11)',
            'gru/gru_cell/candidate/bias:0 (get_variable via dynamic_rnn, line 11)',
        ],
    ),
    Rule(
        49, 'Reusing RNN variables: same cell object, reuse=True cell, MultiRNNCell and bidirectional names',
        '''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 3])
cell = tf.nn.rnn_cell.BasicLSTMCell(4)
o1, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
o2, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope='other')
c2 = tf.nn.rnn_cell.BasicLSTMCell(4, reuse=True)
o3, _ = tf.nn.dynamic_rnn(c2, x, dtype=tf.float32)
m = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(4) for _ in range(2)])
o4, _ = tf.nn.dynamic_rnn(m, x, dtype=tf.float32, scope='stack')
fw, bw = tf.nn.rnn_cell.BasicLSTMCell(4), tf.nn.rnn_cell.BasicLSTMCell(4)
o5, _ = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32)
print(o1.name, o2.name, o3.name)
''',
        created=[
            'rnn/basic_lstm_cell/kernel:0 (get_variable via dynamic_rnn, line 4)',
            'rnn/basic_lstm_cell/bias:0 (get_variable via dynamic_rnn, line 4)',
            'stack/multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0 (get_variable via dynamic_rnn, line 9)',
            'stack/multi_rnn_cell/cell_0/basic_lstm_cell/bias:0 (get_variable via dynamic_rnn, line 9)',
            'stack/multi_rnn_cell/cell_1/basic_lstm_cell/kernel:0 (get_variable via dynamic_rnn, line 9)',
            'stack/multi_rnn_cell/cell_1/basic_lstm_cell/bias:0 (get_variable via dynamic_rnn, line 9)',
            'bidirectional_rnn/fw/basic_lstm_cell/kernel:0 (get_variable via bidirectional_dynamic_rnn, line 11)',
            'bidirectional_rnn/fw/basic_lstm_cell/bias:0 (get_variable via bidirectional_dynamic_rnn, line 11)',
            'bidirectional_rnn/bw/basic_lstm_cell/kernel:0 (get_variable via bidirectional_dynamic_rnn, line 11)',
            'bidirectional_rnn/bw/basic_lstm_cell/bias:0 (get_variable via bidirectional_dynamic_rnn, line 11)',
        ],
        reused=[
            'rnn/basic_lstm_cell/kernel:0 (line 7)',
            'rnn/basic_lstm_cell/bias:0 (line 7)',
        ],
        printed='''\
rnn/transpose_1:0 other/transpose_1:0 rnn_1/transpose_1:0
''',
    ),
    Rule(
        50, "static_rnn and dynamic_rnn share the default scope 'rnn'",
        '''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 3])
o, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), x, dtype=tf.float32)
xs = tf.unstack(x, axis=1)
o2, _ = tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), xs, dtype=tf.float32)
''',
        created=[
            'rnn/basic_lstm_cell/kernel:0 (get_variable via dynamic_rnn, line 3)',
            'rnn/basic_lstm_cell/bias:0 (get_variable via dynamic_rnn, line 3)',
        ],
        error='ValueError at line 5: Variable rnn/basic_lstm_cell/kernel already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
    ),
    Rule(
        51, 'An encoder function with variable_scope + dynamic_rnn called three times',
        '''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 5, 3])
def enc(x, reuse=None):
    with tf.variable_scope('encoder', reuse=reuse):
        cell = tf.nn.rnn_cell.BasicLSTMCell(4)
        o, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        return o
a = enc(x)
b = enc(x, reuse=True)
c = enc(x)
''',
        created=[
            'encoder/rnn/basic_lstm_cell/kernel:0 (get_variable via dynamic_rnn, line 8→6)',
            'encoder/rnn/basic_lstm_cell/bias:0 (get_variable via dynamic_rnn, line 8→6)',
        ],
        reused=[
            'encoder/rnn/basic_lstm_cell/kernel:0 (line 9→6)',
            'encoder/rnn/basic_lstm_cell/bias:0 (line 9→6)',
        ],
        error='ValueError at line 10→6: Variable encoder/rnn/basic_lstm_cell/kernel already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
    ),
    Rule(
        55, 'tf.get_local_variable shares the store but is local and non-trainable',
        '''\
import tensorflow as tf
with tf.variable_scope('s'):
    l = tf.get_local_variable('l', shape=[1])
with tf.variable_scope('s', reuse=True):
    l2 = tf.get_variable('l')
print([v.name for v in tf.local_variables()], tf.trainable_variables(), l2 is l)
''',
        created=['s/l:0 (get_variable via get_local_variable, line 3)'],
        reused=['s/l:0 (line 5)'],
        printed='''\
['s/l:0'] [] True
''',
    ),
    Rule(
        56, 'Loops: same name in a loop fails; indexed scopes, reuse=(i > 0), AUTO_REUSE and default_name work',
        '''\
import tensorflow as tf
for i in range(3):
    with tf.variable_scope('layer%d' % i):
        w = tf.get_variable('w', shape=[3, 3])
for i in range(2):
    with tf.variable_scope('shared', reuse=(i > 0)):
        w = tf.get_variable('w', shape=[3, 3])
for i in range(2):
    with tf.variable_scope('auto', reuse=tf.AUTO_REUSE):
        w = tf.get_variable('w', shape=[3, 3])
for i in range(2):
    with tf.variable_scope(None, default_name='rep'):
        w = tf.get_variable('w', shape=[3, 3])
for i in range(2):
    w = tf.get_variable('w', shape=[3, 3])
''',
        created=[
            'layer0/w:0 (get_variable, line 4)',
            'layer1/w:0 (get_variable, line 4)',
            'layer2/w:0 (get_variable, line 4)',
            'shared/w:0 (get_variable, line 7)',
            'auto/w:0 (get_variable, line 10)',
            'rep/w:0 (get_variable, line 13)',
            'rep_1/w:0 (get_variable, line 13)',
            'w:0 (get_variable, line 15)',
        ],
        reused=[
            'shared/w:0 (line 7)',
            'auto/w:0 (line 10)',
        ],
        error='ValueError at line 15: Variable w already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
    ),
    Rule(
        59, 'Jupyter: AUTO_REUSE makes re-runs reuse instead of fail',
        '''\
import tensorflow as tf
with tf.variable_scope('model', reuse=tf.AUTO_REUSE):
    w = tf.get_variable('w', shape=[1])
    y = tf.layers.dense(tf.zeros([1, 2]), 3, name='fc')
''',
        repeat=2,
        created=[
            'model/w:0 (get_variable, line 3)',
            'model/fc/kernel:0 (get_variable via dense, line 4)',
            'model/fc/bias:0 (get_variable via dense, line 4)',
        ],
        reused=[
            'model/w:0 (line 3, run 2)',
            'model/fc/kernel:0 (line 4, run 2)',
            'model/fc/bias:0 (line 4, run 2)',
        ],
    ),
    Rule(
        61, 'Aliases: one implementation behind several spellings',
        '''\
import tensorflow as tf
import tensorflow.compat.v1 as v1
import tensorflow.python.ops.variable_scope as vs
from tensorflow.python.framework import ops
print(tf.variable_scope is v1.variable_scope is vs.variable_scope, tf.VariableScope is vs.VariableScope,
      tf.get_variable is vs.get_variable, tf.AUTO_REUSE is vs.AUTO_REUSE)
print(tf.name_scope is ops.name_scope_v1, tf.compat.v2.name_scope is ops.name_scope_v2)
print(type(tf.Variable(0.0)).__name__, type(tf.compat.v2.Variable(0.0)).__name__)
print([hasattr(tf, n) for n in ('variable_op_scope', 'make_template', 'get_local_variable', 'model_variable')])
print([hasattr(tf.compat.v2, n) for n in ('variable_scope', 'get_variable', 'AUTO_REUSE')])
''',
        created=[
            'Variable:0 (tf.Variable, line 8)',
            'Variable_1:0 (tf.Variable, line 8)',
        ],
        printed='''\
True True True True
True True
RefVariable ResourceVariable
[True, True, True, False]
[False, False, False]
''',
    ),
    Rule(
        62, 'TF2 name_scope rejects the TF1 call forms',
        '''\
import tensorflow as tf
x = tf.constant(1.0)
try:
    with tf.compat.v2.name_scope(None, 'dflt', [x]):
        pass
except Exception as e:
    print(type(e).__name__, e)
with tf.name_scope(None, 'dflt', [x]) as s:
    print('v1 ok', s)
with tf.compat.v2.name_scope(None):
    pass
''',
        error='ValueError at line 10: name for name_scope must be a string.',
        printed='''\
TypeError name_scope_v2.__init__() takes 2 positional arguments but 4 were given
v1 ok dflt/
''',
    ),
    Rule(
        63, 'A TF2 tf.Variable inside a reuse=True scope is still just a new variable',
        '''\
import tensorflow as tf
with tf.variable_scope('s', reuse=True):
    d = tf.compat.v2.Variable(1.0, name='c')
    e = tf.Variable(1.0, name='c')
''',
        created=[
            's/c:0 (tf.Variable, line 3)',
            's/c_1:0 (tf.Variable, line 4)',
        ],
    ),
    Rule(
        65, "slim.conv2d default scope 'Conv'; repeat/stack nest numbered scopes; arg_scope only sets defaults",
        '''\
import tensorflow as tf
slim = tf.contrib.slim
x = tf.placeholder(tf.float32, [None, 8, 8, 3])
with slim.arg_scope([slim.conv2d], padding='SAME'):
    net = slim.conv2d(x, 4, [3, 3], scope='conv1')
    net = slim.repeat(net, 2, slim.conv2d, 4, [3, 3], scope='conv2')
    net = slim.stack(net, slim.conv2d, [(4, [3, 3]), (4, [1, 1])], scope='conv3')
    net = slim.conv2d(net, 4, [3, 3])
    net = slim.conv2d(net, 4, [3, 3])
''',
        contrib=True,
        created=[
            'conv1/weights:0 (get_variable via convolution2d, line 5)',
            'conv1/biases:0 (get_variable via convolution2d, line 5)',
            'conv2/conv2_1/weights:0 (get_variable via repeat, line 6)',
            'conv2/conv2_1/biases:0 (get_variable via repeat, line 6)',
            'conv2/conv2_2/weights:0 (get_variable via repeat, line 6)',
            'conv2/conv2_2/biases:0 (get_variable via repeat, line 6)',
            'conv3/conv3_1/weights:0 (get_variable via stack, line 7)',
            'conv3/conv3_1/biases:0 (get_variable via stack, line 7)',
            'conv3/conv3_2/weights:0 (get_variable via stack, line 7)',
            'conv3/conv3_2/biases:0 (get_variable via stack, line 7)',
            'Conv/weights:0 (get_variable via convolution2d, line 8)',
            'Conv/biases:0 (get_variable via convolution2d, line 8)',
            'Conv_1/weights:0 (get_variable via convolution2d, line 9)',
            'Conv_1/biases:0 (get_variable via convolution2d, line 9)',
        ],
    ),
    Rule(
        66, 'contrib layers: reuse=True requires a scope',
        '''\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
y = tf.contrib.layers.fully_connected(x, 4)
z = tf.contrib.layers.fully_connected(x, 4, reuse=True)
''',
        contrib=True,
        created=[
            'fully_connected/weights:0 (get_variable via fully_connected, line 3)',
            'fully_connected/biases:0 (get_variable via fully_connected, line 3)',
        ],
        error='ValueError at line 4: reuse=True cannot be used without a name_or_scope',
    ),
]


def test_rule_numbers_are_unique():
    numbers = [rule.number for rule in RULES]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: f"rule{rule.number}")
def test_rule_reproduces_under_tensorflow(oracle, rule):
    result = oracle.run(rule.source, contrib=rule.contrib, repeat=rule.repeat)
    got = result.observed()
    context = f"rule {rule.number}: {rule.title}\nTensorFlow did:\n{result.describe()}"
    assert got["created"] == list(rule.created), context
    assert got["reused"] == list(rule.reused), context
    assert got["error"] == rule.error, context
    if rule.printed is not None:
        assert got["printed"] == rule.printed, context
