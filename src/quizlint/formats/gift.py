"""GIFT (Moodle's text format): read it into the question model, and write it.

Reading follows Moodle's own importer (``question/format/gift/format.php``):
questions are blocks separated by blank lines, ``//`` lines are comments,
the escapes are ``\\~ \\= \\# \\{ \\} \\: \\n \\\\``, and a ``[markdown]``,
``[html]``, ``[moodle]`` or ``[plain]`` prefix sets a text's format. Each
block is parsed with a lark grammar (:data:`GRAMMAR`); the question type is
then decided as Moodle decides it. A bad block is a :class:`SourceProblem`
at its ``line:col`` and is skipped; the rest still imports.

Writing gives one ``<quiz-id>.gift`` per quiz, in one language. Every text
is written as ``[markdown]``, every special character escaped, math as
``\\(…\\)``. What Moodle cannot hold (a free answer of an essay, a symbolic
expression, tags, a relative tolerance, the quiz title) rides in a
``// quizlint: {json}`` comment, which Moodle ignores and :func:`read`
reads back, so export → import gives the same questions.
``docs/formats/gift.md`` is the mapping.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import PurePath

from quizlint import i18n
from quizlint.formats import FormatError, Imported, SourceProblem
from quizlint.formats.model import Choice, Numeric, Question, Quiz, Symbolic, WrongAnswer
from quizlint.formats.sourcetext import prepare

MAX_BLOCKS = 20_000         # questions, categories and comments in one file
MAX_LINES = 1_000_000

GRAMMAR = r"""
start: title? qtext? (answers qtext?)?
title: TCOLON TITLE_TEXT? TCOLON
qtext: QTEXT
answers: LBRACE body RBRACE
body: lead? item* gf?
lead: ATEXT feedback* | feedback+
item: MARK ATEXT? feedback*
feedback: HASH ATEXT?
gf: GF ATEXT?
TCOLON.2: "::"
TITLE_TEXT: /(?:[^\\:]+|\\[\s\S]|:(?!:))+/
QTEXT: /(?:[^\\{}]+|\\[\s\S])+/
ATEXT: /(?:[^\\~=#{}]+|\\[\s\S])+/
LBRACE: "{"
RBRACE: "}"
MARK: /[~=]/
HASH: "#"
GF: "####"
"""


@lru_cache(maxsize=1)
def _parser():
    import lark

    return lark.Lark(GRAMMAR, parser="lalr", lexer="contextual")


# -- text: escapes, formats, math ------------------------------------------

_UNESCAPE = {":": ":", "#": "#", "=": "=", "{": "{", "}": "}", "~": "~", "n": "\n", "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)", re.S)
_SPECIAL = re.compile(r"[\\~=#{}:]")
FORMATS = ("moodle", "html", "plain", "markdown")
_FORMAT = re.compile(r"\[(moodle|html|plain|markdown)\]")

# Math in v1 text, as i18n's protected spans see it: $$display$$ and $inline$.
MATH = i18n.MATH  # display and inline math (one definition, in quizlint.i18n)
# Characters PHP Markdown Extra (Moodle's [markdown]) unescapes after a backslash.
_MD_PUNCT = frozenset("\\`*_{}[]()>#+-.!:|")


def unescape(raw: str) -> str:
    """GIFT escapes to characters (an unknown ``\\x`` stays as it is, as in Moodle)."""
    return _ESCAPE.sub(lambda m: _UNESCAPE.get(m.group(1), m.group(0)), raw)


def escape(text: str) -> str:
    """Characters to GIFT escapes: ``\\ ~ = # { } :`` and line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), text).replace("\n", "\\n")


def math_to_delimiters(text: str) -> str:
    """``$x$`` → ``\\(x\\)`` and ``$$x$$`` → ``\\[x\\]`` (HTML and plain text for MathJax)."""
    return MATH.sub(lambda m: f"\\[{m.group(1)}\\]" if m.group(1) is not None else f"\\({m.group(2)}\\)", text)


_DELIMITED = re.compile(r"\\\[(.+?)\\\]|\\\((.+?)\\\)", re.S)


def math_from_delimiters(text: str) -> str:
    """``\\(x\\)`` → ``$x$`` and ``\\[x\\]`` → ``$$x$$``: the inverse of :func:`math_to_delimiters`."""
    return _DELIMITED.sub(lambda m: f"$${m.group(1)}$$" if m.group(1) is not None else f"${m.group(2)}$", text)


def _md_math(body: str) -> str:
    return "".join("\\" + c if c in _MD_PUNCT else c for c in body)


def to_markdown(text: str) -> str:
    """v1 text as Moodle Markdown: math becomes ``\\\\(…\\\\)`` with its
    punctuation backslash-escaped, so that Markdown hands MathJax ``\\(…\\)``."""
    out, pos = [], 0
    for m in MATH.finditer(text):
        out.append(text[pos:m.start()])
        if m.group(1) is not None:
            out.append("\\\\[" + _md_math(m.group(1)) + "\\\\]")
        else:
            out.append("\\\\(" + _md_math(m.group(2)) + "\\\\)")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def from_markdown(text: str) -> str:
    """The inverse of :func:`to_markdown`."""
    out, pos = [], 0
    while True:
        starts = [i for i in (text.find("\\\\(", pos), text.find("\\\\[", pos)) if i >= 0]
        if not starts:
            out.append(text[pos:])
            return "".join(out)
        j = min(starts)
        close = ")" if text[j + 2] == "(" else "]"
        body, k = [], j + 3
        while k < len(text):
            c = text[k]
            if c == "\\" and k + 1 < len(text):
                d = text[k + 1]
                if d == "\\" and text[k + 2:k + 3] == close:
                    break
                body.append(d if d in _MD_PUNCT else c + d)
                k += 2
            else:
                body.append(c)
                k += 1
        if k >= len(text):             # never closed: not math
            out.append(text[pos:j + 3])
            pos = j + 3
            continue
        fence = "$$" if close == "]" else "$"
        out.append(text[pos:j] + fence + "".join(body) + fence)
        pos = k + 3


def _text(raw: str | None, default_format: str) -> tuple[str, str]:
    """A GIFT text piece as v1 text, and its format (Moodle's parse_text_with_format)."""
    raw = (raw or "").strip()
    fmt = default_format
    m = _FORMAT.match(raw)
    if m:
        fmt, raw = m.group(1), raw[m.end():]
    text = unescape(raw).strip()
    if fmt == "markdown":
        text = from_markdown(text)
    elif fmt in ("moodle", "html"):         # as moodle_xml reads these formats
        from quizlint.formats.moodle_html import from_html

        text = from_html(text.replace("\n", "<br>") if fmt == "moodle" else text)
    return text, fmt


# -- reading ----------------------------------------------------------------

_WEIGHT = re.compile(r"%(-*)(\d{1,2}\.?\d*)%")    # Moodle's answer weight
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}
META = "// quizlint:"
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


class _Skip(Exception):
    """This block is not imported; the message says why, at (line, col) in the block."""

    def __init__(self, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def sniff(text: str, path: str) -> bool:
    """GIFT when the file says so: a ``::title::``, a ``$CATEGORY:``, or a
    ``{…}`` answer block with two answer marks or a true/false key."""
    head = text[:200_000]
    return bool(re.search(r"^[ \t]*(::[^\n]+?::|\$CATEGORY:)", head, re.M)
                or re.search(r"\{[ \t\n]*[~=][^{}\n]*[~=]", head)
                or re.search(r"\{[ \t]*(T|F|TRUE|FALSE)[ \t]*(#[^{}]*)?\}", head))


def _blocks(text: str):
    """``(first line number, block text, metadata lines)`` for each blank-line separated block.

    Comment lines inside a block become empty lines (so positions stay
    right); ``// quizlint:`` comments are kept aside as ``(line, json text)``.
    """
    block, meta, start = [], [], 1
    for n, line in enumerate(re.split(r"\r\n|\r|\n", text) + [""], 1):
        stripped = line.strip()
        if not stripped:
            if block or meta:
                yield start, "\n".join(block), meta
            block, meta = [], []
        elif stripped.startswith("//"):
            if stripped.startswith(META):
                meta.append((n, stripped[len(META):].strip()))
            if block:
                block.append("")
        else:
            if not block:
                start = n
            block.append(line)


_BRACE = re.compile(r"\\[\s\S]|[{}]")


def _line_col(block: str, pos: int) -> tuple[int, int]:
    return block.count("\n", 0, pos) + 1, pos - (block.rfind("\n", 0, pos) + 1) + 1


def _braces(block: str) -> None:
    """Refuse unbalanced or nested braces at once, with where they are."""
    opened = None
    for m in _BRACE.finditer(block):
        c = m.group()
        if c == "{":
            if opened is not None:
                raise _Skip("a `{` inside an answer block (GIFT answers do not nest; write `\\{` for a brace)",
                            *_line_col(block, m.start()))
            opened = m.start()
        elif c == "}":
            if opened is None:
                raise _Skip("a `}` without its `{` (write `\\}` for a brace)", *_line_col(block, m.start()))
            opened = None
    if opened is not None:
        raise _Skip("this `{` is never closed (unbalanced braces)", *_line_col(block, opened))


def _tokens(tree, name):
    return [t for t in tree.children if getattr(t, "type", None) == name]


def _sub(tree, name):
    return [t for t in tree.children if getattr(t, "data", None) == name]


def _feedbacks(tree) -> list[str]:
    return [next((t.value for t in _tokens(f, "ATEXT")), "") for f in _sub(tree, "feedback")]


def _parse_block(block: str):
    import lark

    _braces(block)
    try:
        tree = _parser().parse(block)
    except lark.UnexpectedInput as e:
        line, col = getattr(e, "line", 1), getattr(e, "column", 1)
        token = getattr(e, "token", None)
        if not isinstance(line, int) or line < 1 or getattr(token, "type", None) == "$END":  # at the end
            line, col = block.count("\n") + 1, len(block.rsplit("\n", 1)[-1]) + 1
        raise _Skip(_lark_message(e, block), line, col if isinstance(col, int) and col > 0 else 1)
    return tree


def _lark_message(e, block: str) -> str:
    pos = getattr(e, "pos_in_stream", None)
    token = getattr(e, "token", None)
    if getattr(token, "type", None) == "$END" or pos is None or not 0 <= pos < len(block):
        return "the question ends early (a `::title::` not closed?)"
    if token is not None:
        pos = token.start_pos
    ch = block[pos]
    if ch == "{":
        return "a second answer block `{` in one question (GIFT has one; leave a blank line between questions)"
    return f"unexpected `{ch}`"


def _weight(raw: str) -> tuple[float | None, str]:
    """A leading ``%50%`` weight (in percent) and the rest of the answer."""
    raw = raw.strip()
    m = _WEIGHT.match(raw)
    if not m:
        return None, raw
    return float(m.group(2)) * (-1 if m.group(1) else 1), raw[m.end():]


def _pos(node) -> tuple[int, int]:
    """(line, column) in the block of a token, or of a tree's first token."""
    while hasattr(node, "children"):
        node = node.children[0]
    return node.line, node.column


def _item_text(item) -> str:
    """The raw text right after an answer mark (``""`` when there is none)."""
    first = item.children[1] if len(item.children) > 1 else None
    return first.value if getattr(first, "type", None) == "ATEXT" else ""


def _number(s: str, what: str):
    s = s.strip()
    if len(s) > 50 or not _NUMBER.fullmatch(s):
        raise _Skip(f"{what} `{s[:40]}` is not a number")
    return int(s) if re.fullmatch(r"[-+]?\d+", s) else float(s)


def _question(tree, meta: dict, lang: str, problems: list, at) -> Question:
    """The model of one parsed question block (raises :class:`_Skip`)."""
    title_t = _sub(tree, "title")
    title = unescape(next((t.value for t in _tokens(title_t[0], "TITLE_TEXT")), "")).strip() if title_t else None
    texts = _sub(tree, "qtext")
    answers = _sub(tree, "answers")
    if not answers:
        raise _Skip("a description (text with no `{…}` answer block) is not a question; skipped")
    ans = answers[0]
    brace = ans.children[0]
    before = texts[0].children[0].value if texts and texts[0].children[0].start_pos < brace.start_pos else ""
    after = texts[-1].children[0].value if texts and texts[-1].children[0].start_pos > brace.start_pos else ""
    fmt_m = _FORMAT.match(before.strip())
    qfmt = fmt_m.group(1) if fmt_m else "moodle"
    stem_raw = before.strip() + ("" if not after.strip() else " _____ " + after.strip())
    stem, _ = _text(stem_raw, "moodle")
    if not stem:
        raise _Skip("a question with no text")

    body = ans.children[1]
    lead = _sub(body, "lead")
    items = _sub(body, "item")
    gf = _sub(body, "gf")
    explanation = _text(next((t.value for t in _tokens(gf[0], "ATEXT")), ""), qfmt)[0] if gf else ""
    lead_text = next((t.value for t in _tokens(lead[0], "ATEXT")), "").strip() if lead else ""
    lead_fb = _feedbacks(lead[0]) if lead else []

    def t(raw):
        return {lang: _text(raw, qfmt)[0]}

    q = Question(id="", kind="free", stem={lang: stem}, explanation={lang: explanation} if explanation else None,
                 title=title)
    marks = [i.children[0].value for i in items]
    if not lead_text and not lead_fb and not items:
        _essay(q, meta, lang)
    elif not lead_text and lead_fb:
        _numeric(q, lead_fb, _pos(_sub(lead[0], "feedback")[0]), items, t, problems, at)
    elif "~" in marks:
        if lead_text:
            raise _Skip("text before the first `~` or `=` answer mark", *_pos(lead[0]))
        _choices(q, items, t, problems, at)
    elif any("->" in _item_text(i)
             for i in items):
        raise _Skip("matching questions (`=a -> b`) have no kind in quizlint; skipped", *_pos(items[0]))
    elif not items and lead_text in _TF:
        q.kind, q.answer = "true_false", _TF[lead_text]
        if any(fb.strip() for fb in lead_fb):
            problems.append(at("true/false answer feedback (`#…`) is not kept: quizlint has no place for it",
                               *_pos(_sub(lead[0], "feedback")[0])))
    else:
        _short(q, lead_text, items, t, problems, at)
    _apply_meta(q, meta, lang)
    return q


def _essay(q: Question, meta: dict, lang: str) -> None:
    kind = meta.get("kind")
    if kind == "symbolic" and isinstance(meta.get("expr"), str):
        latex = meta.get("latex") if isinstance(meta.get("latex"), str) else None
        q.kind, q.answer = "symbolic", Symbolic(meta["expr"], latex)
        shown = _shown_symbolic(q.answer)
    elif isinstance(meta.get("answer"), str):
        q.kind, q.answer = "free", {lang: meta["answer"]}
        shown = meta["answer"]
    else:
        q.kind, q.answer = "free", None     # an essay: the source has no reference answer
        return
    expl = q.explanation[lang] if q.explanation else ""
    prefix = f"**{answer_label(lang)}:** {shown}"
    if expl == prefix:
        q.explanation = None
    elif expl.startswith(prefix + "\n\n"):
        q.explanation = {lang: expl[len(prefix) + 2:]}


def _numeric(q: Question, lead_fb: list[str], lead_pos, items, t, problems, at) -> None:
    q.kind = "numeric"
    first = lead_fb[0].strip()
    entries = []                            # (weight, raw answer, feedback, (line, col))
    if first:
        entries.append((None, first, "#".join(lead_fb[1:]), lead_pos))
    for it in items:
        raw = _item_text(it)
        fb = "#".join(_feedbacks(it))
        if it.children[0].value == "~":
            problems.append(at("numeric feedback for other answers (`~#…`) is not kept", *_pos(it)))
            continue
        w, rest = _weight(raw)
        entries.append((w, rest, fb, _pos(it)))
    if not entries:
        raise _Skip("a numeric question `{#…}` with no number", *lead_pos)
    key = None
    for w, raw, fb, where in entries:
        try:
            value, tol, exact = _numeric_answer(raw)
        except _Skip as e:
            raise _Skip(e.message, *where) from None
        weight = 100.0 if w is None else w
        if weight >= 100 and key is None:
            key = Numeric(value, tol, None, exact and tol is None)
            if fb.strip():
                problems.append(at("feedback on the right numeric answer is not kept", *where))
        elif weight == 0:
            q.wrong_answers.append(WrongAnswer(value=value, why=t(fb) if fb.strip() else None))
        else:
            problems.append(at(f"numeric answer `{raw.strip()[:40]}` ({weight:g}%) is not kept: "
                               "quizlint keeps one right value, without partial credit", *where))
    if key is None:
        raise _Skip("a numeric question with no 100% answer", *lead_pos)
    q.answer = key


def _numeric_answer(raw: str):
    """``(value, tolerance, exact)`` of ``min..max``, ``value:tolerance`` or ``value``."""
    if ".." in raw and raw.index("..") > 0:
        lo, hi = raw.split("..", 1)
        lo, hi = _number(lo, "the range start"), _number(hi, "the range end")
        return (lo + hi) / 2, abs(hi - lo) / 2, False
    if ":" in raw and raw.index(":") > 0:
        v, tol = raw.split(":", 1)
        return _number(v, "the answer"), _number(tol, "the tolerance"), False
    return _number(raw, "the answer"), None, True


def q_lang(q: Question) -> str:
    return next(iter(q.stem))


def _choices(q: Question, items, t, problems, at) -> None:
    single = any(i.children[0].value == "=" for i in items)
    q.kind = "single" if single else "multi"
    for it in items:
        mark = it.children[0].value
        raw = _item_text(it)
        w = None
        if mark == "~":
            w, raw = _weight(raw)
        fb = "#".join(_feedbacks(it))
        correct = mark == "=" or (not single and w is not None and w > 0)
        if single and mark == "~" and w is not None and w > 0:
            problems.append(at(f"partial credit ({w:g}%) on `{raw.strip()[:40]}` is not kept; it is a wrong choice",
                               *_pos(it)))
        why = t(fb) if fb.strip() else None
        q.choices.append(Choice(t(raw), correct, why))
    if len(q.choices) < 2:
        raise _Skip("a choice question needs at least 2 answers", *_pos(items[0]))


ALSO = "\n\nAlso accepted: "


def _short(q: Question, lead_text: str, items, t, problems, at) -> None:
    accepted = []
    if lead_text:
        accepted.append(lead_text)
    for it in items:
        raw = _item_text(it)
        w, rest = _weight(raw)
        if w is None or w >= 100:
            accepted.append(rest)
        else:
            problems.append(at(f"short answer `{rest.strip()[:40]}` ({w:g}%) is not kept: "
                               "only full-credit answers are", *_pos(it)))
        if any(fb.strip() for fb in _feedbacks(it)):
            problems.append(at("short-answer feedback (`#…`) is not kept", *_pos(_sub(it, "feedback")[0])))
    accepted = [a for a in (next(iter(t(r).values())) for r in accepted) if a]
    if not accepted:
        raise _Skip("a short-answer question with no full-credit answer")
    q.kind = "free"
    q.answer = {q_lang(q): ALSO.join(accepted)}


def _apply_meta(q: Question, meta: dict, lang: str) -> None:
    tags = meta.get("tags")
    if isinstance(tags, list) and all(isinstance(x, str) for x in tags):
        q.tags = list(tags)
    n = meta.get("numeric")
    if q.kind == "numeric" and isinstance(n, dict):
        got = Numeric(q.answer.value, _of(n, "tolerance", float), _of(n, "rel_tolerance", float),
                      n.get("exact") is True, _of(n, "unit", str))
        if got.tolerance is not None or got.rel_tolerance is not None or got.exact:
            q.answer = got                  # else the comment is not ours: keep what GIFT says
    wrong = meta.get("wrong_answers")
    if q.kind in ("numeric", "symbolic") and isinstance(wrong, list):
        q.wrong_answers = []
        for w in wrong:
            if isinstance(w, dict):
                why, expr, value = _of(w, "why", str), _of(w, "expr", str), _of(w, "value", float)
                if expr is not None or value is not None:
                    q.wrong_answers.append(WrongAnswer(expr, value, {lang: why} if why else None))


def _of(meta: dict, key: str, kind):
    """``meta[key]`` when it is a string (``kind`` str) or a finite number (``kind`` float), else None."""
    v = meta.get(key)
    if kind is str:
        return v if isinstance(v, str) else None
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    return v if ok else None


def _slug(s: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", s.lower())).strip("-")


def read(text: str, path: str, *, quiz_id: str | None = None, lang: str | None = None) -> Imported:
    """Import a GIFT file: one quiz per ``$CATEGORY:`` (or one quiz ``quiz_id``)."""
    text, removed = prepare(text, path)
    if text.count("\n") > MAX_LINES:
        raise FormatError(f"{path}: over {MAX_LINES:,} lines; refusing to read it")
    text = text.lstrip("\ufeff")
    blocks = []
    for b in _blocks(text):
        blocks.append(b)
        if len(blocks) > MAX_BLOCKS:
            raise FormatError(f"{path}: more than {MAX_BLOCKS:,} questions; split the file")
    stem_id = _slug(PurePath(path).stem) or "gift"
    out = Imported(problems=removed)
    quizzes: list[Quiz] = []
    current = None
    ordinal = 0
    used: set[str] = set()

    def quiz_for(qid, title=None, qlang=None, tags=None):
        for qz in quizzes:              # a category named again continues its quiz
            if qz.id == qid:
                return qz
        qz = Quiz(id=qid, title={qlang or lang or "en": title or qid}, languages=[qlang or lang or "en"],
                  tags=list(tags or []), path=path)
        quizzes.append(qz)
        return qz

    for start, block, meta_lines in blocks:
        meta = {}
        for line_no, raw in meta_lines:
            try:
                got = json.loads(raw)
                if not isinstance(got, dict):
                    raise ValueError
                meta.update(got)
            except (ValueError, RecursionError):
                out.problems.append(SourceProblem(path, line_no, 1,
                                                  "a `// quizlint:` comment that is not a JSON object; ignored"))
        body = block.strip()
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            if quiz_id is None:
                cat = unescape(body[len("$CATEGORY:"):]).strip()
                qid = meta.get("quiz") if isinstance(meta.get("quiz"), str) and _ID.fullmatch(meta["quiz"]) else None
                qid = qid or _slug(cat.rstrip("/").rsplit("/", 1)[-1]) or stem_id
                title = meta.get("title") if isinstance(meta.get("title"), str) else None
                qlang = _of(meta, "lang", str) if lang is None else None
                qlang = qlang if qlang and LANG.fullmatch(qlang) else None
                tags = meta.get("tags") if isinstance(meta.get("tags"), list) else None
                current = quiz_for(qid, title, qlang, [x for x in tags or [] if isinstance(x, str)])
            continue
        ordinal += 1
        if current is None:
            current = quiz_for(quiz_id or stem_id)

        def at(message, line=1, col=1, _start=start):
            return SourceProblem(path, _start + line - 1, col, message)

        try:
            tree = _parse_block(block)
            q = _question(tree, meta, current.source_lang, out.problems, at)
        except _Skip as e:
            out.problems.append(at(e.message, e.line, e.col))
            continue
        if q.title and _ID.fullmatch(q.title) and q.title not in used:
            q.id, q.title = q.title, None
        else:
            q.id = f"{current.id}-{ordinal:02d}"
            n = 2
            while q.id in used:
                q.id, n = f"{current.id}-{ordinal:02d}-{n}", n + 1
        used.add(q.id)
        q.line = start
        current.questions.append(q)
    out.quizzes = [qz for qz in quizzes if qz.questions]
    return out


# -- writing ----------------------------------------------------------------

_LABELS = {"es": "Respuesta"}


def answer_label(lang: str) -> str:
    """The word before a reference answer shown in general feedback."""
    return _LABELS.get(lang.split("-")[0], "Answer")


def _shown_symbolic(a: Symbolic) -> str:
    return f"${a.latex}$" if a.latex else f"`{a.expr}`"


def is_short(answer: str, lang: str) -> bool:
    """A free answer Moodle can grade as a short answer: moodle_xml's rule
    (one line, few words, no math, code or Markdown, no final full stop)."""
    from quizlint.formats.moodle_xml import short_exact

    return short_exact({lang: answer}, [lang]) is not None and answer == answer.strip()


def shares(k: int) -> list[str]:
    """The grades (percent) of ``k`` keys, or of ``k`` penalties, from Moodle's own
    list of fractions, adding up to 100: moodle_xml's rule (``33.33333`` for 3)."""
    from quizlint.formats.moodle_xml import _fractions

    return _fractions(k) if k else []


def _num(x) -> str:
    return repr(x) if isinstance(x, float) else str(x)


def _piece(text: str) -> str:
    """A v1 text as a GIFT text piece in the ``[markdown]`` default format."""
    md = to_markdown(text)
    prefix = "[markdown]" if md.startswith("[") else ""
    return prefix + escape(md)


def _get(value, lang: str, where: str):
    if value is None:
        return None
    got = value.get(lang)
    if got is None:
        raise FormatError(f"{where} has no `{lang}` text; translate it or export another --lang")
    return got


def _meta_line(meta: dict) -> str:
    return f"{META} {json.dumps(meta, ensure_ascii=True, sort_keys=True)}\n" if meta else ""


def _question_text(q: Question, lang: str, where: str) -> tuple[dict, str]:
    """``(metadata, GIFT text)`` of one question."""
    meta: dict = {}
    if q.tags:
        meta["tags"] = list(q.tags)
    stem = _get(q.stem, lang, where)
    expl = _get(q.explanation, lang, f"{where} explanation")
    head = f"::{q.id}::[markdown]{escape(to_markdown(stem))}{{"
    lines: list[str] = []
    a = q.answer
    if q.kind in ("single", "multi"):
        multi = q.kind == "multi"
        keys = iter(shares(sum(c.correct for c in q.choices)) if multi else [])
        penalties = iter(shares(sum(not c.correct for c in q.choices)) if multi else [])
        for c in q.choices:
            ctext = _piece(_get(c.text, lang, f"{where} choice"))
            if not multi:
                mark = "=" if c.correct else ("~%0%" if ctext.startswith("%") else "~")
            else:
                mark = f"~%{next(keys)}%" if c.correct else f"~%-{next(penalties)}%"
            why = _get(c.why, lang, f"{where} choice why")
            lines.append(f"\t{mark}{ctext}" + (f"#{_piece(why)}" if why else ""))
    elif q.kind == "true_false":
        lines.append("TRUE" if a else "FALSE")
    elif q.kind == "numeric":
        tol = a.tolerance
        if a.rel_tolerance is not None:
            rel = a.rel_tolerance * abs(a.value)
            tol = rel if tol is None else max(tol, rel)
        if a.rel_tolerance is not None or a.unit is not None:
            meta["numeric"] = {k: v for k, v in (("tolerance", a.tolerance), ("rel_tolerance", a.rel_tolerance),
                                                  ("exact", a.exact or None), ("unit", a.unit)) if v is not None}
        lines.append("#")
        lines.append(f"\t={_num(a.value)}" + ("" if a.exact and tol is None else f":{_num(tol or 0)}"))
        if all(w.value is not None and w.expr is None for w in q.wrong_answers):
            for w in q.wrong_answers:
                why = _get(w.why, lang, f"{where} wrong answer why")
                lines.append(f"\t=%0%{_num(w.value)}:0" + (f"#{_piece(why)}" if why else ""))
        else:
            meta["wrong_answers"] = _wrong_meta(q, lang, where)
    elif q.kind == "free":
        ans = _get(a, lang, f"{where} answer")
        parts = ans.split(ALSO)
        if all(is_short(p, lang) for p in parts):
            for p in parts:
                lines.append(f"\t={'%100%' if to_markdown(p).startswith('%') else ''}{_piece(p)}")
        else:
            meta["answer"] = ans
            shown = f"**{answer_label(lang)}:** {ans}"
            expl = shown + (f"\n\n{expl}" if expl else "")
    elif q.kind == "symbolic":
        meta.update({"kind": "symbolic", "expr": a.expr} | ({"latex": a.latex} if a.latex else {}))
        if q.wrong_answers:
            meta["wrong_answers"] = _wrong_meta(q, lang, where)
        shown = f"**{answer_label(lang)}:** {_shown_symbolic(a)}"
        expl = shown + (f"\n\n{expl}" if expl else "")
    else:
        raise FormatError(f"{where}: GIFT cannot hold a `{q.kind}` question")
    if expl:
        lines.append(f"\t####{_piece(expl)}")
    if q.kind in ("true_false", "numeric"):       # the key goes right after the `{`
        first = lines.pop(0)
        head += first
    return meta, head + ("\n" + "\n".join(lines) if lines else "") + "\n}\n"


def _wrong_meta(q: Question, lang: str, where: str) -> list:
    out = []
    for w in q.wrong_answers:
        item = {k: v for k, v in (("expr", w.expr), ("value", w.value)) if v is not None}
        why = _get(w.why, lang, f"{where} wrong answer why")
        if why:
            item["why"] = why
        out.append(item)
    return out


def export_quiz(quiz: Quiz, lang: str | None = None) -> str:
    """The GIFT text of ``quiz`` in ``lang`` (default: its source language)."""
    lang = lang or quiz.source_lang
    title = _get(quiz.title, lang, f"quiz {quiz.id} title")
    head = {"quiz": quiz.id, "title": title, "lang": lang} | ({"tags": list(quiz.tags)} if quiz.tags else {})
    out = [f"// {quiz.id} ({lang}), exported by quizlint\n", _meta_line(head),
           f"$CATEGORY: $course$/quizlint/{quiz.id}\n"]
    for q in quiz.questions:
        meta, body = _question_text(q, lang, f"question {q.id}")
        out.append("\n" + _meta_line(meta) + body)
    return "".join(out)


def export(quizzes: list, *, lang: str | None = None) -> dict[str, bytes]:
    """One ``<quiz-id>.gift`` per quiz, in ``lang`` or each quiz's source language."""
    return {f"{quiz.id}.gift": export_quiz(quiz, lang).encode("utf-8") for quiz in quizzes}
