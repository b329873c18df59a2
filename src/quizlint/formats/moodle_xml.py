"""Moodle XML question banks: read them into the model, export quizzes to them.

One file holds ``<question>`` elements; a ``type="category"`` one starts a
quiz (its path ``$course$/quizlint/<quiz-id>``, its ``<idnumber>`` the quiz
id, its ``<info>`` the title). Kinds, both ways:

=============  ==============================================================
v1             Moodle
=============  ==============================================================
single/multi   multichoice (``<single>``; keys share 100 % in Moodle's fractions)
true_false     truefalse
numeric        numerical (absolute tolerance; ``wrong_answers`` are 0 % answers)
free           shortanswer when the answer is short and exact, else essay
               (the reference answer as ``<graderinfo>``)
symbolic       essay whose ``<graderinfo>`` holds the expression
=============  ==============================================================

Texts are HTML (:mod:`quizlint.formats.moodle_html`); several languages
travel as Moodle's multi-language spans. Untrusted files are parsed with a
hardened lxml parser, and a DOCTYPE (entities: billion laughs, local files)
is refused. docs/formats/moodle-xml.md is the full mapping.
"""

from __future__ import annotations

import functools
import html
import re

from quizlint.formats import Imported, SourceProblem
from quizlint.formats.model import Choice, Numeric, Question, Quiz, Symbolic, WrongAnswer
from quizlint.formats.moodle_html import from_html, math_to_dollars, to_html
from quizlint.yamlerrors import MAX_BYTES as MAX_CHARS   # the loader's limit for quiz files

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# Moodle's grade fractions (question_bank::fraction_options), as written in XML.
FRACTIONS = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667", 7: "14.28571",
             8: "12.5", 9: "11.11111", 10: "10", 20: "5"}
SHORT_WORDS, SHORT_CHARS = 3, 40     # a free answer this short and plain exports as shortanswer


# ---------------------------------------------------------------- languages

def _moodle_lang(tag: str) -> str:
    """``es-MX`` -> ``es_mx`` (Moodle's language pack names)."""
    return tag.replace("-", "_").lower()


@functools.lru_cache(maxsize=256)
def _v1_lang(code: str) -> str | None:
    """``es_mx`` -> ``es-MX``; None for what is no language tag (``other``)."""
    head, *rest = re.split(r"[_-]", code.strip())
    parts = [head.lower()] + [p.upper() if len(p) == 2 and p.isalpha() else p.title() if len(p) == 4 and p.isalpha()
                              else p for p in rest]
    tag = "-".join(parts)
    return tag if LANG.match(tag) and tag != "other" else None


# The opening tag Moodle's multilang filter knows: lang and class="multilang", in either order.
_SPAN_OPEN = re.compile(r'<span(?:\s+lang="([a-zA-Z0-9_-]+)"|\s+(class="multilang")){2}\s*>', re.I)
_SPAN_CLOSE = re.compile(r"</span\s*>", re.I)
_MLANG = re.compile(r"\{mlang\s+([A-Za-z0-9_, -]{1,100}?)\s{0,20}\}", re.I)
_MLANG_END = re.compile(r"\{mlang\}", re.I)


_UNSEEN = object()


def _segments(s: str) -> list[tuple[list | None, str]]:
    """``s`` cut into plain runs ``(None, text)`` and multi-language runs ``([codes], text)``:
    ``<span lang="xx" class="multilang">`` (Moodle's filter: the span ends at the next
    ``</span>``) and ``{mlang xx}…{mlang}`` (filter_multilang2)."""
    out, pos = [], 0
    span = ml = _UNSEEN       # the next run of each kind at or after pos (searched again only when passed)
    while pos < len(s):
        if span is _UNSEEN or (span is not None and span.start() < pos):
            span = _SPAN_OPEN.search(s, pos)
            while span and not (span.group(1) and span.group(2)):    # lang twice, or class twice
                span = _SPAN_OPEN.search(s, span.end())
        if ml is _UNSEEN or (ml is not None and ml.start() < pos):
            ml = _MLANG.search(s, pos)
        if span and (not ml or span.start() < ml.start()):
            end = _SPAN_CLOSE.search(s, span.end())
            stop = end.start() if end else len(s)
            out += [(None, s[pos:span.start()]), ([span.group(1)], s[span.end():stop])]
            pos = end.end() if end else len(s)
        elif ml:
            end = _MLANG_END.search(s, ml.end())
            stop = end.start() if end else len(s)
            out += [(None, s[pos:ml.start()]), (re.split(r"[\s,]+", ml.group(1).strip()), s[ml.end():stop])]
            pos = end.end() if end else len(s)
        else:
            out.append((None, s[pos:]))
            break
    return [(k, t) for k, t in out if k is not None or t]


