#!/usr/bin/env python3
"""How fast is ``quizlint check``, next to yamllint and check-jsonschema?

Two measurements, each the median wall time of several runs of the real
command lines (fresh processes, as a user or pre-commit runs them). The
commands of a group run round-robin, so load from other processes on the
machine hits them alike:

1. One file (default ``data/quizzes/backprop-optimizers-quiz-4.yaml``, run
   from the repository root, so the id index covers ``data/``):
   ``quizlint check FILE`` (cached, as in a pre-commit run, and with
   ``--no-cache``) against ``yamllint FILE`` and
   ``check-jsonschema --schemafile schema/quiz.schema.json FILE``.
2. A generated tree (``benchmarks/gen_tree.py``: 200 files, 10,000
   questions, ~4.7 MB, a few cheap symbolic checks): quizlint cold
   (``--no-cache``), cold with an empty cache (it writes the cache),
   warm (unchanged tree, cache filled), check-jsonschema, yamllint; plus
   in-process reference floors (PyYAML's C loader, jsonschema alone).

It prints a Markdown table with medians and ratios, then the goals:
cold <= 1/4 of check-jsonschema, warm <= 1/10 of cold, one file no slower
than yamllint.

    python benchmarks/bench_check.py            # the full run (a few minutes)
    python benchmarks/bench_check.py --quick    # 20 files / 1,000 questions, fewer repeats
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "quiz.schema.json"
DEFAULT_FILE = Path("data") / "quizzes" / "backprop-optimizers-quiz-4.yaml"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_tree  # noqa: E402


def tool(name: str) -> str | None:
    """A console script next to this Python (the venv), else on PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


def _run_once(cmd: list[str], cwd: Path, ok=(0, 1)) -> float:
    env = dict(os.environ, NO_COLOR="1")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n"
                         f"{proc.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


def interleaved(specs: list[tuple], runs: int) -> dict[str, dict]:
    """Median wall time of each ``(name, cmd, cwd, before)``, run round-robin.

    One round runs every command once, in order, so that load from other
    processes on the machine hits all of them alike; ``before()`` runs
    untimed just before its command.
    """
    times: dict[str, list[float]] = {name: [] for name, *_ in specs}
    for _ in range(runs):
        for name, cmd, cwd, before in specs:
            if before:
                before()
            times[name].append(_run_once(cmd, cwd))
    return {name: {"median": statistics.median(t), "min": min(t), "runs": runs} for name, t in times.items()}


def in_process(fn, runs: int) -> dict:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"median": statistics.median(times), "min": min(times), "runs": runs}


def _yaml_floor(files: list[str]):
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def run():
        for f in files:
            with open(f, "rb") as fh:
                yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader
    return run


