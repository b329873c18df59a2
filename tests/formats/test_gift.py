"""GIFT: the importer on example files, the exporter on every kind and on data/.

The positive example imports without problems into the v1 text beside it
(``every-construct.expected.yaml``). Each negative example names in its
first line the problems it must give (``// expect: LINE:COL text | ...``),
and its ``ok-*`` questions still import. The exporter's files are read
back, and must give the same questions; two exports are byte-identical.
Hostile files are refused fast. The property test is test_gift_roundtrip.py.
"""

import time

import pytest

from qltest import EXAMPLES, ROOT
from quizlint.cli import main
from quizlint.formats import FormatError, gift
from quizlint.formats.model import Choice, Numeric, Question, Quiz, Symbolic, WrongAnswer, dump, from_doc
from quizlint.loader import MAX_BYTES, load_file

DIR = EXAMPLES / "import" / "gift"
NEGATIVE = sorted(p for p in DIR.glob("*.gift") if p.read_text("utf-8").startswith("// expect:"))
DATA = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))


def read(path):
    return gift.read(path.read_text("utf-8"), str(path))


def expected_problems(path):
    head = path.read_text("utf-8").splitlines()[0][len("// expect:"):]
    out = []
    for part in head.split("|"):
        pos, text = part.strip().split(" ", 1)
        line, col = pos.split(":")
        out.append((int(line), int(col), text))
    return out


def projection(quiz: Quiz, lang: str) -> list:
    """What a one-language GIFT file holds of each question."""
    def t(value):
        return {lang: value[lang]} if value else None

    return [(q.id, q.kind, t(q.stem), [(t(c.text), c.correct, t(c.why)) for c in q.choices],
             t(q.answer) if isinstance(q.answer, dict) else q.answer, t(q.explanation), q.tags,
             [(w.expr, w.value, t(w.why)) for w in q.wrong_answers]) for q in quiz.questions]


# -- reading -----------------------------------------------------------------

def test_every_construct_imports_as_the_expected_v1_file():
    got = read(DIR / "every-construct.gift")
    assert got.problems == []
    assert len(got.quizzes) == 1
    assert dump(got.quizzes[0]) == (DIR / "every-construct.expected.yaml").read_text("utf-8")


def test_every_construct_maps_kinds_weights_and_escapes():
    quiz = read(DIR / "every-construct.gift").quizzes[0]
    q = {x.id: x for x in quiz.questions}
    assert quiz.id == "optimizers-week-2"                          # from $CATEGORY's last segment
    assert [c.correct for c in q["q-sgd-02"].choices] == [True, True, False]
    assert q["q-sgd-02"].kind == "multi" and q["q-sgd-01"].kind == "single"
    assert q["q-sgd-03"].answer is False and q["q-sgd-04"].answer is True
    assert q["q-sgd-05"].answer == {"en": "learning rate\n\nAlso accepted: step size\n\nAlso accepted: lr"}
    assert q["q-sgd-06"].answer == Numeric(1.25, 0.001)
    assert q["q-sgd-07"].answer == Numeric(3.0, 2.0)
    assert q["q-sgd-08"].answer == Numeric(16, exact=True)
    assert q["q-sgd-08"].wrong_answers == [WrongAnswer(value=12, why={"en": "That forgets the bias."})]
    assert q["q-sgd-09"].kind == "free" and q["q-sgd-09"].answer is None   # an essay has no key
    assert q["q-sgd-11"].stem["en"] == "Escapes: ~ = # { } and a backslash \\ then\na new line."
    assert q["q-sgd-11"].choices[0].text["en"] == "a {set} = x"
    assert q["q-sgd-11"].choices[0].why["en"] == "why: #1"
    assert q["q-sgd-12"].stem["en"] == "What is **the gradient** of $x^2$?"
    assert q["q-sgd-12"].explanation["en"] == "Because $\\frac{d}{dx} x^2 = 2x$."
    assert q["q-sgd-13"].stem["en"] == "What is $\\sqrt{4}$?"                 # HTML read as moodle_xml reads it
    assert q["optimizers-week-2-14"].stem["en"] == "The Adam update uses _____ correction."
    assert q["optimizers-week-2-15"].choices[0].text["en"] == "$\\eta$"
    assert q["q-sgd-01"].line == 6


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda p: p.stem)
def test_negative_examples_pin_each_problem_and_import_the_rest(path):
    got = read(path)
    want = expected_problems(path)
    assert [(p.line, p.col) for p in got.problems] == [(line, col) for line, col, _ in want]
    for p, (_, _, text) in zip(got.problems, want):
        assert text in p.message and p.path == str(path)
        assert str(p).startswith(f"{path}:{p.line}:{p.col}: ")
    ids = [q.id for qz in got.quizzes for q in qz.questions]
    assert "ok-1" in ids and "ok-2" in ids


