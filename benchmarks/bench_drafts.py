"""Benchmark what `suggest` drafts with the course's own knowledge, offline.

1. Math wrong answers: for every numeric and symbolic question in data/,
   how many common wrong answers were proved wrong and kept (no model), and
   how many of them a later `quizlint check` flags once accepted (must be 0).
2. Translation memory and glossary: chrF of the bundled translation model
   on the team's own reference sentences (benchmarks/references/
   translate-es.tsv, held apart from the prompt's examples and from data/)
   with (a) the prompt's fixed examples, (b) the tree's reviewed
   translations as memory, (c) memory and the pyproject glossary; and how
   many drafts break the glossary (rejected ones count as empty output).

Usage: python benchmarks/bench_drafts.py [--threads 2] [--limit N] [--skip-model]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_suggest import chrf, load  # noqa: E402

from quizlint import config as cfg  # noqa: E402
from quizlint.glossary import misses, terms_in  # noqa: E402
from quizlint.loader import load_file  # noqa: E402
from quizlint.suggest import draft, memory, prompts  # noqa: E402

QL = [sys.executable, "-m", "quizlint"]


def math_questions():
    for f in sorted((ROOT / "data" / "quizzes").glob("*.yaml")):
        for q in load_file(str(f)).data["questions"]:
            if q["kind"] in ("numeric", "symbolic"):
                yield q["id"]


def bench_math(n: int = 3) -> None:
    ids = list(math_questions())
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "data", Path(tmp) / "data")
        (Path(tmp) / "pyproject.toml").write_text('[tool.quizlint]\npaths = ["data"]\n', encoding="utf-8")
        run = lambda *a: subprocess.run([*QL, *a], cwd=tmp, capture_output=True, text=True)  # noqa: E731
        t0 = time.monotonic()
        out = run("suggest", *ids, "--distractors", str(n))
        secs = time.monotonic() - t0
        kept = {qid: 0 for qid in ids}
        for line in out.stderr.splitlines():
            qid, _, rest = line.partition(": ")
            if qid in kept and "wrong answer(s) proved wrong" in rest:
                kept[qid] = int(rest.split()[0])
        run("review", "--accept", *ids)
        check = run("check", "data", "--no-cache", "--format", "json")
        import json

        flagged = [p for p in json.loads(check.stdout)
                   if p.get("question") in kept and p["code"] in ("QL601", "QL208", "QL602", "QL103")]
    print(f"math wrong answers ({len(ids)} numeric/symbolic questions in data/, --distractors {n}, "
          f"no model, {secs:.1f} s):")
    for qid, k in kept.items():
        print(f"  {qid:<12} {k} proved wrong and kept")
    print(f"  flagged by `check` after review --accept: {len(flagged)} of {sum(kept.values())}")


def references(limit=None):
    rows = []
    for line in (ROOT / "benchmarks" / "references" / "translate-es.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            en, es = line.split("\t")
            rows.append((en, es))
    return rows[:limit]


def bench_translation(threads: int, limit=None) -> None:
    conf = cfg.load(ROOT / "pyproject.toml")
    terms = conf.glossaries().get("es", {})
    mem = memory.from_paths([str(ROOT / "data")], "es", conf.languages, draft.split_sentences)
    refs = references(limit)
    backend = load("gemma3", threads)
    prompt = prompts.load("translate-es")
    setups = {"fixed examples": (None, {}), "memory": (mem, {}), "memory + glossary": (mem, terms)}
    print(f"translation en->es [{backend.name}], {len(refs)} reference sentences, memory of "
          f"{len(mem.pairs)} reviewed pairs, glossary of {len(terms)} terms:")
    for name, (m, t) in setups.items():
        opts = draft.Options(memory=m, timeout=900.0)
        scores, kept, broken, rejected = [], [], 0, 0
        for en, es in refs:
            text, reason, _, _ = draft.translate_text(backend, prompt, en, opts, t)
            text = text or ""
            rejected += reason is not None
            scores.append(chrf(text, es))
            if reason is None:
                kept.append(scores[-1])
            broken += bool(text and misses(en, text, terms))
        used = sum(bool(terms_in(en, terms)) for en, _ in refs)
        print(f"  {name:<18} chrF {sum(scores) / len(scores):5.1f} (kept only {sum(kept) / max(len(kept), 1):5.1f})"
              f"   rejected {rejected:2d}   "
              f"kept drafts breaking the glossary {broken} (of {used} sentences with a term)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--skip-model", action="store_true", help="only the math wrong answers")
    args = ap.parse_args(argv)
    bench_math()
    if not args.skip_model:
        bench_translation(args.threads, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
