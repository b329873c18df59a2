"""How long `quizlint check` takes on hostile files (issue: each under a second).

Generates each input in a temporary directory, runs the real command line
once per input (plus a clean one-file run as the baseline in the same
command), and prints the wall time, exit code and the first problem line.

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path


def inputs() -> dict[str, bytes]:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi"):
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return {
        "clean file, SymPy proofs included (baseline)":
            (Path(__file__).parent.parent / "data/quizzes/phase-04-calculus-optimization.yaml").read_bytes(),
        f"alias bomb ({len(bomb)} bytes)": bomb.encode(),
        "50,000 nested brackets": b"a: " + b"[" * 50_000 + b"]" * 50_000 + b"\n",
        "50 MB file": b"a: " + b"x" * (50 * 1024 * 1024) + b"\n",
        "NUL bytes": b"format: quizlint/v1\nquiz: x\0\0\n",
        "!!python/object/apply": b"a: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
        "invalid UTF-8": b"format: quizlint/v1\ntitle: caf\xe9\n",
    }


def main() -> int:
    print("| input | exit | wall (s) | first problem |")
    print("|---|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, data) in enumerate(inputs().items()):
            stem = "phase-04-calculus-optimization" if i == 0 else f"hostile-{i}"
            path = Path(tmp) / f"{stem}.yaml"
            path.write_bytes(data)
            start = time.perf_counter()
            r = subprocess.run([sys.executable, "-m", "quizlint", "check", "--no-cache", path.name], cwd=tmp,
                               capture_output=True, text=True, timeout=60)
            wall = time.perf_counter() - start
            first = r.stdout.splitlines()[0].split(": ", 1)[-1][:70] if r.stdout else r.stderr[:70]
            print(f"| {name} | {r.returncode} | {wall:.3f} | {first} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
