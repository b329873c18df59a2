"""Turn kept drafts into YAML edits (through ``quizlint.yamledit``).

These only edit a ``YamlFile`` in memory; ``YamlFile.write`` writes it under
the file's lock and refuses when the file changed since it was read.
A question whose ``choices`` or ``translations`` has the wrong type is an
``EditError`` (nothing changed), never a traceback.
"""

from __future__ import annotations

from quizlint.i18n import source_hash, text_fields, text_in
from quizlint.yamledit import EditError, Flow, Raw, YamlFile


def origin(model: str, prompt_version: str | None, date: str) -> Flow:
    out = Flow(by=model)
    if prompt_version:
        out["prompt"] = prompt_version
    out["at"] = Raw(date)
    return out


def add_distractors(yf: YamlFile, qpath: tuple, texts: list[str], stamp: Flow, source: str) -> None:
    """Append draft choices, matching the style (plain or per-language) of the first choice."""
    q = yf.data[qpath[0]][qpath[1]]
    if not isinstance(q.get("choices"), list) or not q["choices"]:
        raise EditError(f"{yf.path}: {q.get('id')}: `choices` is not a list of choices; fix it first")
    first = q["choices"][0]
    as_map = isinstance(first, dict) and isinstance(first.get("text"), dict)
    items = []
    for t in texts:
        items.append({"text": {source: t} if as_map else t, "status": "draft", "origin": stamp})
    yf.append_items(qpath + ("choices",), items)


def add_wrong_answers(yf: YamlFile, qpath: tuple, items: list[tuple], key: str, stamp: Flow,
                      langs: list[str]) -> None:
    """Append draft ``wrong_answers`` (``key`` is ``expr`` or ``value``), each with its
    mistake named in every language of ``langs`` that the catalogue has."""
    from quizlint.symbolic.drafting import mistake_in

    q = yf.data[qpath[0]][qpath[1]]
    new = []
    for v, why in items:
        named = {langs[0]: why, **{lang: t for lang in langs[1:] if (t := mistake_in(why, lang))}}
        new.append({key: v, "why": named if len(langs) > 1 else why, "status": "draft", "origin": stamp})
    if q.get("wrong_answers") is None:
        after = "explanation" if "explanation" in q else "answer"
        yf.add_entries(qpath, {"wrong_answers": new}, after=after)
    elif isinstance(q["wrong_answers"], list) and q["wrong_answers"]:
        yf.append_items(qpath + ("wrong_answers",), new)
    else:
        raise EditError(f"{yf.path}: {q.get('id')}: `wrong_answers` is not a list; fix it first")


def translation_state(question: dict, lang: str, source_lang: str) -> str:
    """``missing`` | ``stale`` | ``partial`` | ``current`` for one question."""
    translations = question.get("translations")
    state = translations.get(lang) if isinstance(translations, dict) else None
    if not isinstance(state, dict):
        return "missing"
    if state.get("source") != source_hash(question, source_lang):
        return "stale"
    for _, value in text_fields(question):
        if text_in(value, source_lang, source_lang) and not text_in(value, lang, source_lang):
            return "partial"
    return "current"


def add_translation(yf: YamlFile, qpath: tuple, lang: str, kept: list, stamp: Flow, source: str) -> None:
    """Write each kept ``(field path, text)`` as ``lang:`` and mark the translation a draft."""
    translations = yf.data[qpath[0]][qpath[1]].get("translations")
    if translations is not None and not isinstance(translations, dict):
        raise EditError(f"{yf.path}: {yf.data[qpath[0]][qpath[1]].get('id')}: `translations` is not "
                        "a mapping from language to state; fix it first")
    for path, text in kept:
        *parent, key = path
        yf.localize(qpath + tuple(parent), key, lang, text, source)
    q = yf.data[qpath[0]][qpath[1]]
    state = Flow(source=source_hash(q, source), status="draft", origin=stamp)
    if isinstance(q.get("translations"), dict):
        yf.set_entry(qpath + ("translations",), lang, state)
    else:  # absent, or an empty `translations:`
        yf.set_entry(qpath, "translations", {lang: state})
