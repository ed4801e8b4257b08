"""SCO902 unused-noqa: a `# noqa: SCO...` code that suppresses nothing."""

from scopelint.rules.base import Rule

RULE = Rule(
    code="SCO902",
    name="unused-noqa",
    summary="A `# noqa` comment names a scopelint code that suppresses nothing on its line.",
    what="""
Reports a `# noqa: CODE[,CODE...]` comment whose scopelint codes (those
starting with `SCO`) do not suppress any finding on that line. The message
says, for each such code, why:

- *unused*: the rule is enabled but reports nothing on this line (the
  problem was fixed, or the comment is on the wrong line of a multi-line
  statement: only the reported line counts);
- *not enabled*: no rule with that code is selected for this file
  (`select`, `ignore` or `per-file-ignores` switch it off);
- *unknown*: no scopelint rule has that code.

Codes of other tools (`E501`, `F401`, ...) and bare `# noqa` comments are
left alone: scopelint cannot know whether another linter needs them. This
rule is opt-in (not in the default selection): enable it with
`--extend-select SCO902` or `extend-select = ["SCO902"]`. It is reported
by the standalone `scopelint` command only; under flake8, inline `# noqa` is
flake8's business and this rule never fires.
""",
    why="""
A suppression that no longer suppresses anything hides the next real
problem on that line: when someone later reintroduces a duplicate
variable there, the stale `# noqa: SCO101` silences it. Stale comments also
mislead readers into thinking the line is still special.
""",
    example="""
import tensorflow as tf
with tf.variable_scope('a'):
    w = tf.get_variable('w', shape=[1])  # noqa: SCO101
""",
    use_instead="""
import tensorflow as tf
with tf.variable_scope('a'):
    w = tf.get_variable('w', shape=[1])
""",
    fix_safety="No automatic fix. Delete the code from the comment (or the whole comment).",
    limits="""
Like flake8, scopelint reads `# noqa` on the physical line with a regular
expression, so the text `# noqa: SCO101` inside a string literal on a
reported line counts too. A file-level `# scopelint: noqa` turns this rule
off for the file. `# noqa: SCO902` on a line silences this rule there.
""",
    opt_in=True,
)