def test_ids_are_numbered_when_titles_are_not_ids_and_stable_on_reimport():
    text = "::Grant's tomb::Who? {=no one ~Grant}\n\n::q-1::A {=a ~b}\n\n::q-1::B {=a ~b}\n"
    first = gift.read(text, "/x/Week 3.gift")
    again = gift.read(text, "/x/Week 3.gift")
    ids = [q.id for q in first.quizzes[0].questions]
    assert ids == ["week-3-01", "q-1", "week-3-03"]               # a repeated title is numbered
    assert first.quizzes[0].questions[0].title == "Grant's tomb"
    assert ids == [q.id for q in again.quizzes[0].questions]
    named = gift.read(text, "/x/Week 3.gift", quiz_id="opt", lang="es")
    assert named.quizzes[0].id == "opt" and named.quizzes[0].languages == ["es"]
    assert named.quizzes[0].questions[0].id == "opt-01" and named.quizzes[0].questions[0].stem == {"es": "Who?"}


def test_each_category_is_a_quiz():
    text = "$CATEGORY: a/Week One\n\n::q-1::A {T}\n\n$CATEGORY: Week Two\n\n::q-2::B {F}\n"
    got = gift.read(text, "w.gift")
    assert [(qz.id, [q.id for q in qz.questions]) for qz in got.quizzes] == [("week-one", ["q-1"]),
                                                                              ("week-two", ["q-2"])]


def test_sniff():
    assert gift.sniff((DIR / "every-construct.gift").read_text("utf-8"), "x.txt")
    assert gift.sniff("Who? {=a ~b}\n", "x")
    assert not gift.sniff("# Title {#anchor}\n\n- [x] yes\n- [ ] no\n", "x.md")
    assert not gift.sniff("Stem\nA. one\nB. two\nANSWER: A\n", "x.txt")


# -- hostile files -------------------------------------------------------------

@pytest.mark.parametrize("text, where", [
    ("{" * 100_000, (1, 2)),                                   # unbalanced: nested at once
    ("}" * 100_000, (1, 1)),
    ("{" * 50_000 + "}" * 50_000, (1, 2)),                     # deeply nested, balanced
    ("Q " + "{\n" * 100_000, (2, 1)),                          # one long block of braces
    ("Q {" + "a" * 5_000_000, (1, 3)),                         # a brace never closed
])
def test_hostile_braces_are_a_clear_error_in_under_a_second(text, where):
    start = time.perf_counter()
    got = gift.read(text, "hostile.gift")
    assert time.perf_counter() - start < 1.0
    assert got.quizzes == []
    assert [(p.line, p.col) for p in got.problems] == [where]
    assert "brace" in got.problems[0].message or "`{`" in got.problems[0].message


def test_hostile_sizes_are_refused_in_under_a_second():
    start = time.perf_counter()
    for text in ("\n" * 200_000 + "x", "{=" + "=" * 200_000, "{T#" * 70_000, ":" * 200_000):
        gift.sniff(text, "x")                                   # no regex backtracks for long
    with pytest.raises(FormatError, match="questions; split the file"):
        gift.read("{\n\n" * 30_000, "many.gift")
    with pytest.raises(FormatError, match="at most"):
        gift.read("x" * (MAX_BYTES + 1), "big.gift")
    assert time.perf_counter() - start < 1.0


