"""Standalone HTML pages: one self-contained, offline page per quiz and language.

No JavaScript and nothing fetched: math is MathML (latex2mathml), which
browsers render natively; styles are inline, with print styles for a
paper copy; ``--answers collapsed`` uses ``<details>``. The language
switch links the sibling pages (``<quiz>.html``, ``<quiz>.<lang>.html``).
What a page says comes from :mod:`quizlint.formats.page`.

Quiz text is untrusted. Markdown is rendered by markdown-it-py with raw
HTML off (it escapes everything and refuses ``javascript:`` links); math
is cut out first and put back as MathML rebuilt from an allow-list of
MathML elements and attributes (latex2mathml copies ``\\text{...}`` through
unescaped), and a Content-Security-Policy forbids scripts and any fetch.
"""

from __future__ import annotations

import functools
import html as _html
import re

from quizlint.formats import page
from quizlint.formats.page import Options

_HOLE = "\ue000{}\ue001"           # where a piece of math goes back in (private-use characters)
_HOLES = re.compile("\ue000(\\d+)\ue001")
_TAG = re.compile(r"<[^>]*>")

# One line of text in which Markdown finds nothing to do: no markup characters,
# no block marker at its start, no entity, no hard break.
_PLAIN = re.compile(r"(?![ \t]|[-+=>#]|\d+[.)]|\Z)[^\n\\`*_\[\]<>&!#~|$\t]*\Z")

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS = """\
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff;margin:0}
main{max-width:46rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.8rem;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem;border-top:1px solid #ddd;padding-top:1rem}
h2 .anchor,h3 .anchor{color:#555;text-decoration:none;font-family:ui-monospace,monospace}
nav.langs{font-size:.95rem;margin-bottom:.5rem}
.mirror{color:#555;font-size:.9rem;margin:.2rem 0}
ol.choices{padding-left:2rem}
ol.choices li{margin:.25rem 0}
.answer{border-left:4px solid #2e7d32;background:#f1f8f1;padding:.5rem 1rem;margin:1rem 0}
.answer-label,details>summary{font-weight:600;color:#2e7d32}
details>summary{cursor:pointer}
.note{border-left:4px solid #e6a700;background:#fff8e1;padding:.5rem 1rem;margin:.75rem 0}
.note.draft{border-color:#c62828;background:#fdecea}
.note-title{font-weight:600;margin:0}
.mark{color:#8a5a00;font-style:italic;font-size:.9em}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em;background:#f4f4f4;padding:0 .2em}
pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}
pre code{background:none;padding:0}
code.tex{color:#6a1b9a}
math[display=block]{margin:.5rem 0;overflow-x:auto}
@media print{
  body{font-size:11pt}main{max-width:none;padding:0}
  nav.langs{display:none}
  a{color:inherit;text-decoration:none}
  section.question{break-inside:avoid}
  h2{border:0;break-after:avoid}
  details::details-content{content-visibility:visible;display:block}
  .answer,.note,pre{background:none}
}
"""

# MathML that latex2mathml writes; everything else is dropped.
_ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot mstyle merror mpadded "
    "mphantom mfenced menclose munder mover munderover mtable mtr mtd mlabeledtr mmultiscripts "
    "mprescripts none semantics annotation".split())
_ATTRIBUTES = frozenset(
    "display mathvariant stretchy fence separator separators lspace rspace columnalign rowalign "
    "columnspacing rowspacing columnlines rowlines frame framespacing displaystyle scriptlevel accent "
    "accentunder movablelimits largeop symmetric minsize maxsize linethickness width height depth "
    "notation open close mathcolor mathbackground mathsize form align".split())
_VALUE = re.compile(r"^[\w#.,%+\- ]{0,64}$")


def _clean_mathml(xml: str) -> str:
    """The MathML in ``xml`` rebuilt from the allow-lists, every text escaped."""
    from defusedxml import ElementTree

    root = ElementTree.fromstring(xml)
    out = []

    def walk(el):
        tag = el.tag.rsplit("}", 1)[-1]
        keep = tag in _ELEMENTS
        if keep:
            attrs = "".join(f' {k}="{_html.escape(v)}"' for k, v in sorted(el.attrib.items())
                            if k in _ATTRIBUTES and _VALUE.match(v))
            if tag == "math":
                attrs = ' xmlns="http://www.w3.org/1998/Math/MathML"' + attrs
            out.append(f"<{tag}{attrs}>")
        if el.text:
            out.append(_html.escape(el.text))
        for child in el:
            walk(child)
            if child.tail:
                out.append(_html.escape(child.tail))
        if keep:
            out.append(f"</{tag}>")

    walk(root)
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def mathml(tex: str, display: bool) -> str:
    """``tex`` as MathML; TeX it cannot convert is shown as its source."""
    if len(tex) <= page.MAX_MATH:
        try:
            from latex2mathml.converter import convert

            return _clean_mathml(convert(page.expand_macros(tex), display="block" if display else "inline"))
        except Exception:  # noqa: BLE001 - any failure (parse error, RecursionError) shows the source
            pass
    return f'<code class="tex">{_html.escape(tex)}</code>'


