#!/usr/bin/env python3
"""How often are the item-writing-flaw rules right on a real bank? (issue 11)

Converts a Markdown `- [x]` bank (the LinkedIn skill-assessment quizzes:
``*/*-quiz.md``) question by question to v1 data, runs every question rule
(``quizlint.rules.question_findings``, opt-in rules included) and the
duplicate-question check (QL152), and prints per rule: hits, and against
the hand labels in ``benchmarks/labels/*.jsonl``, precision, recall and F1
with their counts.

    python benchmarks/bench_rules.py /work/banks/linkedin
    python benchmarks/bench_rules.py BANK --sample 2000 --seed 1     # a random subset
    python benchmarks/bench_rules.py BANK --write-precision           # store the table for `explain`
    python benchmarks/bench_rules.py BANK --show aws/aws-quiz.md#3    # one item, with what fires
    python benchmarks/bench_rules.py BANK --draw QL306 --fired 20 --seed 7   # items to label

Item ids are ``<topic>/<file>.md#<n>``: the n-th question heading
(``#### ...``) of the file, counted from 1. Bank text is read from
BANK_DIR and never written anywhere.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from quizlint import rules  # noqa: E402
from quizlint.rules import duplicates, tiers  # noqa: E402

LABELS = ROOT / "benchmarks" / "labels"
MAX_FILE = 5_000_000

_HEAD = re.compile(r"^#{3,5}\s+(?:Q\s*\d+\s*[.:)]\s*)?(.*)$")
_LISTED = re.compile(r"^#{3,5}\s+[A-H][.)]\s")  # "#### A. Output format": an item of the stem's list
_CHOICE = re.compile(r"^[-*]\s+\[([ xX])\]\s?(.*)$")
_TAIL = re.compile(r"^(?:\*\*)?(?:explanation|reference|source|\[reference|\[source|answer)", re.I)


def stem_sha(stem: str) -> str:
    """8 hex digits identifying a stem (whitespace collapsed): labels carry it, never the text."""
    return hashlib.sha256(" ".join(stem.split()).encode("utf-8")).hexdigest()[:8]


def parse_markdown(text: str) -> list[dict]:
    """The questions of one bank file as v1 question dicts (``id`` q-<n>), in order."""
    out, lines = [], text.splitlines()
    i, n = 0, 0
    while i < len(lines):
        m = _HEAD.match(lines[i]) if lines[i].startswith("####") and not _LISTED.match(lines[i]) else None
        if not m:
            i += 1
            continue
        n += 1
        stem_lines, choices, i = [m.group(1).strip()], [], i + 1
        fence = False
        while i < len(lines) and (not lines[i].startswith("####") or _LISTED.match(lines[i])):
            line = lines[i].lstrip("#").strip() if _LISTED.match(lines[i]) else lines[i]
            cm = _CHOICE.match(line) if not fence else None
            if cm:
                choices.append({"text": [cm.group(2)], "correct": cm.group(1) in "xX"})
            elif choices:
                # a choice goes on with indented or fenced lines; other text ends the choices
                if fence or line.startswith((" ", "\t")) or not line.strip():
                    choices[-1]["text"].append(line[2:] if line.startswith("  ") else line)
                elif line.strip().startswith("```"):
                    choices[-1]["text"].append(line)
                else:
                    break
            else:
                stem_lines.append(line)
            if line.strip().startswith("```"):
                fence = not fence
            i += 1
        while i < len(lines) and (not lines[i].startswith("####") or _LISTED.match(lines[i])):
            i += 1  # explanations, references
        cs = []
        for c in choices:
            body = "\n".join(c["text"]).strip()
            # trailing explanations glued under the last choice stay out
            body = "\n".join(ln for ln in body.split("\n\n")[0:1]) if not body.count("```") else body
            cs.append({"text": body, "correct": c["correct"]})
        stem = "\n".join(stem_lines).strip()
        q = {"id": f"q-{n}", "kind": "multi" if sum(c["correct"] for c in cs) > 1 else "single",
             "stem": stem or "(empty)", "choices": [c for c in cs if c["text"]]}
        q["_n"] = n
        out.append(q)
    return out


def load_bank(bank: Path) -> dict[str, dict]:
    """``{item id: question}`` for every question with at least two choices."""
    items = {}
    for path in sorted(bank.glob("*/*-quiz.md")):
        if path.stat().st_size > MAX_FILE:
            continue
        rel = f"{path.parent.name}/{path.name}"
        for q in parse_markdown(path.read_text("utf-8", errors="replace")):
            if len(q["choices"]) >= 2:
                items[f"{rel}#{q['_n']}"] = q
    return items


def clean(q: dict) -> dict:
    return {k: v for k, v in q.items() if not k.startswith("_")}


def findings(items: dict[str, dict]) -> dict[str, set[str]]:
    """``{item id: codes that fire}``: question rules (all of them) and QL152."""
    fired: dict[str, set[str]] = {}
    for item, q in items.items():
        fired[item] = {r.code for r, _ in rules.question_findings(clean(q), ["en"])}
    entries = [(item.split("#")[0], int(item.split("#")[1]), item, clean(q)) for item, q in items.items()]
    for group in duplicates.groups([(p, n, item, q) for p, n, item, q in entries]):
        for _path, _line, item in group:
            fired[item].add(duplicates.CODE)
    return fired


def read_labels() -> list[dict]:
    out = []
    for f in sorted(LABELS.glob("*.jsonl")):
        for line in f.read_text("utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line))
    return out


def measure(fired: dict[str, set[str]], labels: list[dict], items: dict) -> dict[str, dict]:
    """Per code: tp, fp, fn, tn over the labelled items (the last label of an item and code wins)."""
    last = {}
    for lab in labels:
        last[(lab["item"], lab["code"])] = lab
    out: dict[str, Counter] = defaultdict(Counter)
    for (item, code), lab in last.items():
        if item not in fired:
            out[code]["missing"] += 1
            continue
        if lab.get("sha") and stem_sha(items[item]["stem"]) != lab["sha"]:
            out[code]["changed"] += 1
            continue
        hit = code in fired[item]
        out[code][("tp" if lab["flaw"] else "fp") if hit else ("fn" if lab["flaw"] else "tn")] += 1
    return {c: dict(v) for c, v in out.items()}


def ratios(c: dict) -> tuple:
    tp, fp, fn = c.get("tp", 0), c.get("fp", 0), c.get("fn", 0)
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return p, r, f


def pct(x) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bank", type=Path)
    ap.add_argument("--sample", type=int, help="measure a random subset of this many questions")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", nargs="*", help="print these items and what fires on them")
    ap.add_argument("--draw", help="a code: print random item ids to label (with --fired/--quiet)")
    ap.add_argument("--fired", type=int, default=0, help="with --draw: how many it fires on")
    ap.add_argument("--quiet", type=int, default=0, help="with --draw: how many it does not fire on")
    ap.add_argument("--errors", action="store_true", help="list the labelled items each rule gets wrong")
    ap.add_argument("--write-precision", action="store_true",
                    help=f"store the measured table in {tiers.PRECISION_FILE.relative_to(ROOT)}")
    args = ap.parse_args(argv)

    items = load_bank(args.bank)
    if args.sample:
        keep = random.Random(args.seed).sample(sorted(items), min(args.sample, len(items)))
        items = {k: items[k] for k in sorted(keep)}
    fired = findings(items)

    if args.show is not None:
        for item in args.show:
            q = items[item]
            print(f"=== {item} sha={stem_sha(q['stem'])} fires: {' '.join(sorted(fired[item])) or '-'}")
            print(q["stem"])
            for c in q["choices"]:
                print(f"  [{'x' if c['correct'] else ' '}] {c['text']}")
        return 0
    if args.draw:
        rng = random.Random(args.seed)
        first = {}  # one item per duplicate group, so copies do not fill the sample
        for item, q in items.items():
            sig = duplicates.signature(clean(q), "en")
            first.setdefault(repr(sig) if sig else item, item)
        pool = sorted(set(first.values()))
        on = [i for i in pool if args.draw in fired[i]]
        off = [i for i in pool if args.draw not in fired[i]]
        for item in rng.sample(on, min(args.fired, len(on))) + rng.sample(off, min(args.quiet, len(off))):
            print(item)
        return 0

    hits = Counter(c for cs in fired.values() for c in cs)
    labels = read_labels()
    table = measure(fired, labels, items)
    print(f"{len(items)} questions from {args.bank}; {len(labels)} labels\n")
    print("| code | hits | labelled | precision | recall | F1 |")
    print("|---|---|---|---|---|---|")
    stored = {}
    for code in sorted(set(hits) | set(table)):
        c = table.get(code, {})
        p, r, f = ratios(c)
        tp, fp, fn, tn = (c.get(k, 0) for k in ("tp", "fp", "fn", "tn"))
        print(f"| {code} | {hits.get(code, 0)} | {tp + fp + fn + tn} | {pct(p)} ({tp}/{tp + fp}) "
              f"| {pct(r)} ({tp}/{tp + fn}) | {'—' if f is None else f'{f:.2f}'} |")
        if tp + fp + fn + tn:
            stored[code] = {"hits": hits.get(code, 0), "tp": tp, "fp": fp, "fn": fn, "tn": tn}
    if args.errors:
        for lab in labels:
            item, code = lab["item"], lab["code"]
            if item in fired and (code in fired[item]) != lab["flaw"]:
                print(f"{'FP' if lab['flaw'] is False else 'FN'} {code} {item}: {lab['reason']}")
    if any(c.get("missing") or c.get("changed") for c in table.values()):
        print("\nlabels not matched (bank changed?):",
              {k: (v.get("missing", 0), v.get("changed", 0)) for k, v in table.items()
               if v.get("missing") or v.get("changed")})
    if args.write_precision:
        if args.sample:
            print("refusing --write-precision on a --sample run", file=sys.stderr)
            return 2
        tiers.write({"data": "LinkedIn skill-assessment quizzes (github.com/Ebazhanov/"
                             "linkedin-skill-assessments-quizzes), English *-quiz.md, "
                             f"{len(items)} questions; labels: benchmarks/labels/*.jsonl",
                     "rules": stored})
        print(f"\nwrote {tiers.PRECISION_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
