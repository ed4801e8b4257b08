"""How often scopelint agrees with TensorFlow on generated programs.

    python -m tests.oracle.agreement --n 2000 [--seed S] [--save-disagreements DIR]

Generates N programs with the differential-testing generator
(tests/oracle/generator.py, a seeded random walk over the same IR the
hypothesis strategy draws), runs each under real TensorFlow (the oracle) and
through ``scopelint.lint_source(..., names=True)``, compares them
(tests/oracle/compare.py) and prints:

* programs run, TF version, time taken;
* the outcome distribution under TF (clean / already exists / ...);
* the share of programs where every prediction and error matched;
* the share of predictions that were unknown (``?`` in the name);
* shapes and dtypes: how many scopelint predicted (each compared with TF's
  static shape and dtype of the variable) and the share left unknown;
* disagreement counts by kind.

``--save-disagreements DIR`` writes every disagreeing program, minimised at IR
level (generator.minimize) while the same kind of disagreement persists, to
DIR. ``--oracle-only`` skips scopelint (generator validation: the outcome
distribution, and any program that raised something other than a TF scoping
error, which would be a generator bug).

Program i of seed S is ``generator.random_program(f"{S}-{i}")``, so any single
program can be regenerated with ``--seed S --only i``.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import sys
import time
from typing import Any, Dict, List, Optional, Tuple

from tests.oracle import generator as gen

# ---------------------------------------------------------------------------
# Classifying outcomes and disagreements
# ---------------------------------------------------------------------------


def tf_outcome(result: Any) -> str:
    """clean / already exists / does not exist / shape mismatch / dtype mismatch / other / timeout / crash."""
    if result.status in ("timeout", "crash"):
        return result.status
    if result.status != "error" or not result.error:
        return "clean"
    return gen.classify_error(result.error.get("type"), result.error.get("message"))


def invalid_program(result: Any) -> Optional[str]:
    """Why the oracle outcome shows a generator bug (a non-TF error), else None.

    TF's scoping errors are ValueErrors raised inside the library (and the
    AssertionError of reset_default_graph inside a nested graph). Anything
    raised by the program's own code (NameError, TypeError from a bad call,
    SyntaxError...) means the generator wrote an invalid program.
    """
    if result.status in ("timeout", "crash"):
        return f"{result.status}: {(result.error or {}).get('message', '')[:200]}"
    if result.status != "error" or not result.error:
        return None
    err = result.error
    if err.get("type") == "ValueError" and err.get("origin") == "library":
        return None
    if err.get("type") == "ValueError" and gen.classify_error("ValueError", err.get("message")) != "other":
        # A store error raised through the program's own custom getter (its
        # frame is the innermost one TF's traceback filtering leaves).
        return None
    return f"{err.get('type')} ({err.get('origin')}): {(err.get('message') or '')[:200]}"


def _message_shape(error: Dict[str, Any]) -> str:
    """An error's type and first sentence with the variable name elided."""
    import re

    from tests.oracle.compare import first_sentence

    text = first_sentence(error.get("message") or "")
    text = re.sub(r"Variable \S+", "Variable K", text)
    return f"{error.get('type')}: {text[:90]}"


def disagreement_kinds(cmp: Any) -> List[str]:
    """Structured kinds for one Comparison (one entry per disagreement)."""
    kinds: List[str] = []
    matched_e = {i for i, _ in cmp.pairs}
    matched_r = {j for _, j in cmp.pairs}
    free_records = [(j, r) for j, r in enumerate(cmp.records) if j not in matched_r and j not in cmp.unjudged_records]
    consumed = set()
    for i, e in enumerate(cmp.oracle_events):
        if i in matched_e or i in cmp.unpredicted_events:  # later passes of a loop of unknown length
            continue
        line = e["lines"][-1] if e.get("lines") else None
        same_action = [j for j, r in free_records if r.line == line and r.action == e["action"] and j not in consumed]
        other_action = [j for j, r in free_records if r.line == line and r.action != e["action"] and j not in consumed]
        if same_action:
            consumed.add(same_action[0])
            kinds.append(f"wrong name ({e['action']})")
        elif other_action:
            consumed.add(other_action[0])
            kinds.append(f"TF {e['action']}s, scopelint predicts {cmp.records[other_action[0]].action}")
        else:
            via = f" via {e['via']}" if e.get("via") else ""
            api = "tf.Variable" if e.get("api") == "Variable" else "get_variable"
            kinds.append(f"unpredicted {e['action']} ({api if e['action'] == 'create' else 'reuse'}{via})")
    for j, r in free_records:
        if j not in consumed:
            kinds.append(f"spurious {r.action} prediction")
    kinds.extend(f"wrong {what}" for what in cmp.shape_mismatches)
    status = cmp.oracle_status
    error = cmp.oracle_error
    if status == "error" and error:
        if not any(cmp.error_finding_matches):
            cat = gen.classify_error(error.get("type"), error.get("message"))
            kinds.append(f"missed error ({cat})")
        for k, (f, good) in enumerate(zip(cmp.error_findings, cmp.error_finding_matches)):
            if not good and k not in cmp.unjudged_findings:
                kinds.append(f"wrong error finding ({f.code})")
    else:
        for k, f in enumerate(cmp.error_findings):
            if k not in cmp.unjudged_findings:
                kinds.append(f"false error finding ({f.code})")
    return kinds


