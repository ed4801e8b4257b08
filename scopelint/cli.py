"""The `scopelint` command: a thin layer over `scopelint.linter.lint_source`.

Exit codes: 0 no findings, 1 findings, 2 usage error, unreadable path or
internal error (2 wins over 1).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from typing import List, Optional, Sequence

import scopelint
from scopelint import checkpoint_compare, fix_command, formatters, restore_project
from scopelint.cache import CACHE_DIR_ENV, CACHE_DIR_NAME, fingerprint, resolve_cache_dir
from scopelint.config import (
    DEFAULT_EXCLUDE,
    ConfigError,
    FileConfig,
    build_settings,
    find_config,
    load_config,
)
from scopelint.discovery import Discovery, Problem, display_path
from scopelint.jobs import (  # noqa: F401  (the worker pool's names, as the tests and bench use them)
    MAX_READ_BYTES,
    POOL_MIN_FILES,
    Context,
    Job,
    Outcome,
    Progress,
    WorkerDied,
    _report_hint,
    _run_pool,
    check_one,
    filter_in_files,
    issue_tracker,
    run_jobs,
)
from scopelint.results import Finding
from scopelint.rules import ALL_RULES, get_rule

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


# --- arguments -------------------------------------------------------------
#
# Every option is declared in build_parser(); an option that may also be set
# in [tool.scopelint] is listed in CONFIGURABLE (option dest -> config key)
# and merged by _apply_config, so adding one is one line in each place.

CONFIGURABLE = {"format": "format", "jobs": "jobs"}
DEFAULTS = {"format": "text", "jobs": 0}
# `cache-dir` is configurable too; it is resolved by scopelint.cache.resolve_cache_dir
# (the environment variable comes between the option and the configuration).


def _codes_arg(value: str) -> List[str]:
    codes = [v.strip() for v in value.split(",") if v.strip()]
    if not codes:  # `--select ""` would otherwise silently select nothing
        raise argparse.ArgumentTypeError("expected one or more rule codes, prefixes or names, got an empty value")
    return codes


def _globs_arg(value: str) -> List[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _jobs_arg(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of processes (0: all CPUs), got {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a number of processes (0: all CPUs), got {value!r}")
    return n


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="scopelint",
        description="Find TensorFlow 1.x variable_scope / name_scope misuse.",
        epilog=(
            "other commands:\n"
            "  scopelint rules            list every rule\n"
            "  scopelint rule CODE|NAME   show one rule's documentation\n"
            "  scopelint server           the language server for editors (the `lsp` extra)\n\n"
            "exit codes: 0 no findings, 1 findings, 2 usage error, unreadable path or internal error, "
            "130 interrupted"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories to lint (default: .); - reads standard input"
    )
    p.add_argument("--version", action="version", version=f"scopelint {scopelint.__version__}")
    sel = p.add_argument_group("rule selection (codes, prefixes such as SCO1, or rule names; comma-separated)")
    sel.add_argument(
        "--select",
        type=_codes_arg,
        action="extend",
        metavar="CODES",
        help="rules to report, replacing the configured selection",
    )
    sel.add_argument(
        "--extend-select", type=_codes_arg, action="extend", metavar="CODES", help="rules to report in addition"
    )
    sel.add_argument(
        "--ignore",
        type=_codes_arg,
        action="extend",
        metavar="CODES",
        help="rules not to report, replacing the configured ignore list",
    )
    sel.add_argument(
        "--extend-ignore", type=_codes_arg, action="extend", metavar="CODES", help="rules not to report, in addition"
    )
    fs = p.add_argument_group("files")
    fs.add_argument(
        "--exclude",
        type=_globs_arg,
        action="extend",
        metavar="GLOBS",
        help="globs to skip, replacing the defaults (" + ",".join(DEFAULT_EXCLUDE) + ")",
    )
    fs.add_argument(
        "--extend-exclude", type=_globs_arg, action="extend", metavar="GLOBS", help="globs to skip in addition"
    )
    fs.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply excludes and .gitignore to paths named on the command line too",
    )
    fs.add_argument(
        "--respect-gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="skip files .gitignore ignores (default: on)",
    )
    fs.add_argument("--stdin-filename", metavar="PATH", help="the name to report for - (standard input)")
    fs.add_argument("--config", metavar="FILE", help="read [tool.scopelint] from FILE instead of searching")
    fs.add_argument("--isolated", action="store_true", help="ignore configuration files")
    out = p.add_argument_group("output")
    out.add_argument(
        "--format",
        choices=formatters.FORMATS,
        default=None,
        help="output format (default: text, or `format` in the configuration)",
    )
    out.add_argument("-o", "--output-file", metavar="FILE", help="write findings to FILE instead of standard output")
    out.add_argument(
        "--names",
        action="store_true",
        help="print the variable name TensorFlow gives each variable-creating call instead of findings",
    )
    out.add_argument(
        "--src",
        action="append",
        metavar="DIR",
        help="an import root of the project besides those found (repeatable; config: src)",
    )
    out.add_argument(
        "--follow",
        action="append",
        metavar="PACKAGE",
        help="read this installed package like the project's own modules, e.g. tf_slim.nets "
        "(repeatable; config: follow)",
    )
    out.add_argument(
        "--checkpoint",
        metavar="PATH",
        help="check every restore against the keys of this TF checkpoint (SCO112); with --names: compare "
        "the names with them (a directory, a prefix such as model.ckpt-1000, or its .index file; config: checkpoint)",
    )
    out.add_argument(
        "--statistics",
        action="store_true",
        help="print a count per rule after the findings (with --names: a count per action and API)",
    )
    out.add_argument(
        "--show-source",
        action="store_true",
        help="text format: print each finding's source line with a caret under the column",
    )
    out.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text format (auto: on a terminal, unless NO_COLOR is set)",
    )
    out.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print findings and errors only: no summary, no warnings, no progress",
    )
    out.add_argument("-v", "--verbose", action="store_true", help="print tracebacks of internal errors")
    out.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    out.add_argument("--explain", metavar="CODE", help="show a rule's documentation and exit")
    run = p.add_argument_group("performance")
    run.add_argument(
        "-j",
        "--jobs",
        type=_jobs_arg,
        default=None,
        help="worker processes; 0: one per CPU (default: `jobs` in the configuration, else 0)",
    )
    run.add_argument(
        "--cache-dir",
        metavar="DIR",
        help=f"cache directory (default: ${CACHE_DIR_ENV}, `cache-dir` in the configuration, "
        f"else {CACHE_DIR_NAME} in the project root)",
    )
    run.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    fx = p.add_argument_group("fixes (docs/usage.md#fixes)")
    fx.add_argument("--fix", action="store_true", help="apply safe fixes, write the files, then report what remains")
    fx.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes (names or sharing change)")
    fx.add_argument("--diff", action="store_true", help="print the fixes as a unified diff, write nothing")
    fx.add_argument("--add-noqa", action="store_true", help="add `# noqa: SCOnnn` to every reported line")
    return p


def _apply_config(args, file_config: FileConfig) -> None:
    """Options not given on the command line take the configuration's value."""
    for dest, key in CONFIGURABLE.items():
        if getattr(args, dest) is None:
            setattr(args, dest, file_config.get(key, DEFAULTS[dest]))


