"""Anki: ``.apkg`` decks (export) and Anki's text notes exports (import).

Export (:func:`export`) writes one ``<quiz-id>.apkg`` per quiz with
genanki: one deck per quiz, one note per question and language, on one
quizlint note type (fields Front, Back, Id). Everything that makes a
re-import *update* the student's cards, and keep their review history,
is derived from ids, never drawn at random:

* note GUID = ``genanki.guid_for(quiz_id, question_id, lang)``;
* deck id from the quiz id, note type id a constant;
* note and note type ``mod`` = the quiz file's mtime (or
  ``SOURCE_DATE_EPOCH``): Anki updates an existing note only when the
  incoming one is newer, so an edited file must carry a later time.

The package is byte-identical on re-export: the collection is written by
genanki into a fresh SQLite file with that fixed time, and the zip is
written here with fixed entry dates.

Text is Markdown with ``$...$`` math: it is rendered with markdown-it-py
with raw HTML off (quiz text is untrusted: ``<script>`` stays text), math
becomes MathJax ``\\( \\)`` / ``\\[ \\]``, code ``<pre><code>``; images are
not loaded (shown as links), and Anki's own ``[sound:...]`` tags are
defused.

Import (:func:`read`) takes Anki's "Notes in Plain Text" exports and
hand-written import files: ``#separator:``, ``#html:``, ``#tags:``,
``#columns:``, ``#deck:``/``#deck column:``, ``#notetype:``/``#notetype
column:``, ``#tags column:``, ``#guid column:`` headers, then rows read by
:mod:`quizlint.formats.csv_`. Each note becomes a ``free`` question (stem =
front, answer = back, its tags); HTML fields are turned into v1 text
(:func:`html_to_text`), cloze notes into a stem with ``[...]`` gaps.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import os
import re
import sqlite3
import tempfile
import zipfile

from quizlint.formats import FormatError, Imported, SourceProblem
from quizlint.formats import csv_
from quizlint.formats.model import Numeric, Quiz, Symbolic

EPOCH = 1767225600            # 2026-01-01, when a quiz has no file and no SOURCE_DATE_EPOCH
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

LABELS = {
    "en": {"answer": "Answer", "answers": "Answers", "true": "True", "false": "False", "exact": "exactly",
           "all": "Choose all that apply.", "mistakes": "Common mistakes"},
    "es": {"answer": "Respuesta", "answers": "Respuestas", "true": "Verdadero", "false": "Falso",
           "exact": "exactamente", "all": "Elige todas las correctas.", "mistakes": "Errores comunes"},
}

CSS = """\
.card { font-family: sans-serif; font-size: 18px; text-align: left; color: black; background: white; }
.ql-choices li { margin: 0.2em 0; }
.ql-correct { font-weight: bold; }
.ql-explanation { margin-top: 0.8em; }
.ql-id { margin-top: 1.2em; font-size: 12px; color: #888; }
pre { background: #f4f4f4; padding: 0.5em; overflow-x: auto; }
"""


def stable_id(name: str) -> int:
    """An Anki id in genanki's recommended range [2**30, 2**31), from ``name``."""
    n = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")
    return (1 << 30) + n % (1 << 30)


MODEL_ID = stable_id("quizlint note type v1")
NOTE_TYPE = "quizlint"
FIELDS = ("Front", "Back", "Id")   # never change: a new field list is a new note type in Anki


def _model():
    import genanki

    return genanki.Model(
        MODEL_ID, NOTE_TYPE, fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Card 1", "qfmt": '<div class="ql-front">{{Front}}</div>',
                    "afmt": '{{FrontSide}}<hr id="answer"><div class="ql-back">{{Back}}</div>'
                            '<div class="ql-id">{{Id}}</div>'}],
        css=CSS)


# --------------------------------------------------------------------------
# Markdown with $math$ to Anki HTML


