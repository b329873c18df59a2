"""Turn kept drafts into YAML edits (through ``quizlint.yamledit``)."""

from __future__ import annotations

from quizlint.i18n import languages, source_hash, text_fields, text_in
from quizlint.yamledit import Flow, Raw, YamlFile


def origin(model: str, prompt_version: str | None, date: str) -> Flow:
    out = Flow(by=model)
    if prompt_version:
        out["prompt"] = prompt_version
    out["at"] = Raw(date)
    return out


def question_path(yf: YamlFile, qid: str) -> tuple | None:
    for i, q in enumerate(yf.data.get("questions") or []):
        if isinstance(q, dict) and q.get("id") == qid:
            return ("questions", i)
    return None


def add_distractors(yf: YamlFile, qpath: tuple, texts: list[str], stamp: Flow) -> None:
    """Append draft choices, matching the style (plain or per-language) of the first choice."""
    q = yf.data[qpath[0]][qpath[1]]
    source = languages(yf.data)[0]
    first = (q.get("choices") or [{}])[0]
    as_map = isinstance(first, dict) and isinstance(first.get("text"), dict)
    items = []
    for t in texts:
        items.append({"text": {source: t} if as_map else t, "status": "draft", "origin": stamp})
    yf.append_items(qpath + ("choices",), items)


def translation_state(question: dict, lang: str, source_lang: str) -> str:
    """``missing`` | ``stale`` | ``partial`` | ``current`` for one question."""
    state = (question.get("translations") or {}).get(lang)
    if not isinstance(state, dict):
        return "missing"
    if state.get("source") != source_hash(question, source_lang):
        return "stale"
    for _, value in text_fields(question):
        if text_in(value, source_lang, source_lang) and not text_in(value, lang, source_lang):
            return "partial"
    return "current"


def add_translation(yf: YamlFile, qpath: tuple, lang: str, kept: list, stamp: Flow) -> None:
    """Write each kept ``(field path, text)`` as ``lang:`` and mark the translation a draft."""
    source = languages(yf.data)[0]
    for path, text in kept:
        *parent, key = path
        yf.localize(qpath + tuple(parent), key, lang, text, source)
    q = yf.data[qpath[0]][qpath[1]]
    state = Flow(source=source_hash(q, source), status="draft", origin=stamp)
    if isinstance(q.get("translations"), dict):
        yf.set_entry(qpath + ("translations",), lang, state)
    else:
        yf.add_entries(qpath, {"translations": {lang: state}})
