"""Benchmark `quizlint suggest` on the bundled models, offline.

One run reports, on the same model and prompt:

1. speed: quizlint's generation tokens/s against a bare llama-cpp-python
   ``create_completion`` call (greedy, same prompt, same grammar), as a ratio;
2. wall time to draft one question (distractors + Spanish), model loaded;
3. over the seed questions (data/quizzes/*.yaml): the share of drafted
   distractors and translated sentences kept, and dropped by each filter;
4. with ``--compare``: both bundled models on both tasks (distractor
   survival and on-topic share; Spanish chrF against the seed files' own
   Spanish text), which is how the default model per task was picked.

Usage: python benchmarks/bench_suggest.py [--threads 1] [--compare] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERBOSE = False
sys.path.insert(0, str(ROOT / "src"))

from quizlint.i18n import text_fields, text_in  # noqa: E402
from quizlint.loader import load_file  # noqa: E402
from quizlint.suggest import draft, filters, models, output_schemas, prompts  # noqa: E402
from quizlint.suggest.backend import LlamaBackend, Request  # noqa: E402


def chrf(hyp: str, ref: str, n: int = 6, beta: float = 2.0) -> float:
    """chrF (character n-gram F-score, spaces removed), 0-100."""
    h, r = hyp.replace(" ", ""), ref.replace(" ", "")
    scores = []
    for k in range(1, n + 1):
        hg = Counter(h[i:i + k] for i in range(len(h) - k + 1))
        rg = Counter(r[i:i + k] for i in range(len(r) - k + 1))
        if not hg or not rg:
            continue
        match = sum((hg & rg).values())
        p, rc = match / sum(hg.values()), match / sum(rg.values())
        scores.append(0 if p + rc == 0 else (1 + beta**2) * p * rc / (beta**2 * p + rc))
    return 100 * sum(scores) / len(scores) if scores else 0.0


def seed_questions(limit: int | None = None):
    out = []
    for f in sorted((ROOT / "data" / "quizzes").glob("*.yaml")):
        doc = load_file(str(f)).data
        langs = doc.get("languages") or ["en"]
        for q in doc.get("questions", []):
            out.append((q, langs))
    return out[:limit] if limit else out


def choice_questions(limit=None):
    return [q for q, _ in seed_questions() if q.get("kind") in ("single", "multi")][:limit]


def reference_pairs(limit=None):
    """(English sentence, Spanish sentence) pairs from seed text with both languages."""
    pairs = []
    for q, langs in seed_questions():
        if "es" not in langs:
            continue
        for _, value in text_fields(q):
            en, es = text_in(value, "en", "en"), text_in(value, "es", "en")
            if en and es:
                a, b = draft.split_sentences(en), draft.split_sentences(es)
                if len(a) == len(b):
                    pairs += zip(a, b)
    return pairs[:limit]


def load(name: str, threads: int) -> LlamaBackend:
    path, display = models.resolve(name, "translate")
    return LlamaBackend(path, display, n_threads=threads)


def bench_distractors(backend, questions, opts) -> dict:
    reasons, total, kept, topical, secs, tokens = Counter(), 0, 0, 0, 0.0, 0
    for q in questions:
        out = draft.distractors(backend, q, 3, "en", opts)
        if VERBOSE:
            print(f"  {q['id']}: kept {out.kept}", file=sys.stderr, flush=True)
        secs, tokens = secs + out.seconds, tokens + out.tokens
        total += len(out.kept) + len(out.dropped)
        kept += len(out.kept)
        reasons.update(r.split(":")[0].split(" (")[0] for _, r in out.dropped)
        words = set(filters._words(" ".join([text_in(q.get("stem"), "en", "en") or ""]
                                             + draft.choice_texts(q, "en")[1])))
        topical += sum(any(len(w) > 3 and w in words for w in filters._words(c)) for c in out.kept)
    return {"questions": len(questions), "candidates": total, "kept": kept,
            "kept_share": kept / total if total else 0.0, "on_topic": topical / kept if kept else 0.0,
            "dropped": dict(reasons), "tok_s": tokens / secs if secs else 0.0}


def bench_spanish(backend, pairs, opts) -> dict:
    prompt = prompts.load("translate-es")
    scores, raw_scores, reasons, kept = [], [], Counter(), 0
    for en, es in pairs:
        text, reason, _, _ = draft.translate_text(backend, prompt, en, opts)
        if VERBOSE:
            print(f"  {en[:40]!r} -> {text!r} {reason or ''}", file=sys.stderr, flush=True)
        masked, mapping = draft.mask(en)
        req = Request(prompt, {"text": prompts.quote(masked)}, output_schemas.translation_schema(),
                      output_schemas.translation_grammar(), max_tokens=len(en) // 2 + 24, seed=opts.seed)
        try:  # first greedy answer, before any filter: the model's raw quality
            raw = draft.unmask(output_schemas.parse(backend.generate(req).text, req.schema)["text"], mapping)[0]
        except ValueError:
            raw = ""
        raw_scores.append(chrf(raw, es))
        if reason:
            reasons[reason.split(":")[0].split(" (")[0]] += 1
        else:
            kept += 1
            scores.append(chrf(text, es))
    n = len(pairs)
    return {"sentences": n, "chrF_raw": sum(raw_scores) / n if n else 0.0,
            "kept_share": kept / n if n else 0.0,
            "chrF_kept": sum(scores) / len(scores) if scores else 0.0, "rejected": dict(reasons)}


def bench_speed(backend, question, opts) -> dict:
    """quizlint's tokens/s vs a bare create_completion on the same prompt and grammar."""
    from llama_cpp import LlamaGrammar

    prompt = prompts.load("translate-es")
    text = text_in(question.get("stem"), "en", "en")
    req = Request(prompt, {"text": prompts.quote(text)}, output_schemas.translation_schema(),
                  output_schemas.translation_grammar(), max_tokens=48, seed=1, temperature=0.0)
    ours = [backend.generate(req) for _ in range(3)][1:]
    head, tail = prompt.completion(req.values)
    grammar = LlamaGrammar.from_string(req.grammar, verbose=False)

    def bare(g):
        """Generation tok/s of plain create_completion, its prompt time taken out."""
        runs = []
        for _ in range(2):
            backend.llm.reset()
            backend._prefix = None
            t0 = time.monotonic()
            got = backend.llm.create_completion(head + tail, max_tokens=1, temperature=0.0)
            t_prompt = time.monotonic() - t0
            backend.llm.reset()
            t0 = time.monotonic()
            got = backend.llm.create_completion(head + tail, max_tokens=48, temperature=0.0, grammar=g)
            runs.append((got["usage"]["completion_tokens"], time.monotonic() - t0 - t_prompt))
        backend._prefix = None
        return sum(t for t, _ in runs) / sum(max(s, 1e-6) for _, s in runs)

    ours_tps = sum(r.tokens for r in ours) / sum(r.seconds for r in ours)
    with_grammar, free = bare(grammar), bare(None)
    return {"ours_tok_s": ours_tps, "bare_grammar_tok_s": with_grammar, "bare_free_tok_s": free,
            "ratio": ours_tps / with_grammar, "ratio_free": ours_tps / free}


