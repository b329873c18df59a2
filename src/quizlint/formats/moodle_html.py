"""v1 text (Markdown-ish) to HTML and back, as Moodle XML carries it.

:func:`to_html` writes the small part of Markdown that v1 texts use:
paragraphs, fenced code, inline code, ``**strong**``, ``*em*``, and math
as ``\\( … \\)`` / ``\\[ … \\]`` for MathJax. Everything else is escaped,
so the HTML shows the text as written.

:func:`from_html` reads any HTML fragment (from an LMS editor, say) back
into v1 text: ``<pre>`` becomes a fenced block, ``<code>`` backticks,
``<strong>``/``<b>`` and ``<em>``/``<i>`` their markers, ``<br>`` a line
break, block elements paragraphs, links and images Markdown links, and
``\\( \\)`` / ``\\[ \\]`` math ``$ $`` / ``$$ $$``. Other tags are dropped
and their text kept; ``<script>`` and ``<style>`` are dropped whole.

``from_html(to_html(t)) == t`` for every text whose paragraphs are
separated by exactly one blank line and carry no leading or trailing
spaces, and whose lines carry no indentation outside code blocks (the
round-trip tests hold that).
"""

from __future__ import annotations

import html
import re

from quizlint import i18n

_SPAN = i18n.MARKUP  # math and code spans, kept as they are (one definition, in quizlint.i18n)
# emphasis stays on one line and under 1000 characters: linear time on any text
_STRONG = re.compile(r"\*\*(?=[^\s*])([^<\n]{1,1000}?)(?<=[^\s*])\*\*")
_EM = re.compile(r"\*(?=[^\s*])([^*<\n]{1,1000}?)(?<=[^\s*])\*")
_FENCE = re.compile(r"^(`{3,}|~{3,})[ \t]*([^\s`]*)(?:\s[^`]*)?$")   # a fence and its language
_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")