def split_languages(s: str, langs: list[str] | None = None) -> dict:
    """``{lang: text}`` of a Moodle text, for ``langs`` (default: the languages it names);
    ``{None: s}`` when it has no language runs.

    Runs next to each other (only spaces between) are one group, of which a
    reader sees the one in their language (``other``: anyone else). A
    language missing from a group is missing from the text."""
    segs = _segments(s)
    if all(k is None for k, _ in segs):
        return {None: s}
    groups: list = []          # str (plain) or dict lang -> text
    for k, t in segs:
        if k is None:
            if t.strip() or not (groups and isinstance(groups[-1], dict)):
                groups.append(t)
            continue
        if not (groups and isinstance(groups[-1], dict)):
            groups.append({})
        for code in k:
            lang = "other" if code.strip().lower() == "other" else _v1_lang(code)
            if lang:
                groups[-1].setdefault(lang, t)
    if langs is None:
        langs = []
        for g in groups:
            if isinstance(g, dict):
                langs += [k for k in g if k != "other" and k not in langs]
        if not langs:
            return {None: s}
    out = {}
    for lang in langs:
        parts = []
        for g in groups:
            if isinstance(g, str):
                parts.append(g)
            elif lang in g or "other" in g:
                parts.append(g.get(lang, g.get("other")))
            else:
                break
        else:
            out[lang] = "".join(parts)
    return out


# ---------------------------------------------------------------- reading

# The prolog's spaces, comments and processing instructions: each alternative starts with its own
# character and matches in one way, so this runs in linear time on any text.
_PROLOG = re.compile(r"(?:[ \t\r\n]+|<!--(?:[^-]|-(?!-))*-->|<\?(?:[^?]|\?(?!>))*\?>)*")


def _prolog_end(text: str) -> int:
    """Where the XML prolog's comments, processing instructions and spaces end
    (a DOCTYPE or the root element starts there)."""
    return _PROLOG.match(text, 1 if text.startswith("\ufeff") else 0).end()


def sniff(text: str, path: str) -> bool:
    """A Moodle XML file: its root element is ``<quiz>``."""
    head = text[:65536]
    i = _prolog_end(head)
    return head.startswith("<quiz", i) and head[i + 5:i + 6] in (" ", "\t", "\r", "\n", ">", "/")