@functools.lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markup(text: str | None, inline: bool = False) -> str:
    """Quiz Markdown (with math) as safe HTML."""
    if not text:
        return ""
    text = text.replace("\ue000", "").replace("\ue001", "")
    if _PLAIN.match(text):  # nothing for Markdown to do: what markdown-it would write
        out = _html.escape(text.strip(), quote=False).replace('"', "&quot;")
        return out if inline else f"<p>{out}</p>\n"
    parts, maths = [], []
    for kind, value, extra in page.segments(text):
        if kind == "math":
            maths.append((value, bool(extra)))
            hole = _HOLE.format(len(maths) - 1)
            parts.append(f"\n\n{hole}\n\n" if extra and not inline else hole)
        elif kind == "fence":
            ticks = "`" * max([3] + [len(r) + 1 for r in re.findall(r"`{3,}", value)])
            body = value if value.endswith("\n") or not value else value + "\n"
            parts.append(f"\n{ticks}{page.fence_language(extra)}\n{body}{ticks}\n")
        else:
            parts.append(value)
    source = "".join(parts)
    md = _markdown()
    rendered = md.renderInline(source) if inline else md.render(source)
    rendered = re.sub("<p>(\ue000\\d+\ue001)</p>", r"\1", rendered)  # display math is its own block
    # Math that markdown-it put into an attribute (a link title, an image's
    # alt text) goes back as its escaped TeX; everywhere else as MathML.
    rendered = _TAG.sub(lambda t: _HOLES.sub(lambda m: _html.escape(maths[int(m.group(1))][0]), t.group(0)),
                        rendered)
    return _HOLES.sub(lambda m: mathml(*maths[int(m.group(1))]), rendered)


def _one_line(text: str | None) -> bool:
    """Whether ``text`` is one paragraph of inline Markdown (a choice, usually)."""
    return bool(text) and "\n\n" not in text and "```" not in text and "~~~" not in text and "$$" not in text


def _mark(html: str, fallback: bool, w: dict) -> str:
    return html + f' <span class="mark">({_html.escape(w["untranslated"])})</span>' if fallback else html


def _block(text: str | None, fallback: bool, w: dict, cls: str = "") -> str:
    if not text:
        return ""
    inner = _mark(markup(text), fallback, w)
    return f'<div class="{cls}">{inner}</div>' if cls else inner


class _Site:
    def __init__(self, quizzes, options: Options):
        self.options = options
        self.default = page.site_language(quizzes, options)
        self.langs = page.site_languages(quizzes, options)
        self.pages = {quiz.id: [(lg, page.page_name(quiz.id, lg, self.default)) for lg in page.languages(quiz, options)]
                      for quiz in quizzes}


def _switch(site: _Site, quiz, lang: str) -> str:
    pages = site.pages[quiz.id]
    if len(pages) < 2:
        return ""
    parts = []
    for lg, name in pages:
        label = _html.escape(page.language_name(lg))
        parts.append(f"<strong>{label}</strong>" if lg == lang else
                     f'<a href="{_html.escape(name)}.html" hreflang="{lg}" lang="{lg}">{label}</a>')
    return f'<nav class="langs">{" · ".join(parts)}</nav>'


def _answer(q, lang: str, source: str, use_letters: bool, w: dict) -> str:
    parts = []
    key = page.key_statement(q, lang, source, use_letters)
    if key:
        parts.append(markup(key))
    answer, fb = page.answer_markdown(q, lang, source)
    if answer:
        parts.append(_block(answer, fb, w))
    expl, fb = page.localized(q.explanation, lang, source)
    if expl:
        parts.append(_block(expl, fb, w))
    whys = []
    for i, c in enumerate(q.choices):
        why, fb = page.localized(c.why, lang, source)
        if why:
            whys.append(f"<li><strong>{_html.escape(w['choice'])} {page.label(i, use_letters)}.</strong> "
                        f"{_mark(markup(why, inline=True), fb, w)}</li>")
    if whys:
        parts.append(f'<ul class="whys">{"".join(whys)}</ul>')
    for wa in q.wrong_answers:
        shown = f"<code>{_html.escape(wa.expr)}</code>" if wa.expr else (
            _html.escape(page.number(wa.value)) if wa.value is not None else "")
        why, fb = page.localized(wa.why, lang, source)
        tail = f" — {_mark(markup(why, inline=True), fb, w)}" if why else ""
        parts.append(f"<p>{_html.escape(w['wrong'])}: {shown}{tail}</p>")
    return "".join(parts)


def _note(title: str, text: str, cls: str = "") -> str:
    return (f'<div class="note {cls}" role="note"><p class="note-title">{_html.escape(title)}</p>'
            f"{markup(text)}</div>")


