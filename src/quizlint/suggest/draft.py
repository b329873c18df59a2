"""Drafting: ask a backend, parse the JSON, run the filters, say what was dropped."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field

from quizlint.i18n import _SPAN as _SPANS  # the spans i18n protects, as one regex
from quizlint.i18n import protected_spans, text_fields, text_in

from . import filters, output_schemas, prompts
from .backend import Request

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][*_)\"'])|(?<=[.!?]\*\*))\s+(?=[A-Z¿¡(*$`\"'])")


@dataclass
class Options:
    max_tokens: int = 256
    seed: int = 42
    timeout: float = 120.0
    temperature: float = 0.7     # distractors; translations decode greedily first
    attempts: int = 2            # generations per distractor request
    config: object = None        # quizlint.config.Config: which rules gate the drafts
    memory: object = None        # memory.Memory: reviewed pairs to show as examples (translations)


@dataclass
class Outcome:
    """What one draft request produced: kept values and (what, reason) drops."""

    kept: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    tokens: int = 0
    seconds: float = 0.0


def today() -> str:
    """ISO date; ``SOURCE_DATE_EPOCH`` pins it for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return dt.date.today().isoformat()


def choice_texts(question: dict, lang: str) -> tuple[list[str], list[str]]:
    """(keys, all options) as ``lang`` strings."""
    keys, options = [], []
    for choice in question.get("choices") or []:
        if not isinstance(choice, dict):
            continue
        text = text_in(choice.get("text"), lang, lang)
        if text is None:
            continue
        options.append(text)
        if choice.get("correct") is True:
            keys.append(text)
    return keys, options


def _examples(prompt) -> set[str]:
    out = set()
    for _, answer in prompt.shots:
        try:
            out.update(json.loads(answer).get("distractors", []))
        except (ValueError, AttributeError):
            pass
    return out


def distractors(backend, question: dict, n: int, lang: str, opts: Options) -> Outcome:
    """Up to ``n`` new wrong choices for a single/multi question."""
    prompt = prompts.load("distractors")
    keys, options = choice_texts(question, lang)
    stem = text_in(question.get("stem"), lang, lang) or ""
    values = {
        "question": prompts.quote(stem),
        "key": prompts.quote(keys[0] if keys else ""),
        "choices": json.dumps([prompts.clean(o) for o in options], ensure_ascii=False),
        "n": n,
    }
    want = min(n + 2, 8)
    out = Outcome()
    seen_raw: list[str] = []
    for attempt in range(opts.attempts):
        req = Request(prompt, values, output_schemas.distractors_schema(want), output_schemas.distractors_grammar(want),
                      max_tokens=opts.max_tokens, seed=opts.seed + attempt,
                      temperature=opts.temperature, timeout=opts.timeout)
        res = backend.generate(req)
        out.tokens += res.tokens
        out.seconds += res.seconds
        try:
            cands = output_schemas.parse(res.text, req.schema)["distractors"]
        except ValueError as exc:
            out.dropped.append((res.text.strip()[:60] or "(nothing)", str(exc)))
            continue
        seen_raw += [prompts.clean(c) for c in cands]
        kept, dropped = filters.filter_distractors(seen_raw, keys, options, _examples(prompt),
                                                   question=question, lang=lang, config=opts.config)
        out.kept = kept[:n]
        out.dropped = [d for d in out.dropped if d[1].startswith(("invalid", "truncated", "JSON"))] + dropped
        if len(out.kept) >= n:
            break
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, never cutting inside math or code."""
    text = re.sub(r"\s+", " ", text).strip()
    guarded = text
    for span in protected_spans(text):
        guarded = guarded.replace(span, "\0" * len(span), 1)
    cuts = [m.start() for m in _SENTENCE_END.finditer(guarded)]
    parts, start = [], 0
    for cut in cuts:
        parts.append(text[start:cut].strip())
        start = cut
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def mask(text: str) -> tuple[str, dict]:
    """Replace math and code spans with ``$A$``/`` `B` `` placeholders the model copies easily."""
    mapping: dict = {}
    letters = (c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if f"${c}$" not in text and f"`{c}`" not in text)

    def sub(m):
        span = m.group(0)
        if not span.startswith(("$", "`")):
            return span                     # numbers stay: the model copies them well
        try:
            c = next(letters)
        except StopIteration:
            return span
        key = f"${c}$" if span.startswith("$") else f"`{c}`"
        mapping[key] = span
        return key
    return _SPANS.sub(sub, text), mapping


def unmask(text: str, mapping: dict) -> tuple[str, str | None]:
    """Put the spans back; a placeholder lost or repeated is a reason to reject."""
    for key, span in mapping.items():
        n = text.count(key)
        if n != 1:
            return text, f"math/code not kept: {span} ({'lost' if n == 0 else 'repeated'})"
        text = text.replace(key, span)
    return text, None


def _shot(prompt, source: str, target: str) -> tuple[str, str]:
    """One few-shot pair in the prompt's own request form."""
    return prompts.fill(prompt.request, {"text": prompts.quote(source)}), \
        json.dumps({"text": prompts.clean(target)}, ensure_ascii=False)