def _math_rule(state, silent: bool) -> bool:
    """``$...$`` (one line) and ``$$...$$`` as math tokens, before emphasis sees them."""
    src, pos = state.src, state.pos
    if src[pos] != "$":
        return False
    delim = "$$" if src.startswith("$$", pos) else "$"
    start = pos + len(delim)
    end = src.find(delim, start)
    if end <= start or (delim == "$" and "\n" in src[start:end]):
        return False
    if not silent:
        token = state.push("math_display" if delim == "$$" else "math_inline", "", 0)
        token.content = src[start:end]
    state.pos = end + len(delim)
    return True


_MD = None


def _markdown():
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark", {"html": False})
        md.disable("image")           # no remote loads from a card: ![x](url) is shown as a link
        md.inline.ruler.before("escape", "math", _math_rule)
        md.add_render_rule("math_inline", lambda self, t, i, o, e: "\\(" + html.escape(t[i].content) + "\\)")
        md.add_render_rule("math_display", lambda self, t, i, o, e: "\\[" + html.escape(t[i].content) + "\\]")
        _MD = md
    return _MD


_AV_TAG = re.compile(r"\[(sound|anki):", re.I)


def to_html(text: str | None, inline: bool = False) -> str:
    """Anki field HTML for v1 text (Markdown, ``$`` math, code); all of it escaped."""
    if not text:
        return ""
    out = _markdown().render(text).strip()
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return _AV_TAG.sub(lambda m: "&#91;" + m.group(1) + ":", out)   # Anki would play [sound:...]


# --------------------------------------------------------------------------
# Export


def export(quizzes, *, lang: str | None = None) -> dict[str, bytes]:
    """``<quiz-id>.apkg`` for each quiz: every language, or only ``lang``."""
    return {f"{quiz.id}.apkg": apkg(quiz, lang=lang) for quiz in quizzes}


