"""text2qti's plain-text quizzes: import them, and export quizzes to them.

text2qti (github.com/gpoore/text2qti) turns Markdown-like text into Canvas
QTI. A question is ``1. stem``; ``*a)``/``b)`` are single-answer choices
(two choices ``true``/``false`` make a true/false question), ``[*]``/``[ ]``
multiple answers, ``* answer`` short answers, ``= 42``, ``= 3.1 +- 0.1``,
``= 5 +- 1%`` or ``= [1.2, 1.4]`` numerical answers, ``___`` an essay.
``...`` is feedback (the question's right after it, a choice's after the
choice), ``+``/``-`` correct/incorrect feedback, ``!`` a solution. Later
lines of a part are indented to the width of its marker; ``%`` starts a
comment line, ``COMMENT``/``END_COMMENT`` a comment block.

:func:`read` maps that onto the model (docs/formats/text2qti.md has the
table) and reports what quizlint/v1 cannot hold at ``path:line:col``; it
never runs the executable code blocks text2qti can run. :func:`export`
writes a quiz as text2qti text, which the tests feed to the real text2qti.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from quizlint.formats import FormatError, Imported, SourceProblem
from quizlint.formats.model import Choice, Numeric, Question, Quiz, Symbolic
from quizlint.formats.qti import decimal, numeric_bounds

MAX_CHARS = 10_000_000      # the bound of a quiz file (loader.MAX_BYTES), checked before parsing
MAX_QUESTIONS = 20_000      # a question bank, not a flood: about a second of reading

# Markers at the start of a line, in text2qti's order of precedence.
_MARKERS = [
    ("question", r"\d+\."),
    ("choice_key", r"\*[a-zA-Z]\)"),
    ("choice", r"[a-zA-Z]\)"),
    ("multi_key", r"\[\*\]"),
    ("multi", r"\[ ?\]"),
    ("short", r"\*"),
    ("feedback", r"\.\.\."),
    ("correct_feedback", r"\+"),
    ("incorrect_feedback", r"\-"),
    ("solution", r"!"),
    ("essay", r"___+"),
    ("upload", r"\^\^\^+"),
    ("numerical", r"="),
    ("question_title", r"[Tt]itle:"),
    ("points", r"[Pp]oints:"),
    ("text_title", r"[Tt]ext [Tt]itle:"),
    ("text", r"[Tt]ext:"),
    ("quiz_title", r"[Qq]uiz [Tt]itle:"),
    ("quiz_description", r"[Qq]uiz description:"),
    ("group", r"GROUP"),
    ("end_group", r"END_GROUP"),
    ("pick", r"[Pp]ick:|[Ss]olutions pick:|[Pp]oints per question:"),
    ("code", r"```+\s*\S.*"),
    ("code_end", r"```+"),
    ("option", r"[Ss]huffle answers:|[Ss]how correct answers:|[Oo]ne question at a time:|[Cc]an't go back:"
               r"|[Ff]eedback is solution:|[Ss]olutions sample groups:|[Ss]olutions randomize groups:"),
]
_ALONE = {"essay", "upload", "group", "end_group", "code", "code_end"}     # nothing after the marker
_ONE_LINE = {"points", "pick", "numerical", "short", "option"}              # no continuation lines
_NO_PARAS = {"question_title", "text_title", "quiz_title"}                  # continue, but no blank lines
_START = re.compile("|".join(
    rf"(?P<{name}>{pat}\s*)$" if name in _ALONE else rf"(?P<{name}>{pat}[ \t]+(?=\S))"
    for name, pat in _MARKERS))
_BARE = re.compile("|".join(rf"(?P<{n}>{p})(?:[ \t]*$|(?=\S))" for n, p in _MARKERS if n not in _ALONE))
_INT = re.compile(r"[+-]?(?:0|[1-9](?:_?[0-9])*)$")
_TRUE_FALSE = ("true", "True", "false", "False")


def sniff(text: str, path: str) -> bool:
    """``Quiz title:`` first, or a text2qti key marker (``*a)``, ``[*]``) on a line."""
    head = text[:200_000]
    first = next((ln for ln in head.splitlines() if ln.strip() and not ln.startswith("%")), "")
    return bool(re.match(r"[Qq]uiz [Tt]itle:[ \t]+\S", first)
                or re.search(r"^(?:\*[a-zA-Z]\)|\[\*\])[ \t]+\S", head, re.M))


@dataclass
class _Part:
    kind: str
    text: str
    line: int           # 1-based


@dataclass
class _Open:
    """A question being read."""

    number: int
    line: int
    stem: str
    title: str | None = None
    parts: list[_Part] = field(default_factory=list)


class _Reader:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[SourceProblem] = []
        self.title: str | None = None
        self.questions: list[_Open] = []
        self.next_title: str | None = None

    def problem(self, line: int, col: int, message: str) -> None:
        self.problems.append(SourceProblem(self.path, line, col, message))

    def parts(self, lines: list[str]):
        """Yield (_Part) for every marked part, with its continuation lines."""
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            if line.startswith("%") or not line.strip():
                i += 1
                continue
            if line.rstrip() == "COMMENT":
                end = next((j for j in range(i + 1, n) if lines[j].startswith("END_COMMENT")), None)
                if end is None:
                    self.problem(i + 1, 1, "COMMENT without a following END_COMMENT; the rest of the file is a comment")
                    return
                i = end + 1
                continue
            m = _START.match(line)
            if not m:
                bare = _BARE.match(line)
                if bare and line[bare.end():].strip():
                    self.problem(i + 1, bare.end() + 1, f"missing space after `{bare.group().strip()}`")
                elif bare:
                    self.problem(i + 1, 1, f"missing text after `{bare.group().strip()}`")
                elif line[:1] in " \t":
                    self.problem(i + 1, 1, "indented line that continues nothing (indent a part's later lines to "
                                           "the width of its marker)")
                else:
                    self.problem(i + 1, 1, "unexpected text: not a question, choice, answer or feedback")
                i += 1
                continue
            kind = m.lastgroup
            text = line[m.end():].strip()
            start = i
            i += 1
            if kind == "code":
                end = next((j for j in range(i, n) if lines[j].rstrip() == line[: len(line) - len(line.lstrip("`"))]),
                           n - 1)
                if ".run" in line:
                    self.problem(start + 1, 1, "executable code block: quizlint never runs code; left out")
                else:
                    self.problem(start + 1, 1, "code block at the start of a line: indent it under its question "
                                               "or choice; left out")
                i = end + 1
                continue
            if kind not in _ALONE and kind not in _ONE_LINE:
                text, i = self._continued(lines, i, m, kind, text)
            yield _Part(kind, text, start + 1)

    def _continued(self, lines, i, m, kind, first):
        """The part's text with its indented later lines; the index after them."""
        marker = m.group(kind)
        indent = None if marker.rstrip().endswith(":") else len(lines[i - 1][: m.end()].expandtabs(4))
        out, n = [first], len(lines)
        while i < n:
            line = lines[i]
            if not line.strip():
                if kind in _NO_PARAS:
                    break
                out.append("")
                i += 1
                continue
            expanded = line.expandtabs(4)
            width = len(expanded) - len(expanded.lstrip(" "))
            if indent is None:
                if width < 2:
                    break
                indent = width
            elif width < indent:
                break
            out.append(expanded[indent:].rstrip())
            i += 1
        while len(out) > 1 and not out[-1]:      # trailing blank lines belong to no part
            out.pop()
        return "\n".join(out), i

    def run(self, lines: list[str]) -> None:
        current: _Open | None = None
        for part in self.parts(lines):
            k = part.kind
            if k == "question":
                number = int(re.match(r"\d+", lines[part.line - 1]).group())
                current = _Open(number, part.line, part.text, self.next_title)
                self.next_title = None
                self.questions.append(current)
            elif k == "quiz_title":
                if self.questions or self.title is not None:
                    self.problem(part.line, 1, "`Quiz title:` must come once, before the questions")
                else:
                    self.title = " ".join(part.text.split())
            elif k == "quiz_description":
                self.problem(part.line, 1, "quiz description: quizlint/v1 has no place for it; left out")
            elif k == "question_title":
                self.next_title = " ".join(part.text.split())
            elif k in ("points", "pick", "option", "group", "end_group"):
                pass    # Canvas settings, not content
            elif k in ("text", "text_title"):
                self.problem(part.line, 1, "text between questions: quizlint/v1 has no place for it; left out")
                current = None
            elif k == "code_end":
                self.problem(part.line, 1, "closing ``` without an opening one")
            elif current is None:
                self.problem(part.line, 1, f"`{lines[part.line - 1].split()[0]}` outside a question")
            else:
                current.parts.append(part)

    def question(self, q: _Open, qid: str, lang: str) -> Question | None:
        """The model of one read question (None when it has no quizlint kind)."""
        out = Question(id=qid, kind="free", stem={lang: q.stem}, title=q.title, line=q.line)
        response = [p for p in q.parts if p.kind in ("choice", "choice_key", "multi", "multi_key", "short",
                                                     "numerical", "essay", "upload")]
        families = list(dict.fromkeys(_family(p.kind) for p in response))
        if "upload" in families:
            self.problem(q.line, 1, f"question {q.number}: file-upload questions have no quizlint kind; left out")
            return None
        if len(families) > 1:
            self.problem(response[0].line, 1, f"question {q.number} mixes response types "
                                              f"({', '.join(families)}); the first one is kept")
        family = families[0] if families else None
        explanation = solution = None
        last_choice: Choice | None = None
        shorts: list[str] = []
        for p in q.parts:
            if p.kind == "feedback":
                if last_choice is not None:
                    if last_choice.why is not None:
                        self.problem(p.line, 1, "a second feedback for one choice; left out")
                    last_choice.why = {lang: p.text}
                elif explanation is None:
                    explanation = p.text
                else:
                    self.problem(p.line, 1, "a second question feedback; left out")
            elif p.kind in ("correct_feedback", "incorrect_feedback"):
                sign = "+" if p.kind == "correct_feedback" else "-"
                self.problem(p.line, 1, f"{p.kind.replace('_', ' ')} (`{sign}`): quizlint/v1 has no place for it; "
                                        "left out")
            elif p.kind == "solution":
                solution = p.text
            elif family in ("choice", "multi") and _family(p.kind) == family:
                last_choice = Choice({lang: p.text}, p.kind.endswith("_key"))
                out.choices.append(last_choice)
            elif family == "short" and p.kind == "short":
                shorts.append(p.text)
            elif family == "numerical" and p.kind == "numerical" and out.answer is None:
                out.answer = self.numeric(p)
        if family == "choice":
            texts = [c.text[lang] for c in out.choices]
            if len(texts) == 2 and all(t in _TRUE_FALSE for t in texts):
                out.kind = "true_false"
                key = next((c for c in out.choices if c.correct), None)
                out.answer = None if key is None else key.text[lang].lower() == "true"
                if any(c.why for c in out.choices):
                    self.problem(q.line, 1, f"question {q.number}: feedback on a true/false choice has no place "
                                            "in quizlint/v1; left out")
                out.choices = []
            else:
                out.kind = "single"
            keys = sum(c.correct for c in out.choices) if out.kind == "single" else int(out.answer is not None)
            if keys != 1:
                self.problem(q.line, 1, f"question {q.number}: "
                             + ("no choice is marked correct (`*a)`)" if not keys else
                                "more than one choice is marked correct; use `[*]`/`[ ]` for multiple answers"))
        elif family == "multi":
            out.kind = "multi"
            if not any(c.correct for c in out.choices):
                self.problem(q.line, 1, f"question {q.number}: no answer is marked correct (`[*]`)")
        elif family == "numerical":
            out.kind = "numeric"
        elif family == "short":
            out.answer = {lang: shorts[0] if len(shorts) == 1 else "; ".join(shorts)}
        elif family is None:
            self.problem(q.line, 1, f"question {q.number} has no choices or response (`a)`, `[ ]`, `*`, `=`, `___`)")
        if family == "essay" or family is None:
            if solution is not None:
                out.answer = {lang: solution}
                solution = None
        if explanation is None and solution is not None:
            explanation = solution
        elif solution is not None:
            self.problem(q.line, 1, f"question {q.number}: the solution (`!`) besides the feedback (`...`) "
                                    "has no place in quizlint/v1; left out")
        if explanation is not None:
            out.explanation = {lang: explanation}
        return out

    def numeric(self, p: _Part) -> Numeric | None:
        """``= 42``, ``= 3.1 +- 0.1``, ``= 5 +- 1%`` or ``= [1.2, 1.4]``."""
        t = p.text.strip()
        try:
            if t.startswith("["):
                if not t.endswith("]") or "," not in t:
                    raise ValueError
                low, high = (_decimal(x) for x in t[1:-1].split(",", 1))
                if low > high:
                    self.problem(p.line, 3, "numerical range `[min, max]` with min > max")
                    low, high = high, low
                return Numeric(_float((low + high) / 2), tolerance=_float((high - low) / 2))
            if "+-" in t:
                num, margin = (x.strip() for x in t.split("+-", 1))
                value = _decimal(num)
                if margin.endswith("%"):
                    return Numeric(_float(value), rel_tolerance=_float(abs(_decimal(margin[:-1])) / 100))
                return Numeric(_float(value), tolerance=_float(abs(_decimal(margin))))
            if _INT.match(t):
                return Numeric(int(t.replace("_", "")), exact=True)
            value = _decimal(t)
        except (ValueError, InvalidOperation):
            self.problem(p.line, 3, "numerical answer is not `[min, max]`, `number +- margin` or an integer; left out")
            return None
        self.problem(p.line, 3, "a decimal answer needs a margin (`= 3.5 +- 0.01`); the tolerance is left out")
        return Numeric(_float(value))


