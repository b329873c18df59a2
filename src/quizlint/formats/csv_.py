"""Import two-column CSV/TSV flashcards: front, back and optional tags.

The plain files study apps and spreadsheets write: one card per row, the
front (question) in the first column, the back (answer) in the second, and
optionally tags in a third (separated by spaces or commas). Each card
becomes a ``free`` question (stem = front, answer = back). A first row
whose cells are column names (``front,back``, ``question;answer;tags``,
``pregunta``/``respuesta``...) is a header: it is skipped, and its names say
which column is which.

The separator is guessed from the first rows (tab, comma or semicolon: the
one that gives most rows two or three cells; ``.tsv`` prefers tab). Rows
are read with the :mod:`csv` module (RFC 4180 quoting, fields may span
lines); a field longer than the csv module's limit (128 Ki characters), an
unterminated quote or a file over :data:`MAX_CHARS` is a problem at its
line, never a hang.

:func:`records` and :func:`flashcards` are shared with the Anki text
importer (:mod:`quizlint.formats.anki`), which reads the same rows after
its ``#key:value`` header lines.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from quizlint.formats import FormatError, Imported, SourceProblem
from quizlint.formats.model import Question, Quiz

MAX_CHARS = 10_000_000    # the same bound as a quiz file (loader.MAX_BYTES)
GUESS_CHARS = 64_000      # the prefix the separator is guessed from

FRONT_NAMES = {"front", "question", "term", "prompt", "stem", "card", "pregunta", "anverso", "frente", "text"}
BACK_NAMES = {"back", "answer", "definition", "meaning", "respuesta", "reverso", "dorso", "back extra"}
TAG_NAMES = {"tags", "tag", "etiquetas", "etiqueta"}


@dataclass
class Record:
    """One row: where it starts, its cells, and its first physical line."""

    line: int
    fields: list
    first: str

    def col(self, index: int, delimiter: str) -> int:
        """1-based column of cell ``index`` on the record's first line (1 when it is not there)."""
        quoted, seen = False, 0
        for i, ch in enumerate(self.first):
            if ch == '"':
                quoted = not quoted
            elif ch == delimiter and not quoted:
                seen += 1
                if seen == index:
                    return i + 2
        return 1


class _Lines:
    """The text's physical lines for csv.reader, with the start line of each record.

    csv.reader asks for one more line only while a record is open, so a
    line asked for while ``at_start`` begins a record; there, with
    ``comments``, ``#`` lines are skipped as Anki's reader does.
    """

    def __init__(self, text: str, comments: bool, skip: int):
        self.it = enumerate(io.StringIO(text, newline=""), 1)
        self.comments, self.skip = comments, skip
        self.at_start, self.start, self.first = True, 0, ""

    def __iter__(self):
        return self

    def __next__(self) -> str:
        while True:
            n, line = next(self.it)
            if not self.at_start:
                return line
            if n <= self.skip or (self.comments and line.startswith("#")):
                continue
            self.at_start, self.start, self.first = False, n, line.rstrip("\r\n")
            return line


def records(text: str, delimiter: str, path: str, problems: list, *, comments: bool = False,
            skip: int = 0) -> list[Record]:
    """The non-blank rows of ``text``; problems (bad quoting, huge fields) appended to ``problems``.

    ``comments``: lines starting with ``#`` between records are skipped;
    ``skip``: so many first lines are not rows (a header already read).
    """
    lines = _Lines(text, comments, skip)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    out = []
    while True:
        lines.at_start = True
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            message = str(e)
            if "end of data" in message:
                message = "a quoted field opens here and is never closed"
            problems.append(SourceProblem(path, lines.start or 1, 1, f"unreadable row: {message}"))
            continue
        if any(f.strip() for f in fields):
            out.append(Record(lines.start, fields, lines.first))
    return out


def guess_delimiter(text: str, prefer: str = ",") -> str:
    """The separator (tab, comma, semicolon) that gives most of the first rows 2 or 3 cells."""
    head = text[:GUESS_CHARS]
    if len(text) > GUESS_CHARS and "\n" in head:
        head = head[:head.rindex("\n") + 1]
    order = [prefer] + [d for d in ("\t", ",", ";") if d != prefer]
    best, best_score = prefer, -1
    for d in order:
        rows = records(head, d, "", [])[:50]
        score = sum(1 for r in rows if 2 <= len(r.fields) <= 3)
        if score > best_score:
            best, best_score = d, score
    return best


