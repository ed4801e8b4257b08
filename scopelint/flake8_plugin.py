"""flake8 plugin: `SCO` codes from `lint_source` on the lines flake8 read.

flake8 itself applies --select/--ignore/--per-file-ignores, inline `# noqa`
and --jobs. This plugin adds only what flake8 cannot know:

- a file-level `# scopelint: noqa` (optionally with codes) silences the file;
- opt-in rules are reported only when flake8's --select/--extend-select
  names them explicitly (flake8 selects every plugin's codes by default);
- results come from the same content cache as the `scopelint` command
  (scopelint.cache: same key, same directory, entries shared), so a run
  over unchanged files costs a hash and a small read per file; the cache
  directory is the command's default (or SCOPELINT_CACHE_DIR, or
  --scopelint-cache-dir), and --scopelint-no-cache turns it off;
- an internal error never crashes flake8 (flake8 lets an exception from
  `run()` escape and abort the whole run): it is reported as one `SCO999`
  finding at line 1; its traceback is logged under flake8's logger, so
  `flake8 -v` shows it.
"""

from __future__ import annotations

import logging
import os
from typing import Iterator, List, Optional, Sequence, Tuple, Union

from scopelint import __version__
from scopelint.cache import Cache, content_key, fingerprint, resolve_cache_dir
from scopelint.linter import lint_source
from scopelint.noqa import file_suppressed
from scopelint.notebooks import is_notebook_path
from scopelint.results import InternalError, LintResult
from scopelint.rules import ALL_RULES

# A child of "flake8": silent unless flake8 -v attaches its handler.
LOG = logging.getLogger("flake8.scopelint")
INTERNAL_ERROR_CODE = "SCO999"
_OPT_IN = frozenset(r.code for r in ALL_RULES if r.opt_in)


class ScopelintChecker:
    name = "scopelint"
    version = __version__
    _explicit: Tuple[str, ...] = ()
    _cache_dir: Optional[str] = None
    _use_cache = True
    _stdin_name: Optional[str] = None  # the name flake8 gives standard input (--stdin-display-name)
    # One per process (flake8 --jobs forks workers): (pid, cache or None).
    _cache: Tuple[int, Optional[Cache]] = (0, None)

    def __init__(self, tree, lines: Sequence[str], filename: str = "stdin") -> None:
        # `tree` is flake8's ast; scopelint parses with libcst instead.
        self.lines = lines
        self.filename = filename

    @classmethod
    def add_options(cls, parser) -> None:
        parser.add_option(
            "--scopelint-cache-dir",
            metavar="DIR",
            parse_from_config=True,
            help="scopelint's cache directory (default: .scopelint_cache in the project root, or $SCOPELINT_CACHE_DIR)",
        )
        parser.add_option(
            "--scopelint-no-cache",
            action="store_true",
            parse_from_config=True,
            help="neither read nor write scopelint's cache",
        )

    @classmethod
    def parse_options(cls, options) -> None:
        cls._explicit = tuple(options.select or ()) + tuple(options.extend_select or ())
        cls._cache_dir = getattr(options, "scopelint_cache_dir", None)
        cls._use_cache = not getattr(options, "scopelint_no_cache", False)
        cls._cache = (0, None)
        cls._stdin_name = None
        if "-" in (getattr(options, "filenames", None) or ()):
            cls._stdin_name = getattr(options, "stdin_display_name", None) or "stdin"

    @classmethod
    def _process_cache(cls) -> Optional[Cache]:
        pid, cache = cls._cache
        if pid != os.getpid():
            cache = None
            if cls._use_cache:
                cache = Cache(resolve_cache_dir(cls._cache_dir, None, None, [os.getcwd()]), fingerprint(names=False))
            cls._cache = (os.getpid(), cache)
        return cache

    def _source(self) -> Union[bytes, str]:
        # The file's own bytes, as the command reads them: same key, same
        # decoding. For standard input (an editor's unsaved buffer, named
        # after a file on disk by --stdin-display-name) the text flake8 read.
        if self.filename not in ("stdin", "-", self._stdin_name):
            try:
                with open(self.filename, "rb") as fh:
                    return fh.read()
            except OSError:
                pass
        return "".join(self.lines)

    def _lint(self) -> LintResult:
        # The file's project imports are read, not reported: what they lead
        # to is shown at this file's call that reaches it (own_file_only).
        # The command's cached result serves when it has nothing elsewhere.
        data = self._source()
        cache = self._process_cache()
        if cache is None:
            return lint_source(data, self.filename, own_file_only=True)
        raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
        key, own_key = content_key(raw), content_key(b"flake8 own-file:" + raw)
        result = cache.get(key, self.filename)
        if result is not None and all(f.path == self.filename for f in result.findings):
            return result
        result = cache.get(own_key, self.filename)
        if result is None:
            result = lint_source(data, self.filename, own_file_only=True)
            if not result.skipped:
                # No project module read: the command's result is the same.
                cache.put(own_key if result.dependencies else key, result)
        return result

    def _results(self) -> List[Tuple[int, int, str, type]]:
        findings = self._lint().findings
        if not findings:
            return []
        whole_file, file_codes = file_suppressed("".join(self.lines))
        if whole_file:
            return []
        if is_notebook_path(self.filename):
            # flake8 reads a notebook's JSON as lines; cell positions cannot be
            # reported on them (use `scopelint nb.ipynb` or `nbqa flake8`).
            return []
        out = []
        for f in findings:
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
            results = [
                (
                    1,
                    0,
                    f"{INTERNAL_ERROR_CODE} internal error in {exc.phase}: {type(cause).__name__}: {cause}"
                    f" \u2014 please report this at {issue_tracker()}".replace("\n", " "),
                    type(self),
                )
            ]
        yield from results