# ---------------------------------------------------------------------------
# Running one program
# ---------------------------------------------------------------------------


def lint(source: str) -> Tuple[Any, Optional[str]]:
    """(LintResult, None) or (None, 'InternalError: ...')."""
    import scopelint

    try:
        return scopelint.lint_source(source, "program.py", names=True), None
    except Exception as exc:  # InternalError, or the engine not importable yet
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]


def judge(oracle: Any, source: str) -> Dict[str, Any]:
    """Run one program both ways and compare."""
    from tests.oracle.compare import compare

    t0 = time.perf_counter()
    result = oracle.run(source)
    t1 = time.perf_counter()
    lint_result, crash = lint(source)
    t2 = time.perf_counter()
    out: Dict[str, Any] = {"result": result, "tf_time": t1 - t0, "lint_time": t2 - t1, "crash": crash}
    if crash is not None:
        out["kinds"] = ["scopelint crashed"]
        out["cmp"] = None
        return out
    cmp = compare(result, lint_result, source=source)
    out["cmp"] = cmp
    out["kinds"] = disagreement_kinds(cmp) if cmp.judged else []
    return out


def minimize_disagreement(oracle: Any, program: gen.Program, kinds: List[str], max_tries: int = 300) -> gen.Program:
    """Shrink `program` while TF still raises only scoping errors and one of `kinds` remains."""
    wanted = set(kinds)

    def still_bad(candidate: gen.Program) -> bool:
        source = candidate.render()
        j = judge(oracle, source)
        if invalid_program(j["result"]) is not None:
            return False
        return bool(wanted & set(j["kinds"]))

    return gen.minimize(program, still_bad, max_tries=max_tries)


def regression_comment(j: Dict[str, Any]) -> str:
    """One line saying what TF does (and what scopelint said)."""
    from tests.oracle.compare import first_sentence

    result = j["result"]
    events = result.events()
    parts = []
    for e in events[:6]:
        parts.append(f"{e['action']}s {e.get('name')} at line {e['lines'][-1] if e.get('lines') else '?'}")
    if len(events) > 6:
        parts.append(f"... ({len(events)} events)")
    if result.error:
        chain = "->".join(str(n) for n in result.error.get("lines") or [])
        sentence = first_sentence(result.error.get("message", ""))
        parts.append(f"raises {result.error.get('type')} at line {chain}: {sentence}")
    else:
        parts.append("raises nothing")
    return "TF: " + "; ".join(parts)


def save_program(directory: str, stem: str, source: str, j: Dict[str, Any]) -> str:
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, stem + ".py")
    header = "# " + regression_comment(j)
    kinds = "; ".join(sorted(set(j["kinds"])))
    text = header + "\n# scopelint: " + kinds + "\n" + source
    with open(path, "w") as fh:
        fh.write(text)
    return path


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60]


