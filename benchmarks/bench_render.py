#!/usr/bin/env python3
"""How long does ``quizlint render`` take on 10,000 questions, next to ``quizlint check``?

The tree is ``benchmarks/gen_tree.py``'s (200 files, 10,000 questions,
~4.7 MB, 40 cheap symbolic checks, 5 % English/Spanish files). Render runs
the same lint gate as check and then writes every page, so the ratio
render / check is what the pages cost on top of the check. The commands
run round-robin as fresh processes (as a user runs them); medians:

* ``check --no-cache`` (cold) and ``check`` with the cache filled (warm);
* ``render --format mkdocs`` and ``--format html``, each once with the
  cache emptied first (cold gate) and once with it filled (warm gate);
* in process, the renderers alone on the already-checked quizzes.

Wall and CPU time are both reported: on a shared machine the wall time of
every command grows with the load, the CPU time much less.

    python benchmarks/bench_render.py            # the full tree, 3 rounds
    python benchmarks/bench_render.py --quick    # 1,000 questions, 1 round
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_tree  # noqa: E402


def _quizlint() -> str:
    here = Path(sys.executable).parent / "quizlint"
    return str(here) if here.exists() else (shutil.which("quizlint") or "quizlint")


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time, and CPU time of the command and its workers (which a busy
    machine inflates much less than wall time)."""
    t0, c0 = time.perf_counter(), _cpu()
    proc = subprocess.run(cmd, cwd=cwd, env=dict(os.environ, NO_COLOR="1"),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed, cpu = time.perf_counter() - t0, _cpu() - c0
    if proc.returncode not in (0, 1) or (proc.returncode and "render" in cmd):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr.decode(errors='replace')[-2000:]}")
    return elapsed, cpu


def measure(tree: Path, rounds: int) -> dict[str, tuple[float, float]]:
    q = _quizlint()
    cache = tree / ".quizlint_cache"
    pages = tree / "pages"

    def cold():
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(pages, ignore_errors=True)

    def warm():
        shutil.rmtree(pages, ignore_errors=True)

    specs = [
        ("check --no-cache (cold)", [q, "check", "--no-cache", "data"], None),
        ("render mkdocs, cold gate", [q, "render", "data", "-o", "pages", "--format", "mkdocs"], cold),
        ("render html, cold gate", [q, "render", "data", "-o", "pages", "--format", "html"], cold),
        ("check (warm cache)", [q, "check", "data"], None),
        ("render mkdocs, warm gate", [q, "render", "data", "-o", "pages", "--format", "mkdocs"], warm),
        ("render html, warm gate", [q, "render", "data", "-o", "pages", "--format", "html"], warm),
    ]
    times = {name: [] for name, _, _ in specs}
    _run([q, "check", "data"], tree)  # the cache the first warm run reads
    for _ in range(rounds):
        for name, cmd, before in specs:
            if before:
                before()
            times[name].append(_run(cmd, tree))
    return {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
            for name, t in times.items()}


def renderers_alone(tree: Path) -> dict[str, float]:
    """The renderers on checked quizzes, in this process (no gate, no writing)."""
    from quizlint import config as cfg
    from quizlint.formats import html, mkdocs
    from quizlint.formats.gate import checked_quizzes
    from quizlint.formats.page import Options

    here = os.getcwd()
    os.chdir(tree)
    try:
        config = cfg.load(None)
        quizzes = checked_quizzes([str(tree / "data")], config, allow_drafts=True)
    finally:
        os.chdir(here)
    out = {}
    for name, module in (("mkdocs", mkdocs), ("html", html)):
        t0, c0 = time.perf_counter(), time.process_time()
        files = module.render(quizzes, Options(root=tree))
        out[f"{name} render() alone, in process"] = (time.perf_counter() - t0, time.process_time() - c0)
        out[f"{name} pages (files, MB)"] = (len(files), sum(map(len, files.values())) / 1e6)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="1,000 questions, one round")
    p.add_argument("--rounds", type=int, help="rounds of every command (default 3; quick: 1)")
    p.add_argument("--tree", type=Path, help="where to generate the tree (default: a temporary folder)")
    args = p.parse_args(argv)
    rounds = args.rounds or (1 if args.quick else 3)
    kw = {"files": 20, "questions": 1000, "size_mb": 0.47, "checks": 4} if args.quick else {}
    tmp = None
    if args.tree is None:
        tmp = tempfile.TemporaryDirectory(prefix="quizlint-render-bench-")
        tree = Path(tmp.name)
    else:
        tree = args.tree.resolve()
        tree.mkdir(parents=True, exist_ok=True)
    try:
        summary = gen_tree.generate(tree, **kw)
        (tree / "pyproject.toml").write_text('[tool.quizlint]\npaths = ["data"]\n', "utf-8")
        med = measure(tree, rounds)
        alone = renderers_alone(tree)
    finally:
        if tmp is not None:
            tmp.cleanup()
    print(f"tree: {summary['files']} files, {summary['questions']:,} questions, "
          f"{summary['bytes'] / 1e6:.1f} MB; {rounds} round(s), {os.cpu_count()} CPUs\n")
    print("| command | wall, median (s) | CPU, median (s) | ratio (wall / CPU) |\n|---|---:|---:|---|")
    for name, (wall, cpu) in med.items():
        ref = med["check (warm cache)"] if "warm" in name else med["check --no-cache (cold)"]
        what = "check warm" if "warm" in name else "check cold"
        ratio = "" if name.startswith("check") else f"{wall / ref[0]:.2f}× / {cpu / ref[1]:.2f}× {what}"
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {ratio} |")
    for name, value in alone.items():
        if "pages" in name:
            print(f"| {name} | {value[0]} files, {value[1]:.1f} MB | | |")
        else:
            print(f"| {name} | {value[0]:.2f} | {value[1]:.2f} | |")
    worst = max(wall for n, (wall, _) in med.items() if n.startswith("render"))
    print(f"\ngoal: rendering 10,000 questions takes seconds, not minutes: "
          f"{'met' if worst < 60 else 'NOT met'} (slowest render {worst:.1f} s wall)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
