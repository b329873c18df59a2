"""The loader's limits, LoadError, and the parsers' own complaints turned into one.

libyaml and PyYAML's pure-Python parser refuse some input themselves
(nesting depth, version digits, control characters...); a limit either
enforces is reported like quizlint's own, as QL003.
"""

from __future__ import annotations

from quizlint import codes
from quizlint.codes import Code
from quizlint.problem import Problem
from quizlint.textpos import position

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 32
MAX_NODES = 200_000

DEPTH_HINT = "a quiz needs only a few levels, so flatten the lists and mappings here"
# Problems the parser reports because of a limit of its own (start of the
# message, lower case) -> what we tell the author.
PARSER_LIMITS = {
    "exceeded maximum nesting depth":  # libyaml as bundled with PyYAML 6.0.3+
        f"nesting too deep for the YAML parser (quizlint allows {MAX_DEPTH} levels); {DEPTH_HINT}",
    "maximum nesting level reached":  # libyaml's own yaml_set_max_nest_level()
        f"nesting too deep for the YAML parser (quizlint allows {MAX_DEPTH} levels); {DEPTH_HINT}",
    "found extremely long version number":
        "the %YAML version number is too long for the YAML parser; write `%YAML 1.2` or remove the line",
    "input is too long":
        "file is too long for the YAML parser; split the quiz into smaller files",
}


class LoadError(Exception):
    """A file that cannot be read as a quiz document: which code, why, and where."""

    def __init__(self, kind: Code, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.kind, self.message = kind, message
        self.line, self.column = line, column

    @property
    def code(self) -> str:
        return self.kind.code

    def problem(self, path: str) -> Problem:
        """This error as the Problem reported for ``path``."""
        return self.kind.at(path, self.line, self.column, self.message)


def syntax_error(exc) -> LoadError:
    """A LoadError for a parser's MarkedYAMLError, at the parser's (line, column)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or str(exc)
    for start, message in PARSER_LIMITS.items():
        if problem.lower().startswith(start):
            return LoadError(codes.YAML_LIMITS, message, line, col)
    if exc.context:
        problem = f"{problem} ({exc.context})"
    return LoadError(codes.YAML_SYNTAX, f"YAML syntax error: {problem}", line, col)


def reader_error(exc, text: str, byte_offsets: bool) -> LoadError:
    """A LoadError for a ReaderError; libyaml gives its position in UTF-8 bytes."""
    index = exc.position
    if byte_offsets:
        index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
    line, col = position(text, index)
    reason = str(exc.reason)
    if reason.lower().startswith("input is too long"):
        return LoadError(codes.YAML_LIMITS, PARSER_LIMITS["input is too long"], line, col)
    if isinstance(exc.character, int) and exc.character >= 0:
        return LoadError(codes.ENCODING,
                         f"control character U+{exc.character:04X} is not allowed in YAML; remove it", line, col)
    return LoadError(codes.ENCODING, f"the YAML reader refused the text ({reason}); save it as UTF-8",
                     line, col)


def python_parser_error(exc: Exception, line: int, col: int) -> LoadError | None:
    """PyYAML's pure-Python scanner calls int() on %YAML version digits and chr() on \\U escapes.

    None for any other exception (a bug to show, not a YAML problem).
    """
    if "integer string conversion" in str(exc):
        return LoadError(codes.YAML_LIMITS, PARSER_LIMITS["found extremely long version number"],
                         line, col)
    if isinstance(exc, OverflowError) or "chr()" in str(exc):
        return LoadError(codes.YAML_SYNTAX, "YAML syntax error: found invalid Unicode character escape code; "
                         "a \\U escape must name a character up to 10FFFF", line, col)
    return None


def surrogate_error(exc: UnicodeEncodeError, text: str) -> LoadError:
    line, col = position(text, exc.start)
    code = ord(text[exc.start])
    return LoadError(codes.ENCODING,
                     f"character U+{code:04X} (a lone surrogate) is not allowed; save the file as UTF-8", line, col)