def program_for(seed: Any, index: int, max_lines: int, layers: bool = True) -> gen.Program:
    return gen.random_program(random.Random(f"{seed}-{index}"), max_lines=max_lines, layers=layers)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.oracle.agreement", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="number of programs (default 300)")
    ap.add_argument("--seed", default="0", help="seed (any string; default 0)")
    ap.add_argument("--only", type=int, default=None, help="run only program number ONLY of this seed (and print it)")
    ap.add_argument("--max-lines", type=int, default=34, help="generator size budget")
    ap.add_argument(
        "--save-disagreements", metavar="DIR", default=None, help="write disagreeing programs (minimised) to DIR"
    )
    ap.add_argument("--no-minimize", action="store_true", help="save disagreeing programs as generated")
    ap.add_argument(
        "--save-all",
        action="store_true",
        help="save every disagreeing program (default: one minimised program per disagreement kind)",
    )
    ap.add_argument("--no-layers", action="store_true", help="generate no tf.layers.dense / dynamic_rnn calls")
    ap.add_argument("--oracle-only", action="store_true", help="run TF only (generator validation)")
    ap.add_argument("--show", type=int, default=3, help="print this many disagreement reports in full (default 3)")
    args = ap.parse_args(argv)

    from tests.oracle.client import Oracle, OracleUnavailable

    indices = [args.only] if args.only is not None else list(range(args.n))
    started = time.perf_counter()
    outcomes: collections.Counter = collections.Counter()
    kinds_count: collections.Counter = collections.Counter()
    programs_with_kind: collections.Counter = collections.Counter()
    invalid: List[Tuple[int, str]] = []
    other_messages: collections.Counter = collections.Counter()
    agree = judged = predictions = unknown = unknown_names = unknown_actions = unjudged_records = not_run = 0
    shapes_checked = shapes_unknown = dtypes_checked = 0
    tf_time = lint_time = 0.0
    shown = 0
    saved: Dict[str, str] = {}
    covered: set = set()
    lines_total = 0
    try:
        oracle = Oracle()
        with oracle:
            for i in indices:
                program = program_for(args.seed, i, args.max_lines, layers=not args.no_layers)
                source = program.render()
                lines_total += source.count("\n")
                if args.only is not None:
                    print(source)
                if args.oracle_only:
                    t0 = time.perf_counter()
                    result = oracle.run(source)
                    tf_time += time.perf_counter() - t0
                    j = {"result": result, "kinds": [], "cmp": None}
                else:
                    j = judge(oracle, source)
                    tf_time += j["tf_time"]
                    lint_time += j["lint_time"]
                result = j["result"]
                outcome = tf_outcome(result)
                outcomes[outcome] += 1
                if outcome == "other" and result.error:
                    other_messages[_message_shape(result.error)] += 1
                bad = invalid_program(result)
                if bad is not None:
                    invalid.append((i, bad))
                    continue
                if args.oracle_only:
                    continue
                cmp = j["cmp"]
                if cmp is not None:
                    if not cmp.judged:
                        continue
                    predictions += cmp.predictions
                    unknown += cmp.unknown_predictions
                    unknown_names += sum(1 for r in cmp.records if "?" in r.name)
                    unknown_actions += sum(1 for r in cmp.records if r.action not in ("create", "reuse"))
                    unjudged_records += cmp.unjudged
                    not_run += cmp.not_run
                    shapes_checked += cmp.shapes_checked
                    shapes_unknown += cmp.shapes_unknown
                    dtypes_checked += cmp.dtypes_checked
                judged += 1
                if not j["kinds"]:
                    agree += 1
                    continue
                kinds_count.update(j["kinds"])
                programs_with_kind.update(set(j["kinds"]))
                if shown < args.show or args.only is not None:
                    shown += 1
                    print(f"--- disagreement: seed {args.seed!r} program {i}: {', '.join(sorted(set(j['kinds'])))}")
                    print(cmp.report() if cmp is not None else f"{j['crash']}\n{source}")
                if args.save_disagreements:
                    if args.save_all:
                        todo = [None]
                    else:  # one minimised program per disagreement kind
                        todo = [k for k in sorted(set(j["kinds"])) if k not in covered]
                    for kind in todo:
                        wanted = j["kinds"] if kind is None else [kind]
                        small = program if args.no_minimize else minimize_disagreement(oracle, program, wanted)
                        small_source = small.render()
                        sj = judge(oracle, small_source)
                        covered.update(sj["kinds"])
                        if small_source in saved:
                            continue
                        stem = f"gen_{args.seed}_{i}" + (f"_{_slug(kind)}" if kind else "")
                        saved[small_source] = save_program(args.save_disagreements, stem, small_source, sj)
            tf_version = oracle.tf_version
    except OracleUnavailable as exc:
        print(f"oracle unavailable: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    n = len(indices)

    def pct(a: int, b: int) -> str:
        return f"{100.0 * a / b:.1f}%" if b else "n/a"

    print(f"programs run:        {n} (seed {args.seed!r}, mean {lines_total / max(n, 1):.1f} lines)")
    print(f"TensorFlow:          {tf_version}")
    print(f"time taken:          {elapsed:.1f} s (TF {tf_time:.1f} s, scopelint {lint_time:.1f} s)")
    print("outcomes under TF:")
    for name in gen.OUTCOMES + ("timeout", "crash"):
        if outcomes.get(name):
            print(f"  {name:16} {outcomes[name]:6}  {pct(outcomes[name], n)}")
            if name == "other":
                for msg, count in other_messages.most_common(6):
                    print(f"  {'':16} {count:6}    {msg}")
    print(f"invalid programs:    {len(invalid)} (raised something other than a TF scoping error)")
    for i, why in invalid[:10]:
        print(f"  program {i}: {why}")
    if not args.oracle_only:
        print(f"full agreement:      {agree}/{judged} = {pct(agree, judged)} (every prediction and error matched)")
        print(
            f"predictions:         {predictions}; unknown: {unknown} = {pct(unknown, predictions)} "
            f"('?' in the name: {unknown_names} = {pct(unknown_names, predictions)}, "
            f"create/reuse unknown: {unknown_actions}); not judged: {unjudged_records} "
            f"(after TF stopped, or in functions TF never ran)"
        )
        matched_shapes = shapes_checked + shapes_unknown
        print(
            f"shapes:              {shapes_checked} predicted and compared with TF's, {shapes_unknown} unknown "
            f"= {pct(shapes_unknown, matched_shapes)} of matched variables; {dtypes_checked} dtypes compared"
        )
        print(
            f"never run by TF:     {not_run} records and SCO1xx findings in functions TF never entered "
            f"(analysed alone by scopelint; not judged)"
        )
        print("disagreements by kind (occurrences / programs):")
        if not kinds_count:
            print("  none")
        for kind, count in kinds_count.most_common():
            print(f"  {count:6} / {programs_with_kind[kind]:5}  {kind}")
        if args.save_disagreements:
            print(f"saved {len(saved)} program(s) to {args.save_disagreements}")
    return 0 if not invalid and (args.oracle_only or agree == judged) else 1


if __name__ == "__main__":
    sys.exit(main())