def _inline(text: str) -> str:
    spans: list[str] = []

    def keep(m):
        s = m.group(0)
        if m.group(1):
            out = "\\[" + html.escape(s[2:-2], quote=False) + "\\]"
        elif m.group(2):
            out = "\\(" + html.escape(s[1:-1], quote=False) + "\\)"
        else:
            out = "<code>" + html.escape(s[1:-1], quote=False) + "</code>"
        spans.append(out)
        return f"\x00{len(spans) - 1}\x00"

    s = html.escape(_SPAN.sub(keep, text), quote=False)
    s = _STRONG.sub(r"<strong>\1</strong>", s)
    s = _EM.sub(r"<em>\1</em>", s)
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], s)


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes a code block opened by ``fence`` (as long, same character)."""
    s = line.rstrip()
    return s.startswith(fence) and s == fence[0] * len(s)


def to_html(text: str) -> str:
    """The HTML of one v1 text."""
    out: list[str] = []
    prose: list[str] = []

    def flush():
        for para in _PARAGRAPHS.split("\n".join(prose)):
            para = para.strip()
            if para:
                out.append("<p>" + _inline(para) + "</p>")
        prose.clear()

    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            prose.append(lines[i])
            i += 1
            continue
        flush()
        fence, lang = m.group(1), m.group(2)
        code = []
        i += 1
        while i < len(lines) and not _closes(lines[i], fence):
            code.append(lines[i])
            i += 1
        i += 1  # the closing fence
        cls = f' class="language-{html.escape(lang)}"' if lang else ""
        out.append(f"<pre><code{cls}>" + html.escape("\n".join(code), quote=False) + "\n</code></pre>")
    flush()
    return "".join(out)


_BLOCKS = {"p", "div", "blockquote", "ul", "ol", "li", "table", "tr", "section", "article",
           "header", "footer", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dl", "dt", "dd"}
_SKIP = {"script", "style", "head", "title", "template", "noscript"}
_MARK = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_SAFE_URL = re.compile(r"^(https?:|mailto:|@@PLUGINFILE@@)", re.I)
_BR = "\x01"


class _Reader:
    """Turns start tag, end tag and text events into v1 text blocks."""

    def __init__(self):
        self.blocks: list[str] = []
        self.inline: list[tuple[bool, str]] = []   # (is code, text)
        self.skip = 0
        self.pre: list[str] | None = None
        self.pre_lang = ""
        self.pre_fresh = False
        self.code: list[str] | None = None
        self.links: list[str | None] = []
        self.lists: list[list] = []                # [ordered, counter]

    # blocks
    def flush(self):
        parts: list[tuple[bool, list[str]]] = []     # runs of text, and code spans
        for is_code, s in self.inline:
            if not is_code and parts and not parts[-1][0]:
                parts[-1][1].append(s)
            else:
                parts.append((is_code, [s]))
        text = "".join(run[0] if code else math_to_dollars(_soft("".join(run))) for code, run in parts)
        text = re.sub(_BR + r"[ \t]*\n?", "\n", text).strip(" \t\r\n")
        if text:
            self.blocks.append(text)
        self.inline = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.pre_fresh = False
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if self.pre is not None:
            if tag == "code":
                self.pre_lang = self.pre_lang or _lang(a)
            return
        if tag == "pre":
            self.flush()
            self.pre, self.pre_lang, self.pre_fresh = [], _lang(a), True
        elif tag in _BLOCKS:
            self.flush()
            if tag in ("ul", "ol"):
                self.lists.append([tag == "ol", 0])
            elif tag == "li" and self.lists:
                self.lists[-1][1] += 1
                ordered, n = self.lists[-1]
                self.inline.append((False, f"{n}. " if ordered else "- "))
            elif tag[0] == "h" and tag[1:].isdigit():
                self.inline.append((False, "#" * int(tag[1]) + " "))
        elif tag == "br":
            self.inline.append((False, _BR))
        elif tag == "code" and self.code is None:
            self.code = []
        elif self.code is not None:
            return
        elif tag in _MARK:
            self.inline.append((False, _MARK[tag]))
        elif tag in ("sup", "sub"):
            self.inline.append((False, "^" if tag == "sup" else "_"))
        elif tag == "a":
            href = a.get("href") or ""
            ok = bool(_SAFE_URL.match(href))
            self.links.append(href if ok else None)
            if ok:
                self.inline.append((False, "["))
        elif tag == "img":
            src, alt = a.get("src") or "", a.get("alt") or ""
            self.inline.append((False, f"![{alt}]({src})" if _SAFE_URL.match(src) else alt))

    def handle_endtag(self, tag):
        self.pre_fresh = False
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if self.pre is not None:
            if tag == "pre":
                code = "".join(self.pre)
                code = code[:-1] if code.endswith("\n") else code
                fence = "`" * max([3] + [len(m) + 1 for m in re.findall(r"^`{3,}", code, re.M)])
                self.blocks.append(f"{fence}{self.pre_lang}\n{code}\n{fence}")
                self.pre = None
            return
        if tag == "code" and self.code is not None:
            s = "".join(self.code)
            tick = "``" if "`" in s else "`"
            self.inline.append((True, f"{tick}{s}{tick}"))
            self.code = None
        elif self.code is not None:
            return
        elif tag in _BLOCKS:
            self.flush()
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        elif tag in _MARK:
            self.inline.append((False, _MARK[tag]))
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href is not None:
                self.inline.append((False, f"]({href})"))

    def handle_data(self, data):
        if self.skip:
            return
        if self.pre is not None:
            if self.pre_fresh and data.startswith("\n"):
                data = data[1:]
            self.pre_fresh = False
            self.pre.append(data)
        elif self.code is not None:
            self.code.append(data)
        else:
            self.inline.append((False, data))


def _lang(attrs: dict) -> str:
    m = re.search(r"(?:^|\s)lang(?:uage)?-([\w+#.-]+)", attrs.get("class") or "")
    return m.group(1) if m else ""


def _soft(s: str) -> str:
    """Whitespace that holds a line break, as one line break (HTML source wrapping)."""
    if "\n" not in s:
        return s
    lines = s.split("\n")
    middle = [x for x in (line.strip(" \t\r") for line in lines[1:-1]) if x]
    return "\n".join([lines[0].rstrip(" \t\r"), *middle, lines[-1].lstrip(" \t\r")])


def _pairs(s: str, left: str, right: str, mark: str) -> str:
    """``left … right`` as ``mark … mark`` (the first ``right`` after each ``left``), in one pass."""
    out, pos = [], 0
    while True:
        i = s.find(left, pos)
        j = s.find(right, i + len(left) + 1) if i >= 0 else -1
        if j < 0:
            break
        out += [s[pos:i], mark, s[i + len(left):j], mark]
        pos = j + len(right)
    out.append(s[pos:])
    return "".join(out)


def math_to_dollars(s: str) -> str:
    """``\\( … \\)`` and ``\\[ … \\]`` math as v1's ``$ … $`` and ``$$ … $$``."""
    return _pairs(_pairs(s, "\\[", "\\]", "$$"), "\\(", "\\)", "$")


_PARSER = None
_DOC_END = re.compile(r"</(?:body|html)\s*>", re.I)


def from_html(fragment: str) -> str:
    """The v1 text of an HTML fragment (parsed by libxml2's HTML parser: linear, no network)."""
    global _PARSER
    from lxml import etree

    if _PARSER is None:
        _PARSER = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                   huge_tree=False, default_doctype=False)
    fragment = _DOC_END.sub("", fragment)     # libxml2 drops what follows </body> or </html>
    root = etree.fromstring(fragment, _PARSER) if fragment.strip() else None
    r = _Reader()
    if root is not None:
        for event, el in etree.iterwalk(root, events=("start", "end")):
            if not isinstance(el.tag, str):
                if event == "end" and el.tail:
                    r.handle_data(el.tail)
                continue
            if event == "start":
                r.handle_starttag(el.tag.lower(), list(el.attrib.items()))
                if el.text:
                    r.handle_data(el.text)
            else:
                if el.tag.lower() not in ("br", "img", "hr"):
                    r.handle_endtag(el.tag.lower())
                if el.tail:
                    r.handle_data(el.tail)
    r.flush()
    return "\n\n".join(r.blocks)
