"""Every diagnostic code quizlint reports, declared once: a leaf module.

Each :class:`Code` has its number, name, severity and documentation (the
first line is the summary `quizlint rules` prints). The loader, the schema
check, the linter and the symbolic checks use the constants below; rules
declare their own codes with ``@rule`` (:mod:`quizlint.rules.base`), which
calls :func:`declare`. Every :class:`~quizlint.problem.Problem` is built
through :meth:`Code.at`, so its name and severity come from here.

This module imports nothing of quizlint's but :mod:`quizlint.problem`.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from quizlint.problem import Problem, Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    def at(self, path: str, line: int, column: int, message: str, question: str | None = None) -> Problem:
        """A Problem of this code at ``path:line:column``."""
        return Problem(path, line, column, self.code, self.name, self.severity, message, question)


CODES: dict[str, Code] = {}


def declare(code: str, name: str, severity: Severity, doc: str) -> Code:
    """Register ``code`` (once: a second declaration is a bug)."""
    if code in CODES:
        raise ValueError(f"code {code} declared twice")
    CODES[code] = c = Code(code, name, severity, inspect.cleandoc(doc))
    return c


# loading (quizlint.loader, quizlint.tree, quizlint.linter)
YAML_SYNTAX = declare("QL001", "yaml-syntax", E, """The file is not valid YAML.

The message quotes libyaml's reason and points at the character where
parsing stopped. Fix the syntax there (often an unclosed bracket or quote,
or a `: ` inside an unquoted string).""")
DUPLICATE_KEY = declare("QL002", "duplicate-key", E, """A mapping has the same key twice.

YAML loaders silently keep the last value, so one of the two would be
lost. The message names the line of the first one; remove one of them.""")
YAML_LIMITS = declare("QL003", "yaml-limits", E, """The file exceeds a safety limit.

Quiz files come from pull requests, so quizlint refuses files over 10 MB,
nesting deeper than 64 levels, more than 32 aliases, or alias expansion
beyond 200,000 nodes (a "billion laughs" YAML bomb). Write the content out
or split the file.""")
ENCODING = declare("QL004", "encoding", E, """The file is not UTF-8 text.

Invalid UTF-8 bytes, NUL bytes and control characters are refused at their
line and column. Save the file as UTF-8.""")
MULTIPLE_DOCUMENTS = declare("QL005", "multiple-documents", E, """The file holds more than one YAML document.

One quiz per file: move the document after `---` to a file of its own.""")
YAML_TAG = declare("QL006", "yaml-tag", E, """A YAML tag other than the core ones is used.

Tags such as `!!python/object/apply` can make some loaders run code; quiz
files hold plain data only. Only `!!str`, `!!int`, `!!float`, `!!bool`,
`!!null`, `!!seq` and `!!map` are accepted.""")
UNREADABLE = declare("QL007", "unreadable", E, """A path cannot be read, or quizlint refuses to read it.

Quiz trees come from pull requests, so quizlint reads regular files in the
project only: a symbolic link (found in a checked directory, or named on
the command line from inside the project) that leads out of the project
is not followed, a FIFO, device or socket named `*.yaml` is not opened,
and a directory or file it lacks permission for is reported, never
skipped. Commit the file itself, remove the special file, or fix the
permissions.""")
INTERNAL_ERROR = declare("QL008", "internal-error", E, """quizlint itself failed on this file.

This is a bug in quizlint, not in the quiz: please report it, with the
file if you can. The message names the exception and where it was raised.
The other files are still checked and reported; this one counts as an
error until the bug is fixed.""")

# schema and cross-file checks (quizlint.schema, quizlint.linter); QL151 is a rule (rules/files.py)
SCHEMA_TYPE = declare("QL101", "schema-type", E, """A value has the wrong type.

For example `stem: true` (text expected: quote it) or `correct: yes`
(YAML 1.2 reads `yes` as a string: write `true`).""")
SCHEMA_REQUIRED = declare("QL102", "schema-required", E, """A required key is missing.

