#!/usr/bin/env python3
"""Hand a blind sample to several annotators and gather their verdicts (issue 11).

``bench_rules.py BANK --blind N --enrich M --seed S`` prints the sample; this
script cuts it into one file per annotator and puts the labels back together:

    python benchmarks/blind_sets.py split items.txt --parts 60 60 60 --overlap 10 --out /tmp/blind/bank
    #   -> /tmp/blind/bank-1.txt, bank-2.txt, bank-3.txt (the last also gets the first 10
    #      items of every other part, for a second opinion), bank-overlap.txt
    python benchmarks/blind_sets.py collect /tmp/blind/bank --annotators B1 B2 B3 \\
        --to benchmarks/labels/blind-bank
    #   reads bank-<k>.labels.jsonl, checks one line per item of its part, in order, with
    #   the item's stem fingerprint; writes labels.jsonl and second/labels.jsonl

Each annotator writes ``{"item", "sha", "flaws": {key: reason}}`` lines (the
brief, ``benchmarks/labels/BRIEF.md``); ``collect`` adds who wrote them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

_ITEM = re.compile(r"^=== (\S+) sha=([0-9a-f]{8})$", re.M)


def items_of(text: str) -> list[tuple[str, str, str]]:
    """``(item id, sha, block)`` for each ``=== <id> sha=<sha>`` block of a blind sample."""
    starts = [m.start() for m in _ITEM.finditer(text)] + [len(text)]
    out = []
    for a, b in zip(starts, starts[1:]):
        m = _ITEM.match(text, a)
        out.append((m.group(1), m.group(2), text[a:b]))
    return out


def split(text: str, parts: list[int], overlap: int) -> tuple[list[list[tuple]], list[tuple]]:
    """The annotators' parts (the last one with the overlap appended) and the overlap itself."""
    items = items_of(text)
    if sum(parts) > len(items):
        raise SystemExit(f"the parts need {sum(parts)} items, the sample has {len(items)}")
    cut, start = [], 0
    for n in parts:
        cut.append(items[start:start + n])
        start += n
    shared = [x for part in cut[:-1] for x in part[:overlap]]
    cut[-1] = cut[-1] + shared
    return cut, shared


def collect(prefix: Path, annotators: list[str]) -> tuple[list[dict], list[dict]]:
    """Every annotator's verdicts, checked against their part: (first opinions, second opinions).

    The last annotator's verdicts on items an earlier annotator judged are the second opinions.
    """
    first, second, seen = [], [], set()
    for k, who in enumerate(annotators, 1):
        part = items_of(Path(f"{prefix}-{k}.txt").read_text("utf-8"))
        lines = [json.loads(x) for x in Path(f"{prefix}-{k}.labels.jsonl").read_text("utf-8").splitlines()
                 if x.strip()]
        if [(x["item"], x["sha"]) for x in lines] != [(i, sha) for i, sha, _ in part]:
            raise SystemExit(f"{prefix}-{k}.labels.jsonl: its items are not those of {prefix}-{k}.txt, in order")
        for x in lines:
            row = {"item": x["item"], "sha": x["sha"], "annotator": who, "flaws": x["flaws"]}
            (second if x["item"] in seen else first).append(row)
        seen |= {x["item"] for x in lines}
    return first, second


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("split", help="one file per annotator")
    s.add_argument("items", type=Path)
    s.add_argument("--parts", type=int, nargs="+", required=True, help="items per annotator")
    s.add_argument("--overlap", type=int, default=10, help="items of each other part the last annotator judges too")
    s.add_argument("--out", type=Path, required=True, help="file prefix: <out>-1.txt, ...")
    c = sub.add_parser("collect", help="the annotators' labels, checked, into a blind-<bank> folder")
    c.add_argument("prefix", type=Path)
    c.add_argument("--annotators", nargs="+", required=True)
    c.add_argument("--to", type=Path, required=True)
    args = ap.parse_args(argv)

    if args.cmd == "split":
        cut, shared = split(args.items.read_text("utf-8"), args.parts, args.overlap)
        for k, part in enumerate(cut, 1):
            Path(f"{args.out}-{k}.txt").write_text("".join(b for _, _, b in part), "utf-8")
        Path(f"{args.out}-overlap.txt").write_text("".join(b for _, _, b in shared), "utf-8")
        print(f"{len(cut)} parts ({', '.join(str(len(p)) for p in cut)} items), {len(shared)} judged twice")
        return 0
    if len(args.annotators) < 2:
        raise SystemExit("collect needs two annotators or more (the last one gives the second opinions)")
    first, second = collect(args.prefix, args.annotators)
    (args.to / "second").mkdir(parents=True, exist_ok=True)
    for path, rows in ((args.to / "labels.jsonl", first), (args.to / "second" / "labels.jsonl", second)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    print(f"{len(first)} items in {args.to / 'labels.jsonl'}, {len(second)} second opinions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