def _question(site: _Site, quiz, q, lang: str, doc: dict, use_letters: bool) -> tuple[str, str]:
    options = site.options
    source = quiz.source_lang
    w = page.words(lang)
    qid = _html.escape(q.id)
    title, stem_in_heading = page.heading(q, lang, source)
    head = f'<a class="anchor" href="#{qid}">{qid}</a>' + (f" — {markup(title, inline=True)}" if title else "")
    out = [f'<section class="question" id="{qid}"><h2>{head}</h2>']
    state = page.translation_state(quiz, q, lang, doc)
    if state:
        out.append(_note(w[state], w[f"{state}_text"].format(source=page.source_name(source, lang))))
    if q.draft and options.reviewer:
        out.append(_note(w["draft"], w["draft_question"].format(id=q.id), "draft"))
    stem, fb = page.localized(q.stem, lang, source)
    if stem and not stem_in_heading:
        out.append(_block(stem, fb, w, "stem"))
    elif fb:
        out.append(f'<p class="mark">({_html.escape(w["untranslated"])})</p>')
    if q.choices:
        items = []
        for c in q.choices:
            text, fb = page.localized(c.text, lang, source)
            item = _mark(markup(text, inline=_one_line(text)), fb, w)
            if page.choice_draft(c) and options.reviewer:
                item += f' <span class="mark">({_html.escape(w["draft_choice"])})</span>'
            items.append(f"<li>{item}</li>")
        out.append(f'<ol class="choices" type="{"A" if use_letters else "1"}">{"".join(items)}</ol>')
    answer = _answer(q, lang, source, use_letters, w) if options.reviewer else ""
    label = _html.escape(w["answer"])
    if answer and options.answers == "inline":
        out.append(f'<div class="answer"><p class="answer-label">{label}</p>{answer}</div>')
    elif answer and options.answers == "collapsed":
        out.append(f'<details class="answer"><summary>{label}</summary>{answer}</details>')
    out.append("</section>")
    return "\n".join(out), answer


def _document(lang: str, title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{_html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="quizlint render">\n'
            f"<title>{_html.escape(title)}</title>\n<style>\n{CSS}</style>\n</head>\n"
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def _page(site: _Site, quiz, lang: str) -> str:
    options = site.options
    source = quiz.source_lang
    w = page.words(lang)
    title, fb = page.localized(quiz.title, lang, source)
    title = title or quiz.id
    path = f"<code>{_html.escape(page.source_path(quiz, options))}</code>"
    out = [_switch(site, quiz, lang), f"<h1>{_mark(markup(title, inline=True), fb, w)}</h1>"]
    for key in ("mirror", "truth"):
        line = markup(w[key].replace("{path}", "\ue002"), inline=True).replace("\ue002", path)
        out.append(f'<p class="mirror">{line}</p>')
    bodies, answers = page.render_questions(
        quiz, lambda q, doc, use_letters: _question(site, quiz, q, lang, doc, use_letters))
    out += bodies
    if options.answers == "end" and answers:
        out.append(f'<section id="answers"><h2>{_html.escape(w["answers"])}</h2>')
        for q, answer in answers:
            qid = _html.escape(q.id)
            out.append(f'<div class="answer" id="answer-{qid}"><h3><a class="anchor" href="#{qid}">{qid}</a></h3>'
                       f"{answer}</div>")
        out.append("</section>")
    return _document(lang, title, "\n".join(x for x in out if x))


def _index(site: _Site, quizzes, lang: str) -> str:
    w = page.words(lang)
    items = [f'<li><a href="{_html.escape(name)}.html">{markup(title, inline=True)}</a>'
             f" — {_html.escape(count)}</li>"
             for name, title, count in page.index_entries(quizzes, site.pages, lang, site.default)]
    others = [f'<a href="{page.page_name("index", lg, site.default)}.html" hreflang="{lg}" lang="{lg}">'
              f"{_html.escape(page.language_name(lg))}</a>" if lg != lang else
              f"<strong>{_html.escape(page.language_name(lg))}</strong>" for lg in site.langs]
    nav = f'<nav class="langs">{" · ".join(others)}</nav>' if len(site.langs) > 1 else ""
    body = f'{nav}<h1>{_html.escape(w["quizzes"])}</h1>\n<ul class="quizzes">{"".join(items)}</ul>'
    return _document(lang, w["quizzes"], body)


def render(quizzes: list, options: Options) -> dict[str, bytes]:
    """``index.html`` and one ``<quiz>[.<lang>].html`` per quiz and language."""
    site = _Site(quizzes, options)
    files = {}
    for quiz in quizzes:
        for lang, name in site.pages[quiz.id]:
            files[f"{name}.html"] = _page(site, quiz, lang).encode("utf-8")
    for lang in site.langs:
        files[f"{page.page_name('index', lang, site.default)}.html"] = _index(site, quizzes, lang).encode("utf-8")
    return files
