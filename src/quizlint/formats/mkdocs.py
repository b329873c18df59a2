"""MkDocs Material pages: one Markdown page per quiz and language, ready for `mkdocs build`.

:func:`render` returns ``mkdocs.yml`` and ``docs/``: ``<quiz>.md`` in the
site's default language and ``<quiz>.<lang>.md`` in the others (the
``suffix`` structure of mkdocs-static-i18n), an ``index`` page per
language, and the MathJax set-up MkDocs Material documents for
``pymdownx.arithmatex`` (generic). What a page says comes from
:mod:`quizlint.formats.page`; this module only writes it as Markdown.

Quiz text is Markdown, and Python-Markdown passes raw HTML through, so the
text is made inert first: outside code and math, ``<``, ``{`` and a ``&``
that starts no entity become entities (no raw HTML, no ``{: onclick=...}``
attribute lists), a link whose URL a browser would read as a scheme other
than http(s)/mailto is not a link, and a code
fence keeps only a plain language name. Inside math, ``<`` and ``>`` are
written ``\\lt`` and ``\\gt``.
"""

from __future__ import annotations

import html
import json
import re

from quizlint.formats import page
from quizlint.formats.page import Options

_SAFE_SCHEMES = ("http", "https", "mailto")
_INLINE_LINK = re.compile(r"\]\((\s*<?)([^)]*)")
_REF_LINK = re.compile(r"(?m)^([ \t]{0,3}\[[^\]\n]*\]):([ \t]*<?)(\S*)")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_BARE_AMP = re.compile(r"&(?!#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")  # entities stay
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _unsafe_url(url: str) -> bool:
    """Whether a browser would read ``url`` (entities decoded, whitespace and
    control characters dropped, as browsers do) as a scheme we do not allow."""
    m = _SCHEME.match(_CONTROL.sub("", html.unescape(url)))
    return bool(m) and m.group(1).lower() not in _SAFE_SCHEMES


def _inert(text: str) -> str:
    """A text segment (not code, not math) that renders as the same text and nothing else."""
    text = _BARE_AMP.sub("&amp;", text).replace("<", "&lt;").replace("{", "&#123;")
    text = _INLINE_LINK.sub(lambda m: ("]&#40;" if _unsafe_url(m.group(2)) else "](") + m.group(1) + m.group(2),
                            text)
    return _REF_LINK.sub(lambda m: m.group(1) + ("&#58;" if _unsafe_url(m.group(3)) else ":")
                         + m.group(2) + m.group(3), text)


def _tex(tex: str) -> str:
    return tex.replace("<", r"\lt ").replace(">", r"\gt ")


def _fence(body: str, info: str) -> str:
    runs = [len(r) for r in re.findall(r"`{3,}", body)]
    ticks = "`" * max([3] + [n + 1 for n in runs])
    body = body if body.endswith("\n") or not body else body + "\n"
    return f"\n\n{ticks}{page.fence_language(info)}\n{body}{ticks}\n\n"


def md(text: str | None) -> str:
    """Quiz text as safe Markdown for Python-Markdown with arithmatex."""
    if not text:
        return ""
    out = []
    block = False  # the last piece was a block (display math, fence): trim the text after it
    for kind, value, extra in page.segments(text):
        if kind == "text":
            value = value.lstrip(" \t") if block else value
            block = False
            out.append(_inert(value))
            continue
        if kind == "fence" or (kind == "math" and extra):
            if out:
                out[-1] = out[-1].rstrip(" \t")
            block = True
        else:
            block = False
        if kind == "code":
            out.append(value)
        elif kind == "fence":
            out.append(_fence(value, extra))
        elif extra:  # display math: a block of its own, as arithmatex wants
            out.append(f"\n\n$$\n{_tex(value.strip())}\n$$\n\n")
        else:
            out.append(f"${_tex(value)}$")
    return re.sub(r"\n{3,}", "\n\n", "".join(out)).strip("\n")


def _indent(text: str, n: int = 4) -> str:
    pad = " " * n
    return "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))


def _code(path: str) -> str:
    return "`" + re.sub(r"[`\n\r]", "", path) + "`"