def _decimal(s: str) -> Decimal:
    """A finite number of a size a float holds (``nan``, ``inf``, ``1e999`` refused)."""
    d = Decimal(s.strip())
    if not d.is_finite() or (d and abs(d.adjusted()) > 300):
        raise ValueError(s)
    return d


def _family(kind: str) -> str:
    return "choice" if kind.startswith("choice") else "multi" if kind.startswith("multi") else kind


def _float(d: Decimal) -> float:
    f = float(d)
    return int(f) if f.is_integer() and abs(f) < 2**53 else f


def read(text: str, path: str, *, quiz_id: str, lang: str = "en") -> Imported:
    """The quiz in text2qti ``text`` (from ``path``), its ids ``<quiz_id>-<number>``."""
    if len(text) > MAX_CHARS:
        raise FormatError(f"{path}: {len(text)} characters; a text2qti quiz may have at most {MAX_CHARS}")
    count = sum(1 for _ in zip(range(MAX_QUESTIONS + 1), re.finditer(r"^\d+\.[ \t]", text, re.M)))
    if count > MAX_QUESTIONS:
        raise FormatError(f"{path}: more than {MAX_QUESTIONS} questions; split the file")
    reader = _Reader(path)
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    reader.run(lines)
    numbers = [q.number for q in reader.questions]
    unique = len(set(numbers)) == len(numbers)
    questions = []
    for pos, q in enumerate(reader.questions, 1):
        got = reader.question(q, f"{quiz_id}-{(q.number if unique else pos):02d}", lang)
        if got is not None:
            questions.append(got)
    quiz = Quiz(id=quiz_id, title={lang: reader.title or quiz_id}, questions=questions, languages=[lang], path=path)
    return Imported(quizzes=[quiz] if questions else [], problems=reader.problems)