Every quiz needs `format`, `quiz`, `title`, `questions`; every question
`id`, `kind`, `stem`; `single`/`multi` need `choices`, the other kinds
`answer`. Reported at the mapping that lacks the key.""")
SCHEMA_UNKNOWN_KEY = declare("QL103", "schema-unknown-key", E, """A key is not part of the format, or not allowed here.

Usually a typo (`explaination`), or `choices` on a kind that takes an
`answer`. The message lists the allowed keys.""")
SCHEMA_VALUE = declare("QL104", "schema-value", E, """A value is not one of the allowed ones.

For example an unknown `kind`, `difficulty` or `format` version.""")
SCHEMA_PATTERN = declare("QL105", "schema-pattern", E, """An id or language tag is malformed.

Ids use lowercase letters, digits and hyphens (`q-04-01`); language
tags look like `en` or `es-MX`.""")
SCHEMA = declare("QL106", "schema", E, """Any other schema violation (too few choices, an empty mapping...).""")
DUPLICATE_ID = declare("QL150", "duplicate-id", E, """A question id is used more than once in the checked tree.

Ids are unique across the whole data tree, not just the file, because
`quizlint suggest ID` and translations refer to questions by id. Both
places are reported. When pre-commit passes only changed files, the rest
of the tree is still consulted (through a cached id index).""")
DUPLICATE_QUESTION = declare("QL152", "duplicate-question", W, """The same question appears twice in the tree.

Two choice questions are the same when their stems are equal and their
sets of choice texts mostly agree (at least half of the smaller set, and
two choices, in the other) after normalisation (case, spacing and punctuation of prose;
code, in backticks or that looks like code, compares exactly; the order of
the choices does not matter). A copy in a bank is counted twice in any
statistics, drifts when only one copy is fixed, and when the copies mark
different keys, one of them is wrong. Both places are reported; delete one
copy, or reword it into a different question. Cross-file, like QL150: the
checked files are compared with each other and with the rest of `--tree`
(through the cached index, so pre-commit passing one changed file still
finds a copy elsewhere); it is reported in the checked files. A warning: a review quiz may repeat a question on purpose
(silence it there with `# quizlint: disable=QL152`). Its measured
precision and recall on a public bank are in docs/rules.md.""")


# symbolic checks (quizlint.symbolic)
CHECK_REFUTED = declare("QL601", "check-refuted", E, """A machine-checked claim is false.

A check under `checks:` states something SymPy shows to be false. The
message gives what was computed and a counterexample point (or the
index, shape or value) where the two sides differ. Fix the claim or the
answer key; if the counterexample uses values the question rules out,
state them in `assume` (positive, nonnegative, real, integer, nonzero,
greater).""")
CHECK_UNDECIDED = declare("QL602", "check-undecided", W, """A check could be neither proved nor refuted.

The check timed out, ran out of memory, ran past the run's total budget,
or SymPy could not decide it (e.g. the difference would not simplify to
0 though random points agree, or the sign of a reduced inequality is
unknown). An undecided check is never counted as passed. Add
assumptions, simplify the claim, or raise the limits under
[tool.quizlint.symbolic]: `timeout` (seconds per check, default 5),
`memory-mb` (default 1024) and `budget` (seconds for all checks of one
run, default 30). It is a warning, so it does not fail a run; to make it
fail CI (exit code 1), set `QL602 = "error"` under
[tool.quizlint.severity].""")
EXPRESSION_REJECTED = declare("QL603", "expression-rejected", E, """An expression is outside the safe language.

Expressions in checks and in a symbolic `answer.expr` may use numbers,
names, + - * / **, comparisons, `name[index]` and calls of a fixed list
of functions. Attributes, strings, lambdas, comprehensions, other calls,
huge literals or powers, and deep nesting are refused before any
evaluation; the message names the offending token.""")
CHECK_INVALID = declare("QL604", "check-invalid", E, """A check is malformed.

The check has an unknown kind, a missing or unknown field, an unknown
assumption, `equals: answer` without an `answer.expr`, or fields that do
not fit together (e.g. `Sum(e, j)` without `size`).""")

#: the codes of the symbolic checks: a file's checks are collected only when one is enabled
SYMBOLIC = (CHECK_REFUTED, CHECK_UNDECIDED, EXPRESSION_REJECTED, CHECK_INVALID)

# model critique (quizlint.critique): reported by `quizlint critique` only, never by `check`
_CRITIQUE_NOTE = """