def _where(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


class _Reader:
    """One file's reading: its problems, its lines (for columns), its quizzes."""

    def __init__(self, text: str, path: str, quiz_id: str | None, lang: str | None):
        self.path, self.quiz_id, self.lang = path, quiz_id, lang or "en"
        self.lines = text.split("\n")
        self.problems: list[SourceProblem] = []
        self.quizzes: list[dict] = []      # {"key", "id", "title", "questions": [((Question, raw), n)]}
        self.by_key: dict = {}             # category path -> its quiz

    def problem(self, el, message: str) -> None:
        """A problem at ``el``'s start tag (lxml gives its line; the column is found in the line)."""
        line = getattr(el, "sourceline", None) or 1
        col = 1
        if 0 < line <= len(self.lines):
            at = self.lines[line - 1].find("<" + str(el.tag))
            col = at + 1 if at >= 0 else 1
        self.problems.append(SourceProblem(self.path, line, col, message))


def read(text: str, path: str, *, quiz_id: str | None = None, lang: str | None = None) -> Imported:
    """The quizzes of one Moodle XML file; problems as ``path:line:col``."""
    from lxml import etree

    if len(text) > MAX_CHARS:
        return Imported(problems=[SourceProblem(path, 1, 1, f"the file is {len(text) // 1_000_000} MB; "
                                                f"the limit is {MAX_CHARS // 1_000_000} MB")])
    start = _prolog_end(text)
    if text.startswith("<!DOCTYPE", start):
        return Imported(problems=[SourceProblem(path, *_where(text, start),
                                                "a DOCTYPE is refused: Moodle XML has none, and its entities "
                                                "could expand without bound or read local files")])
    body = text.lstrip("\ufeff")
    body = re.sub(r"\A(\s*<\?xml[^>]*?)\s+encoding\s*=\s*(['\"])[^'\"]*\2", r"\1", body)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             dtd_validation=False, remove_pis=True, remove_comments=True)
    try:
        root = etree.fromstring(body.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position and exc.position[0] else (1, 1)
        return Imported(problems=[SourceProblem(path, line, max(col, 1), f"not well-formed XML: {exc.msg}")])
    except (ValueError, UnicodeError) as exc:
        return Imported(problems=[SourceProblem(path, 1, 1, f"not readable as XML: {exc}")])
    r = _Reader(text, path, quiz_id, lang)
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or any(isinstance(e, etree._Entity) for e in root.iter()):
        return Imported(problems=[SourceProblem(path, 1, 1, "entities are refused (a DOCTYPE or an entity reference)")])
    if root.tag != "quiz":
        r.problem(root, f"the root element is <{root.tag}>, not <quiz>: not a Moodle XML file")
        return Imported(problems=r.problems)
    _read_questions(r, root)
    return Imported(quizzes=_finish(r), problems=r.problems)


def _child_text(el, *names) -> str | None:
    """The text of ``el/names[0]/…/text`` (Moodle wraps every value in ``<text>``)."""
    for n in names:
        el = el.find(n) if el is not None else None
    if el is None:
        return None
    t = el.find("text")
    return "".join(t.itertext()) if t is not None else None


def _formatted(el, name: str | None, default: str = "html") -> tuple[str, str] | None:
    """``(text, format)`` of a text field such as ``<questiontext format="html">``."""
    node = el.find(name) if name else el
    if node is None:
        return None
    t = node.find("text")
    if t is None:
        return None
    return "".join(t.itertext()).strip(), node.get("format", default)


def _read_questions(r: _Reader, root) -> None:
    current = None
    counts: dict[str, int] = {}
    for el in root:
        if not isinstance(el.tag, str):
            continue
        if el.tag != "question":
            r.problem(el, f"<{el.tag}> is not a <question>; skipped")
            continue
        kind = el.get("type", "")
        if kind == "category":
            current = _category(r, el)
            continue
        if current is None:
            current = _quiz(r, None, None, None)
        counts[current["key"]] = n = counts.get(current["key"], 0) + 1
        try:
            q = _question(r, el, kind)
        except _Skip as exc:
            r.problem(el, f"{exc}; skipped")
            continue
        q[0].line = el.sourceline or 0
        current["questions"].append((q, n))


class _Skip(Exception):
    """A question that cannot be imported (the message says why)."""


def _quiz(r, key, qid, title) -> dict:
    """The quiz of category ``key`` (a category named twice is one quiz)."""
    if key not in r.by_key:
        r.by_key[key] = {"key": key, "id": qid, "title": title, "questions": []}
        r.quizzes.append(r.by_key[key])
    return r.by_key[key]


def _category(r: _Reader, el) -> dict:
    path = _child_text(el, "category") or ""
    names = [p.replace("\x00", "/") for p in path.replace("//", "\x00").split("/") if p.strip()]
    if names and names[0].startswith("$"):       # $course$/top/...: the context and its top category
        names = names[2:] if names[1:2] == ["top"] else names[1:]
    idnumber = (el.findtext("idnumber") or "").strip()
    info = _formatted(el, "info")
    title = info if info and info[0] else None
    key = "/".join(names)
    slug = _slug(names[-1]) if names else ""
    qid = idnumber if ID.match(idnumber) else slug or None
    return _quiz(r, key, qid, title or ((names[-1], "plain_text") if names else None))


def _slug(s: str) -> str:
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _number(s: str | None):
    """A float (an int when written as one) of a Moodle number, or None."""
    if s is None:
        return None
    s = s.strip().replace(",", ".")
    try:
        return int(s) if re.fullmatch(r"[-+]?\d+", s) else float(s)
    except ValueError:
        return None


def _answers(r, el) -> list:
    out = []
    for a in el.findall("answer"):
        raw = a.get("fraction", "0")
        f = _number(raw)
        if f is None:
            r.problem(a, f"fraction `{raw}` is not a number; read as 0")
            f = 0
        out.append((a, f, _formatted(a, None), _formatted(a, "feedback")))
    return out


def _question(r: _Reader, el, kind: str):
    """``(Question, raw texts)``: the raw texts are resolved when the quiz's languages are known."""
    if kind not in ("multichoice", "truefalse", "shortanswer", "numerical", "essay"):
        raise _Skip(f"question type `{kind}` is not supported" if kind != "description"
                    else "a description is no question")
    stem = _formatted(el, "questiontext")
    if not stem or not stem[0]:
        raise _Skip("no <questiontext>")
    raw: dict = {"stem": stem, "explanation": _formatted(el, "generalfeedback"),
                 "choices": [], "answer": None, "wrong": []}
    name = (_child_text(el, "name") or "").strip()
    idnumber = (el.findtext("idnumber") or "").strip()
    tags = [t for t in (_child_text(x) for x in el.findall("tags/tag")) if t is not None]
    course = [t for t in (_child_text(x) for x in el.findall("coursetags/tag")) if t is not None]
    q = Question(id="", kind="", stem={}, tags=[t.strip() for t in tags if t.strip()],
                 title=name or None)
    q.extra = {}
    raw["ids"] = (idnumber, name)
    raw["coursetags"] = [t.strip() for t in course if t.strip()]
    answers = _answers(r, el)
    if kind == "multichoice":
        single = (el.findtext("single") or "true").strip().lower() in ("true", "1")
        q.kind = "single" if single else "multi"
        for a, f, text, fb in answers:
            raw["choices"].append((text or ("", "html"), f >= 100 if single else f > 0, fb))
        if not any(c[1] for c in raw["choices"]):
            r.problem(el, "no answer has a " + ("100 % fraction" if single else "positive fraction") + ": no key")
    elif kind == "truefalse":
        q.kind = "true_false"
        for a, f, text, fb in answers:
            word = (text[0] if text else "").strip().lower()
            if f >= 100 and word in ("true", "false"):
                q.answer = word == "true"
                if fb and fb[0] and not (raw["explanation"] and raw["explanation"][0]):
                    raw["explanation"] = fb
        if q.answer is None:
            r.problem(el, "no `true` or `false` answer has a 100 % fraction: no key")
    elif kind == "numerical":
        q.kind = "numeric"
        units = el.findall("units/unit")
        unit = next((u.findtext("unit_name").strip() for u in units
                     if u.findtext("unit_name") and _number(u.findtext("multiplier")) == 1), None)
        key = None
        for a, f, text, fb in answers:
            s = (text[0] if text else "").strip()
            value = _number(s)
            if s == "*" or s == "":
                continue
            if value is None:
                r.problem(a, f"answer `{s}` is not a number; left out")
                continue
            tol = _number(a.findtext("tolerance")) or 0
            if f >= 100 and key is None:
                key = Numeric(value, None if tol == 0 else abs(tol), exact=tol == 0, unit=unit)
            elif f <= 0:
                raw["wrong"].append((value, fb))
        if key is None:
            r.problem(el, "no numeric answer has a 100 % fraction: no key")
        q.answer = key
    elif kind == "shortanswer":
        q.kind = "free"
        best = next((t for a, f, t, fb in answers if f >= 100 and t and t[0]), None)
        if best is None:
            r.problem(el, "no answer has a 100 % fraction: no reference answer")
        raw["answer"] = (best[0], "plain_text") if best else None
    else:
        grader = _formatted(el, "graderinfo")
        sym = _symbolic(grader[0]) if grader else None
        if sym:
            q.kind, q.answer = "symbolic", sym[0]
            raw["wrong"] = sym[1]
        else:
            q.kind = "free"
            raw["answer"] = grader if grader and grader[0] else None
    return q, raw


_SYM = re.compile(r'<p class="quizlint-expr"><code>(.*?)</code></p>'
                  r'(?:<p class="quizlint-latex">\\\((.*?)\\\)</p>)?', re.S)
_SYM_WRONG = re.compile(r'<div class="quizlint-wrong"><p><code>(.*?)</code></p>(.*?)</div>', re.S)


def _symbolic(grader: str):
    """``(Symbolic, wrong answers)`` when ``grader`` is the grader info this module writes for
    a symbolic question; else None."""
    m = _SYM.match(grader) if len(grader) < 50_000 else None    # what this module writes is short
    if not m:
        return None
    wrong = [(html.unescape(w.group(1)), (w.group(2), "html")) for w in _SYM_WRONG.finditer(grader, m.end())]
    latex = html.unescape(m.group(2)) if m.group(2) is not None else None
    return Symbolic(html.unescape(m.group(1)), latex), wrong


def _to_text(raw) -> str:
    """v1 text of one language's ``(text, format)``."""
    s, fmt = raw
    fmt = (fmt or "html").strip()
    if fmt == "plain_text":
        return s.strip()
    if fmt == "markdown":
        return math_to_dollars(s).strip()
    if fmt == "moodle_auto_format":
        s = s.replace("\r\n", "\n").replace("\n", "<br>")
    return from_html(s)


def _split(raw) -> dict:
    return split_languages(raw[0]) if raw else {}


def _quiz_ids(r: _Reader, quizzes: list[dict]) -> list[str]:
    """``--quiz`` for a file of one quiz; else the categories' ids (with ``--quiz`` in front)."""
    stem = _slug(re.sub(r"\.[^./]*$", "", r.path.replace("\\", "/").rsplit("/", 1)[-1]))
    out: list[str] = []
    seen: set[str] = set()
    for quiz in quizzes:
        if len(quizzes) == 1 and r.quiz_id:
            qid = r.quiz_id
        elif r.quiz_id and quiz["id"]:
            qid = f"{r.quiz_id}-{quiz['id']}"
        else:
            qid = quiz["id"] or r.quiz_id or stem or "quiz"
        base, n = qid, 2
        while qid in seen:
            qid, n = f"{base}-{n}", n + 1
        out.append(qid)
        seen.add(qid)
    return out


def _languages(r: _Reader, quiz: dict) -> list[str]:
    """The languages a quiz's texts name, in order, ``--lang`` first; ``[--lang]`` when none."""
    fields = [_split(quiz["title"])]
    for (q, raw), _ in quiz["questions"]:
        fields += [_split(raw[key]) for key in ("stem", "explanation", "answer")]
        for c in raw["choices"]:
            fields += [_split(c[0]), _split(c[2])]
        fields += [_split(w[1]) for w in raw["wrong"]]
    langs: list[str] = []
    for f in fields:
        langs += [k for k in f if k is not None and k not in langs]
    if not langs:
        return [r.lang]
    return [r.lang] + [x for x in langs if x != r.lang] if r.lang in langs else langs


def _finish(r: _Reader) -> list[Quiz]:
    """Resolve each quiz's languages and texts; give ids."""
    quizzes = [q for q in r.quizzes if q["questions"]]
    ids: set[str] = set()      # question ids, unique in the file
    out = []
    for quiz, qid in zip(quizzes, _quiz_ids(r, quizzes)):
        langs = _languages(r, quiz)
        title = quiz["title"]

        def text(raw_field):
            if not raw_field or not raw_field[0]:
                return None
            split = split_languages(raw_field[0], langs)
            if None in split:
                split = {lang: split[None] for lang in langs}
            got = {lang: _to_text((split[lang], raw_field[1])) for lang in langs if lang in split}
            return {k: v for k, v in got.items() if v} or None

        model = Quiz(id=qid, title=text(title) or {langs[0]: qid}, languages=langs)
        for (q, raw), n in quiz["questions"]:
            idnumber, name = raw["ids"]
            q.id = next((c for c in (idnumber, name) if ID.match(c) and c not in ids), f"{qid}-{n:02d}")
            while q.id in ids:
                q.id += "-b"
            ids.add(q.id)
            if q.title == q.id:
                q.title = None
            q.stem = text(raw["stem"]) or {}
            q.explanation = text(raw["explanation"])
            q.choices = [Choice(text(t) or {}, correct, text(fb)) for t, correct, fb in raw["choices"]]
            if q.kind == "free":
                q.answer = text(raw["answer"])
            if q.kind == "numeric":
                q.wrong_answers = [WrongAnswer(value=v, why=text(fb)) for v, fb in raw["wrong"]]
            elif q.kind == "symbolic":
                q.wrong_answers = [WrongAnswer(expr=e, why=text(fb)) for e, fb in raw["wrong"]]
            for t in raw["coursetags"]:
                if t not in model.tags:
                    model.tags.append(t)
            model.questions.append(q)
        out.append(model)
    return out


# ---------------------------------------------------------------- export

def _cdata(s: str) -> str:
    """``s`` as XML character data: plain when it needs no escaping, else CDATA sections."""
    if not re.search(r"[<>&]", s):
        return s
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _attr(s: str) -> str:
    return html.escape(s, quote=True)


class _Writer:
    """The texts of one quiz, in one language or in all (multi-language spans)."""

    def __init__(self, quiz: Quiz, lang: str | None):
        self.quiz = quiz
        self.langs = [lang] if lang else list(quiz.languages)

    def html(self, value) -> str:
        if not value:
            return ""
        if len(self.langs) == 1:
            return to_html(value.get(self.langs[0], ""))
        return "".join(f'<span lang="{_moodle_lang(lang)}" class="multilang">{to_html(value[lang])}</span>'
                       for lang in self.langs if lang in value)

    def field(self, name: str, value, indent: str = "    ") -> str:
        return f'{indent}<{name} format="html">\n{indent}  <text>{_cdata(self.html(value))}</text>\n{indent}</{name}>\n'

    def plain(self, value) -> list[str]:
        return [value[lang] for lang in self.langs if lang in value] if value else []


def _number_text(x) -> str:
    if isinstance(x, bool):
        x = int(x)
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) < 1e15):
        return str(int(x))
    return repr(float(x))


