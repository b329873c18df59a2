#!/usr/bin/env python3
"""Generate a realistic quiz tree for benchmarks: ``OUT/data/quizzes/*.yaml``.

The questions are the seed questions of ``data/quizzes`` copied as authors
wrote them (block scalars, comments, math, code), with fresh ids unique
across the tree:

* most files are monolingual and mix questions of every kind from the
  monolingual seeds, picked so that the tree lands near ``--size-mb``;
* a few files (``--bilingual``) are English/Spanish, built from the
  bilingual seed, as the seeds are;
* the seeds' own symbolic ``checks`` are dropped (some take seconds to
  prove) and ``--checks`` cheap ones are added instead, on generated
  numeric, symbolic and broadcasting questions whose constants vary.

The defaults give the tree the benchmark uses: 200 files, 10,000
questions, about 4.7 MB. The output is the same for the same arguments.

    python benchmarks/gen_tree.py /tmp/quiz-tree            # the full tree
    python benchmarks/gen_tree.py /tmp/small --files 20 --questions 1000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "quizzes"
SCHEMA = ROOT / "schema" / "quiz.schema.json"

_QUESTION_START = re.compile(r"(?m)^(?=  - id: )")
_ID_LINE = re.compile(r"(?m)^  - id: (\S+)")


@dataclass
class Block:
    seed: str        # seed file stem
    qid: str         # seed question id
    text: str        # the question's YAML lines (2-space list indent), ending in "\n"
    languages: tuple


def _strip_checks(block: str) -> str:
    """Drop a question's ``checks:`` list (4-space key) and everything under it."""
    out, skipping = [], False
    for line in block.splitlines(keepends=True):
        if line.startswith("    checks:"):
            skipping = True
            continue
        if skipping:
            body = line.strip()
            indent = len(line) - len(line.lstrip(" "))
            if body and indent <= 4:
                skipping = False
            else:
                continue
        out.append(line)
    return "".join(out)


def load_seeds(seed_dir: Path = SEEDS) -> tuple[list[Block], dict]:
    """Every seed question as a text block, and the seeds' tags by language set."""
    blocks: list[Block] = []
    tags: dict[tuple, list[str]] = {}
    for path in sorted(seed_dir.glob("*.y*ml")):
        text = path.read_text("utf-8")
        data = yaml.safe_load(text)
        langs = tuple(data.get("languages") or ["en"])
        tags.setdefault(langs, [])
        tags[langs] += [t for t in data.get("tags", []) if t not in tags[langs]]
        _, sep, body = text.partition("\nquestions:\n")
        if not sep:
            continue
        parts = _QUESTION_START.split(body)
        # comment lines just above a question end up in the previous part: move them down
        pending = ""
        for part in parts:
            lines = part.splitlines(keepends=True)
            tail = []
            while lines and (lines[-1].strip().startswith("#") or not lines[-1].strip()):
                tail.insert(0, lines.pop())
            chunk = pending + "".join(lines)
            pending = "".join(line for line in tail if line.strip())
            m = _ID_LINE.search(chunk)
            if m:
                chunk = _strip_checks(chunk).rstrip("\n") + "\n"
                blocks.append(Block(path.stem, m.group(1), chunk, langs))
    return blocks, tags


# --------------------------------------------------------------------------
# cheap symbolic checks on generated questions (constants vary with n)


