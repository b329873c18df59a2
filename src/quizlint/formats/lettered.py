"""Import lettered quizzes: numbered questions, inline ``A) … B) …`` options, keys at the end.

The shape of extracted course handouts (seed 001): a ``# Title``,
questions ``## 1. Short title`` (any heading level, or a plain ``1.`` line)
whose text runs into its options, ``A) … B) … C) … D) …``, then an
"Answers" list (``- 1. D``, or ``1. A, C`` for several keys) and an
"Explanations" list (``- 1. **D)** because …``), joined to their questions
by number. The explanation is kept as written, so its opening ``**D)**``
is a key statement that QL206 checks against the key. A question with no
entry in the answers list takes the letter its explanation opens with, or
has no key (reported). ``Answer: B`` at the end of a question also works.

Extracted text has running page headers: a line that is the file's first
line and comes back on its own later (``Salem Lahlou 2025-05-04``) is
removed wherever it stands. Whitespace runs become one space, since line
breaks in extracted text are not the author's, and the space extraction
puts between inline math and the punctuation after it (``$x$ .``) goes. A heading's short title
is the question's ``title`` (v1 has no place for it; it is left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizlint.formats import Imported, SourceProblem
from quizlint.formats.model import Choice, Question, Quiz
from quizlint.formats.sourcetext import prepare, unique_id

LETTERS = "ABCDEFGHIJ"
MAX_LINES = 20_000    # as the Markdown importer: a longer source is split first

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBERED = re.compile(r"^\s*(?:[-*]\s+)?(?:\*\*)?(?:Q(?:uestion)?\s*)?(\d{1,4})[.)](?:\*\*)?(?:\s+(.*))?$", re.I)
_ANSWER_ITEM = re.compile(r"^\s*(?:[-*]\s+)?(\d{1,4})[.)]\s*(?:\*\*)?\(?([A-J](?:\s*(?:,|and|&)\s*[A-J])*)\)?"
                          r"[.)]?(?:\*\*)?\s*$", re.I)
_KEY_SECTION = re.compile(r"^\W*(answers?|answer key|key|solutions?)\W*$", re.I)
_WHY_SECTION = re.compile(r"^\W*(explanations?|rationales?)\W*$", re.I)
_OPTION = re.compile(r"(?:(?<=\s)|^)([A-J])\)\s")
_INLINE_KEY = re.compile(r"\s(?:correct\s+)?answer\s*:\s*\(?([A-J](?:\s*,\s*[A-J])*)\)?\s*\.?\s*$", re.I)
_STATED = re.compile(r"^\s*\*\*\s*(?:answer\s*:\s*)?\(?([A-J](?:\s*,\s*[A-J])*)\)?\s*[.)]?\s*\*\*", re.I)
_WS = re.compile(r"\s+")
_MATH_THEN_PUNCT = re.compile(r"(\$[^$\n]+\$)\s+(?=[).,?!:;])")   # "$x$ ." -> "$x$." (extraction spacing)


def _clean(text: str) -> str:
    return _MATH_THEN_PUNCT.sub(r"\1", _WS.sub(" ", text)).strip()


@dataclass
class _Q:
    number: int
    line: int              # 1-based
    title: str | None
    body: list[str] = field(default_factory=list)


def sniff(text: str, path: str) -> bool:
    """``A) … B)`` options on one line (not Aiken's one a line), and an answer list
    (``1. D``) or an inline ``Answer: B``."""
    head = text[:500_000]
    return bool(re.search(r"(?:^|[^\S\n])A\)[^\S\n][^\n]*?[^\S\n]B\)\s", head)) and bool(
        re.search(r"^\s*(?:[-*]\s+)?\d{1,4}[.)]\s*\**[A-J]\**\s*$", head, re.M)
        or re.search(r"\banswer\s*:\s*\(?[A-J]\b", head, re.I))


def read(text: str, path: str, *, quiz_id: str, lang: str = "en") -> Imported:
    text, problems = prepare(text, path, max_lines=MAX_LINES)
    lines = _drop_running_header(text.split("\n"))
    title, questions, keys, whys = _sections(lines, path, problems)
    out = []
    for q in questions:
        made = _question(q, keys, whys, quiz_id, lang, path, problems)
        if made is not None:
            out.append(made)
    known = {q.number for q in questions}
    for n, (line, _) in sorted(keys.items()):
        if n not in known:
            problems.append(SourceProblem(path, line, 1, f"answer {n} has no question {n}"))
    for n, (line, _) in sorted(whys.items()):
        if n not in known:
            problems.append(SourceProblem(path, line, 1, f"explanation {n} has no question {n}"))
    _unique_ids(out)
    problems.sort(key=lambda p: (p.line, p.col))
    quiz = Quiz(id=quiz_id, title={lang: title or quiz_id}, questions=out, languages=[lang], path=path)
    return Imported(quizzes=[quiz] if out else [], problems=problems)


def _drop_running_header(lines: list[str]) -> list[str]:
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    if not first or _HEADING.match(first) or _NUMBERED.match(first):
        return lines
    again = {i for i, ln in enumerate(lines) if ln.strip() == first}
    return [("" if i in again else ln) for i, ln in enumerate(lines)] if len(again) > 1 else lines


def _sections(lines, path, problems):
    """The title, the questions, and the answers and explanations by number."""
    title, questions, keys, whys = None, [], {}, {}
    section, current_why, current = "questions", None, None
    for i, raw in enumerate(lines, 1):
        line = raw.strip()
        h = _HEADING.match(raw)
        name = h.group(2).strip("* ").strip() if h else ""
        if h and _KEY_SECTION.match(name):
            section, current_why = "keys", None
            continue
        if h and _WHY_SECTION.match(name):
            section, current_why = "whys", None
            continue
        if section == "keys":
            m = _ANSWER_ITEM.match(raw)
            if m:
                letters = re.findall(r"[A-J]", m.group(2).upper())
                keys[int(m.group(1))] = (i, letters)
            elif line:
                problems.append(SourceProblem(path, i, 1, f"not an answer (`1. D`): {line[:40]}"))
            continue
        if section == "whys":
            m = _NUMBERED.match(raw) if not h else None
            if m:
                current_why = int(m.group(1))
                whys[current_why] = (i, [m.group(2) or ""])
            elif line and current_why is not None and not h:
                whys[current_why][1].append(line)
            continue
        if h and h.group(1) == "#" and title is None and not questions:
            title = name
            continue
        m = _NUMBERED.match(h.group(2) if h else raw)
        if m and (h or _starts_question(raw)):
            rest = (m.group(2) or "").strip()
            if h and rest and not _OPTION.search(rest):
                current = _Q(int(m.group(1)), i, rest.strip("* "))
            else:
                current = _Q(int(m.group(1)), i, None, [rest])
            questions.append(current)
        elif h:
            current = None           # a heading that is not a question ends the one above
        elif current is not None:
            current.body.append(line)
    return title, questions, keys, whys


def _starts_question(raw: str) -> bool:
    """A plain ``12. text`` line (not a heading) starts a question when it is not indented."""
    return not raw[:1].isspace() and not raw.lstrip().startswith(("-", "*"))


def _split_options(body: str) -> tuple[str, list[str]]:
    """``stem A) x B) y`` -> ``("stem", ["x", "y"])``, the letters in order from A."""
    cuts, pos = [], 0
    for letter in LETTERS:
        m = next((m for m in _OPTION.finditer(body, pos) if m.group(1) == letter), None)
        if m is None:
            break
        cuts.append(m)
        pos = m.end()
    if len(cuts) < 2:
        return body, []
    stem = body[: cuts[0].start()].strip()
    options = [_clean(body[a.end(): (b.start() if b else len(body))])
               for a, b in zip(cuts, cuts[1:] + [None])]
    return stem, options


def _question(q: _Q, keys, whys, quiz_id, lang, path, problems) -> Question | None:
    body = _clean(" ".join(q.body))
    inline = _INLINE_KEY.search(body)
    if inline:
        body = body[: inline.start()].strip()
    stem, options = _split_options(body)
    if len(options) < 2:
        problems.append(SourceProblem(path, q.line, 1, f"question {q.number} has no A) B) options; not imported"))
        return None
    why_line, why_parts = whys.get(q.number, (0, []))
    explanation = _clean(" ".join(why_parts)) or None
    stated = _STATED.match(explanation or "")
    if q.number in keys:
        key_line, letters = keys[q.number]
    elif inline:
        key_line, letters = q.line, re.findall(r"[A-J]", inline.group(1).upper())
    elif stated:
        key_line, letters = why_line, re.findall(r"[A-J]", stated.group(1).upper())
    else:
        key_line, letters = q.line, []
        problems.append(SourceProblem(path, q.line, 1, f"question {q.number} has no answer (no `{q.number}. X` "
                                                        f"in the answers list)"))
    if stated and letters and sorted(set(re.findall(r"[A-J]", stated.group(1).upper()))) != sorted(set(letters)):
        problems.append(SourceProblem(path, why_line, 1, f"explanation {q.number} opens with "
                                      f"{stated.group(1)}, but the answer is {', '.join(letters)}"))
    wrong = [x for x in letters if LETTERS.index(x) >= len(options)]
    if wrong:
        problems.append(SourceProblem(path, key_line, 1, f"answer {q.number}: no option {', '.join(wrong)}"))
    correct = {LETTERS.index(x) for x in letters} - {LETTERS.index(x) for x in wrong}
    if not stem:
        problems.append(SourceProblem(path, q.line, 1, f"question {q.number} has no text before A)"))
    return Question(
        id=f"{quiz_id}-{q.number:02d}", kind="multi" if len(correct) > 1 else "single", stem={lang: stem},
        choices=[Choice({lang: t}, k in correct) for k, t in enumerate(options)],
        explanation={lang: explanation} if explanation else None, title=q.title, line=q.line)


def _unique_ids(questions: list[Question]) -> None:
    taken: dict[str, int] = {}
    for q in questions:
        q.id = unique_id(q.id, taken)