Judged by a language model (`quizlint critique ID... | --all`, see
docs/adopting.md), never by `quizlint check` or the pre-commit hook: a
rule cannot decide it. The verdict is advice for a human reviewer, with
the part of the question concerned and a one-line reason; the bundled
models are small, so read their measured agreement with human labels in
docs/adopting.md before trusting them."""
CRITIQUE_IMPLAUSIBLE = declare("QL801", "implausible-distractor", W, """A distractor is implausible: nobody who studied would pick it.

A wrong choice that is absurd, off-topic or obviously false gives the
answer away by elimination; replace it with a mistake students really
make.""" + _CRITIQUE_NOTE)
CRITIQUE_AMBIGUOUS = declare("QL802", "ambiguous-question", W, """The question can be read in more than one way.

The stem or a choice is ambiguous, so a student who knows the topic may
still answer "wrong" for reading it the other way; say exactly what is
asked.""" + _CRITIQUE_NOTE)
CRITIQUE_MULTIPLE_CORRECT = declare("QL803", "more-than-one-correct", W, """More than one choice is defensibly correct.

A choice marked wrong is also right (or the marked key is wrong); make
the distractors clearly wrong, or make it a `multi` question.""" + _CRITIQUE_NOTE)
CRITIQUE_UNCLEAR = declare("QL804", "unclear-language", W, """The wording is unclear.

Long, convoluted or ungrammatical sentences test reading rather than the
topic; shorten and simplify.""" + _CRITIQUE_NOTE)
CRITIQUE_GRATUITOUS = declare("QL805", "gratuitous-information", W, """The stem holds information the question does not need.

Background that plays no part in the answer ("Our lab bought new GPUs
last spring. Which optimizer...") costs reading time and
tests reading, not the topic ("gratuitous information in the stem").

Whether a sentence is needed depends on the answer,
so length alone is no test.""" + _CRITIQUE_NOTE)
CRITIQUE_CONVERGENCE = declare("QL806", "convergence-cue", W, """The key shares the most parts with the other options (a convergence cue).

When the options are variations of each other, the one that combines the
most frequent parts ("Adam with bias correction", "Adam without bias
correction", "RMSProp with bias correction") is
often the key, and test-wise students pick it ("convergence cues", Moore
et al. 2023).

Word overlap alone would flag every set of parallel
options, which good items have.""" + _CRITIQUE_NOTE)
CRITIQUE_LOGICAL = declare("QL807", "logical-cue", W, """The stem and the key share a logical or grammatical hook.

A stem that asks for "a process" when only the key names a process, or
asks "why" when only the key starts with "because", gives the answer
away ("logical cues"). Word repeats are QL307 (opt-in), a/an agreement is
QL313 (opt-in); singular/plural agreement between the stem and the
options is judged here too.

The hook is in what the words mean.""" + _CRITIQUE_NOTE)
CRITIQUE_FAILED = declare("QL809", "critique-failed", W, """The model gave no usable verdict for a question.

Its answer did not match the required JSON, was cut off, or timed out;
the message says which. Run again (another `--seed`), raise
`--max-tokens` or `--timeout`, or use a larger model or an endpoint.""" + _CRITIQUE_NOTE)

#: the critique codes, by criterion (quizlint.critique)
CRITIQUE = {"implausible-distractor": CRITIQUE_IMPLAUSIBLE, "ambiguous": CRITIQUE_AMBIGUOUS,
            "more-than-one-correct": CRITIQUE_MULTIPLE_CORRECT, "unclear-language": CRITIQUE_UNCLEAR,
            "gratuitous-information": CRITIQUE_GRATUITOUS, "convergence-cue": CRITIQUE_CONVERGENCE,
            "logical-cue": CRITIQUE_LOGICAL}
#: the rubric criteria (issue 11) that need judgement: `quizlint critique` reports them, `check` never
JUDGED = tuple(CRITIQUE.values())
