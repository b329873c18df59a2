#!/usr/bin/env python3
"""Is this tree's ``quizlint check`` slower than an older commit's?

Checks out ``--base`` (default ``HEAD``) into a temporary git worktree and
times ``python -m quizlint check`` from each source tree on the same
generated 10,000-question tree (``benchmarks/gen_tree.py``), round-robin,
in fresh processes: cold (``--no-cache``) and warm (cache filled). Prints
the medians and the ratio *this tree / base*. Both run in this Python, with
this venv's dependencies; only ``src/`` differs.

    python benchmarks/bench_compare.py --base origin/main --runs 7
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen_tree  # noqa: E402
from bench_check import interleaved  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", default="HEAD", help="git revision to compare against (default HEAD)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--questions", type=int, default=10_000)
    p.add_argument("--files", type=int, default=200)
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="ql-compare-"))
    base = work / "base"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.base],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        gen_tree.generate(work / "tree", files=args.files, questions=args.questions)
        specs = []
        for name, src in (("base", base / "src"), ("this", ROOT / "src")):
            tree = work / f"tree-{name}"  # a copy each: their caches must not meet
            shutil.copytree(work / "tree", tree)
            env_cmd = ["env", f"PYTHONPATH={src}", f"XDG_CACHE_HOME={work / ('cache-' + name)}",
                       sys.executable, "-m", "quizlint"]
            cold = env_cmd + ["check", "data", "--no-cache", "--format", "json"]
            warm = env_cmd + ["check", "data", "--format", "json"]
            specs.append((f"{name} cold", cold, tree, None))
            specs.append((f"{name} warm", warm, tree, None))
        # fill both caches once, untimed
        for _name, cmd, cwd, _ in specs:
            subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        res = interleaved(specs, args.runs)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)

    print(f"| run | base ({args.base}) | this tree | this / base |\n|---|---|---|---|")
    for kind in ("cold", "warm"):
        b, t = res[f"base {kind}"]["median"], res[f"this {kind}"]["median"]
        print(f"| {kind} | {b:.3f} s | {t:.3f} s | {t / b:.2f}x |")
    print(f"\n{args.questions} questions in {args.files} files, median of {args.runs} round-robin runs, "
          f"{os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