def _mark(text: str, fallback: bool, w: dict) -> str:
    return f"{text} *({w['untranslated']})*" if fallback else text


class _Site:
    """Names and URLs of every page (built with ``use_directory_urls``)."""

    def __init__(self, quizzes, options: Options):
        self.options = options
        self.default = page.site_language(quizzes, options)
        self.langs = page.site_languages(quizzes, options)
        self.pages = {}  # quiz id -> [(lang, name)]
        for quiz in quizzes:
            langs = page.languages(quiz, options)
            has_default = self.default in langs
            self.pages[quiz.id] = [
                (lg, quiz.id if lg == self.default or (not has_default and i == 0) else f"{quiz.id}.{lg}")
                for i, lg in enumerate(langs)]

    def url(self, name: str) -> str:
        """The built page's path from the site root."""
        stem, _, suffix = name.partition(".")
        return f"{suffix}/{stem}/" if suffix else f"{stem}/"

    def up(self, name: str) -> str:
        return "../../" if "." in name else "../"


def _switch(site: _Site, quiz, lang: str, name: str) -> str | None:
    pages = site.pages[quiz.id]
    if len(pages) < 2:
        return None
    parts = []
    for lg, other in pages:
        label = page.language_name(lg)
        parts.append(f"**{label}**" if lg == lang else f"[{label}]({site.up(name)}{site.url(other)})")
    return " · ".join(parts)


def _answer_parts(q, lang: str, source: str, use_letters: bool, w: dict) -> list[str]:
    parts = []
    key = page.key_statement(q, lang, source, use_letters)
    if key:
        parts.append(key)
    answer, fb = page.answer_markdown(q, lang, source)
    if answer:
        parts.append(_mark(md(answer), fb, w))
    expl, fb = page.localized(q.explanation, lang, source)
    if expl:
        parts.append(_mark(md(expl), fb, w))
    whys = []
    for i, c in enumerate(q.choices):
        why, fb = page.localized(c.why, lang, source)
        if why:
            item = _mark(md(why), fb, w)
            whys.append(f"- **{w['choice']} {page.label(i, use_letters)}.** " + _indent(item).lstrip())
    if whys:
        parts.append("\n".join(whys))
    for wa in q.wrong_answers:
        shown = _code(wa.expr) if wa.expr else (page.number(wa.value) if wa.value is not None else "")
        why, fb = page.localized(wa.why, lang, source)
        line = f"- {w['wrong']}: {md(shown)}" + (f" — {_mark(md(why), fb, w)}" if why else "")
        parts.append(line)
    return parts


def _question(site: _Site, quiz, q, lang: str, doc: dict, use_letters: bool) -> tuple[str, list[str]]:
    """The question's Markdown, and its answer parts (for ``--answers end``)."""
    options = site.options
    source = quiz.source_lang
    w = page.words(lang)
    lines = []
    title, stem_in_heading = page.heading(q, lang, source)
    head = f"## {q.id}" + (f" — {md(title)}" if title else "")
    lines.append(f"{head} {{#{q.id}}}")
    state = page.translation_state(quiz, q, lang, doc)
    if state:
        text = w[f"{state}_text"].format(source=page.source_name(source, lang))
        lines.append(f'!!! warning "{w[state]}"\n{_indent(text)}')
    if q.draft and options.reviewer:
        lines.append(f'!!! danger "{w["draft"]}"\n{_indent(w["draft_question"].format(id=q.id))}')
    stem, fb = page.localized(q.stem, lang, source)
    if stem and not stem_in_heading:
        lines.append(_mark(md(stem), fb, w))
    elif fb:
        lines.append(f"*({w['untranslated']})*")
    if q.choices:
        items = []
        for i, c in enumerate(q.choices):
            text, fb = page.localized(c.text, lang, source)
            text = _mark(md(text), fb, w)
            if page.choice_draft(c) and options.reviewer:
                text += f" *({w['draft_choice']})*"
            prefix = f"**{page.label(i, True)})** " if use_letters else ""
            items.append("- " + _indent(prefix + text).lstrip())
        lines.append("\n".join(items))
    parts = _answer_parts(q, lang, source, use_letters, w) if options.reviewer else []
    if parts and options.answers in ("inline", "collapsed"):
        marker = "!!!" if options.answers == "inline" else "???"
        lines.append(f'{marker} success "{w["answer"]}"\n' + _indent("\n\n".join(parts)))
    return "\n\n".join(lines), parts


