"""flake8 plugin: `SCO` codes from `lint_source` on the lines flake8 read.

flake8 itself applies --select/--ignore/--per-file-ignores, inline `# noqa`
and --jobs. This plugin adds only what flake8 cannot know:

- a file-level `# scopelint: noqa` (optionally with codes) silences the file;
- opt-in rules are reported only when flake8's --select/--extend-select
  names them explicitly (flake8 selects every plugin's codes by default);
- an internal error never crashes flake8 (flake8 lets an exception from
  `run()` escape and abort the whole run): it is reported as one `SCO999`
  finding at line 1; its traceback is logged under flake8's logger, so
  `flake8 -v` shows it.
"""

from __future__ import annotations

import logging
from typing import Iterator, List, Sequence, Tuple

from scopelint import __version__
from scopelint.linter import lint_source
from scopelint.notebooks import is_notebook_path
from scopelint.noqa import file_suppressed
from scopelint.results import InternalError
from scopelint.rules import ALL_RULES

# A child of "flake8": silent unless flake8 -v attaches its handler.
LOG = logging.getLogger("flake8.scopelint")
INTERNAL_ERROR_CODE = "SCO999"
_OPT_IN = frozenset(r.code for r in ALL_RULES if r.opt_in)


class ScopelintChecker:
    name = "scopelint"
    version = __version__
    _explicit: Tuple[str, ...] = ()

    def __init__(self, tree, lines: Sequence[str], filename: str = "stdin") -> None:
        # `tree` is flake8's ast; scopelint parses with libcst instead, so
        # only the already-read `lines` are used (the file is not read again).
        self.lines = lines
        self.filename = filename

    @classmethod
    def parse_options(cls, options) -> None:
        cls._explicit = tuple(options.select or ()) + tuple(options.extend_select or ())

    def _results(self) -> List[Tuple[int, int, str, type]]:
        source = "".join(self.lines)
        whole_file, file_codes = file_suppressed(source)
        if whole_file:
            return []
        if is_notebook_path(self.filename):
            # flake8 reads a notebook's JSON as lines; cell positions cannot be
            # reported on them (use `scopelint nb.ipynb` or `nbqa flake8`).
            return []
        out = []
        # The file's project imports are read, not reported: what they lead
        # to is shown at this file's call that reaches it.
        for f in lint_source(source, self.filename, own_file_only=True).findings:
            if f.code.startswith(file_codes):
                continue
            if f.code in _OPT_IN and not f.code.startswith(self._explicit):
                continue
            out.append((f.line, max(f.column - 1, 0), f"{f.code} {f.message}", type(self)))
        return out

    def run(self) -> Iterator[Tuple[int, int, str, type]]:
        try:
            results = self._results()
        except Exception as exc:
            if not isinstance(exc, InternalError):
                exc = InternalError(self.filename, "flake8 plugin", exc)
            LOG.info("scopelint failed on %s", self.filename, exc_info=exc.cause)
            from scopelint.cli import issue_tracker

            cause = exc.cause
            results = [(
                1,
                0,
                f"{INTERNAL_ERROR_CODE} internal error in {exc.phase}: {type(cause).__name__}: {cause}"
                f" \u2014 please report this at {issue_tracker()}".replace("\n", " "),
                type(self),
            )]
        yield from results