# --- commands --------------------------------------------------------------


def _explain(key: str, out) -> int:
    rule = get_rule(key)
    if rule is None:
        print(f"scopelint: unknown rule '{key}' (see `scopelint rules`)", file=sys.stderr)
        return EXIT_ERROR
    out.write(rule.doc())
    return EXIT_OK


def _rules_command(argv: Sequence[str]) -> int:
    import json

    p = argparse.ArgumentParser(prog="scopelint rules", description="List every rule.")
    p.add_argument("--format", choices=("text", "json"), default="text")
    args = p.parse_args(argv)
    if args.format == "json":
        rows = [{"code": r.code, "name": r.name, "summary": r.summary, "default": not r.opt_in} for r in ALL_RULES]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
    else:
        sys.stdout.write(formatters.format_rules())
    return EXIT_OK


def _rule_command(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="scopelint rule", description="Show one rule's documentation.")
    p.add_argument("rule", metavar="CODE|NAME")
    args = p.parse_args(argv)
    return _explain(args.rule, sys.stdout)


def _server_command(argv: Sequence[str]) -> int:
    argparse.ArgumentParser(
        prog="scopelint server",
        description="Run the language server on standard input and output (editors start it: docs/editors.md).",
    ).parse_args(argv)
    try:
        from scopelint import server
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol", "cattrs"):
            raise
        print(
            f"scopelint: error: `scopelint server` needs the `lsp` extra ({exc.name} is missing): "
            "pip install 'scopelint[lsp]'",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return server.main()


def _use_color(args) -> bool:
    if args.format != "text" or args.color == "never":
        return False
    if args.color == "always":
        return True
    if args.output_file or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _config_starts(args, paths: Sequence[str]) -> List[str]:
    """The directories configuration and the project root are searched from."""
    starts = []
    for path in paths:
        if path == "-":
            starts.append(os.path.dirname(os.path.abspath(args.stdin_filename)) if args.stdin_filename else os.getcwd())
        elif os.path.isdir(path):
            starts.append(path)
        else:
            starts.append(os.path.dirname(os.path.abspath(path)))
    return starts


def _load_file_config(args, starts: Sequence[str]) -> FileConfig:
    if args.isolated:
        return FileConfig()
    if args.config:
        return load_config(args.config, explicit=True)
    found = find_config(starts)
    return load_config(found) if found else FileConfig()


def _lint(args) -> int:
    paths = list(args.paths) or (["-"] if args.stdin_filename else ["."])
    if paths.count("-") > 1:
        raise ConfigError("- (standard input) may be given only once")
    starts = _config_starts(args, paths)
    file_config = _load_file_config(args, starts)
    _apply_config(args, file_config)
    if args.names and args.format not in ("text", "concise", "json"):
        raise ConfigError("--names supports --format text, concise or json")
    settings = build_settings(
        file_config,
        select=args.select,
        extend_select=args.extend_select,
        ignore=args.ignore,
        extend_ignore=args.extend_ignore,
        exclude=args.exclude,
        extend_exclude=args.extend_exclude,
        respect_gitignore=args.respect_gitignore,
    )
    checkpoint = checkpoint_compare.checkpoint_for_cli(args, file_config)
    discovery = Discovery(settings, force_exclude=args.force_exclude)
    candidates = discovery.find([p for p in paths if p != "-"])
    jobs: List[Job] = [(c.path, c.display, None) for c in candidates]
    if "-" in paths:
        name = args.stdin_filename
        reason = discovery.exclusion(name, False, whole_path=True) if name and args.force_exclude else None
        if reason:
            discovery.note_excluded(name, reason)
        else:
            jobs.append((name or "-", display_path(name) if name else "<stdin>", sys.stdin.buffer.read()))

    cache_dir = None
    if not args.no_cache:
        cache_dir = resolve_cache_dir(args.cache_dir, file_config.get("cache-dir"), file_config.root, starts)
    root = file_config.root or os.getcwd()
    ctx = Context(
        settings,
        args.names,
        cache_dir,
        fingerprint(names=args.names) if cache_dir else "",
        args.verbose,
        show_source=args.show_source and args.format == "text",
        src=tuple(os.path.join(root, d) for d in (args.src or file_config.get("src") or ())),
        follow=tuple(args.follow or file_config.get("follow") or ()),
    )
    if args.fix or args.unsafe_fixes or args.diff or args.add_noqa:
        fixed = fix_command.run(ctx, jobs, unsafe=args.unsafe_fixes, diff=args.diff, add_noqa=args.add_noqa)
        fix_command.print_report(fixed, diff=args.diff, add_noqa=args.add_noqa, quiet=args.quiet)
        if args.diff:  # like ruff: 1 when there would be changes
            return EXIT_FINDINGS if fixed.changed else EXIT_OK
        if args.add_noqa:
            return EXIT_OK
        # The remaining problems: the rewritten files are linted again (their content is new to the cache).
    progress = Progress(len(jobs), enabled=not args.quiet and _isatty(sys.stderr))
    try:
        outcomes = run_jobs(ctx, jobs, args.jobs or default_jobs(), progress)
    finally:
        progress.clear()
    if not args.names:
        _add_restore_findings(ctx, outcomes, checkpoint)
    return _report(
        args, discovery.problems, outcomes, no_files=not jobs, excluded=discovery.excluded_named, checkpoint=checkpoint
    )


def _add_restore_findings(ctx: Context, outcomes: List[Outcome], checkpoint) -> None:
    """SCO112 across the programs of this run, or against `--checkpoint`
    (scopelint.restore_project), each finding added to its file's outcome."""
    records = [r for o in outcomes for r in o.checkpoints]
    if checkpoint is not None:
        found = restore_project.check_against(records, checkpoint, checkpoint.prefix)
    else:
        found = restore_project.link_programs(records)
    if not found:
        return
    by_display = {o.display: o for o in outcomes}
    for f in filter_in_files(ctx, found):
        target = by_display.get(f.path) or outcomes[0]
        target.findings.append(f)


def _once(findings) -> List[Finding]:
    seen: set = set()
    out = []
    for f in findings:
        key = (f.path, f.cell, f.line, f.column, f.code)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _report(
    args,
    problems: List[Problem],
    outcomes: List[Outcome],
    no_files: bool,
    excluded: Sequence[str] = (),
    checkpoint=None,
) -> int:
    errors = [p.message for p in problems if p.fatal] + [o.error for o in outcomes if o.error]
    warnings = [p.message for p in problems if not p.fatal] + [n for o in outcomes for n in o.notes]
    if no_files and not errors:
        # Why nothing was linted: the named paths --force-exclude skipped, if any.
        warnings += list(excluded) or ["no Python files found"]
    if not args.quiet:
        for w in warnings:
            print(f"scopelint: warning: {w}", file=sys.stderr)
    for e in errors:
        print(e, file=sys.stderr)

    stats = ""
    machine = args.format not in ("text", "concise")
    if args.names:
        names = formatters.sort_names(n for o in outcomes for n in o.names)
        findings = formatters.sort_findings(f for o in outcomes for f in o.parse_errors)
        for f in findings:  # a file that cannot be parsed has no names
            print(formatters.text_line(f), file=sys.stderr)
        if checkpoint is not None:
            text = checkpoint_compare.format_comparison(names, checkpoint, args.format)
        else:
            text = formatters.format_names(names, args.format)
        if args.statistics and names:
            stats = formatters.format_name_statistics(names)
    else:
        # The same finding reached from several entry scripts is reported once.
        findings = formatters.sort_findings(_once(f for o in outcomes for f in o.findings))
        text = formatters.format_findings(
            findings,
            args.format,
            color=_use_color(args),
            summary=not args.quiet,
            notifications=errors,
            files=[o.display for o in outcomes],
            sources={o.display: o.lines for o in outcomes if o.lines} if args.show_source else None,
            clean_summary=not errors and not no_files,
        )
        if args.statistics and findings:
            stats = formatters.format_statistics(findings)
    if stats and machine:  # keep machine output parseable
        sys.stderr.write(stats)
        stats = ""
    if args.output_file:
        try:
            with open(args.output_file, "w", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(text + stats)
        except OSError as exc:
            print(f"scopelint: cannot write {args.output_file}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_ERROR
    else:
        sys.stdout.write(text + stats)
        sys.stdout.flush()
    if errors:
        return EXIT_ERROR
    if findings and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _main(argv: List[str]) -> int:
    if argv and argv[0] == "rules":
        return _rules_command(argv[1:])
    if argv and argv[0] == "rule":
        return _rule_command(argv[1:])
    if argv and argv[0] == "server":
        return _server_command(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.explain:
        return _explain(args.explain, sys.stdout)
    try:
        return _lint(args)
    except ConfigError as exc:
        print(f"scopelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def main(argv: Optional[Sequence[str]] = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):  # replaced by a test harness
            pass
    argv = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in argv or "--verbose" in argv
    try:
        return _main(argv)
    except SystemExit as exc:  # argparse: --help, --version, usage errors (2)
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    except KeyboardInterrupt:
        # Workers are already stopped (_run_pool); a second Ctrl-C must not
        # interrupt the exit with a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("scopelint: interrupted", file=sys.stderr)
        sys.stderr.flush()
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`scopelint | head`): exit quietly.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_ERROR
    except WorkerDied as exc:
        print(f"scopelint: internal error: {exc}{_report_hint()}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        if verbose:
            traceback.print_exc()
        print(f"scopelint: internal error: {type(exc).__name__}: {exc}{_report_hint()}", file=sys.stderr)
        return EXIT_ERROR


def entry() -> None:
    """The console script."""
    code = main()
    if code == EXIT_INTERRUPTED:
        # A lint may still be running on linter's helper thread, in native
        # code that cannot be interrupted: finalising the interpreter under
        # it aborts the process. Nothing is left to clean up: leave now.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()
