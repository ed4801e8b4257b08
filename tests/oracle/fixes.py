"""Automatic fixes judged by TensorFlow: apply them, run before and after.

`python -m tests.oracle.fixes` prints the share of the buggy corpus
(tests/programs/buggy/) that `--fix --unsafe-fixes` turns into programs TF
runs cleanly (the README quotes it); `--generated N` also judges N
generated programs that raise.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from scopelint.fixing import Fix, fix_until_stable
from scopelint.linter import lint_source

BUGGY = Path(__file__).resolve().parent.parent / "programs" / "buggy"


def lint_alone(source: str) -> list:
    return lint_source(source, "<fix>", follow_imports=False).findings


def is_contrib(source: str) -> bool:
    return source.startswith("# oracle: contrib")


def variables(result) -> list:
    """What TF made or found, in order: (action, name, creation lines)."""
    return [(e["action"], e["name"], tuple(e.get("lines") or ())) for e in result.events()]


@dataclass
class Judged:
    source: str
    fixed: str
    fixes: List[Fix]
    before: object
    after: Optional[object]  # None: nothing was fixed

    @property
    def clean_after(self) -> bool:
        return self.after is not None and self.after.judged and not self.after.raised


def judge(oracle, source: str, *, unsafe: bool, filename: str = "<program>") -> Judged:
    contrib = is_contrib(source)
    before = oracle.run(source, contrib=contrib, filename=filename)
    fixed, fixes = fix_until_stable(source, lint_alone, unsafe=unsafe)
    after = oracle.run(fixed, contrib=contrib, filename=filename) if fixes else None
    return Judged(source, fixed, fixes, before, after)


def same_until_error(before, after) -> bool:
    """A safe fix: TF makes what it made before, up to where it raised (all of it if it did not)."""
    old, new = variables(before), variables(after)
    return new[: len(old)] == old if before.raised else new == old


def raising_generated(oracle, n: int, seed: int = 7, limit: int = 3000):
    """The first `n` generated programs TF raises on."""
    from tests.oracle.generator import random_program, render

    rng = random.Random(seed)
    found = 0
    for _ in range(limit):
        source = render(random_program(rng))
        result = oracle.run(source)
        if result.judged and result.raised:
            found += 1
            yield source
            if found >= n:
                return


def main() -> None:
    from tests.oracle.client import Oracle

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--generated", type=int, default=0, help="also judge N generated programs that raise")
    args = parser.parse_args()
    with Oracle() as oracle:
        files = sorted(BUGGY.glob("*.py"))
        clean = fixed = 0
        for path in files:
            j = judge(oracle, path.read_text(encoding="utf-8"), unsafe=True, filename=path.name)
            fixed += bool(j.fixes)
            clean += j.clean_after
            state = "clean" if j.clean_after else ("still raises" if j.fixes else "no fix")
            print(f"{path.name}: {len(j.fixes)} fixes, {state}")
        print(f"buggy corpus: {clean}/{len(files)} ({100 * clean / len(files):.0f}%) run cleanly after --fix --unsafe-fixes")
        print(f"  ({fixed} of them got at least one fix)")
        if args.generated:
            gone = got = 0
            for source in raising_generated(oracle, args.generated):
                j = judge(oracle, source, unsafe=True)
                if j.fixes:
                    got += 1
                    gone += j.clean_after
            print(f"generated raising programs: {got}/{args.generated} got fixes, {gone} of those run cleanly")


if __name__ == "__main__":
    main()
