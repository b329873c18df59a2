"""Codes reported by the loader, the schema and the cross-file checks."""

from quizlint.problem import Severity
from quizlint.rules.base import core_code

E = Severity.ERROR

core_code("QL001", "yaml-syntax", E, """The file is not valid YAML.

The message quotes libyaml's reason and points at the character where
parsing stopped. Fix the syntax there (often an unclosed bracket or quote,
or a `: ` inside an unquoted string).""")
core_code("QL002", "duplicate-key", E, """A mapping has the same key twice.

YAML loaders silently keep the last value, so one of the two would be
lost. The message names the line of the first one; remove one of them.""")
core_code("QL003", "yaml-limits", E, """The file exceeds a safety limit.

Quiz files come from pull requests, so quizlint refuses files over 10 MB,
nesting deeper than 64 levels, more than 32 aliases, or alias expansion
beyond 200,000 nodes (a "billion laughs" YAML bomb). Write the content out
or split the file.""")
core_code("QL004", "encoding", E, """The file is not UTF-8 text.

Invalid UTF-8 bytes, NUL bytes and control characters are refused at their
line and column. Save the file as UTF-8.""")
core_code("QL005", "multiple-documents", E, """The file holds more than one YAML document.

One quiz per file: move the document after `---` to a file of its own.""")
core_code("QL006", "yaml-tag", E, """A YAML tag other than the core ones is used.

Tags such as `!!python/object/apply` can make some loaders run code; quiz
files hold plain data only. Only `!!str`, `!!int`, `!!float`, `!!bool`,
`!!null`, `!!seq` and `!!map` are accepted.""")
core_code("QL007", "unreadable", E, """A path cannot be read, or quizlint refuses to read it.

Quiz trees come from pull requests, so quizlint reads regular files in the
project only: a symbolic link (found in a checked directory, or named on
the command line from inside the project) that leads out of the project
is not followed, a FIFO, device or socket named `*.yaml` is not opened,
and a directory or file it lacks permission for is reported, never
skipped. Commit the file itself, remove the special file, or fix the
permissions.""")
core_code("QL008", "internal-error", E, """quizlint itself failed on this file.

This is a bug in quizlint, not in the quiz: please report it, with the
file if you can. The message names the exception and where it was raised.
The other files are still checked and reported; this one counts as an
error until the bug is fixed.""")
core_code("QL101", "schema-type", E, """A value has the wrong type.

For example `stem: true` (text expected: quote it) or `correct: yes`
(YAML 1.2 reads `yes` as a string: write `true`).""")
core_code("QL102", "schema-required", E, """A required key is missing.

Every quiz needs `format`, `quiz`, `title`, `questions`; every question
`id`, `kind`, `stem`; `single`/`multi` need `choices`, the other kinds
`answer`. Reported at the mapping that lacks the key.""")
core_code("QL103", "schema-unknown-key", E, """A key is not part of the format, or not allowed here.

Usually a typo (`explaination`), or `choices` on a kind that takes an
`answer`. The message lists the allowed keys.""")
core_code("QL104", "schema-value", E, """A value is not one of the allowed ones.

For example an unknown `kind`, `difficulty` or `format` version.""")
core_code("QL105", "schema-pattern", E, """An id or language tag is malformed.

Ids use lowercase letters, digits and hyphens (`q-04-01`); language
tags look like `en` or `es-MX`.""")
core_code("QL106", "schema", E, """Any other schema violation (too few choices, an empty mapping...).""")
core_code("QL150", "duplicate-id", E, """A question id is used more than once in the checked tree.

Ids are unique across the whole data tree, not just the file, because
`quizlint suggest ID` and translations refer to questions by id. Both
places are reported. When pre-commit passes only changed files, the rest
of the tree is still consulted (through a cached id index).""")
core_code("QL151", "quiz-id-mismatch", E, """The `quiz` id differs from the file's name.

`data/quizzes/<quiz-id>.yaml` must hold `quiz: <quiz-id>`; rename the
file or fix the id.""")

# The symbolic checks report their own codes; register them for `rules`/`explain`.
from quizlint.symbolic import CODES as _SYMBOLIC_CODES  # noqa: E402  (imports no SymPy)

from quizlint.symbolic.syntax import CONSTANTS as _CONSTANTS, FUNCTIONS as _FUNCTIONS  # noqa: E402

for _code, (_name, _severity, _summary, _doc) in _SYMBOLIC_CODES.items():
    if _code == "QL603":
        _doc += (f"\n\nAllowed functions: {', '.join(sorted(_FUNCTIONS))}.\n"
                 f"Constants: {', '.join(_CONSTANTS)}. Every other name is a plain symbol.")
    core_code(_code, _name, _severity, f"{_summary[0].upper()}{_summary[1:]}.\n\n{_doc}")
