"""SCO901 parse-error: the file could not be read as Python source."""

from scopelint.rules.base import Rule

RULE = Rule(
    code="SCO901",
    name="parse-error",
    summary="The file cannot be decoded or parsed as Python 3, so it was not analysed.",
    what="""
Reports a file that is not valid Python 3 source: a syntax error (often
Python 2 code such as `print x` or `except E, e:`), bytes that do not decode
in the declared encoding, an unknown `# -*- coding -*-` cookie, or a binary
file with NUL bytes. The message carries the parser's own message and
position.
""",
    why="""
scopelint cannot say anything about a file it cannot parse. Reporting it
(instead of skipping it silently or crashing) tells you which files went
unchecked; the rest of the run goes on.
""",
    example="""
import tensorflow as tf
print tf.__version__
""",
    use_instead="""
import tensorflow as tf
print(tf.__version__)
""",
    fix_safety="No automatic fix. Port the file to Python 3 or exclude it.",
    limits=(
        "Python 2 code cannot be analysed; exclude such files with `extend-exclude`. Reported only for files "
        "whose text mentions `tensorflow` or `tf_slim` (no other file can produce a finding, so none is parsed). "
        "A file that CPython accepts but scopelint's parser (libcst) cannot is reported only when it names an "
        "API that can report; otherwise it is skipped before libcst sees it."
    ),
)
