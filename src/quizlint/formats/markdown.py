"""Import Markdown task-list quizzes: ``- [x]`` / ``- [ ]`` options under a heading.

The dialect shared by mkdocs-quiz (``<quiz>`` blocks), quizdown (``#``
questions, front matter) and public banks such as the LinkedIn skill
assessment quizzes (``#### Q12. stem``). The text is parsed with
markdown-it-py (CommonMark), which gives every block its source lines; the
stem, the options and the explanation are then cut out of the source
itself, so code blocks, images and the later lines of an option are kept
exactly as written.

A question is a heading (or a ``<quiz>`` line) followed by task-list items.
Blocks between the heading and the first option are the stem; blocks
between two options belong to the option above them (a code block under
``- [ ] A``); blocks after the last option are the explanation, except a
code block or image right after a last option whose siblings had one too.
A blockquote at the end of an option is that option's ``why`` (quizdown's
per-answer comment), and so is a ``[Reference](url)`` line written right
under it (a lazy continuation line in CommonMark, a source in the bank). One ``[x]`` makes a ``single`` question, several a
``multi``. Ids are ``<quiz>-<number>`` from ``Q12.`` / ``12.``, else the
question's position.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from quizlint.formats import Imported, SourceProblem
from quizlint.formats.model import Choice, Question, Quiz
from quizlint.formats.sourcetext import prepare, unique_id

MAX_REPAIRS = 5           # code fences closed for the author, at most (each costs a parse)
MAX_LINES = 20_000        # 2.4 times the largest file of the LinkedIn bank; parsing time grows with lines

_BOX = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])([ \t]+)\[([ xX])\](?:[^\S\n]+|$)")
_HEADING = re.compile(r"^ {0,3}#{1,6} ")
_NUMBERED = re.compile(r"^\s*(?:Q(?:uestion)?\s*)?(\d{1,6})\s*[.):\-\u3002\uff0e\uff1a]\s*", re.I)  # also 。．：
_LABEL = re.compile(r"^\s*(?:\*\*|__)?(?:Explanation|Answer explanation)\s*"
                    r"(?::\s*(?:\*\*|__)?|(?:\*\*|__)\s*:?)\s*", re.I)      # **Explanation:** and the like
_REFERENCE = re.compile(r"^\s*\[\s*(?:reference|source|docs?|documentation|read more)\b[^\]]*\]\([^)]*\)\s*$", re.I)
_QUIZ_OPEN = re.compile(r"^\s*<quiz>\s*$", re.I)
_QUIZ_CLOSE = re.compile(r"^\s*</quiz>\s*$", re.I)
_ATTACHABLE = ("fence", "code_block", "image")


@dataclass
class _Block:
    kind: str              # heading, option, other, quiz / quiz_end (a <quiz> / </quiz> line)
    start: int             # 0-based first line
    end: int               # 0-based line after the last
    sub: str = ""          # other: the markdown-it node type (fence, paragraph...)
    level: int = 0         # heading level
    checked: bool = False  # option
    text: str = ""         # heading: its inline text; option: its text
    why: str = ""          # option: its blockquote comment


@dataclass
class _Open:
    """A question being read."""

    line: int
    number: int | None
    stem: list[str]
    options: list[_Block] = field(default_factory=list)
    attached: dict = field(default_factory=dict)   # option index -> blocks below it


def sniff(text: str, path: str) -> bool:
    """A task-list option (``- [x] ...``) on a line of its own."""
    return bool(re.search(r"^\s*[-*+] \[[ xX]\] \S", text[:200_000], re.M)) and not path.lower().endswith(
        (".gift", ".xml", ".csv", ".tsv"))


def read(text: str, path: str, *, quiz_id: str, lang: str = "en") -> Imported:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    text, removed = prepare(text, path, max_lines=MAX_LINES)
    lines = text.split("\n")
    masked, quiz_lines = _mask(lines)
    reader = _Reader(masked, path, quiz_id, lang)
    reader.problems += removed
    parser = MarkdownIt("commonmark").disable("inline")   # blocks only: the text is cut from the source
    for attempt in range(MAX_REPAIRS + 1):
        root = SyntaxTreeNode(parser.parse("\n".join(masked) + "\n"))
        if attempt == MAX_REPAIRS or not _close_runaway_fence(root, masked, reader):
            break
    _warn_swallowing_fences(root, masked, reader)
    lines = masked                    # what was parsed: <quiz> lines blanked, runaway fences closed
    blocks = sorted(_flatten(root.children, lines) + [_Block(kind, n, n + 1) for kind, n in quiz_lines],
                    key=lambda b: b.start)
    reader.run(blocks)
    title = reader.title or quiz_id
    quiz = Quiz(id=quiz_id, title={lang: title}, questions=reader.questions, languages=[lang], path=path)
    return Imported(quizzes=[quiz] if quiz.questions else [], problems=reader.problems)


def _close_runaway_fence(root, masked: list[str], reader) -> bool:
    """A fence whose closing line was written ```` ```md ```` (not a closing fence in
    CommonMark) runs on over the next questions. When a fence holds such a line and,
    after it, a heading or a task-list option, end it there, say so, and return True."""
    for node in root.children:
        if node.type != "fence" or not node.map:
            continue
        start, end = node.map
        mark = masked[start].lstrip()[:3]
        i = next((i for i in range(start + 1, end) if masked[i].lstrip().startswith(mark)), None)
        if i is not None and any(_HEADING.match(ln) or _BOX.match(ln) for ln in masked[i + 1:end]):
            reader.problem(start, f"code block not closed: line {i + 1} has text after its {mark}, "
                                  "so it cannot close it; taken as its end")
            masked[i] = masked[i][: len(masked[i]) - len(masked[i].lstrip())] + mark
            return True
    return False


def _warn_swallowing_fences(root, masked: list[str], reader) -> None:
    """A code block holding question headings and task-list options is most likely a
    stray or missing ```: say so, since what it holds is imported as code."""
    for node in root.children:
        if node.type == "fence" and node.map:
            inner = masked[node.map[0] + 1:node.map[1]]
            heads = sum(bool(_HEADING.match(ln) and _NUMBERED.match(ln.lstrip("# "))) for ln in inner)
            if heads and any(_BOX.match(ln) for ln in inner):
                reader.problem(node.map[0], f"code block of lines {node.map[0] + 1}-{node.map[1]} holds {heads} "
                                            "question heading(s) and their options; is a ``` missing or extra?")


def _mask(lines: list[str]) -> tuple[list[str], list[tuple[str, int]]]:
    """The lines with front matter and ``<quiz>``/``</quiz>`` blanked (line numbers kept),
    and where each ``<quiz>`` (``quiz``) and ``</quiz>`` (``quiz_end``) was."""
    out, quiz_lines = list(lines), []
    if lines and lines[0].strip() == "---":
        for i in range(1, min(len(lines), 200)):
            if lines[i].strip() in ("---", "..."):
                out[: i + 1] = [""] * (i + 1)
                break
    for i, line in enumerate(lines):
        if _QUIZ_OPEN.match(line):
            out[i] = ""
            quiz_lines.append(("quiz", i))
        elif _QUIZ_CLOSE.match(line):
            out[i] = ""
            quiz_lines.append(("quiz_end", i))
    return out, quiz_lines


def _is_option(item) -> bool:
    return bool(item.map) and bool(item.children) and item.children[0].type == "paragraph" and bool(
        re.match(r"\[[ xX]\](?:[^\S\n]|$)", item.children[0].children[0].content if item.children[0].children else ""))


def _has(node, types: tuple) -> bool:
    return node.type in types or any(_has(c, types) for c in node.children)


def _flatten(nodes, lines: list[str]) -> list[_Block]:
    """The blocks of ``nodes`` in source order; options come out of their lists, and a
    heading nested in a list item (an indented next question) comes out of its item."""
    out = []
    for node in nodes:
        if node.map is None:
            continue
        start, end = node.map
        if node.type == "heading":
            out.append(_Block("heading", start, end, level=int(node.tag[1]),
                              text=node.children[0].content if node.children else ""))
        elif node.type in ("bullet_list", "ordered_list") and (
                any(_is_option(i) for i in node.children) or _has(node, ("heading",))):
            for item in node.children:
                if _is_option(item):
                    out.extend(_option(item, lines))
                else:
                    out.extend(_flatten(item.children, lines) if _has(item, ("heading",))
                               else [_Block("other", *item.map, sub="list_item")])
        else:
            sub = node.type
            if sub == "paragraph" and re.fullmatch(r"\s*(!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>)\s*",
                                                   "\n".join(lines[start:end])):
                sub = "image"
            out.append(_Block("other", start, end, sub=sub))
    return out


def _option(item, lines: list[str]) -> list[_Block]:
    """An option block for a task item, and the blocks a nested heading starts."""
    start, end = item.map
    rest, why = [], ""
    cut = end
    for i, child in enumerate(item.children[1:], 1):
        if child.map and _has(child, ("heading",)):
            cut = child.map[0]
            rest = _flatten(item.children[i:], lines)
            break
    kids = [c for c in item.children if c.map and c.map[0] < cut]
    m = _BOX.match(lines[start])
    indent = len(m.group(1)) + len(m.group(2)) + len(m.group(3)) if m else 2
    if len(kids) > 1 and kids[-1].type == "blockquote":
        b0, b1 = kids[-1].map
        why = "\n".join(re.sub(r"^\s*> ?", "", ln) for ln in lines[b0:b1]).strip()
        cut = b0
    body = [lines[start][m.end():] if m else lines[start]]
    first_par_end = item.children[0].map[1]      # its first paragraph's later lines: spaces do not count
    for n in range(start + 1, cut):
        ln = lines[n]
        lead = len(ln) - len(ln.lstrip(" "))
        body.append(ln.lstrip() if n < first_par_end else ln[min(lead, indent):])
    checked = bool(m and m.group(4) in "xX")
    while len(body) > 1 and not body[-1].strip():
        body.pop()
    if len(body) > 1 and not why and _REFERENCE.match(body[-1]):
        why = body.pop().strip()  # "[Reference link](...)" glued under the option: its comment, not its text
    return [_Block("option", start, cut, checked=checked, text="\n".join(body).strip(), why=why)] + rest


class _Reader:
    """Turns the block stream into questions, collecting problems."""

    def __init__(self, lines, path, quiz_id, lang):
        self.lines, self.path, self.quiz_id, self.lang = lines, path, quiz_id, lang
        self.questions: list[Question] = []
        self.problems: list[SourceProblem] = []
        self.title: str | None = None
        self.ids: dict[str, int] = {}
        self.open: _Open | None = None

    def problem(self, line: int, message: str, col: int = 1) -> None:
        self.problems.append(SourceProblem(self.path, line + 1, col, message))

    def raw(self, b: _Block) -> str:
        return textwrap.dedent("\n".join(self.lines[b.start:b.end])).strip()

    def run(self, blocks: list[_Block]) -> None:
        for i, b in enumerate(blocks):
            if b.kind == "quiz":
                self.start(b.start, None, "")
            elif b.kind == "quiz_end":
                self.finish()
            elif b.kind == "heading":
                self.heading(b, self.options_follow(blocks, i))
            elif b.kind == "option":
                if self.open is None:
                    self.problem(b.start, "option outside a question (no question heading above it)")
                    continue
                self.open.options.append(b)
            elif self.open is None:
                continue                    # text before the first question: an introduction
            elif not self.open.options:
                self.open.stem.append(self.raw(b))
            else:
                self.open.attached.setdefault(len(self.open.options) - 1, []).append(b)
        self.finish()

    @staticmethod
    def options_follow(blocks, i) -> bool:
        for b in blocks[i + 1:]:
            if b.kind in ("heading", "quiz", "quiz_end"):
                return False
            if b.kind == "option":
                return True
        return False

    def heading(self, b: _Block, has_options: bool) -> None:
        m = _NUMBERED.match(b.text)
        if m:
            self.start(b.start, int(m.group(1)), b.text[m.end():].strip())
        elif self.open is not None and not self.open.options and self.open.number is not None:
            self.open.stem.append(self.raw(b))     # a numbered question's heading-shaped lines
        elif has_options:
            self.start(b.start, None, b.text.strip())
        else:
            self.finish()
            if self.title is None and not self.questions and b.level <= 2:
                self.title = b.text.strip()

    def start(self, line: int, number: int | None, stem: str) -> None:
        self.finish()
        self.open = _Open(line, number, [stem] if stem else [])

    def finish(self) -> None:
        q, self.open = self.open, None
        if q is None:
            return
        if not q.options:
            self.problem(q.line, "question without options (no `- [ ]` / `- [x]` items); not imported")
            return
        last = len(q.options) - 1
        tail = q.attached.pop(last, [])
        # Code or images right after the last option are its own when its siblings had theirs.
        if tail and any(q.attached.get(k) for k in range(last)):
            n = 0
            while n < len(tail) and tail[n].sub in _ATTACHABLE:
                n += 1
            q.attached[last], tail = tail[:n], tail[n:]
        options = []
        for k, o in enumerate(q.options):
            text = "\n\n".join([o.text] + [self.raw(b) for b in q.attached.get(k, [])]).strip()
            if text:
                options.append((o, text))
            else:
                self.problem(o.start, "empty option; left out")
        if len(options) < 2:
            self.one_option(q, options, tail)
            return
        lang = self.lang
        choices = [Choice({lang: t}, o.checked, {lang: o.why} if o.why else None) for o, t in options]
        keys = sum(c.correct for c in choices)
        if keys == 0:
            self.problem(q.line, "question with no option marked [x] (no key)")
        self.questions.append(Question(
            id=self.new_id(q.number), kind="multi" if keys > 1 else "single", stem=self.stem(q),
            choices=choices, explanation=self.explanation(tail), line=q.line + 1))

    def stem(self, q: _Open) -> dict:
        stem = "\n\n".join(s for s in q.stem if s).strip()
        if not stem:
            self.problem(q.line, "question with an empty stem")
        return {self.lang: stem}

    def explanation(self, blocks: list[_Block]) -> dict | None:
        text = "\n\n".join(self.raw(b) for b in blocks if b.sub != "hr").strip()
        text = _LABEL.sub("", text, count=1).strip() if _LABEL.match(text) else text
        return {self.lang: text} if text else None

    def one_option(self, q: _Open, options: list, tail: list[_Block]) -> None:
        """One option: with ``[x]`` it is the answer of a ``free`` question; else nothing is known."""
        if not options or not options[0][0].checked:
            self.problem(q.line, "question with fewer than two options and no key; not imported")
            return
        o, text = options[0]
        self.problem(o.start, "question with a single option: imported as a free question with it as the answer")
        self.questions.append(Question(
            id=self.new_id(q.number), kind="free", stem=self.stem(q), answer={self.lang: text},
            explanation=self.explanation(tail), line=q.line + 1))

    def new_id(self, number: int | None) -> str:
        n = number if number is not None else len(self.questions) + 1
        return unique_id(f"{self.quiz_id}-{n:02d}", self.ids)