# --- export -----------------------------------------------------------------

_LT = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)|\$[^$\n]+\$|<", re.S)


def _escape(text: str) -> str:
    """Quiz text for text2qti, whose Markdown passes raw HTML: ``<`` becomes ``&lt;``
    outside code and math, so a ``<script>`` stays text."""
    return _LT.sub(lambda m: "&lt;" if m.group(0) == "<" else m.group(0), text)


def _block(marker: str, text: str) -> list[str]:
    """``marker text`` with the later lines indented to the marker's width."""
    pad = " " * (len(marker) + 1)
    lines = _escape(text.strip()).split("\n")
    return [f"{marker} {lines[0]}"] + [pad + ln if ln.strip() else "" for ln in lines[1:]]


def _num(x) -> str:
    return format(decimal(x).normalize(), "f")


def _numeric_line(q: Question) -> str:
    """``= N``, ``= v +- m``, or ``= v +- p%`` (a relative tolerance alone)."""
    a: Numeric = q.answer
    how, low, high = numeric_bounds(a)
    if min(abs(low), abs(high)) < Decimal("0.0001"):
        raise FormatError(f"{q.id}: text2qti cannot hold this answer (every accepted value must be at least "
                          "0.0001 in magnitude)")
    if how == "range":
        return f"= {_num(a.value)} +- {_num(decimal(a.rel_tolerance) * 100)}%"
    if low == high and decimal(a.value) == decimal(a.value).to_integral_value():
        return f"= {_num(a.value)}"
    return f"= {_num(a.value)} +- {_num((high - low) / 2)}"