def short_exact(answer: dict, langs: list[str]) -> str | None:
    """The one string a shortanswer can accept for a free answer, or None.

    A free answer is short and exact when it is the same in every exported
    language, one line of at most 3 words and 40 characters, without math,
    code or Markdown (``$ ` * _ [ ] < >``) and not ending in a full stop."""
    values = {answer.get(lang) for lang in langs}
    if len(values) != 1:
        return None
    s = values.pop()
    if (not s or "\n" in s or len(s) > SHORT_CHARS or len(s.split()) > SHORT_WORDS
            or re.search(r"[$`*_\[\]<>{}\\]", s) or s.rstrip().endswith(".")):
        return None
    return s


def _fractions(k: int) -> list[str]:
    """The fractions of ``k`` keys of a multi question: equal shares where Moodle has one,
    else tenths and twentieths that sum to 100."""
    if k in FRACTIONS:
        return [FRACTIONS[k]] * k
    if k <= 20:
        return ["10"] * (20 - k) + ["5"] * (2 * k - 20)
    from quizlint.formats import FormatError

    raise FormatError(f"{k} keys: Moodle's fractions cannot share 100 % among more than 20 answers")


_LETTER_KEY = re.compile(r"^\W*(?i:answer:?\s*)?\(?[A-Z][).]")  # "**Answer: D.**", "**D)**": number A, B, C


