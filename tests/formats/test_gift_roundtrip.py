"""GIFT escaping, proved on generated text: export → import gives the same questions.

Hypothesis writes texts out of every character GIFT, Moodle's Markdown and
the math spans treat specially (``~ = # { } : \\ $ % [ ] ( ) _ * -> //``,
line breaks), into a quiz holding every kind, exports it and reads it back.
Texts are stripped, as Moodle strips them. Reading any GIFT-ish text gives
questions or located problems, never a crash. The one text GIFT files cannot
tell apart is a literal ``\\\\(`` or ``\\\\[`` outside ``$…$`` (it reads back
as math, docs/formats/gift.md), so it is left out of the generated text.
"""

from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from quizlint.formats import gift
from quizlint.formats.model import Choice, Numeric, Question, Quiz, Symbolic, WrongAnswer, dump

BOUNDED = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CHARS = list("~=#{}:\\$%[]()_*`-!|>./ \t\nabT1é中")
PIECES = ["$x^2$", "$\\frac{a}{b}$", "$$a = b$$", "\\n", "//", "::", "####", "%50%", "~%-100%", "[html]",
          "[markdown]", "->", "TRUE", "{#1:2}", "\\\\", "\\(", "\\)", "$", "\n\n", "**b**", "`c`"]

raw_text = st.lists(st.one_of(st.text(CHARS, max_size=8), st.sampled_from(PIECES)), max_size=8).map("".join)


def _gift_can_tell(text: str) -> bool:
    rest = gift.MATH.sub("", text)
    return "\\\\(" not in rest and "\\\\[" not in rest


texts = raw_text.map(str.strip).filter(bool).filter(_gift_can_tell)
maybe = st.none() | texts
numbers = st.integers(-10**6, 10**6) | st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)
tolerances = st.none() | st.floats(0, 1e3, allow_nan=False) | st.integers(0, 100)


@st.composite
def quizzes(draw):
    en = lambda s: {"en": s} if s is not None else None  # noqa: E731
    n = draw(st.integers(2, 5))
    key = draw(st.integers(0, n - 1))
    single = [Choice(en(draw(texts)), i == key, en(draw(maybe))) for i in range(n)]
    keys = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(lambda k: any(k) and not all(k)))
    multi = [Choice(en(draw(texts)), k, en(draw(maybe))) for k in keys]
    tol, rel = draw(tolerances), draw(st.none() | st.floats(0, 1, allow_nan=False))
    exact = tol is None and rel is None
    numeric = Numeric(draw(numbers), tol, rel, exact, draw(st.none() | texts))
    wrong = [WrongAnswer(value=draw(numbers), why=en(draw(maybe))) for _ in range(draw(st.integers(0, 2)))]
    sym_wrong = [WrongAnswer(expr=draw(texts), why=en(draw(maybe))) for _ in range(draw(st.integers(0, 2)))]
    tags = draw(st.lists(texts, max_size=2))
    return Quiz("gen", en(draw(texts)), tags=tags, questions=[
        Question("g-single", "single", en(draw(texts)), single, explanation=en(draw(maybe)), tags=tags),
        Question("g-multi", "multi", en(draw(texts)), multi, explanation=en(draw(maybe))),
        Question("g-tf", "true_false", en(draw(texts)), answer=draw(st.booleans()), explanation=en(draw(maybe))),
        Question("g-free", "free", en(draw(texts)), answer=en(draw(texts)), explanation=en(draw(maybe))),
        Question("g-short", "free", en(draw(texts)), answer=en(draw(st.sampled_from(["lr", "%x", "a b", "T"]))),
                 explanation=en(draw(maybe))),
        Question("g-num", "numeric", en(draw(texts)), answer=numeric, wrong_answers=wrong,
                 explanation=en(draw(maybe))),
        Question("g-sym", "symbolic", en(draw(texts)), answer=Symbolic(draw(texts), draw(maybe)),
                 wrong_answers=sym_wrong, explanation=en(draw(maybe))),
    ])


def _fields(quiz):
    return [(q.id, q.kind, q.stem, [(c.text, c.correct, c.why) for c in q.choices], q.answer, q.explanation,
             q.tags, q.wrong_answers) for q in quiz.questions]


@settings(BOUNDED, max_examples=60)   # a whole quiz per example (a one-off run of 3,000 passed)
@given(quizzes())
def test_export_then_import_gives_the_same_questions(quiz):
    text = gift.export([quiz])["gen.gift"].decode("utf-8")
    note(text)
    back = gift.read(text, "gen.gift")
    assert back.problems == []
    (got,) = back.quizzes
    assert (got.id, got.title, got.tags) == (quiz.id, quiz.title, quiz.tags)
    assert _fields(got) == _fields(quiz)
    assert gift.export([got])["gen.gift"].decode("utf-8") == text      # and again: a fixed point


@BOUNDED
@given(raw_text)
def test_markdown_math_encoding_inverts(text):
    assume(_gift_can_tell(text))
    assert gift.from_markdown(gift.to_markdown(text)) == text
    assert gift.unescape(gift.escape(text)) == text.replace("\r", "\n")


GIFTISH = st.lists(st.one_of(st.text(CHARS, max_size=6), st.sampled_from(
    PIECES + ["{", "}", "$CATEGORY: a/b", '// quizlint: {"kind": "symbolic"}', "{#", "..", "<b>", "&amp;"])),
    max_size=40).map("".join)


@BOUNDED
@given(GIFTISH)
def test_reading_any_text_gives_questions_or_located_problems(text):
    got = gift.read(text, "any.gift")
    lines = text.count("\n") + 1
    for p in got.problems:
        assert 1 <= p.line <= lines and p.col >= 1, p
    for quiz in got.quizzes:
        dump(quiz)                                   # a v1 file that loads back to the same data