# -- writing -----------------------------------------------------------------

def every_kind() -> Quiz:
    en = lambda s: {"en": s}  # noqa: E731
    return Quiz("all-kinds", en("All: kinds {of} questions"), tags=["t1"], questions=[
        Question("k-single", "single", en("Pick $a = b$ {x}"), [
            Choice(en("%50% of them"), False, en("no #1")), Choice(en("[html] literal"), True),
            Choice(en("c~d"))], explanation=en("**Choice 2.** Because.")),
        Question("k-multi", "multi", en("Which?"), [Choice(en("a"), True), Choice(en("b"), True),
                                                    Choice(en("c"), True), Choice(en("d"))]),
        Question("k-tf", "true_false", en("True?"), answer=False, explanation=en("No.")),
        Question("k-short", "free", en("Name it"), answer=en("learning rate\n\nAlso accepted: %lr")),
        Question("k-long", "free", en("Explain."), answer=en("A sentence. Then $x$."),
                 explanation=en("More.")),
        Question("k-num", "numeric", en("How much?"), answer=Numeric(2.5, 0.1, 0.02, unit="s"),
                 wrong_answers=[WrongAnswer(value=0.4, why=en("Inverted."))]),
        Question("k-exact", "numeric", en("Count?"), answer=Numeric(7, exact=True), tags=["x", "y"]),
        Question("k-zero", "numeric", en("Zero tolerance?"), answer=Numeric(-3, 0)),
        Question("k-sym", "symbolic", en("Give $f'$."), answer=Symbolic("1 - sigmoid(x)", "1 - \\sigma(x)"),
                 wrong_answers=[WrongAnswer(expr="sigmoid(x)", why=en("Forgot the chain rule."))]),
    ])


def test_every_kind_round_trips():
    quiz = every_kind()
    files = gift.export([quiz])
    assert list(files) == ["all-kinds.gift"]
    back = gift.read(files["all-kinds.gift"].decode(), "all-kinds.gift")
    assert back.problems == []
    got = back.quizzes[0]
    assert (got.id, got.title, got.tags, got.languages) == (quiz.id, quiz.title, quiz.tags, ["en"])
    assert projection(got, "en") == projection(quiz, "en")
    assert [q.answer for q in got.questions] == [q.answer for q in quiz.questions]


def test_every_kind_is_written_as_moodle_reads_it():
    text = gift.export([every_kind()])["all-kinds.gift"].decode()
    assert "$CATEGORY: $course$/quizlint/all-kinds\n" in text
    assert r"::k-single::[markdown]Pick \\\\(a \= b\\\\) \{x\}{" + "\n" in text   # math for Markdown, then GIFT
    assert "\t~%0%%50% of them#no \\#1\n" in text                 # a weight-like text gets a weight
    assert "\t=[markdown][html] literal\n" in text                # a format-like text gets a format
    assert "\t~c\\~d\n" in text
    assert "\t~%33.33333%a\n" in text and "\t~%-100%d\n" in text  # Moodle's own grade list
    assert "::k-tf::[markdown]True?{FALSE\n\t####No.\n}" in text
    assert "\t=learning rate\n\t=%100%%lr\n" in text             # a short answer, with alternatives
    assert "::k-exact::[markdown]Count?{#\n\t=7\n}" in text
    assert "\t=-3:0\n" in text and "\t=%0%0.4:0#Inverted.\n" in text
    assert "\t=2.5:0.1\n" in text                                 # the larger of the two tolerances
    assert "`1 - sigmoid(x)`" not in text                         # latex is shown when there is one
    assert r"####**Answer\:** \\\\(1 \\- \\\\sigma\\(x\\)\\\\)" in text
    for line in text.splitlines():                                # no text line can look like a comment
        assert not line.strip().startswith("//") or line.startswith(("// all-kinds", "// quizlint: {"))


