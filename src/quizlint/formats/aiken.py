"""Aiken (Moodle's one-line multiple-choice text): read it, and write it.

An Aiken question is a one-line stem, options ``A. text`` or ``A) text``
one per line, and ``ANSWER: B``; questions are separated by blank lines.
Aiken holds single-choice questions only, with no feedback, so:

* reading gives ``single`` questions (ids ``<quiz>-01``, ``-02``… in
  source order), and every problem (an option outside a question, a stem
  with no ``ANSWER:``, an unknown answer letter) is a :class:`SourceProblem`
  at its line; the bad question is skipped, the rest imports;
* writing refuses a quiz that holds any other kind (naming the questions),
  since an exporter that quietly drops questions would hand students a
  different quiz. Explanations, ``why`` and tags have no place in Aiken and
  are left out; line breaks in a text become spaces; math is ``\\(…\\)``.

``docs/formats/aiken.md`` is the mapping.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from quizlint.formats import FormatError, Imported, SourceProblem
from quizlint.formats.gift import math_from_delimiters, math_to_delimiters
from quizlint.formats.model import Choice, Question, Quiz
from quizlint.formats.sourcetext import prepare

OPTION = re.compile(r"([A-Z])[.)][ \t]+(\S.*)")
ANSWER = re.compile(r"ANSWER:[ \t]*(.*)")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_QUESTIONS = 20_000


def sniff(text: str, path: str) -> bool:
    """Aiken when an ``ANSWER: X`` line follows option lines."""
    return bool(re.search(r"^[ \t]*[A-Z][.)][ \t]+\S.*\r?\n[ \t]*ANSWER:[ \t]*[A-Z][ \t]*\r?$",
                          text[:200_000], re.M))


def _slug(s: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", s.lower())).strip("-")


def read(text: str, path: str, *, quiz_id: str | None = None, lang: str | None = None) -> Imported:
    """Import an Aiken file as one quiz of ``single`` questions."""
    text, removed = prepare(text, path)
    lang = lang or "en"
    qid = quiz_id or _slug(PurePath(path).stem) or "aiken"
    quiz = Quiz(id=qid, title={lang: qid}, languages=[lang], path=path)
    out = Imported(problems=removed)
    open_q = None                       # (line, stem, [(letter, text, line)])
    ordinal = 0

    def problem(line, message, col=1):
        out.problems.append(SourceProblem(path, line, col, message))

    def close(answer_line, answer):
        nonlocal open_q
        line, stem, options = open_q
        open_q = None
        if len(options) < 2:
            return problem(line, "a question needs at least 2 options (`A. …`, `B. …`)")
        letters = [o[0] for o in options]
        if len(set(letters)) != len(letters):
            dup = next(x for x in letters if letters.count(x) > 1)
            return problem(line, f"option letter {dup} is used twice in this question")
        key = answer[:1]
        if len(answer.strip()) != 1 or key not in letters:
            raw = answer_line[1]
            rest = raw[raw.index("ANSWER:") + len("ANSWER:"):]
            col = raw.index("ANSWER:") + len("ANSWER:") + len(rest) - len(rest.lstrip()) + 1
            return problem(answer_line[0], f"`ANSWER: {answer.strip()[:10]}` names no option of this question "
                           f"(options {', '.join(letters)})", col)
        quiz.questions.append(Question(
            id=f"{qid}-{ordinal:02d}", kind="single", stem={lang: math_from_delimiters(stem)},
            choices=[Choice({lang: math_from_delimiters(t)}, letter == key) for letter, t, _ in options],
            line=line))

    for n, raw in enumerate(re.split(r"\r\n|\r|\n", text.lstrip("\ufeff")), 1):
        line = raw.strip()
        if len(line) < 2:               # blank (Moodle also skips one-character lines)
            continue
        m = OPTION.fullmatch(line)
        a = ANSWER.match(line)
        if m:
            if open_q is None:
                problem(n, "an option outside a question (no stem line above it)")
            else:
                open_q[2].append((m.group(1), m.group(2).strip(), n))
        elif a:
            if open_q is None:
                problem(n, "an `ANSWER:` line outside a question")
            else:
                close((n, raw), a.group(1))
        else:
            if open_q is not None:
                problem(open_q[0], "this question has no `ANSWER:` line (an Aiken stem is one line)")
            ordinal += 1
            if ordinal > MAX_QUESTIONS:
                raise FormatError(f"{path}: more than {MAX_QUESTIONS:,} questions; split the file")
            open_q = (n, line, [])
    if open_q is not None:
        problem(open_q[0], "this question has no `ANSWER:` line")
    out.quizzes = [quiz] if quiz.questions else []
    return out


def _line(text: str, where: str) -> str:
    """A text on one line (line breaks become spaces), math as ``\\(…\\)``."""
    one = math_to_delimiters(re.sub(r"[ \t]*(\r\n|\r|\n)\s*", " ", text).strip())
    if not one:
        raise FormatError(f"{where}: an empty text cannot be written in Aiken")
    return one


def export_quiz(quiz: Quiz, lang: str | None = None) -> str:
    """The Aiken text of ``quiz`` in ``lang`` (default: its source language)."""
    lang = lang or quiz.source_lang
    other = [f"{q.id} ({q.kind})" for q in quiz.questions if q.kind != "single"]
    if other:
        shown = ", ".join(other[:5]) + (f" and {len(other) - 5} more" if len(other) > 5 else "")
        raise FormatError(f"quiz {quiz.id}: Aiken holds single-choice questions only, not {shown}; "
                          "export this quiz to gift or moodle-xml")
    blocks = []
    for q in quiz.questions:
        where = f"question {q.id}"
        if lang not in q.stem:
            raise FormatError(f"{where} has no `{lang}` text; translate it or export another --lang")
        stem = _line(q.stem[lang], where)
        if len(stem) < 2:
            raise FormatError(f"{where}: a one-character stem is skipped by Aiken readers; reword it")
        if OPTION.fullmatch(stem) or ANSWER.match(stem):
            raise FormatError(f"{where}: a stem that starts like `A. ` or `ANSWER:` would be read as "
                              "an option in Aiken; reword its start")
        if len(q.choices) > len(LETTERS):
            raise FormatError(f"{where}: Aiken holds at most 26 options, not {len(q.choices)}")
        lines = [stem]
        for letter, c in zip(LETTERS, q.choices):
            if lang not in c.text:
                raise FormatError(f"{where} has a choice with no `{lang}` text")
            lines.append(f"{letter}. {_line(c.text[lang], where)}")
        if len(q.keys()) != 1:
            raise FormatError(f"{where}: a single-choice question needs exactly one key for Aiken")
        lines.append(f"ANSWER: {LETTERS[q.keys()[0]]}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def export(quizzes: list, *, lang: str | None = None) -> dict[str, bytes]:
    """One ``<quiz-id>.txt`` per quiz; refuses quizzes with other kinds than ``single``."""
    return {f"{quiz.id}.txt": export_quiz(quiz, lang).encode("utf-8") for quiz in quizzes}