def _question_xml(q: Question, w: _Writer, quiz: Quiz) -> str:
    kinds = {"single": "multichoice", "multi": "multichoice", "true_false": "truefalse",
             "numeric": "numerical", "symbolic": "essay"}
    short = short_exact(q.answer, w.langs) if q.kind == "free" and isinstance(q.answer, dict) else None
    mtype = kinds.get(q.kind) or ("shortanswer" if short is not None else "essay")
    x = [f'  <question type="{mtype}">\n',
         f"    <name>\n      <text>{_cdata(q.title or q.id)}</text>\n    </name>\n",
         w.field("questiontext", q.stem),
         w.field("generalfeedback", q.explanation),
         "    <defaultgrade>1</defaultgrade>\n",
         f"    <penalty>{'0' if mtype == 'essay' else '0.3333333'}</penalty>\n",
         "    <hidden>0</hidden>\n",
         f"    <idnumber>{_cdata(q.id)}</idnumber>\n"]
    if q.kind in ("single", "multi"):
        expl = (q.explanation or {}).get(quiz.source_lang, "")
        keys = q.keys()
        shares = iter(_fractions(len(keys)) if q.kind == "multi" and keys else ["100"] * len(keys))
        x += [f"    <single>{'true' if q.kind == 'single' else 'false'}</single>\n",
              "    <shuffleanswers>false</shuffleanswers>\n",
              f"    <answernumbering>{'ABCD' if _LETTER_KEY.match(expl) else '123'}</answernumbering>\n",
              "    <showstandardinstruction>0</showstandardinstruction>\n"]
        for c in q.choices:
            x.append(_answer(next(shares) if c.correct else "0", w.html(c.text), c.why, w))
    elif q.kind == "true_false":
        x.append(_answer("100" if q.answer else "0", "true", None, w, "moodle_auto_format"))
        x.append(_answer("0" if q.answer else "100", "false", None, w, "moodle_auto_format"))
    elif q.kind == "numeric":
        a: Numeric = q.answer
        # Moodle has absolute tolerances only: a relative one becomes its width at the value
        tol = 0.0 if a.exact else max(a.tolerance or 0, float(f"{(a.rel_tolerance or 0) * abs(a.value):.12g}"))
        x.append(_answer("100", _number_text(a.value), None, w, "moodle_auto_format",
                         f"      <tolerance>{_number_text(tol)}</tolerance>\n"))
        for wa in q.wrong_answers:
            if wa.value is not None:
                x.append(_answer("0", _number_text(wa.value), wa.why, w, "moodle_auto_format",
                                 f"      <tolerance>{_number_text(tol)}</tolerance>\n"))
        if a.unit:
            x.append(f"    <units>\n      <unit>\n        <multiplier>1</multiplier>\n"
                     f"        <unit_name>{_cdata(a.unit)}</unit_name>\n      </unit>\n    </units>\n"
                     "    <unitgradingtype>0</unitgradingtype>\n    <unitpenalty>0.1000000</unitpenalty>\n"
                     "    <showunits>3</showunits>\n    <unitsleft>0</unitsleft>\n")
    elif mtype == "shortanswer":
        x.append("    <usecase>0</usecase>\n")
        x.append(_answer("100", short, None, w, "moodle_auto_format"))
    else:
        x += ["    <responseformat>editor</responseformat>\n", "    <responserequired>1</responserequired>\n",
              "    <responsefieldlines>10</responsefieldlines>\n", "    <attachments>0</attachments>\n",
              "    <attachmentsrequired>0</attachmentsrequired>\n",
              f'    <graderinfo format="html">\n      <text>{_cdata(_grader(q, w))}</text>\n    </graderinfo>\n',
              '    <responsetemplate format="html">\n      <text></text>\n    </responsetemplate>\n']
    for name, tags in (("tags", q.tags), ("coursetags", quiz.tags)):
        if tags:
            x.append(f"    <{name}>\n" + "".join(f"      <tag><text>{_cdata(t)}</text></tag>\n" for t in tags)
                     + f"    </{name}>\n")
    x.append("  </question>\n")
    return "".join(x)