def _numeric(qid: str, n: int) -> str:
    k, a = 2 + n % 4, 1 + (n // 4) % 3
    value = k * a ** (k - 1)
    return f"""  - id: {qid}
    kind: numeric
    tags: [calculus, derivatives]
    difficulty: easy
    stem: What is the slope of $f(x) = x^{k}$ at $x = {a}$?
    answer: {{value: {value}, tolerance: 0}}
    explanation: >-
      The power rule gives $f'(x) = {k} x^{k - 1}$, so $f'({a}) = {value}$.
    checks:
      - numeric:
          expr: "{k}*{a}**{k - 1}"
          value: {value}
          tolerance: 0
"""


def _expand(qid: str, n: int) -> str:
    k = 1 + n % 9
    return f"""  - id: {qid}
    kind: symbolic
    tags: [algebra]
    difficulty: easy
    stem: Expand $(x + {k})^2$.
    answer:
      expr: "x**2 + {2 * k}*x + {k * k}"
      latex: x^2 + {2 * k}x + {k * k}
    explanation: >-
      $(x + a)^2 = x^2 + 2ax + a^2$ with $a = {k}$.
    checks:
      - equal:
          lhs: "(x + {k})**2"
          rhs: "x**2 + {2 * k}*x + {k * k}"
"""


def _solve(qid: str, n: int) -> str:
    p = (1 + n % 4) / 10
    return f"""  - id: {qid}
    kind: symbolic
    tags: [dropout]
    difficulty: medium
    stem: >-
      Inverted dropout drops each unit with probability $p = {p}$ and scales the
      kept ones by $r$. Which $r$ keeps the expected activation unchanged?
    answer:
      expr: "1/(1 - {p})"
      latex: "\\\\frac{{1}}{{1 - {p}}}"
    explanation: >-
      $\\mathbb{{E}}[r d h] = r (1 - p) h = h$ gives $r = 1/(1 - p)$.
    checks:
      - solve:
          equation: "r*(1 - {p}) = 1"
          for: "r"
          equals: answer
"""


def _broadcast(qid: str, n: int) -> str:
    a, b, c = 2 + n % 5, 3 + n % 4, 4 + n % 3
    return f"""  - id: {qid}
    kind: free
    tags: [broadcasting, numpy]
    stem: |-
      Given

      ```python
      x = np.ones(({a}, 1, {c}))
      y = np.ones(({b}, {c}))
      ```

      what is the shape of `x + y`?
    answer: "`({a}, {b}, {c})`: the size-1 axis stretches to {b} and `y` gains a leading axis."
    checks:
      - broadcast:
          shapes: [[{a}, 1, {c}], [{b}, {c}]]
          result: [{a}, {b}, {c}]
"""


TEMPLATES = (_numeric, _expand, _solve, _broadcast)


# --------------------------------------------------------------------------


def _header(stem: str, n: int, langs: tuple, tags: list[str], schema_ref: str, rng: random.Random) -> str:
    chosen = sorted(rng.sample(tags, min(3, len(tags)))) if tags else []
    lines = [f"# yaml-language-server: $schema={schema_ref}",
             "# Generated by benchmarks/gen_tree.py from the seed questions in data/quizzes.",
             "format: quizlint/v1", f"quiz: {stem}"]
    if len(langs) > 1:
        lines += ["title:", f"  en: Generated quiz {n:03d}", f"  es: Cuestionario generado {n:03d}",
                  f"languages: [{', '.join(langs)}]"]
    else:
        lines.append(f"title: Generated quiz {n:03d}")
    if chosen:
        lines.append(f"tags: [{', '.join(chosen)}]")
    lines.append("questions:")
    return "\n".join(lines) + "\n"


def _with_id(block: Block, qid: str) -> str:
    return _ID_LINE.sub(f"  - id: {qid}", block.text, count=1)


def generate(out: Path, *, files: int = 200, questions: int = 10_000, size_mb: float = 4.7,
             bilingual: float = 0.05, checks: int = 40, seed: int = 0, seed_dir: Path = SEEDS,
             clean: bool = True) -> dict:
    """Write the tree under ``out/data/quizzes``; return a summary."""
    rng = random.Random(seed)
    blocks, tags = load_seeds(seed_dir)
    mono = [b for b in blocks if len(b.languages) == 1]
    multi = [b for b in blocks if len(b.languages) > 1]
    if not mono:
        raise SystemExit(f"no monolingual seed questions in {seed_dir}")
    quiz_dir = out / "data" / "quizzes"
    if clean and quiz_dir.exists():
        shutil.rmtree(quiz_dir)
    quiz_dir.mkdir(parents=True, exist_ok=True)
    schema_ref = os.path.relpath(SCHEMA, quiz_dir).replace(os.sep, "/")

    per_file = [questions // files + (1 if i < questions % files else 0) for i in range(files)]
    n_bi = min(files, round(files * bilingual)) if multi else 0
    bi_files = set(rng.sample(range(files), n_bi))
    mono_files = [i for i in range(files) if i not in bi_files]
    # cheap checks go on generated questions spread over the monolingual files
    check_slots: dict[int, list[int]] = {}
    for c in range(min(checks, sum(per_file[i] for i in mono_files))):
        f = mono_files[(c * 7919) % len(mono_files)] if mono_files else 0
        taken = check_slots.setdefault(f, [])
        free = [s for s in range(per_file[f]) if s not in taken]
        if free:
            taken.append(rng.choice(free))

    # size target: the bilingual files are what they are; monolingual picks aim at the rest
    header_bytes = 330
    bi_avg = sum(len(b.text.encode()) for b in multi) / len(multi) if multi else 0
    bi_bytes = sum(per_file[i] for i in bi_files) * (bi_avg + 2)
    mono_q = sum(per_file[i] for i in mono_files) or 1
    target_avg = (size_mb * 1e6 - bi_bytes - files * header_bytes) / mono_q
    total_mono, count_mono = 0.0, 0

    written = total_q = total_checks = 0
    for i in range(files):
        stem = f"generated-quiz-{i:03d}"
        is_bi = i in bi_files
        langs = multi[0].languages if is_bi else mono[0].languages
        parts = [_header(stem, i, langs, tags.get(langs, []), schema_ref, rng)]
        unused: list[Block] = []
        used: set[str] = set()
        for slot in range(per_file[i]):
            qid_tail = f"{i:03d}-{slot:02d}"
            if slot in check_slots.get(i, ()):
                t = TEMPLATES[total_checks % len(TEMPLATES)]
                parts.append(t(f"gen-{qid_tail}", total_checks))
                total_checks += 1
                continue
            if is_bi:
                if not unused:
                    unused = list(multi)
                pick = unused.pop(rng.randrange(len(unused)))
            else:
                # a few random candidates; keep the one that steers the size to the
                # target, preferring questions this file does not hold yet
                want = target_avg * (count_mono + 1) - total_mono
                pick = min(rng.sample(mono, min(6, len(mono))),
                           key=lambda b: abs(len(b.text.encode()) - want) + (300 if b.qid in used else 0))
                used.add(pick.qid)
                total_mono += len(pick.text.encode()) + 1
                count_mono += 1
            parts.append(_with_id(pick, f"{pick.qid}-{qid_tail}"))
        text = "\n".join(parts)
        (quiz_dir / f"{stem}.yaml").write_text(text, "utf-8")
        written += len(text.encode())
        total_q += per_file[i]
    return {"dir": str(quiz_dir), "files": files, "questions": total_q, "bytes": written,
            "bilingual_files": n_bi, "checks": total_checks}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path, help="output directory (the files go to OUT/data/quizzes)")
    p.add_argument("--files", type=int, default=200)
    p.add_argument("--questions", type=int, default=10_000)
    p.add_argument("--size-mb", type=float, default=4.7, help="approximate total size (default 4.7)")
    p.add_argument("--bilingual", type=float, default=0.05, help="fraction of en/es files (default 0.05)")
    p.add_argument("--checks", type=int, default=40, help="cheap symbolic checks in the tree (default 40; 0: none)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--seeds", type=Path, default=SEEDS, help="seed quizzes (default data/quizzes)")
    args = p.parse_args(argv)
    summary = generate(args.out, files=args.files, questions=args.questions, size_mb=args.size_mb,
                       bilingual=args.bilingual, checks=args.checks, seed=args.seed, seed_dir=args.seeds)
    json.dump(summary, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