def header_columns(fields: list) -> dict | None:
    """``{"front": i, "back": j, "tags": k}`` when ``fields`` is a header row of column names."""
    roles = {}
    for i, cell in enumerate(fields):
        name = cell.strip().lower()
        for role, names in (("front", FRONT_NAMES), ("back", BACK_NAMES), ("tags", TAG_NAMES)):
            if name in names and role not in roles:
                roles[role] = i
                break
    if "front" in roles and "back" in roles:
        return roles
    return None


def split_tags(cell: str, commas: bool = True) -> list[str]:
    """Tags of a tags cell: separated by whitespace (and commas, unless ``commas`` is false)."""
    return [t for t in re.split(r"[\s,]+" if commas else r"\s+", cell) if t]


def flashcards(rows: list, columns: dict, *, quiz_id: str, lang: str, path: str, problems: list,
               delimiter: str, convert=None, commas: bool = True) -> list[Question]:
    """``free`` questions from rows; ``columns`` maps front/back/tags to cell indexes.

    ``convert(cell, record) -> str`` turns a cell into v1 text (Anki's HTML);
    an empty front is a problem and the row is skipped; a missing back is
    left out (``quizlint check`` reports it).
    """
    convert = convert or (lambda cell, record: cell.strip())
    used = {i for i in columns.values() if i is not None}   # front, back, tags and any other known column
    questions = []
    for rec in rows:
        cell = (lambda role: rec.fields[columns[role]] if columns.get(role) is not None
                and columns[role] < len(rec.fields) else "")
        front = convert(cell("front"), rec)
        if not front:
            problems.append(SourceProblem(path, rec.line, rec.col(columns["front"], delimiter),
                                          "the card has no front (question); row skipped"))
            continue
        back = convert(cell("back"), rec)
        if len(rec.fields) == 1:
            problems.append(SourceProblem(path, rec.line, 1, f"only one column: no back (answer); is the separator "
                                          f"{_name(delimiter)}?"))
        extra = [i for i, f in enumerate(rec.fields) if i not in used and f.strip()]
        if extra:
            problems.append(SourceProblem(path, rec.line, rec.col(extra[0], delimiter),
                                          f"{len(extra)} extra column(s) ignored"))
        n = len(questions) + 1
        questions.append(Question(
            id=f"{quiz_id}-{n:02d}", kind="free", stem={lang: front}, answer={lang: back} if back else None,
            tags=split_tags(cell("tags"), commas), line=rec.line))
    return questions


def _name(delimiter: str) -> str:
    return {"\t": "tab", ",": "comma", ";": "semicolon"}.get(delimiter, repr(delimiter))


def sniff(text: str, path: str) -> bool:
    """A ``.csv``/``.tsv`` file, or text whose first lines all hold one or two tabs."""
    if path.lower().endswith((".csv", ".tsv")):
        return True
    lines = [line for line in text[:GUESS_CHARS].split("\n")[:20] if line.strip()]
    return len(lines) >= 2 and not lines[0].startswith("#") and all(1 <= line.count("\t") <= 2 for line in lines)


def read(text: str, path: str, *, quiz_id: str, lang: str = "en") -> Imported:
    if len(text) > MAX_CHARS:
        raise FormatError(f"{path}: {len(text)} characters; a CSV file may have at most {MAX_CHARS}")
    text = text[1:] if text.startswith("\ufeff") else text
    delimiter = guess_delimiter(text, "\t" if path.lower().endswith((".tsv", ".txt")) else ",")
    problems: list[SourceProblem] = []
    rows = records(text, delimiter, path, problems)
    columns = {"front": 0, "back": 1, "tags": 2}
    if rows and (found := header_columns(rows[0].fields)):
        columns = {"front": found["front"], "back": found["back"], "tags": found.get("tags")}
        rows = rows[1:]
    questions = flashcards(rows, columns, quiz_id=quiz_id, lang=lang, path=path, problems=problems,
                           delimiter=delimiter)
    if not questions:
        problems.append(SourceProblem(path, 1, 1, "no flashcards found"))
    problems.sort(key=lambda p: (p.line, p.col))
    quiz = Quiz(id=quiz_id, title={lang: quiz_id}, questions=questions, languages=[lang], path=path)
    return Imported(quizzes=[quiz] if questions else [], problems=problems)