def test_symbolic_and_long_free_answers_become_essays_with_the_answer_shown():
    text = gift.export([every_kind()])["all-kinds.gift"].decode()
    long_q = text[text.index("::k-long::"):].split("\n}\n")[0]
    assert long_q.endswith("{\n\t" + r"####**Answer\:** A sentence. Then \\\\(x\\\\).\n\nMore.")
    plain = gift.read(text.replace("// quizlint:", "// ignored:"), "x.gift").quizzes[0]
    q = {x.id: x for x in plain.questions}                        # without the comments Moodle drops
    assert q["k-long"].kind == "free" and q["k-long"].answer is None
    assert q["k-long"].explanation["en"].startswith("**Answer:** A sentence.")
    assert q["k-sym"].kind == "free"


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_every_data_quiz_exports_and_reads_back_the_same(path):
    quiz = from_doc(load_file(path).data)
    for lang in quiz.languages:
        first = gift.export([quiz], lang=lang)
        assert first == gift.export([quiz], lang=lang)             # byte-identical
        text = first[f"{quiz.id}.gift"].decode("utf-8")
        back = gift.read(text, f"{quiz.id}.gift")
        assert back.problems == []
        (got,) = back.quizzes
        assert (got.id, got.languages, got.title, got.tags) == (quiz.id, [lang], {lang: quiz.title[lang]},
                                                                 quiz.tags)
        assert projection(got, lang) == projection(quiz, lang)


def test_default_language_is_the_source_and_a_missing_one_is_refused():
    quiz = from_doc(load_file(ROOT / "data" / "quizzes" / "phase-04-calculus-optimization.yaml").data)
    assert gift.export([quiz]) == gift.export([quiz], lang="en")
    assert "¿Por qué" in gift.export([quiz], lang="es")[f"{quiz.id}.gift"].decode()
    with pytest.raises(FormatError, match="no `fr` text"):
        gift.export([quiz], lang="fr")


def test_export_command_writes_one_file_per_quiz(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", str(ROOT / "data" / "quizzes" / "phase-04-calculus-optimization.yaml"),
                 "--to", "gift", "-o", str(out), "--lang", "es"]) == 0
    assert [p.name for p in out.iterdir()] == ["phase-04-calculus-optimization.gift"]
    back = read(out / "phase-04-calculus-optimization.gift")
    assert back.quizzes[0].languages == ["es"] and back.problems == []


def test_quizlint_comments_are_untrusted_input():
    text = ('// quizlint: {"quiz": "../etc", "lang": "x y", "title": 5}\n$CATEGORY: Week 1\n\n'
            '// quizlint: {"kind": "symbolic", "expr": ["not", "a", "string"], "tags": [1, 2]}\n'
            '::q-1::Essay {}\n\n'
            '// quizlint: {"numeric": {"tolerance": true, "rel_tolerance": "big"}, "wrong_answers": [7, {"value": 1e999}]}\n'
            '::q-2::N {#=3:1}\n\n'
            '// quizlint: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n'
            '::q-3::T {T}\n')
    got = gift.read(text, "u.gift")
    (quiz,) = got.quizzes
    assert (quiz.id, quiz.languages, quiz.title) == ("week-1", ["en"], {"en": "week-1"})
    q1, q2, q3 = quiz.questions
    assert (q1.kind, q1.answer, q1.tags) == ("free", None, [])
    assert q2.answer == Numeric(3, 1) and q2.wrong_answers == []  # the GIFT tolerance stands
    assert q3.answer is True
    assert [p.line for p in got.problems] == [10]                 # the one comment that is not an object


def test_control_characters_are_removed_and_reported():
    got = gift.read("::q-1::Bell\x07 {T}\n", "c.gift")
    assert got.quizzes[0].questions[0].stem == {"en": "Bell"}
    assert [(p.line, p.col) for p in got.problems] == [(1, 12)]