def _jsonschema_floor(files: list[str]):
    import jsonschema
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    docs = []
    for f in files:
        with open(f, "rb") as fh:
            docs.append(yaml.load(fh, Loader=loader))  # noqa: S506
    schema = json.loads(SCHEMA.read_text("utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)

    def run():
        for d in docs:
            validator.is_valid(d)
    return run


def single_file(file: Path, runs: int) -> list[tuple[str, str, dict]]:
    quizlint, yamllint, cjs = tool("quizlint"), tool("yamllint"), tool("check-jsonschema")
    rel = str(file)
    specs = []
    if quizlint:
        _run_once([quizlint, "check", rel], ROOT)  # fill the cache
        specs += [("quizlint check (cached)", [quizlint, "check", rel], ROOT, None),
                  ("quizlint check --no-cache", [quizlint, "check", "--no-cache", rel], ROOT, None)]
    if yamllint:
        specs.append(("yamllint", [yamllint, rel], ROOT, None))
    if cjs:
        specs.append(("check-jsonschema", [cjs, "--schemafile", str(SCHEMA), rel], ROOT, None))
    return [("one file", name, r) for name, r in interleaved(specs, runs).items()]


def tree(out: Path, runs: int, *, quick: bool, yamllint_runs: int) -> tuple[list, dict]:
    kw = {"files": 20, "questions": 1000, "size_mb": 0.47, "checks": 4} if quick else {}
    t0 = time.perf_counter()
    summary = gen_tree.generate(out, **kw)
    summary["generate_s"] = round(time.perf_counter() - t0, 2)
    files = sorted(glob.glob(str(out / "data" / "quizzes" / "*.yaml")))
    quizlint, yamllint, cjs = tool("quizlint"), tool("yamllint"), tool("check-jsonschema")
    cache = out / ".quizlint_cache"
    label = f"tree ({summary['files']} files, {summary['questions']:,} questions, {summary['bytes'] / 1e6:.1f} MB)"
    specs = []
    if quizlint:
        specs += [
            ("quizlint cold (--no-cache)", [quizlint, "check", "--no-cache", "data"], out, None),
            # the empty-cache run fills the cache that the warm run then reads
            ("quizlint cold (empty cache dir)", [quizlint, "check", "data"], out,
             lambda: shutil.rmtree(cache, ignore_errors=True)),
            ("quizlint warm (cache filled)", [quizlint, "check", "data"], out, None),
        ]
    if cjs:
        specs.append(("check-jsonschema", [cjs, "--schemafile", str(SCHEMA), *files], out, None))
    rows = [(label, name, r) for name, r in interleaved(specs, runs).items()]
    if yamllint and yamllint_runs:
        rows += [(label, name, r) for name, r in
                 interleaved([("yamllint", [yamllint, "data"], out, None)], yamllint_runs).items()]
    rows.append((label, "floor: PyYAML CSafeLoader, in-process", in_process(_yaml_floor(files), runs)))
    rows.append((label, "floor: jsonschema is_valid, in-process (after loading)",
                 in_process(_jsonschema_floor(files), runs)))
    return rows, summary


def ratio_notes(rows) -> dict[tuple[str, str], str]:
    """A ratio for each row against the row it is judged by."""
    med = {(g, n): r["median"] for g, n, r in rows}
    notes = {}
    for group, name, r in rows:
        if group == "one file":
            ref, what = med.get((group, "yamllint")), "yamllint"
        elif name == "quizlint warm (cache filled)":
            ref, what = med.get((group, "quizlint cold (--no-cache)")), "cold"
        else:
            ref, what = med.get((group, "check-jsonschema")), "check-jsonschema"
        if ref and name != what:
            notes[(group, name)] = f"{r['median'] / ref:.3f}× {what}"
    return notes


def goals(rows) -> list[tuple[str, bool | None, str]]:
    by = {name: r["median"] for _, name, r in rows}
    out = []
    cold, cjs, warm = (by.get("quizlint cold (--no-cache)"), by.get("check-jsonschema"),
                       by.get("quizlint warm (cache filled)"))
    if cold and cjs:
        out.append(("cold <= 1/4 of check-jsonschema", cold <= cjs / 4, f"{cold:.2f} s vs {cjs / 4:.2f} s"))
    if cold and warm:
        out.append(("warm <= 1/10 of cold", warm <= cold / 10, f"{warm:.3f} s vs {cold / 10:.3f} s"))
    one = [r["median"] for g, n, r in rows if g == "one file" and n == "quizlint check (cached)"]
    ylint = [r["median"] for g, n, r in rows if g == "one file" and n == "yamllint"]
    if one and ylint:
        out.append(("one file (cached) no slower than yamllint", one[0] <= ylint[0],
                    f"{one[0]:.3f} s vs {ylint[0]:.3f} s"))
    return out


def table(rows) -> str:
    notes = ratio_notes(rows)
    lines = ["| benchmark | command | median (s) | min (s) | runs | ratio |", "|---|---|---:|---:|---:|---|"]
    for group, name, r in rows:
        lines.append(f"| {group} | {name} | {r['median']:.3f} | {r['min']:.3f} | {r['runs']} | "
                     f"{notes.get((group, name), '')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="small tree, fewer repeats (a smoke test)")
    p.add_argument("--runs", type=int, help="repeats per command (default 7 one file / 3 tree; quick: 3 / 1)")
    p.add_argument("--yamllint-runs", type=int, help="repeats of yamllint on the tree (slow; default 1; 0 skips)")
    p.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the single file (relative to the repo root)")
    p.add_argument("--tree", type=Path, help="where to generate the tree (default: a temporary directory)")
    p.add_argument("--json", type=Path, help="also write the numbers here")
    args = p.parse_args(argv)
    one_runs = args.runs or (3 if args.quick else 7)
    tree_runs = args.runs or (1 if args.quick else 3)
    yamllint_runs = 1 if args.yamllint_runs is None else args.yamllint_runs

    rows = single_file(args.file, one_runs)
    tmp = None
    if args.tree is None:
        tmp = tempfile.TemporaryDirectory(prefix="quizlint-bench-")
        out = Path(tmp.name)
    else:
        out = args.tree.resolve()
        out.mkdir(parents=True, exist_ok=True)
    try:
        tree_rows, summary = tree(out, tree_runs, quick=args.quick, yamllint_runs=yamllint_runs)
    finally:
        if tmp:
            tmp.cleanup()
    rows += tree_rows

    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    print(f"quizlint check benchmark: {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average {load:.2f} at the end\n")
    print(table(rows))
    print()
    if args.quick:
        print("(--quick: a small tree, where start-up dominates; the goals are meant for the full run)\n")
    for name, passed, detail in goals(rows):
        print(f"- {'PASS' if passed else 'FAIL'} {name}: {detail}")
    if args.json:
        args.json.write_text(json.dumps({"tree": summary, "rows": [
            {"benchmark": g, "command": n, **r} for g, n, r in rows],
            "goals": [{"goal": n, "passed": ok, "detail": d} for n, ok, d in goals(rows)]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
