#!/usr/bin/env python3
"""How often are the item-writing-flaw rules right on a real bank? (issue 11)

Reads a bank (every ``*-quiz.md``, ``*-quiz.aiken`` and ``*-quiz.gift``
under BANK: the LinkedIn skill-assessment quizzes and the Ditectrev
practice exams in Markdown ``- [x]``, OpenTriviaQA turned into Aiken by
``benchmarks/opentrivia.py``) with quizlint's own importer for each,
runs every question rule (``quizlint.rules.question_findings``, opt-in
rules included) and the duplicate-question check (QL152), and prints per
rule: hits, and against hand labels (``benchmarks/labels/*.jsonl``, or
``--labels DIR``), precision, recall and F1 with their counts.

    python benchmarks/bench_rules.py /work/banks/linkedin
    python benchmarks/bench_rules.py BANK --sample 2000 --seed 1     # a random subset
    python benchmarks/bench_rules.py BANK --write-precision           # store the table for `explain`
    python benchmarks/bench_rules.py BANK --show aws/aws-quiz.md#3    # one item, with what fires
    python benchmarks/bench_rules.py BANK --draw QL306 --fired 20 --seed 7   # items to label
    python benchmarks/bench_rules.py BANK --blind 120 --enrich 60 --seed 12 > /tmp/items.txt
    python benchmarks/bench_rules.py BANK --labels benchmarks/labels/blind-aws-saa \
        --second benchmarks/labels/blind-aws-saa/second               # blind set, with agreement

Item ids are ``<file path under BANK>#<n>``: the n-th question the importer
reads from the file, counted from 1; each label also carries the stem's
fingerprint (:func:`stem_sha`), so a label never lands on another question.
Bank text is read from BANK and never written anywhere.

Blind labels (``--blind``): the items are printed with no rule output, an
annotator judges each on the 19 criteria of ``benchmarks/labels/RUBRIC.md``
and writes one line per item (``{"item", "sha", "annotator", "flaws":
{key: reason}}``), which :func:`read_labels` expands to one label per criterion.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from quizlint import rules  # noqa: E402
from quizlint import formats  # noqa: E402
from quizlint.formats.model import to_doc  # noqa: E402
from quizlint.rules import duplicates, tiers  # noqa: E402

LABELS = ROOT / "benchmarks" / "labels"
#: where the banks the labels are about come from (folder name -> description)
KNOWN_BANKS = {
    "linkedin": "LinkedIn skill-assessment quizzes (github.com/Ebazhanov/linkedin-skill-assessments-quizzes)",
    "aws-saa": "Ditectrev AWS Solutions Architect practice exam (github.com/Ditectrev/"
               "AWS-Certified-Solutions-Architect-Associate-SAA-C03-Practice-Tests-Exams-Questions-Answers)",
    "cloud2": "Ditectrev GCP Associate Cloud Engineer and Azure AZ-204 practice exams (github.com/Ditectrev)",
    "cloud3": "Ditectrev AWS Machine Learning (MLS-C01) and Azure DP-203 practice exams (github.com/Ditectrev)",
    "cloud4": "Ditectrev AWS SysOps (SOA-C02) and Salesforce Data Cloud practice exams (github.com/Ditectrev)",
    "cloud5": "Ditectrev Azure AZ-400 and AWS Database (DBS-C01) practice exams (github.com/Ditectrev)",
    "cloud6": "Ditectrev AWS Security (SCS-C02) and Azure AZ-500 practice exams (github.com/Ditectrev)",
    "cloud7": "Ditectrev AWS Developer (DVA-C02) and Azure AZ-305 practice exams (github.com/Ditectrev)",
    "cloud8": "Ditectrev AWS Cloud Practitioner (CLF-C02) and Azure AZ-900 practice exams (github.com/Ditectrev)",
    "cloud9": "Ditectrev Azure AZ-104 practice exam (github.com/Ditectrev)",
    "trivia": "OpenTriviaQA science-technology, history, geography, humanities, literature and for-kids "
              "(github.com/uberspot/OpenTriviaQA, via benchmarks/opentrivia.py)",
    "trivia2": "OpenTriviaQA animals, religion-faith and world (github.com/uberspot/OpenTriviaQA, "
               "via benchmarks/opentrivia.py)",
    "trivia3": "OpenTriviaQA general, people and brain-teasers (github.com/uberspot/OpenTriviaQA, "
               "via benchmarks/opentrivia.py)",
    "trivia4": "OpenTriviaQA hobbies, sports, video-games and entertainment (github.com/uberspot/OpenTriviaQA, "
               "via benchmarks/opentrivia.py)",
}
#: the rules that map onto a criterion of the rubric (Tarrant et al. 2006; Moore et al. 2023)
RUBRIC = {"QL301": "all of the above", "QL302": "none of the above", "QL303": "longest option is the key",
          "QL304": "absolute terms", "QL305": "vague terms", "QL306": "negatively worded stem",
          "QL307": "word repeats between stem and key", "QL308": "true/false disguised as choices",
          "QL309": "lost sequence", "QL311": "unfocused stem", "QL312": "complex / K-type choices",
          "QL313": "grammatical cues", "QL314": "fill-in-the-blank",
          "QL801": "implausible distractors", "QL802": "ambiguous or unclear wording",
          "QL803": "more than one correct answer", "QL805": "gratuitous information in the stem",
          "QL806": "convergence cues", "QL807": "logical cues"}
#: a blind annotator's rubric keys (benchmarks/labels/RUBRIC.md) -> the code judged
KEYS = {"ambiguous": "QL802", "implausible-distractors": "QL801", "none-of-the-above": "QL302",
        "longest-key": "QL303", "gratuitous": "QL805", "true-false": "QL308", "convergence": "QL806",
        "logical-cue": "QL807", "all-of-the-above": "QL301", "fill-in-the-blank": "QL314",
        "absolute-terms": "QL304", "word-repeat": "QL307", "unfocused-stem": "QL311", "k-type": "QL312",
        "grammatical-cue": "QL313", "lost-sequence": "QL309", "vague-terms": "QL305",
        "more-than-one-correct": "QL803", "negative-stem": "QL306"}
MAX_FILE = 5_000_000

def stem_sha(stem: str) -> str:
    """8 hex digits identifying a stem (whitespace collapsed): labels carry it, never the text."""
    return hashlib.sha256(" ".join(stem.split()).encode("utf-8")).hexdigest()[:8]


#: bank files, ``<name>-quiz.<ext>``, and the quizlint importer that reads each extension
BANK_FORMATS = {".md": "markdown", ".aiken": "aiken", ".gift": "gift"}


def read_file(bank: Path, rel: str) -> list[dict]:
    """Every question of one bank file, as v1 dicts, in order, read by quizlint's
    own importer for its extension (:data:`BANK_FORMATS`, as ``quizlint import``)."""
    path = bank / rel
    if not path.is_file() or path.stat().st_size > MAX_FILE:
        return []
    reader = formats.get(BANK_FORMATS[path.suffix], "read").load()
    imported = reader.read(path.read_text("utf-8", errors="replace"), rel, quiz_id="bank")
    return [q for quiz in imported.quizzes for q in to_doc(quiz)["questions"]]


def bank_files(bank: Path) -> list[str]:
    return sorted(p.relative_to(bank).as_posix() for ext in BANK_FORMATS
                  for p in bank.glob(f"**/*-quiz{ext}"))


def load_bank(bank: Path) -> dict[str, dict]:
    """``{item id: question}`` for every choice question with at least two choices."""
    items = {}
    for rel in bank_files(bank):
        for n, q in enumerate(read_file(bank, rel), 1):
            if q["kind"] in ("single", "multi") and len(q.get("choices") or []) >= 2:
                items[f"{rel}#{n}"] = q
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


def read_labels(folder: Path = LABELS) -> list[dict]:
    """The labels of every ``*.jsonl`` in ``folder`` (not its subfolders), one per item and code.

    A line is one label (``item``, ``sha``, ``code``, ``flaw``, ``reason``), or a
    blind annotator's whole verdict on an item (``item``, ``sha``, ``flaws``:
    ``{rubric key: reason}``), which stands for one label per rubric criterion:
    a flaw where the key is listed, no flaw where it is not.
    """
    out = []
    for f in sorted(folder.glob("*.jsonl")):
        for line in f.read_text("utf-8").splitlines():
            if line.strip():
                out.extend(expand(json.loads(line)))
    return out


def expand(lab: dict) -> list[dict]:
    if "flaws" not in lab:
        return [lab]
    unknown = set(lab["flaws"]) - set(KEYS)
    if unknown:
        raise ValueError(f"{lab['item']}: not rubric keys: {sorted(unknown)}")
    return [{"item": lab["item"], "sha": lab["sha"], "code": code, "criterion": RUBRIC[code],
             "flaw": key in lab["flaws"], "sample": "blind", "annotator": lab.get("annotator"),
             "reason": lab["flaws"].get(key, "")} for key, code in KEYS.items()]


def adjudicated(labels: list[dict], folder: Path = LABELS / "adjudication") -> list[dict]:
    """``labels`` with the verdict of two adjudicators where they agree on an item and code.

    Each ``adjudication/<pattern>/`` folder holds two fresh annotators'
    verdicts on a contested form mixed with other items; where both say
    the same and the original annotator did not, the majority of the
    three stands (the label keeps its reason, marked "adjudicated").
    """
    verdicts: dict[tuple, list[bool]] = defaultdict(list)
    for pattern in sorted(p for p in folder.glob("*") if p.is_dir()):
        for lab in read_labels(pattern):
            verdicts[(lab["item"], lab["sha"], lab["code"])].append(lab["flaw"])
    agreed = {k: v[0] for k, v in verdicts.items() if len(v) == 2 and v[0] == v[1]}
    out = []
    for lab in labels:
        v = agreed.get((lab["item"], lab.get("sha"), lab["code"]))
        out.append(lab if v is None or v == lab["flaw"] else
                   {**lab, "flaw": v, "reason": f"adjudicated: {lab.get('reason', '')}".strip()})
    return out


def agreement(first: list[dict], second: list[dict]) -> dict[str, dict]:
    """Per code, two annotators' verdicts on the items both judged: n, agreement, Cohen's kappa."""
    a = {(x["item"], x["code"]): x["flaw"] for x in first}
    out = {}
    for code in sorted({x["code"] for x in second}):
        pairs = [(a[(x["item"], code)], x["flaw"]) for x in second
                 if x["code"] == code and (x["item"], code) in a]
        n = len(pairs)
        if not n:
            continue
        agree = sum(p == q for p, q in pairs) / n
        pa, pb = sum(p for p, _ in pairs) / n, sum(q for _, q in pairs) / n
        chance = pa * pb + (1 - pa) * (1 - pb)
        kappa = (agree - chance) / (1 - chance) if chance < 1 else None
        out[code] = {"n": n, "agree": agree, "kappa": kappa,
                     "first": sum(p for p, _ in pairs), "second": sum(q for _, q in pairs)}
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


def one_per_copy(items: dict[str, dict]) -> list[str]:
    """Item ids, one per group of duplicate questions, so copies do not fill a sample."""
    first = {}
    for item, q in items.items():
        sig = duplicates.signature(clean(q), "en")
        first.setdefault(repr(sig) if sig else item, item)
    return sorted(set(first.values()))


def print_blind(items, fired, labels, n: int, enrich: int, seed: int) -> None:
    """``n`` random items no label names, plus ``enrich`` that a rubric rule fires on
    (taken rule by rule, so rare flaws are in the sample), shuffled together and
    printed without what fires: the annotator sees only the item."""
    rng = random.Random(seed)
    done = {lab["item"] for lab in labels}
    pool = [i for i in one_per_copy(items) if i not in done]
    chosen = rng.sample(pool, min(n, len(pool)))
    rest = [i for i in pool if i not in set(chosen)]
    by_code = defaultdict(list)
    for i in rest:
        for code in sorted(fired[i] & set(RUBRIC)):
            by_code[code].append(i)
    for lst in by_code.values():
        rng.shuffle(lst)
    extra: list[str] = []
    while len(extra) < enrich and any(by_code.values()):
        for code in sorted(by_code):
            while by_code[code] and by_code[code][-1] in extra:
                by_code[code].pop()
            if by_code[code] and len(extra) < enrich:
                extra.append(by_code[code].pop())
    sample = chosen + extra
    rng.shuffle(sample)
    for item in sample:
        q = items[item]
        print(f"=== {item} sha={stem_sha(q['stem'])}")
        print(q["stem"])
        for k, c in enumerate(q["choices"]):
            print(f"  {chr(65 + k)}. [{'x' if c.get('correct') else ' '}] {c['text']}")
        print()


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
    ap.add_argument("bank", type=Path, nargs="+", help="bank folders (several: measured together)")
    ap.add_argument("--sample", type=int, help="measure a random subset of this many questions")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", nargs="*", help="print these items and what fires on them")
    ap.add_argument("--draw", help="a code: print random item ids to label (with --fired/--quiet)")
    ap.add_argument("--fired", type=int, default=0, help="with --draw: how many it fires on")
    ap.add_argument("--quiet", type=int, default=0, help="with --draw: how many it does not fire on")
    ap.add_argument("--labels", type=Path, action="append",
                    help="a folder of *.jsonl labels to measure against (repeat to pool several; "
                         f"default: {LABELS.relative_to(ROOT)})")
    ap.add_argument("--second", type=Path,
                    help="a second annotator's labels on some of the same items: print their agreement")
    ap.add_argument("--blind", type=int, default=0,
                    help="print this many random unlabelled items for blind labelling, with no rule output")
    ap.add_argument("--enrich", type=int, default=0,
                    help="with --blind: add this many items some rule fires on, shuffled in unmarked")
    ap.add_argument("--errors", action="store_true", help="list the labelled items each rule gets wrong")
    ap.add_argument("--adjudicated", action="store_true",
                    help="where two adjudicators agree against a label (labels/adjudication/), take theirs")
    ap.add_argument("--write-precision", action="store_true",
                    help=f"store the measured table in {tiers.PRECISION_FILE.relative_to(ROOT)}")
    args = ap.parse_args(argv)

    args.labels = args.labels or [LABELS]
    items = {}
    for bank in args.bank:
        more = load_bank(bank)
        if set(more) & set(items):
            raise SystemExit(f"{bank}: item ids also in another bank")
        items.update(more)
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
                print(f"  [{'x' if c.get('correct') else ' '}] {c['text']}")
        return 0
    if args.blind:
        print_blind(items, fired, [x for d in args.labels for x in read_labels(d)], args.blind, args.enrich,
                    args.seed)
        return 0
    if args.draw:
        rng = random.Random(args.seed)
        pool = one_per_copy(items)
        on = [i for i in pool if args.draw in fired[i]]
        off = [i for i in pool if args.draw not in fired[i]]
        for item in rng.sample(on, min(args.fired, len(on))) + rng.sample(off, min(args.quiet, len(off))):
            print(item)
        return 0

    hits = Counter(c for cs in fired.values() for c in cs)
    labels = [x for d in args.labels for x in read_labels(d)]
    if args.adjudicated:
        labels = adjudicated(labels)
    table = measure(fired, labels, items)
    print(f"{len(items)} questions from {', '.join(map(str, args.bank))}; {len(labels)} labels\n")
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
    if args.second:
        print(f"\nannotator agreement ({', '.join(map(str, args.labels))} vs {args.second}):")
        print("| code | items | agreement | kappa | flaws (first/second) |")
        print("|---|---|---|---|---|")
        for code, a in agreement(labels, read_labels(args.second)).items():
            k = "—" if a["kappa"] is None else f"{a['kappa']:+.2f}"
            print(f"| {code} | {a['n']} | {pct(a['agree'])} | {k} | {a['first']}/{a['second']} |")
    if any(c.get("missing") or c.get("changed") for c in table.values()):
        print("\nlabels not matched (bank changed?):",
              {k: (v.get("missing", 0), v.get("changed", 0)) for k, v in table.items()
               if v.get("missing") or v.get("changed")})
    if args.write_precision:
        if args.sample:
            print("refusing --write-precision on a --sample run", file=sys.stderr)
            return 2
        banks = "; ".join(KNOWN_BANKS.get(b.name, b.name) for b in args.bank)
        folders = ", ".join(str(d.resolve().relative_to(ROOT)) for d in args.labels)
        how = "; where two adjudicators agree against a label (benchmarks/labels/adjudication), theirs" \
            if args.adjudicated else ""
        tiers.write({"data": f"{banks}: {len(items)} questions; {len(labels)} labels in {folders}{how}",
                     "rules": stored})
        print(f"\nwrote {tiers.PRECISION_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