def quiz_text(quiz: Quiz, lang: str) -> str:
    """``quiz`` in ``lang`` as text2qti text."""
    def t(value):
        if not value:
            return None
        return value.get(lang) or value.get(quiz.source_lang)

    title = " ".join((t(quiz.title) or quiz.id).split())
    out = [f"Quiz title: {_escape(title)}", ""]
    for n, q in enumerate(quiz.questions, 1):
        if q.title:
            out.append(f"Title: {_escape(' '.join(q.title.split()))}")
        out += _block(f"{n}.", t(q.stem) or "")
        if t(q.explanation):
            out += _block("...", t(q.explanation))
        if q.kind in ("single", "multi"):
            if len(q.choices) > 26:
                raise FormatError(f"{q.id}: text2qti letters at most 26 choices")
            for i, c in enumerate(q.choices):
                letter = "abcdefghijklmnopqrstuvwxyz"[i]
                if q.kind == "single":
                    marker = f"*{letter})" if c.correct else f"{letter})"
                else:
                    marker = "[*]" if c.correct else "[ ]"
                out += _block(marker, t(c.text) or "")
                if t(c.why):
                    out += _block("...", t(c.why))
        elif q.kind == "true_false":
            out += ["*a) true" if q.answer else "a) true", "b) false" if q.answer else "*b) false"]
        elif q.kind == "numeric":
            out.append(_numeric_line(q))
        else:   # free and symbolic: an essay; the reference answer as the solution
            if q.kind == "free" and t(q.answer):
                out += _block("!", t(q.answer))
            elif isinstance(q.answer, Symbolic):
                out += _block("!", f"$${q.answer.latex}$$" if q.answer.latex else f"`{q.answer.expr}`")
            out.append("___")
        out.append("")
    return "\n".join(out)


def export(quizzes: list[Quiz], *, lang: str | None = None) -> dict[str, bytes]:
    """One text2qti text file per quiz (``<quiz-id>.txt``, ``<quiz-id>.<lang>.txt``)."""
    out = {}
    for quiz in quizzes:
        use = lang or quiz.source_lang
        name = quiz.id if use == quiz.source_lang else f"{quiz.id}.{use}"
        out[f"{name}.txt"] = quiz_text(quiz, use).encode("utf-8")
    return out