def timestamp(quiz: Quiz) -> int:
    """The notes' ``mod`` time: ``SOURCE_DATE_EPOCH``, else the quiz file's mtime, else :data:`EPOCH`."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        return int(env)
    if quiz.path:
        try:
            return int(os.stat(quiz.path).st_mtime)
        except OSError:
            pass
    return EPOCH


def _label(lang: str, key: str) -> str:
    return LABELS.get(lang.split("-")[0].lower(), LABELS["en"])[key]


def _pick(value, lang: str, source: str) -> str:
    """``value`` in ``lang``, else in the source language (an untranslated field)."""
    if not value:
        return ""
    return value.get(lang) or value.get(source) or ""


def _tag(tag: str) -> str:
    return re.sub(r"\s+", "_", tag.strip())    # Anki tags have no spaces


def _num(x) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return str(x)


def _letters(q, lang: str, source: str) -> bool:
    """Label choices A, B, C when the explanation states the key with letters (``**D)**``), else 1, 2, 3."""
    from quizlint.rules.key_statement import leading_key

    found = leading_key(_pick(q.explanation, lang, source))
    return bool(found and found[0] == "choices" and found[2])


def _choice_label(i: int, letters: bool) -> str:
    return chr(ord("A") + i) if letters and i < 26 else str(i + 1)


def front(q, lang: str, source: str) -> str:
    """The Front field: the stem, and the options of a choice question."""
    parts = [to_html(_pick(q.stem, lang, source))]
    if q.choices:
        letters = _letters(q, lang, source)
        if q.kind == "multi":
            parts.append(f'<p class="ql-hint">{html.escape(_label(lang, "all"))}</p>')
        items = "".join(f"<li>{to_html(_pick(c.text, lang, source), inline=True)}</li>" for c in q.choices)
        parts.append(f'<ol class="ql-choices" type="{"A" if letters else "1"}">{items}</ol>')
    return "".join(parts)


def back(q, lang: str, source: str) -> str:
    """The Back field: the key (per kind), the options' ``why``, common mistakes, the explanation."""
    esc, parts = html.escape, []
    answer = q.answer
    if q.choices:
        letters = _letters(q, lang, source)
        keys = q.keys()
        word = _label(lang, "answers" if len(keys) > 1 else "answer")
        labels = ", ".join(_choice_label(i, letters) for i in keys)
        parts.append(f'<p class="ql-key"><b>{esc(word)}:</b> {esc(labels)}</p>')
        items = []
        for i, c in enumerate(q.choices):
            why = _pick(c.why, lang, source)
            if c.correct or why:
                cls = ' class="ql-correct"' if c.correct else ""
                text = to_html(_pick(c.text, lang, source), inline=True)
                note = f"<br>{to_html(why, inline=True)}" if why else ""
                items.append(f'<li value="{i + 1}"{cls}>{text}{note}</li>')
        parts.append(f'<ol class="ql-choices" type="{"A" if letters else "1"}">{"".join(items)}</ol>')
    elif isinstance(answer, bool):
        parts.append(f'<p class="ql-key"><b>{esc(_label(lang, "answer"))}:</b> '
                     f'{esc(_label(lang, "true" if answer else "false"))}</p>')
    elif isinstance(answer, Numeric):
        value = _num(answer.value)
        if answer.exact:
            value += f" ({_label(lang, 'exact')})"
        if answer.tolerance is not None:
            value += f" ± {_num(answer.tolerance)}"
        if answer.rel_tolerance is not None:
            value += f" ± {_num(round(answer.rel_tolerance * 100, 10))} %"
        if answer.unit:
            value += f" {answer.unit}"
        parts.append(f'<p class="ql-key"><b>{esc(_label(lang, "answer"))}:</b> {esc(value)}</p>')
    elif isinstance(answer, Symbolic):
        shown = f"\\({esc(answer.latex)}\\)" if answer.latex else f"<code>{esc(answer.expr)}</code>"
        parts.append(f'<p class="ql-key"><b>{esc(_label(lang, "answer"))}:</b> {shown}</p>')
    elif isinstance(answer, dict):
        parts.append(to_html(_pick(answer, lang, source)))
    if q.wrong_answers:
        items = []
        for w in q.wrong_answers:
            what = f"<code>{esc(w.expr)}</code>" if w.expr is not None else esc(_num(w.value))
            why = _pick(w.why, lang, source)
            items.append(f"<li>{what}{': ' + to_html(why, inline=True) if why else ''}</li>")
        parts.append(f'<p class="ql-mistakes"><b>{esc(_label(lang, "mistakes"))}:</b></p><ul>{"".join(items)}</ul>')
    explanation = _pick(q.explanation, lang, source)
    if explanation:
        parts.append(f'<div class="ql-explanation">{to_html(explanation)}</div>')
    return "".join(parts)


def _note_class():
    import genanki

    class Note(genanki.Note):
        def _check_invalid_html_tags_in_fields(self):
            """Skipped: our fields are markdown-it's and our own HTML, well formed by construction, and
            genanki's check (a regex with ``.*`` per tag) is quadratic on a long line of links."""

    return Note


def notes(quiz: Quiz, lang: str | None = None) -> list:
    """The genanki notes of ``quiz``: per question, one per language (or only ``lang``)."""
    import genanki

    model, Note = _model(), _note_class()
    langs = [lang] if lang else list(quiz.languages)
    source = quiz.source_lang
    out = []
    for q in quiz.questions:
        for la in langs:
            tags = [*q.tags, *quiz.tags] + ([f"lang::{la}"] if len(quiz.languages) > 1 else [])
            tags = list(dict.fromkeys(t for t in map(_tag, tags) if t))
            ident = html.escape(f"{q.id} · {quiz.id}" + (f" · {la}" if len(quiz.languages) > 1 else ""))
            out.append(Note(model=model, fields=[front(q, la, source), back(q, la, source), ident],
                            tags=tags, guid=genanki.guid_for(quiz.id, q.id, la), due=len(out)))
    return out