def _page(site: _Site, quiz, lang: str, name: str) -> str:
    options = site.options
    source = quiz.source_lang
    w = page.words(lang)
    title, fb = page.localized(quiz.title, lang, source)
    # MkDocs writes a page's title into <title> and the nav unescaped: give it
    # one that is already HTML-escaped, as front matter (JSON is YAML).
    meta = json.dumps(html.escape(" ".join((title or quiz.id).split())), ensure_ascii=False)
    out = [f"---\ntitle: {meta}\n---\n\n# {_mark(md(title or quiz.id), fb, w)}"]
    switch = _switch(site, quiz, lang, name)
    if switch:
        out.append(switch)
    path = _code(page.source_path(quiz, options))
    for key in ("mirror", "truth"):
        line = md(w[key].replace("{path}", "\ue000")).replace("\ue000", path)
        out.append(f"*{line}*" if key == "mirror" else line)
    bodies, answers = page.render_questions(
        quiz, lambda q, doc, use_letters: _question(site, quiz, q, lang, doc, use_letters))
    out += bodies
    if options.answers == "end" and answers:
        out.append(f"## {w['answers']} {{#answers}}")
        for q, parts in answers:
            out.append(f"### [{q.id}](#{q.id}) {{#answer-{q.id}}}\n\n" + "\n\n".join(parts))
    return "\n\n".join(out) + "\n"


def _index(site: _Site, quizzes, lang: str) -> str:
    w = page.words(lang)
    out = [f"# {w['quizzes']}", ""]
    for name, title, count in page.index_entries(quizzes, site.pages, lang, site.default):
        out.append(f"- [{md(title)}]({name}.md) — {count}")
    return "\n".join(out) + "\n"


MATHJAX = """\
// MathJax for pymdownx.arithmatex (generic), as MkDocs Material documents it.
window.MathJax = {
  tex: {
    inlineMath: [["\\\\(", "\\\\)"]],
    displayMath: [["\\\\[", "\\\\]"]],
    processEscapes: true,
    processEnvironments: true,
    macros: %s
  },
  options: {ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex"}
};
document$.subscribe(() => { MathJax.typesetPromise && MathJax.typesetPromise() })
"""


def _config(site: _Site) -> str:
    langs = "\n".join(
        f"        - locale: {lg}\n          name: {json.dumps(page.language_name(lg), ensure_ascii=False)}\n"
        f"          build: true" + ("\n          default: true" if lg == site.default else "")
        for lg in site.langs)
    return f"""\
# Made by `quizlint render --format mkdocs`; build with `mkdocs build` here.
site_name: {json.dumps(page.words(site.default)["quizzes"], ensure_ascii=False)}
use_directory_urls: true
theme:
  name: material
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
{langs}
markdown_extensions:
  - attr_list
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
  - toc:
      permalink: true
extra_javascript:
  - javascripts/mathjax.js
  - https://unpkg.com/mathjax@3/es5/tex-mml-chtml.js
"""


def render(quizzes: list, options: Options) -> dict[str, bytes]:
    """``mkdocs.yml`` and ``docs/*.md`` for ``quizzes`` (file name -> bytes)."""
    site = _Site(quizzes, options)
    files = {}
    for quiz in quizzes:
        for lang, name in site.pages[quiz.id]:
            files[f"docs/{name}.md"] = _page(site, quiz, lang, name).encode("utf-8")
    for lang in site.langs:
        files[f"docs/{page.page_name('index', lang, site.default)}.md"] = _index(site, quizzes, lang).encode("utf-8")
    macros = json.dumps({k: v for k, v in page.MACROS.items()})
    files["docs/javascripts/mathjax.js"] = (MATHJAX % macros).encode("utf-8")
    files["mkdocs.yml"] = _config(site).encode("utf-8")
    return files