def _grader(q: Question, w: _Writer) -> str:
    if q.kind == "free":
        return w.html(q.answer)
    a: Symbolic = q.answer
    out = f'<p class="quizlint-expr"><code>{html.escape(a.expr, quote=False)}</code></p>'
    if a.latex:
        out += f'<p class="quizlint-latex">\\({html.escape(a.latex, quote=False)}\\)</p>'
    for wa in q.wrong_answers:
        if wa.expr is not None:
            out += (f'<div class="quizlint-wrong"><p><code>{html.escape(wa.expr, quote=False)}</code></p>'
                    f"{w.html(wa.why)}</div>")
    return out


def _answer(fraction: str, text: str, why, w: _Writer, fmt: str = "html", extra: str = "") -> str:
    fb = f"      <feedback format=\"html\">\n        <text>{_cdata(w.html(why))}</text>\n      </feedback>\n"
    return (f'    <answer fraction="{fraction}" format="{fmt}">\n      <text>{_cdata(text)}</text>\n'
            + extra + fb + "    </answer>\n")


def export(quizzes: list[Quiz], *, lang: str | None = None) -> dict[str, bytes]:
    """One ``<quiz-id>.xml`` per quiz; every language in multi-language spans, or ``lang`` only."""
    files = {}
    for quiz in quizzes:
        w = _Writer(quiz, lang if lang or len(quiz.languages) > 1 else quiz.source_lang)
        x = ['<?xml version="1.0" encoding="UTF-8"?>\n', "<quiz>\n",
             '  <question type="category">\n',
             f"    <category>\n      <text>{_cdata('$course$/quizlint/' + quiz.id)}</text>\n    </category>\n",
             f'    <info format="html">\n      <text>{_cdata(w.html(quiz.title))}</text>\n    </info>\n',
             f"    <idnumber>{_cdata(quiz.id)}</idnumber>\n",
             "  </question>\n"]
        x += [_question_xml(q, w, quiz) for q in quiz.questions]
        x.append("</quiz>\n")
        files[f"{quiz.id}.xml"] = "".join(x).encode("utf-8")
    return files