def apkg(quiz: Quiz, *, lang: str | None = None) -> bytes:
    """The ``.apkg`` bytes of one quiz (a zip of ``collection.anki2`` and ``media``)."""
    import genanki

    title = _pick(quiz.title, lang or quiz.source_lang, quiz.source_lang) or quiz.id
    deck = genanki.Deck(stable_id(f"deck:{quiz.id}"), re.sub(r"[\x00-\x1f\x7f]", " ", title).strip() or quiz.id,
                        description=html.escape(f"quizlint quiz {quiz.id}"))
    for note in notes(quiz, lang):
        deck.add_note(note)
    when = timestamp(quiz)
    with tempfile.TemporaryDirectory(prefix="quizlint-anki-") as tmp:
        db = os.path.join(tmp, "collection.anki2")
        conn = sqlite3.connect(db)
        try:
            genanki.Package(deck).write_to_db(conn.cursor(), when, itertools.count(when * 1000))
            conn.commit()
        finally:
            conn.close()
        with open(db, "rb") as fh:
            collection = fh.read()
    return _zip([("collection.anki2", collection), ("media", b"{}")])


def _zip(entries) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()


# --------------------------------------------------------------------------
# Import: Anki's text notes exports


HEADER_KEYS = ("separator", "html", "tags", "columns", "notetype", "deck", "notetype column",
               "deck column", "tags column", "guid column", "match scope", "if matches")
SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_HEADER = re.compile(r"#([A-Za-z ]+):(.*)\Z")
_IS_HTML = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*\b[^<>]*|/[a-zA-Z][a-zA-Z0-9]*\s*|!--)>")


def sniff(text: str, path: str) -> bool:
    """The file opens with an Anki header line such as ``#separator:tab``."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    m = _HEADER.match(first)
    return bool(m) and m.group(1).strip().lower() in HEADER_KEYS


def _headers(text: str, path: str, problems: list) -> tuple[dict, int]:
    """The ``#key:value`` lines at the top (and Anki's old ``tags:`` first line): values and line count."""
    meta, count = {}, 0
    for n, line in enumerate(io.StringIO(text, newline=""), 1):
        line = line.rstrip("\r\n")
        if n == 1 and line.startswith("tags:"):
            meta["tags"] = line[5:]
        elif line.startswith("#"):
            m = _HEADER.match(line)
            if m and m.group(1).strip().lower() in HEADER_KEYS:
                meta[m.group(1).strip().lower()] = (m.group(2), n)
            elif m:
                problems.append(SourceProblem(path, n, 2, f"unknown Anki header `{m.group(1).strip()}`; ignored"))
        else:
            break
        count = n
    return meta, count


def _column(meta: dict, key: str, path: str, problems: list) -> int | None:
    """A ``#... column:N`` header as a 0-based index."""
    if key not in meta:
        return None
    value, line = meta[key]
    if value.strip().isdigit() and int(value) >= 1:
        return int(value) - 1
    problems.append(SourceProblem(path, line, len(key) + 3, f"`#{key}:` needs a column number from 1, not "
                                  f"`{value.strip()}`; ignored"))
    return None


