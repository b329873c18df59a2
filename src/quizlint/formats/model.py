"""The one question model every format reads into and writes from.

Importers build :class:`Quiz` objects; exporters and renderers take them.
:func:`from_doc` and :func:`to_doc` are the only places that convert
between a loaded v1 quiz file (plain data) and the model, and :func:`dump`
is the only place that writes a v1 file's text.

Localized text is a :data:`Text`: a dict from language tag to string, the
source language first. A format that has one language gives ``{lang: s}``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from quizlint.i18n import languages as quiz_languages

Text = dict  # language tag -> str, source language first

KINDS = ("single", "multi", "true_false", "free", "numeric", "symbolic")


@dataclass
class Choice:
    text: Text
    correct: bool = False
    why: Text | None = None
    draft: bool = False                 # `status: draft`: unreviewed (reviewer pages mark it)


@dataclass
class Numeric:
    """A numeric key: the value, and how far an answer may be from it."""

    value: float
    tolerance: float | None = None      # absolute
    rel_tolerance: float | None = None  # relative, as a fraction
    exact: bool = False
    unit: str | None = None


@dataclass
class Symbolic:
    expr: str
    latex: str | None = None


@dataclass
class WrongAnswer:
    """A common wrong answer of a numeric or symbolic question (``wrong_answers``)."""

    expr: str | None = None
    value: float | None = None
    why: Text | None = None


@dataclass
class Question:
    """One question. ``answer`` by kind: true_false ``bool``, free
    :data:`Text`, numeric :class:`Numeric`, symbolic :class:`Symbolic`,
    single/multi ``None`` (the key is in ``choices``)."""

    id: str
    kind: str
    stem: Text
    choices: list[Choice] = field(default_factory=list)
    answer: object = None
    explanation: Text | None = None
    tags: list[str] = field(default_factory=list)
    title: str | None = None            # a source's own question title (GIFT ::title::)
    wrong_answers: list[WrongAnswer] = field(default_factory=list)
    draft: bool = False                 # the question, a choice or a translation is a draft
    line: int = 0                       # where it starts in its source (importers)
    extra: dict = field(default_factory=dict)  # v1 keys the model does not interpret (checks, translations...)

    def keys(self) -> list[int]:
        """Indexes of the correct choices."""
        return [i for i, c in enumerate(self.choices) if c.correct]


@dataclass
class Quiz:
    id: str
    title: Text
    questions: list[Question] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: ["en"])
    tags: list[str] = field(default_factory=list)
    path: str | None = None             # the file it came from, when there is one

    @property
    def source_lang(self) -> str:
        return self.languages[0]


def text(value: Text | None, lang: str) -> str | None:
    """The string of ``value`` in ``lang``, or None."""
    return value.get(lang) if isinstance(value, dict) else None


def _text(value, source: str) -> Text | None:
    if isinstance(value, str):
        return {source: value}
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if isinstance(v, str)}
    return None


def _plain_text(value: Text | None, single: bool):
    """A Text as v1 writes it: a plain string when the quiz has one language."""
    if value is None:
        return None
    if single and len(value) == 1:
        return next(iter(value.values()))
    return dict(value)


def from_doc(data: dict, default_languages=("en",), path: str | None = None) -> Quiz:
    """The model of one loaded, schema-valid v1 quiz."""
    from quizlint.quiz import drafts

    langs = quiz_languages(data, default_languages)
    src = langs[0]
    quiz = Quiz(id=data["quiz"], title=_text(data.get("title"), src) or {src: data["quiz"]},
                languages=list(langs), tags=list(data.get("tags") or []), path=path)
    for q in data.get("questions") or []:
        kind = q["kind"]
        answer = q.get("answer")
        if kind == "numeric":
            answer = Numeric(answer["value"], answer.get("tolerance"), answer.get("rel_tolerance"),
                             bool(answer.get("exact", False)), answer.get("unit"))
        elif kind == "symbolic":
            answer = Symbolic(answer["expr"], answer.get("latex"))
        elif kind == "free":
            answer = _text(answer, src)
        wrong = [WrongAnswer(w.get("expr"), w.get("value"), _text(w.get("why"), src))
                 for w in q.get("wrong_answers") or [] if isinstance(w, dict)]
        known = {"id", "kind", "stem", "choices", "answer", "explanation", "tags", "wrong_answers", "status"}
        quiz.questions.append(Question(
            id=q["id"], kind=kind, stem=_text(q["stem"], src),
            choices=[Choice(_text(c["text"], src), bool(c.get("correct", False)), _text(c.get("why"), src),
                            c.get("status") == "draft")
                     for c in q.get("choices") or []],
            answer=answer, explanation=_text(q.get("explanation"), src), tags=list(q.get("tags") or []),
            wrong_answers=wrong, draft=bool(drafts(q)),
            extra={k: v for k, v in q.items() if k not in known}))
    return quiz


def to_doc(quiz: Quiz) -> dict:
    """The v1 data of ``quiz`` (what :func:`dump` writes)."""
    single = len(quiz.languages) == 1
    doc = {"format": "quizlint/v1", "quiz": quiz.id, "title": _plain_text(quiz.title, single)}
    if not single or quiz.languages != ["en"]:
        doc["languages"] = list(quiz.languages)
    if quiz.tags:
        doc["tags"] = list(quiz.tags)
    doc["questions"] = []
    for q in quiz.questions:
        out = {"id": q.id, "kind": q.kind}
        if q.tags:
            out["tags"] = list(q.tags)
        out["stem"] = _plain_text(q.stem, single)
        if q.choices:
            out["choices"] = []
            for c in q.choices:
                choice = {"text": _plain_text(c.text, single)}
                if c.correct:
                    choice["correct"] = True
                if c.why:
                    choice["why"] = _plain_text(c.why, single)
                if c.draft:
                    choice["status"] = "draft"
                out["choices"].append(choice)
        a = q.answer
        if isinstance(a, Numeric):
            out["answer"] = {"value": a.value}
            for key in ("tolerance", "rel_tolerance", "unit"):
                if getattr(a, key) is not None:
                    out["answer"][key] = getattr(a, key)
            if a.exact:
                out["answer"]["exact"] = True
        elif isinstance(a, Symbolic):
            out["answer"] = {"expr": a.expr} | ({"latex": a.latex} if a.latex else {})
        elif isinstance(a, dict):
            out["answer"] = _plain_text(a, single)
        elif a is not None:
            out["answer"] = a
        if q.explanation:
            out["explanation"] = _plain_text(q.explanation, single)
        if q.wrong_answers:
            out["wrong_answers"] = [
                {k: v for k, v in (("expr", w.expr), ("value", w.value), ("why", _plain_text(w.why, single)))
                 if v is not None} for w in q.wrong_answers]
        out.update(q.extra)
        doc["questions"].append(out)
    return doc


SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/quiz.schema.json\n"
WIDTH = 78


def _styled(value, indent: int = 0):
    """ruamel nodes in the style of data/quizzes: folded long text, literal
    text with line breaks (code), flow lists of plain strings (tags)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _styled(v, indent + 2)
        return m
    if isinstance(value, list):
        s = CommentedSeq(_styled(v, indent + 2) for v in value)
        if value and all(isinstance(v, str) and len(v) < 30 and "\n" not in v for v in value):
            s.fa.set_flow_style()
        return s
    if isinstance(value, str):
        if "\n" in value or value != value.strip():
            if value == value.strip() and not any(line != line.rstrip() for line in value.split("\n")):
                return LiteralScalarString(value)
            return value                    # leave quoting to ruamel
        if len(value) + indent > WIDTH - 10 and "  " not in value:
            return FoldedScalarString(value)
    return value


def dump(quiz: Quiz, header: str = "") -> str:
    """The v1 file text of ``quiz``: the ``$schema`` comment, ``header``
    comment lines, block style. Checked to load back to the same data."""
    from ruamel.yaml import YAML

    from quizlint.loader import load_text

    data = to_doc(quiz)
    y = YAML()
    y.width = WIDTH
    y.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    y.dump(_styled(data), buf)
    body = buf.getvalue()
    if load_text(body).data != data:        # a style that changed a value: write it plain
        buf = io.StringIO()
        y.dump(data, buf)
        body = buf.getvalue()
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return SCHEMA_COMMENT + comments + body