def bench_cli(qid: str, threads: int) -> float:
    """Wall time of `quizlint suggest ID --distractors 3 --translate es --dry-run`, models loaded by it."""
    import subprocess

    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "quizlint", "suggest", qid, "--distractors", "3", "--translate",
                    "es", "--dry-run", "--threads", str(threads), "--paths", str(ROOT / "data")],
                   cwd=ROOT, capture_output=True, check=True,
                   env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "src")})
    return time.monotonic() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--compare", action="store_true", help="compare both bundled models")
    ap.add_argument("--limit", type=int, default=None, help="questions/sentences per task")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every draft (stderr)")
    args = ap.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    opts = draft.Options()
    qs = choice_questions(args.limit)
    pairs = reference_pairs(args.limit)

    if args.compare:
        for name in models.BUNDLED:
            b = load(name, args.threads)
            d, s = bench_distractors(b, qs, opts), bench_spanish(b, pairs, opts)
            print(f"[{name}] distractors: {d}")
            print(f"[{name}] spanish:     {s}")
            del b

    for task, name in models.DEFAULT_FOR_TASK.items():
        b = load(name, args.threads)
        sp = bench_speed(b, qs[0], opts) if name == models.DEFAULT_FOR_TASK["translate"] else None
        if sp:
            print(f"speed [{b.name}, {b.device}, translate prompt + grammar]: quizlint "
                  f"{sp['ours_tok_s']:.1f} tok/s; bare create_completion {sp['bare_grammar_tok_s']:.1f} tok/s "
                  f"with the same grammar (ratio {sp['ratio']:.2f}), {sp['bare_free_tok_s']:.1f} tok/s "
                  f"unconstrained (ratio {sp['ratio_free']:.2f})")
        if task == "distractors":
            t0 = time.monotonic()
            draft.distractors(b, qs[0], 3, "en", opts)
            d_wall = time.monotonic() - t0
            d = bench_distractors(b, qs, opts)
            print(f"distractors [{b.name}] over {d['questions']} seed questions: {d['candidates']} candidates, "
                  f"{d['kept']} kept ({d['kept_share']:.0%}), {d['on_topic']:.0%} of kept on topic")
            for reason, n in sorted(d["dropped"].items(), key=lambda kv: -kv[1]):
                print(f"  dropped by {reason:<32} {n:3d}  ({n / d['candidates']:.0%})")
        else:
            t0 = time.monotonic()
            draft.translation(b, qs[0], "es", "en", opts, only_missing=False)
            t_wall = time.monotonic() - t0
            s = bench_spanish(b, pairs, opts)
            print(f"spanish [{b.name}] over {s['sentences']} seed sentences with a Spanish reference: "
                  f"chrF {s['chrF_raw']:.1f} (first answer), {s['kept_share']:.0%} kept, "
                  f"chrF {s['chrF_kept']:.1f} on kept")
            for reason, n in sorted(s["rejected"].items(), key=lambda kv: -kv[1]):
                print(f"  rejected: {reason:<30} {n:3d}  ({n / s['sentences']:.0%})")
    print(f"wall time for one question ({qs[0]['id']}), models loaded: distractors {d_wall:.1f} s, "
          f"Spanish {t_wall:.1f} s, total {d_wall + t_wall:.1f} s")
    print(f"wall time of the CLI (`quizlint suggest {qs[0]['id']} --distractors 3 --translate es --dry-run`,"
          f" loading both models): {bench_cli(qs[0]['id'], args.threads):.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