def read(text: str, path: str, *, quiz_id: str, lang: str = "en") -> Imported:
    if len(text) > csv_.MAX_CHARS:
        raise FormatError(f"{path}: {len(text)} characters; an Anki text export may have at most {csv_.MAX_CHARS}")
    text = text[1:] if text.startswith("\ufeff") else text
    problems: list[SourceProblem] = []
    meta, skip = _headers(text, path, problems)
    value = lambda key: meta[key][0] if isinstance(meta.get(key), tuple) else meta.get(key)  # noqa: E731

    delimiter = None
    if "separator" in meta:
        raw, line = meta["separator"]
        delimiter = SEPARATORS.get(raw.strip().lower()) or (raw if len(raw) == 1 else None)
        if delimiter is None:
            problems.append(SourceProblem(path, line, 12, f"unknown separator `{raw.strip()}` (tab, comma, "
                                          "semicolon, space, pipe, colon); guessed from the rows"))
    body = "".join(io.StringIO(text, newline="").readlines()[skip:]) if delimiter is None else ""
    delimiter = delimiter or csv_.guess_delimiter(body, "\t")

    is_html = None
    if "html" in meta:
        raw, line = meta["html"]
        is_html = {"true": True, "false": False}.get(raw.strip().lower())
        if is_html is None:
            problems.append(SourceProblem(path, line, 7, f"`#html:` is true or false, not `{raw.strip()}`; "
                                          "guessed from the fields"))

    rows = csv_.records(text, delimiter, path, problems, comments=True, skip=skip)
    if is_html is None:
        is_html = any(_IS_HTML.search(f) for r in rows for f in r.fields)

    meta_cols = {k: _column(meta, f"{k} column", path, problems) for k in ("guid", "notetype", "deck", "tags")}
    taken = {i for i in meta_cols.values() if i is not None}
    width = max((len(r.fields) for r in rows), default=0)
    free = [i for i in range(width) if i not in taken]
    columns = {"front": free[0] if free else 0, "back": free[1] if len(free) > 1 else None, "tags": meta_cols["tags"],
               "guid": meta_cols["guid"], "notetype": meta_cols["notetype"], "deck": meta_cols["deck"]}
    if "columns" in meta:
        labels = next(iter(csv_.records(meta["columns"][0] + "\n", delimiter, path, [])), None)
        found = csv_.header_columns(labels.fields) if labels else None
        if found:
            columns.update(front=found["front"], back=found["back"])
    def cell(rec, index) -> str:
        return rec.fields[index] if index is not None and index < len(rec.fields) else ""

    def note_type(rec) -> str:
        return (cell(rec, meta_cols["notetype"]) or value("notetype") or "").strip()

    ours = any(note_type(r) == NOTE_TYPE for r in rows)
    if ours and len(free) > 2:
        columns["id"] = free[2]      # our own deck exported from Anki: Front, Back, Id
    rest = [i for i in free if i not in columns.values()]
    if columns["tags"] is None and rest and rest[0] > max(i for i in columns.values() if i is not None):
        columns["tags"] = rest[0]    # Anki: the first column after the note's fields holds the tags

    def convert(text_: str, rec) -> str:
        text_, dropped = html_to_text(text_) if is_html else (_plain(text_), [])
        for what in dropped:
            problems.append(SourceProblem(path, rec.line, 1, f"{what} not imported (Anki media is not in a text "
                                          "export)"))
        return text_

    decks: dict[str, list] = {}
    for rec in rows:
        decks.setdefault((cell(rec, meta_cols["deck"]) or value("deck") or "").strip(), []).append(rec)

    quizzes, used = [], set()
    for deck, recs in decks.items():
        qid = quiz_id if len(decks) == 1 else _unique(f"{quiz_id}-{_slug(deck)}", used)
        used.add(qid)
        questions = csv_.flashcards(recs, columns, quiz_id=qid, lang=lang, path=path, problems=problems,
                                    delimiter=delimiter, convert=convert, commas=False)
        by_line = {r.line: r for r in recs}
        for q in questions:
            rec = by_line[q.line]
            if "cloze" in note_type(rec).lower():
                _cloze(q, lang, path, problems)
            if note_type(rec) == NOTE_TYPE:
                _own_id(q, html_to_text(cell(rec, columns.get("id")))[0], used)
            used.add(q.id)
        if questions:
            title = deck or value("deck") or quiz_id
            quizzes.append(Quiz(id=qid, title={lang: title}, questions=questions, languages=[lang], path=path,
                                tags=csv_.split_tags(value("tags") or "", commas=False)))
    if not quizzes:
        problems.append(SourceProblem(path, skip + 1, 1, "no notes found"))
    problems.sort(key=lambda p: (p.line, p.col))
    return Imported(quizzes=quizzes, problems=problems)