def _masked_pair(source: str, target: str) -> tuple[str, str]:
    """A memory pair with its math and code masked alike on both sides."""
    masked, mapping = mask(source)
    for key, span in mapping.items():
        target = target.replace(span, key, 1)
    return masked, target


SHOT_CHARS = 200    # longer memory pairs cost the small models more context than they help


def shots_for(prompt, sentence: str, masked: str, opts: Options, terms: dict) -> list:
    """The examples for one sentence: the nearest reviewed pairs of the tree's
    memory take the place of as many of the prompt's fixed ones (the nearest
    last), then each glossary term it uses. A tree with no reviewed
    translation gets the fixed examples only."""
    from quizlint.glossary import terms_in

    memory = opts.memory
    near = [(a, b) for a, b in (memory.nearest(sentence, k=6) if memory is not None else [])
            if len(a) <= SHOT_CHARS][-3:]
    fixed = list(prompt.shots)
    shots = fixed[:max(0, len(fixed) - len(near))] + [_shot(prompt, *_masked_pair(a, b)) for a, b in near]
    return shots + [_shot(prompt, term, form) for term, form in terms_in(sentence, terms)]


def translate_text(backend, prompt, text: str, opts: Options,
                   terms: dict | None = None) -> tuple[str | None, str | None, int, float]:
    """(translation, None) or (None, reason); each sentence is tried twice.

    ``terms`` is the target language's glossary: a sentence whose draft
    misses a required form is tried again, then rejected with the reason."""
    from dataclasses import replace

    from quizlint.glossary import misses

    done, tokens, secs = [], 0, 0.0
    for sentence in split_sentences(text):
        reason = None
        masked, mapping = mask(sentence)
        shown = replace(prompt, shots=shots_for(prompt, sentence, masked, opts, terms or {}))
        for attempt in range(2):
            req = Request(shown, {"text": prompts.quote(masked)}, output_schemas.translation_schema(),
                          output_schemas.translation_grammar(), max_tokens=min(opts.max_tokens, len(sentence) // 2 + 24),
                          seed=opts.seed + attempt, temperature=0.0 if attempt == 0 else 0.5,
                          timeout=opts.timeout)
            res = backend.generate(req)
            tokens, secs = tokens + res.tokens, secs + res.seconds
            try:
                out = prompts.clean(output_schemas.parse(res.text, req.schema)["text"])
            except ValueError as exc:
                reason = str(exc)
                continue
            out, reason = unmask(out, mapping)
            reason = reason or filters.check_translation(sentence, out)
            if reason is None and terms:
                missed = misses(sentence, out, terms)
                reason = "; ".join(f"glossary: {term!r} must be {form!r}" for term, form in missed) or None
            if reason is None:
                done.append(out)
                break
        if reason:
            return None, f"{reason}: {sentence[:50]!r}", tokens, secs
    return " ".join(done), None, tokens, secs


def translation(backend, question: dict, lang: str, source_lang: str, opts: Options,
                only_missing: bool) -> Outcome:
    """Translations of the question's source texts: kept = [(path, text)]."""
    prompt = prompts.load(f"translate-{lang}")
    out = Outcome()
    for path, value in text_fields(question):
        src = text_in(value, source_lang, source_lang)
        if not src or not src.strip():
            continue
        if only_missing and text_in(value, lang, source_lang):
            continue
        terms = opts.config.glossaries().get(lang, {}) if opts.config is not None else {}
        text, reason, tokens, secs = translate_text(backend, prompt, src, opts, terms)
        out.tokens, out.seconds = out.tokens + tokens, out.seconds + secs
        if reason:
            out.dropped.append((".".join(map(str, path)), reason))
        else:
            out.kept.append((path, text))
    return out
