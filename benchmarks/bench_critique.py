"""How often does `quizlint critique` agree with people? (issue 16)

    python benchmarks/bench_critique.py BANK [--planted N] [--seed S] [--model smollm2] [--endpoint URL]

BANK is the public LinkedIn skill-assessment bank (a clone of
github.com/Ebazhanov/linkedin-skill-assessments-quizzes, e.g.
/work/banks/linkedin), read from its path and converted in memory with
``quizlint.formats.markdown.read``; nothing of it is written anywhere.

Two measurements, each against the trivial answers (always "flaw", always
"ok") so that chance level is visible:

1. **Human labels** (``benchmarks/labels/*.jsonl``, see docs/rules.md: one
   object per line with ``item`` = ``<topic>/<file>.md#<question number>``,
   ``sha`` = 8 hex digits of the whitespace-collapsed stem, ``code``,
   ``criterion``, ``flaw`` true/false). Labels whose criterion is one of the
   critique's (by its words: implausible, ambiguous, more than one correct,
   unclear language) are asked of the model; agreement, precision, recall
   and Cohen's kappa are printed with counts.
2. **Planted flaws** (``--planted N``, seeded): N bank questions as they
   are, and each with one flaw planted: a distractor replaced by a choice
   of a question from another topic (implausible-distractor), a distractor
   replaced by a copy of the key (more-than-one-correct). The model should
   say "flaw" on the planted copy and "ok" on the original (an original
   may of course have the flaw already: this measures the *difference*).

The bundled model runs in process (``--model``, default smollm2); with
``--endpoint`` or ``[tool.quizlint.llm] endpoint`` the endpoint's model is
measured as well.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from quizlint.critique.judge import judge  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_rules import LABELS, bank_files, read_file, read_labels, stem_sha  # noqa: E402  (one reader of banks and labels)
#: words in a label's `criterion` -> the critique criterion it is
WORDS = {
    "implausible": "implausible-distractor",
    "ambigu": "ambiguous",
    "more than one correct": "more-than-one-correct",
    "multiple correct": "more-than-one-correct",
    "more-than-one-correct": "more-than-one-correct",
    "unclear": "unclear-language",
    "clear language": "unclear-language",
}


class Bank:
    def __init__(self, root: Path):
        self.root, self.files = root, {}

    def questions(self, rel: str) -> list[dict]:
        if rel not in self.files:
            self.files[rel] = read_file(self.root, rel)
        return self.files[rel]

    def item(self, item: str, sha: str | None) -> dict | None:
        """The question of a label: by stem fingerprint when it has one, else by number."""
        rel, _, number = item.partition("#")
        qs = self.questions(rel)
        if sha:
            same = [q for q in qs if isinstance(q.get("stem"), str) and stem_sha(q["stem"]) == sha]
            if same:
                return same[0]
        n = int(number) if number.isdigit() else 0
        return qs[n - 1] if 0 < n <= len(qs) and not sha else None

    def all_files(self) -> list[str]:
        return bank_files(self.root)


#: the rubric codes of issue 11 for the judged criteria (rules/judged.py) -> the critique criterion
from quizlint.codes import CRITIQUE  # noqa: E402

CODES = {c.code: criterion for criterion, c in CRITIQUE.items()}


def criterion_of(label: dict) -> str | None:
    if label.get("code") in CODES:
        return CODES[label["code"]]
    text = str(label.get("criterion", "")).lower()
    return next((c for w, c in WORDS.items() if w in text), None)


def scores(pairs: list[tuple[bool, bool]]) -> dict:
    """Agreement, precision, recall, kappa of (human, model) flaw verdicts."""
    n = len(pairs)
    tp = sum(h and m for h, m in pairs)
    tn = sum(not h and not m for h, m in pairs)
    fp = sum(m and not h for h, m in pairs)
    fn = sum(h and not m for h, m in pairs)
    agree = (tp + tn) / n if n else 0.0
    ph, pm = (tp + fn) / n if n else 0, (tp + fp) / n if n else 0
    chance = ph * pm + (1 - ph) * (1 - pm)
    kappa = (agree - chance) / (1 - chance) if n and chance < 1 else 0.0
    return {"n": n, "tp": tp, "fp": fp, "fn": fn, "tn": tn, "agreement": agree,
            "precision": tp / (tp + fp) if tp + fp else None, "recall": tp / (tp + fn) if tp + fn else None,
            "kappa": kappa, "always_flaw": ph, "always_ok": 1 - ph}


def show(name: str, s: dict) -> str:
    pct = lambda x: "-" if x is None else f"{100 * x:.0f}%"  # noqa: E731
    return (f"{name:<24} n={s['n']:<4} agree {pct(s['agreement']):>4}  precision {pct(s['precision']):>4}  "
            f"recall {pct(s['recall']):>4}  kappa {s['kappa']:+.2f}   (tp {s['tp']} fp {s['fp']} fn {s['fn']} "
            f"tn {s['tn']}; always-flaw {pct(s['always_flaw'])}, always-ok {pct(s['always_ok'])})")


def ask(backend, question: dict, criterion: str, stats: dict) -> bool | None:
    v = judge(backend, question, criterion, "en", max_tokens=160, timeout=600)
    stats["calls"] += 1
    stats["seconds"] += v.seconds
    print(f"\r{stats['calls']} answers", end="", file=sys.stderr, flush=True)
    if v.error:
        stats["failed"] += 1
        return None
    return v.verdict == "flaw"


def measure_labels(backend, bank: Bank, labels: list[dict], limit: int | None) -> dict:
    stats = {"calls": 0, "seconds": 0.0, "failed": 0, "missing": 0}
    pairs: dict[str, list] = {}
    todo = [(lab, criterion_of(lab)) for lab in labels]
    todo = [(lab, c) for lab, c in todo if c][:limit]
    for lab, crit in todo:
        q = bank.item(lab["item"], lab.get("sha"))
        if q is None:
            stats["missing"] += 1
            continue
        got = ask(backend, q, crit, stats)
        if got is not None:
            pairs.setdefault(crit, []).append((bool(lab["flaw"]), got))
    return {"stats": stats, "by": {c: scores(p) for c, p in pairs.items()},
            "all": scores([x for p in pairs.values() for x in p]), "labels": len(todo)}


def plant(bank: Bank, n: int, seed: int) -> list[tuple[str, dict, str, bool]]:
    """(item, question, criterion, planted?) cases: originals and planted copies."""
    rng = random.Random(seed)
    files = bank.all_files()
    pool = []
    for rel in files:
        for i, q in enumerate(bank.questions(rel), 1):
            cs = q.get("choices") or []
            if q.get("kind") == "single" and 3 <= len(cs) <= 6 and all(isinstance(c.get("text"), str) for c in cs):
                pool.append((rel, i, q))
    cases = []
    for rel, i, q in rng.sample(pool, min(n, len(pool))):
        cs = q["choices"]
        key = next(c["text"] for c in cs if c.get("correct"))
        wrong = [j for j, c in enumerate(cs) if not c.get("correct")]
        j = rng.choice(wrong)
        other = rng.choice([p for p in pool if p[0].split("/")[0] != rel.split("/")[0]])
        far = rng.choice(other[2]["choices"])["text"]
        off_topic = dict(q, choices=[dict(c, text=far) if k == j else c for k, c in enumerate(cs)])
        two_keys = dict(q, choices=[dict(c, text=key) if k == j else c for k, c in enumerate(cs)])
        item = f"{rel}#{i}"
        cases += [(item, q, "implausible-distractor", False), (item, off_topic, "implausible-distractor", True),
                  (item, q, "more-than-one-correct", False), (item, two_keys, "more-than-one-correct", True)]
    return cases


def measure_planted(backend, cases) -> dict:
    stats = {"calls": 0, "seconds": 0.0, "failed": 0}
    pairs: dict[str, list] = {}
    for _item, q, crit, planted in cases:
        got = ask(backend, q, crit, stats)
        if got is not None:
            pairs.setdefault(crit, []).append((planted, got))
    return {"stats": stats, "by": {c: scores(p) for c, p in pairs.items()},
            "all": scores([x for p in pairs.values() for x in p])}


def backends(args):
    from quizlint import config as cfg
    from quizlint.suggest import models
    from quizlint.suggest.backend import HttpBackend, LlamaBackend

    out = []
    if not args.no_local:
        path, name = models.resolve(args.model, "distractors")
        out.append(LlamaBackend(path, name, n_threads=args.threads))
    endpoint = args.endpoint or dict(cfg.load().llm).get("endpoint")
    if endpoint:
        out.append(HttpBackend(endpoint, args.endpoint_model))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bank", type=Path)
    ap.add_argument("--planted", type=int, default=25, help="bank questions to plant flaws in (0: none)")
    ap.add_argument("--labels", type=int, default=None, help="at most this many labels (default: all that map)")
    ap.add_argument("--label-dir", type=Path, default=LABELS, help="the labels' folder (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--model", default=None, help="bundled model or GGUF (default: smollm2)")
    ap.add_argument("--no-local", action="store_true", help="only the endpoint")
    ap.add_argument("--endpoint", help="OpenAI-compatible server (default: [tool.quizlint.llm] endpoint)")
    ap.add_argument("--endpoint-model", default=None)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    args = ap.parse_args(argv)
    bank = Bank(args.bank)
    labels = read_labels(args.label_dir)
    mapped = [lab for lab in labels if criterion_of(lab)]
    print(f"labels: {len(labels)} in {args.label_dir}, {len(mapped)} on a critique criterion "
          f"({', '.join(sorted({criterion_of(lab) for lab in mapped})) or 'none'})")
    cases = plant(bank, args.planted, args.seed) if args.planted else []
    report = {}
    for b in backends(args):
        print(f"\n== {b.name} ({getattr(b, 'device', '')})")
        t0 = time.monotonic()
        entry = {}
        if mapped:
            got = measure_labels(b, bank, mapped, args.labels)
            print(f"human labels: {got['labels']} asked, {got['stats']['missing']} items not found, "
                  f"{got['stats']['failed']} unusable answers")
            for crit, s in sorted(got["by"].items()):
                print("  " + show(crit, s))
            print("  " + show("all", got["all"]))
            entry["labels"] = got
        if cases:
            got = measure_planted(b, cases)
            print(f"planted flaws: {args.planted} questions x 2 criteria x (original, planted); "
                  f"{got['stats']['failed']} unusable answers")
            for crit, s in sorted(got["by"].items()):
                print("  " + show(crit, s))
            print("  " + show("all", got["all"]))
            entry["planted"] = got
        entry["seconds"] = time.monotonic() - t0
        print(f"({entry['seconds']:.0f} s)")
        report[b.name] = entry
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