_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


def _own_id(q, ident: str, used: set) -> None:
    """A note of our own note type keeps its question id (the Id field: ``q-04-01 · quiz · lang``)."""
    first = ident.split("·")[0].strip()
    if _ID.match(first) and first not in used:
        q.id = first


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.split("::")[-1].lower()).strip("-") or "deck"


def _unique(name: str, used: set) -> str:
    n, out = 2, name
    while out in used:
        out, n = f"{name}-{n}", n + 1
    return out


_CLOZE = re.compile(r"\{\{c(\d+)::([^{}]*?)(?:::([^{}]*?))?\}\}")


def _cloze(q, lang: str, path: str, problems: list) -> None:
    """A cloze note: the stem with ``[...]`` (or ``[hint]``) gaps, the answer the filled text.

    The back field (Anki's "Back Extra") becomes the explanation.
    """
    text = q.stem[lang]
    if not _CLOZE.search(text):
        problems.append(SourceProblem(path, q.line, 1, "a cloze note without {{c1::...}} deletions"))
        return
    extra = q.answer[lang] if q.answer else None
    q.stem = {lang: _CLOZE.sub(lambda m: f"[{m.group(3) or '...'}]", text)}
    q.answer = {lang: _CLOZE.sub(lambda m: m.group(2), text)}
    q.explanation = {lang: extra} if extra else None


# --------------------------------------------------------------------------
# Anki field HTML to v1 text


_MATH = [   # MathJax and Anki's LaTeX markers -> v1 ``$`` math: (open, close, v1 delimiter)
    ("\\(", "\\)", "$"), ("\\[", "\\]", "$$"), ("[$$]", "[/$$]", "$$"), ("[$]", "[/$]", "$"),
    ("[latex]", "[/latex]", "$$"),
]
_SOUND = re.compile(r"\[sound:([^\[\]]*)\]")


def _math(text: str) -> str:
    """Math markers to ``$``; one pass per marker, linear in the text (no regex backtracking)."""
    for start, end, delim in _MATH:
        out, pos = [], 0
        while (i := text.find(start, pos)) >= 0:
            j = text.find(end, i + len(start))
            if j < 0:
                break
            out += [text[pos:i], delim, text[i + len(start):j], delim]
            pos = j + len(end)
        text = "".join(out) + text[pos:]
    return text


def _plain(cell: str) -> str:
    """A field of a ``#html:false`` file: the text as written, math markers turned into ``$``."""
    return _math(cell).strip()


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^<>]*)>")
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def _tokens(cell: str, out):
    """Drive ``out`` (a :class:`_Text`) over the tags and text of ``cell``.

    A small tokenizer rather than :mod:`html.parser`, whose handling of
    unclosed tags is quadratic (``<a<a<a...``): every step here moves
    forward, so the time is linear in the field. A ``<`` that does not open
    a tag is text; comments, scripts and styles are skipped whole.
    """
    lower, pos, n = cell.lower(), 0, len(cell)
    while pos < n:
        i = cell.find("<", pos)
        if i < 0:
            out.handle_data(html.unescape(cell[pos:]))
            break
        if i > pos:
            out.handle_data(html.unescape(cell[pos:i]))
        if cell.startswith("<!--", i):
            j = cell.find("-->", i + 4)
            pos = n if j < 0 else j + 3
            continue
        m = _TAG.match(cell, i)
        if not m:
            out.handle_data("<")
            pos = i + 1
            continue
        tag = m.group(2).lower()
        pos = m.end()
        if m.group(1):
            out.handle_endtag(tag)
        elif tag in _Text.SKIP:
            j = lower.find(f"</{tag}", pos)
            pos = n if j < 0 else (lower.find(">", j) + 1 or n)
        else:
            attrs = {a.lower(): html.unescape(v1 or v2 or v3 or "") for a, v1, v2, v3 in _ATTR.findall(m.group(3))}
            out.handle_starttag(tag, attrs)


