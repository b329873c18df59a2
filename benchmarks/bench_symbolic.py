"""Time every symbolic check in the quiz data, cold and then warm (cached), in one run.

    python benchmarks/bench_symbolic.py [--data data/quizzes] [--timeout 5] [--budget 60]
                                        [--workers N]

Cold: a fresh, empty cache directory, so every check is proved by the
SymPy workers (worker start-up included). Warm: the same jobs again over
that cache, which should do no SymPy work and not even import SymPy.
Works with whatever ``*.yaml`` files are there (none is fine).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from quizlint import symbolic  # noqa: E402  (after the path tweak)
from quizlint.loader import LoadError, load_file  # noqa: E402


def load_jobs(folder: Path) -> tuple[list, list[str]]:
    jobs, skipped = [], []
    for path in sorted(folder.glob("*.yaml")):
        try:
            doc = load_file(str(path))
        except LoadError as exc:
            skipped.append(f"{path.name}: {exc.message}")
            continue
        if isinstance(doc.data, dict):
            jobs += symbolic.jobs_for(str(path.relative_to(ROOT) if path.is_relative_to(ROOT)
                                          else path), doc.data, doc.pos)
    return jobs, skipped


def timed(jobs: list, cache_dir: str, args) -> tuple[float, list]:
    start = time.perf_counter()
    problems = symbolic.run(jobs, timeout=args.timeout, memory_mb=args.memory_mb,
                            workers=args.workers, cache_dir=cache_dir, budget=args.budget)
    return time.perf_counter() - start, problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "quizzes")
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--budget", type=float, default=symbolic.DEFAULT_BUDGET,
                        help="seconds for all checks of one run (default %(default)s)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every problem")
    args = parser.parse_args(argv)

    jobs, skipped = load_jobs(args.data)
    kinds = Counter(job.kind for job in jobs)
    print(f"data: {args.data}  files: {len(list(args.data.glob('*.yaml')))}  "
          f"jobs: {len(jobs)}  ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items())) or '-'})")
    for line in skipped:
        print(f"  skipped {line}")
    with tempfile.TemporaryDirectory(prefix="bench-symbolic-") as cache_dir:
        cold, problems = timed(jobs, cache_dir, args)
        had_sympy = "sympy" in sys.modules
        warm, again = timed(jobs, cache_dir, args)
    codes = ", ".join(f"{c} x{n}" for c, n in sorted(Counter(p.code for p in problems).items()))
    print(f"cold: {cold:8.3f} s   ({codes or 'all proved'})")
    print(f"warm: {warm:8.3f} s   (cached; same verdicts: {sorted(problems) == sorted(again)}; "
          f"sympy imported in this process: {had_sympy or 'sympy' in sys.modules})")
    if args.verbose:
        for p in problems:
            print(f"  {p.path}:{p.line}:{p.column}: {p.code} [{p.question}] {p.message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