class _Text:
    """Anki field HTML to Markdown-ish text; nothing is fetched, scripts and styles dropped."""

    BLOCK = {"div", "p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote"}
    SKIP = {"script", "style", "head", "title", "template"}

    def __init__(self):
        self.out: list[str] = []
        self.dropped: list[str] = []
        self.pre = 0
        self.fence = False            # a ``` written, its line not yet ended
        self.lists: list[list] = []   # [kind, count]
        self.links: list[str] = []    # the open <a>s' hrefs ("" when not kept)

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.out.append("\n")
        elif tag == "pre":
            self.pre += 1
            self.fence = True
            self.out.append("\n\n```")
        elif tag == "code" and self.pre:
            lang = (attrs.get("class") or "").split(" ")[0]
            if self.fence and lang.startswith("language-") and re.fullmatch(r"[\w+#.-]+", lang[9:]):
                self.out.append(lang[9:])
        elif tag == "code":
            self.out.append("`")
        elif tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag in ("ul", "ol"):
            self.lists.append([tag, 0])
            self._break(tag)
        elif tag == "li":
            mark = "- "
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                mark = f"{self.lists[-1][1]}. "
            self._break(tag)
            self.out.append(mark)
        elif tag == "a":
            href = attrs.get("href") or ""
            self.links.append(href if re.match(r"(?i)(https?:|mailto:)", href) and not re.search(r"[\s()]", href)
                              else "")
            if self.links[-1]:
                self.out.append("[")
        elif tag in ("td", "th"):
            self.out.append(" ")              # table cells: at least a space between them
        elif tag == "img":
            self.dropped.append(f"image `{attrs.get('src') or ''}`")
        elif tag in self.BLOCK:
            self._break(tag)

    def _break(self, tag):
        """A line break before or after a block (a paragraph break for <p>), never two."""
        want = "\n\n" if tag == "p" else "\n"
        have = "".join(self.out[-2:])
        if not have.endswith(want):
            self.out.append(want[len(have) - len(have.rstrip("\n")):] if have.endswith("\n") else want)

    def handle_endtag(self, tag):
        if tag == "pre" and self.pre:
            self.pre -= 1
            self._open_fence()
            self.out.append("```\n\n" if self.out[-1].endswith("\n") else "\n```\n\n")
        elif tag == "code" and not self.pre:
            self.out.append("`")
        elif tag == "a":
            href = self.links.pop() if self.links else ""
            if href:
                self.out.append(f"]({href})")
        elif tag in ("b", "strong", "i", "em"):
            mark = "**" if tag in ("b", "strong") else "*"
            if self.out and self.out[-1] == mark:
                self.out.pop()            # an empty <b></b>
            else:
                self.out.append(mark)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._break(tag)
        elif tag in self.BLOCK:
            self._break(tag)

    def handle_data(self, data):
        if self.pre:
            self._open_fence()
            self.out.append(data)
        else:
            self.out.append(re.sub(r"[ \t\r\n]+", " ", data))

    def _open_fence(self):
        if self.fence:
            self.out.append("\n")
            self.fence = False


def html_to_text(cell: str) -> tuple[str, list[str]]:
    """v1 text for an Anki HTML field, and the media it referred to (images, sounds), which are dropped."""
    parser = _Text()
    _tokens(cell, parser)
    text = "".join(parser.out)
    dropped = parser.dropped + [f"sound `{m.group(1)}`" for m in _SOUND.finditer(text)]
    text = _SOUND.sub("", text)
    lines, fenced = [], False
    for line in text.split("\n"):
        if line.strip().startswith("```"):
            fenced = not fenced
            line = line.strip()
        lines.append(line.rstrip() if fenced else line.strip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return _math(text), dropped
