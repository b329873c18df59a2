"""Moodle XML: the importer on example files, the exporter on every kind and on data/.

Positive examples import without problems into the v1 text beside them
(``*.expected.yaml``); each negative example names in its first line the
problems it must give (``<!-- expect: LINE:COL message | ... -->``), and
the rest of the file still imports. The exporter's files are parsed back
with lxml and checked element by element, and two exports are
byte-identical. Round trips and hostile files have their own test files.
"""

import re

import pytest
from lxml import etree

from qltest import EXAMPLES, ROOT
from quizlint.formats import FormatError, guess, moodle_xml
from quizlint.formats.model import Choice, Numeric, Question, Quiz, Symbolic, WrongAnswer, dump, from_doc, to_doc
from quizlint.loader import load_file, load_text

DIR = EXAMPLES / "import" / "moodle-xml"
POSITIVE = ["every-construct", "bilingual"]
NEGATIVE = sorted(p for p in DIR.glob("*.xml") if p.read_text("utf-8").startswith("<!-- expect:"))
DATA = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))

# Moodle's grade fractions (question_bank::fraction_options in question/engine/bank.php).
MOODLE_FRACTIONS = [1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
                    0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0]


def read(path, **kw):
    return moodle_xml.read(path.read_text("utf-8"), str(path), quiz_id=kw.get("quiz_id"), lang=kw.get("lang", "en"))


def parse(data: bytes):
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def one(quiz: Quiz, lang=None):
    (name, data), = moodle_xml.export([quiz], lang=lang).items()
    assert name == f"{quiz.id}.xml"
    return data, parse(data)


# ---------------------------------------------------------------- import


@pytest.mark.parametrize("name", POSITIVE)
def test_positive_example_imports_to_its_expected_file(name):
    got = read(DIR / f"{name}.xml")
    assert got.problems == []
    (quiz,) = got.quizzes
    assert dump(quiz) == (DIR / f"{name}.expected.yaml").read_text("utf-8")


def test_every_construct_maps_each_kind():
    (quiz,) = read(DIR / "every-construct.xml").quizzes
    assert quiz.id == "eigen-basics"                        # the category's idnumber
    assert quiz.title == {"en": "Eigenvalues & friends"}   # the category's info, entities decoded
    q = {x.id: x for x in quiz.questions}
    # a name that is no id gets the quiz id and its place in the category
    assert [x.id for x in quiz.questions] == ["ev-01", "eigen-basics-02", "ev-03", "ev-04", "ev-05",
                                              "ev-06", "ev-07", "ev-08"]
    assert quiz.questions[1].title == "Which are symmetric?"
    one_ = q["ev-01"]
    assert one_.kind == "single" and one_.keys() == [0] and one_.tags == ["eigenvalues"]
    assert "```python\nA = np.diag([2, 3])\n```" in one_.stem["en"]      # <pre><code> is a fenced block
    assert "$\\lambda = 2$" in one_.stem["en"]                           # \( \) math is $ $
    assert one_.choices[0].text == {"en": "The `diag([2, 3])` matrix"}
    assert one_.choices[1].why == {"en": "Every eigenvalue of *I* is 1."}
    assert one_.explanation == {"en": "**Choice 1.** A diagonal matrix shows its eigenvalues."}
    multi = quiz.questions[1]
    assert multi.kind == "multi" and multi.keys() == [0, 1, 2]             # -50 % is a wrong choice
    assert q["ev-03"].answer is True and q["ev-03"].explanation == {"en": "True: the spectral theorem."}
    assert q["ev-03"].stem["en"].count("\n") == 1                          # moodle_auto_format keeps lines
    assert q["ev-04"].kind == "free" and q["ev-04"].answer == {"en": "eigendecomposition"}
    assert q["ev-05"].answer == Numeric(3.5, 0.05, unit="u")
    assert q["ev-05"].wrong_answers == [WrongAnswer(value=3, why={"en": "You multiplied instead of adding."})]
    assert "**units**" in q["ev-05"].stem["en"] and "$\\mathrm{diag}(1.5, 2)$" in q["ev-05"].stem["en"]
    assert q["ev-06"].answer == Numeric(3, None, exact=True)
    assert "alert" not in q["ev-07"].stem["en"]                          # <script> dropped whole
    assert q["ev-07"].answer["en"].startswith("Because $x^T A^T A x")
    assert q["ev-08"].answer is None      # no graderinfo: left out, and `quizlint check` says so


def test_bilingual_spans_and_mlang_become_language_maps():
    (quiz,) = read(DIR / "bilingual.xml").quizzes
    assert quiz.languages == ["en", "es-MX"]                              # Moodle's es_mx
    q = quiz.questions[0]
    assert q.stem == {"en": "Which direction does gradient descent step in?",
                      "es-MX": "¿En qué dirección da el paso el descenso por gradiente?"}
    assert q.explanation["es-MX"] == "El gradiente apunta cuesta arriba."   # {mlang es_mx}
    assert q.choices[1].why == {"en": "That climbs.", "es-MX": "Eso sube."}  # lang="other" is the fallback
    assert q.choices[2].text == {"en": "$\\nabla f = 0$", "es-MX": "$\\nabla f = 0$"}  # no spans: every language


def test_lang_puts_the_source_language_first():
    (quiz,) = read(DIR / "bilingual.xml", lang="es-MX").quizzes
    assert quiz.languages == ["es-MX", "en"]
    (quiz,) = read(DIR / "every-construct.xml", lang="fr").quizzes
    assert quiz.languages == ["fr"] and quiz.questions[0].stem.keys() == {"fr"}


def test_quiz_id_names_a_single_quiz():
    (quiz,) = read(DIR / "every-construct.xml", quiz_id="linalg").quizzes
    assert quiz.id == "linalg"
    assert quiz.questions[1].id == "linalg-02"


def test_categories_make_quizzes():
    text = """<quiz>
  <question type="category"><category><text>$course$/top/Área Uno</text></category></question>
  <question type="truefalse"><questiontext><text>A?</text></questiontext>
    <answer fraction="100"><text>true</text></answer></question>
  <question type="category"><category><text>$course$/top/Empty</text></category></question>
  <question type="category"><category><text>$course$/top/Two</text></category></question>
  <question type="truefalse"><questiontext><text>B?</text></questiontext>
    <answer fraction="100"><text>false</text></answer></question>
</quiz>"""
    got = moodle_xml.read(text, "bank.xml", quiz_id=None, lang="en")
    assert got.problems == []
    assert [(q.id, q.title, [x.id for x in q.questions]) for q in got.quizzes] == [
        ("area-uno", {"en": "Área Uno"}, ["area-uno-01"]), ("two", {"en": "Two"}, ["two-01"])]
    got = moodle_xml.read(text, "bank.xml", quiz_id="bank", lang="en")
    assert [q.id for q in got.quizzes] == ["bank-area-uno", "bank-two"]


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda p: p.name)
def test_negative_example_gives_its_problems(path):
    head = path.read_text("utf-8").splitlines()[0]
    want = [re.match(r"\s*(\d+):(\d+) (.*?)\s*$", part).groups()
            for part in head.removeprefix("<!-- expect:").removesuffix("-->").split(" | ")]
    got = read(path)
    assert len(got.problems) == len(want), got.problems
    for (line, col, message), p in zip(want, got.problems):
        assert (p.path, p.line, p.col) == (str(path), int(line), int(col)), p
        assert message in p.message, p
        assert str(p).startswith(f"{path}:{line}:{col}: ")


def test_a_bad_question_is_skipped_and_the_rest_imports():
    (quiz,) = read(DIR / "unsupported.xml").quizzes
    assert [q.id for q in quiz.questions] == ["still-here"]
    (quiz,) = read(DIR / "no-key.xml").quizzes
    # kept without a key (the check then reports it), and the question without text is skipped
    assert [q.id for q in quiz.questions] == ["mc-none", "tf-none", "no-key-03", "mc-bad-fraction"]
    assert quiz.questions[0].keys() == [] and quiz.questions[2].answer is None


def test_sniff_and_guess():
    text = (DIR / "every-construct.xml").read_text("utf-8")
    assert moodle_xml.sniff(text, "bank.txt")
    assert not moodle_xml.sniff("<questestinterop/>", "a.xml")
    assert not moodle_xml.sniff("# A quiz\n- [x] yes\n", "a.md")
    assert guess("bank.xml", text).name == "moodle-xml"


# ---------------------------------------------------------------- export


def every_kind(languages=("en",)) -> Quiz:
    def t(s):
        return {lang: (s if lang == languages[0] else f"{s} ({lang})") for lang in languages}

    return Quiz(id="every-kind", title=t("Every kind"), languages=list(languages), tags=["course tag"], questions=[
        Question(id="k-single", kind="single", stem=t("Pick $x < 1$ & `y`."), tags=["a", "b"],
                 choices=[Choice(t("zero"), True, t("Yes: 0 < 1.")), Choice(t("two"), why=t("2 > 1"))],
                 explanation=t("**Choice 1.** It is below one.")),
        Question(id="k-multi", kind="multi", stem=t("Pick the three small ones."),
                 choices=[Choice(t("one"), True), Choice(t("two"), True), Choice(t("three"), True), Choice(t("ten"))]),
        Question(id="k-tf", kind="true_false", stem=t("Is 1 < 2?"), answer=False, explanation=t("False. It is.")),
        Question(id="k-num", kind="numeric", stem=t("Half of 3?"), answer=Numeric(1.5, rel_tolerance=0.02, unit="m"),
                 wrong_answers=[WrongAnswer(value=6, why=t("You doubled it."))]),
        Question(id="k-exact", kind="numeric", stem=t("How many?"), answer=Numeric(4, exact=True)),
        Question(id="k-short", kind="free", stem=t("Which optimizer has two moments?"), answer=t("Adam") | {}),
        Question(id="k-essay", kind="free", stem=t("Why warm up?"), answer=t("Early steps are noisy.")),
        Question(id="k-sym", kind="symbolic", stem=t("Scale of inverted dropout?"),
                 answer=Symbolic("1/(1 - p)", r"\frac{1}{1 - p}"),
                 wrong_answers=[WrongAnswer(expr="1 - p", why=t("That is the keep probability."))]),
    ])


def test_export_every_kind():
    quiz = every_kind()
    quiz.questions[5].answer = {"en": "Adam"}
    data, root = one(quiz)
    qs = root.findall("question")
    assert [q.get("type") for q in qs] == ["category", "multichoice", "multichoice", "truefalse", "numerical",
                                           "numerical", "shortanswer", "essay", "essay"]
    cat = qs[0]
    assert cat.findtext("category/text") == "$course$/quizlint/every-kind"
    assert cat.findtext("idnumber") == "every-kind" and cat.findtext("info/text") == "<p>Every kind</p>"
    single = qs[1]
    assert single.findtext("name/text") == "k-single" and single.findtext("idnumber") == "k-single"
    assert single.findtext("questiontext/text") == r"<p>Pick \(x &lt; 1\) &amp; <code>y</code>.</p>"
    assert single.findtext("single") == "true"
    assert [a.get("fraction") for a in single.findall("answer")] == ["100", "0"]
    assert single.findtext("answer/feedback/text") == "<p>Yes: 0 &lt; 1.</p>"
    assert single.findtext("generalfeedback/text") == "<p><strong>Choice 1.</strong> It is below one.</p>"
    assert [t.text for t in single.findall("tags/tag/text")] == ["a", "b"]
    assert [t.text for t in single.findall("coursetags/tag/text")] == ["course tag"]
    assert qs[2].findtext("single") == "false"
    assert [a.get("fraction") for a in qs[2].findall("answer")] == ["33.33333"] * 3 + ["0"]
    tf = qs[3]
    assert [(a.findtext("text"), a.get("fraction")) for a in tf.findall("answer")] == [("true", "0"), ("false", "100")]
    num = qs[4]
    answers = num.findall("answer")
    assert [(a.findtext("text"), a.get("fraction"), a.findtext("tolerance")) for a in answers] == [
        ("1.5", "100", "0.03"), ("6", "0", "0.03")]                         # 2 % of 1.5, absolute
    assert answers[1].findtext("feedback/text") == "<p>You doubled it.</p>"
    assert num.findtext("units/unit/unit_name") == "m"
    assert qs[5].findtext("answer/tolerance") == "0"
    short = qs[6]
    assert [a.findtext("text") for a in short.findall("answer")] == ["Adam"]
    assert qs[7].findtext("graderinfo/text") == "<p>Early steps are noisy.</p>"
    sym = qs[8].findtext("graderinfo/text")
    assert "<code>1/(1 - p)</code>" in sym and r"\(\frac{1}{1 - p}\)" in sym and "<code>1 - p</code>" in sym
    assert data == moodle_xml.export([every_kind_with_adam()], lang=None)["every-kind.xml"]   # stable


def every_kind_with_adam():
    quiz = every_kind()
    quiz.questions[5].answer = {"en": "Adam"}
    return quiz


def test_export_is_byte_identical_and_round_trips_every_kind():
    a = moodle_xml.export([every_kind_with_adam()], lang=None)
    assert a == moodle_xml.export([every_kind_with_adam()], lang=None)
    (quiz,) = moodle_xml.read(a["every-kind.xml"].decode(), "every-kind.xml", quiz_id=None, lang="en").quizzes
    want = every_kind_with_adam()
    want.questions[3].answer = Numeric(1.5, 0.03, unit="m")     # the relative tolerance, as Moodle holds it
    assert to_doc(quiz) == to_doc(want) and quiz.languages == want.languages


@pytest.mark.parametrize("keys", [1, 2, 3, 6, 7, 9, 10, 11, 15, 20])
def test_multi_fractions_are_moodles_and_sum_to_100(keys):
    q = Question(id="m", kind="multi", stem={"en": "Which?"},
                 choices=[Choice({"en": f"c{i}"}, i < keys) for i in range(keys + 1)])
    _, root = one(Quiz(id="m", title={"en": "M"}, questions=[q]))
    fractions = [float(a.get("fraction")) for a in root.findall("question/answer")]
    for f in fractions:     # Moodle keeps grades to 7 decimal places of a fraction
        assert any(abs(f / 100 - m) < 1e-9 for m in MOODLE_FRACTIONS), f
    assert abs(sum(fractions) - 100) < 1e-4
    assert sum(f > 0 for f in fractions) == keys


def test_more_than_20_keys_is_refused():
    q = Question(id="m", kind="multi", stem={"en": "Which?"},
                 choices=[Choice({"en": f"c{i}"}, i < 21) for i in range(22)])
    with pytest.raises(FormatError, match="20"):
        moodle_xml.export([Quiz(id="m", title={"en": "M"}, questions=[q])], lang=None)


@pytest.mark.parametrize("answer,short", [
    ("Adam", True), ("spectral decomposition", True), ("Because it converges.", False),
    ("$p - y$", False), ("`lr`", False), ("one two three four", False), ("a" * 41, False), ("two\nlines", False)])
def test_short_exact_rule(answer, short):
    assert (moodle_xml.short_exact({"en": answer}, ["en"]) is not None) == short


def test_bilingual_export_carries_both_languages_or_one():
    quiz = every_kind(("en", "es"))
    _, root = one(quiz)
    stem = root.find("question[@type='multichoice']").findtext("questiontext/text")
    assert stem == ('<span lang="en" class="multilang"><p>Pick \\(x &lt; 1\\) &amp; <code>y</code>.</p></span>'
                    '<span lang="es" class="multilang"><p>Pick \\(x &lt; 1\\) &amp; <code>y</code>. (es)</p></span>')
    # a free answer that differs between the languages is no short answer
    assert root.findall("question")[6].get("type") == "essay"
    _, root = one(quiz, lang="es")
    assert root.find("question[@type='multichoice']").findtext("questiontext/text") == \
        "<p>Pick \\(x &lt; 1\\) &amp; <code>y</code>. (es)</p>"


def test_export_escapes_what_would_break_xml_or_html():
    hostile = 'a ]]> b <script>alert("x")</script> & \'q\''
    q = Question(id="h", kind="single", stem={"en": hostile}, tags=[hostile],
                 choices=[Choice({"en": hostile}, True), Choice({"en": "no"})])
    data, root = one(Quiz(id="h", title={"en": hostile}, questions=[q]))
    mc = root.find("question[@type='multichoice']")
    for html_field in ("questiontext/text", "answer/text"):     # HTML: the markup is text
        assert "<script>" not in mc.findtext(html_field) and "&lt;script&gt;" in mc.findtext(html_field)
    assert root.find("question[@type='multichoice']/tags/tag/text").text == hostile
    (back,) = moodle_xml.read(data.decode(), "h.xml", quiz_id=None, lang="en").quizzes
    assert back.title == {"en": hostile} and back.questions[0].stem == {"en": hostile}


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_data_quiz_exports_completely(path):
    quiz = from_doc(load_file(path).data, path=str(path))
    data, root = one(quiz)
    qs = root.findall("question")[1:]
    assert [q.findtext("idnumber") for q in qs] == [q.id for q in quiz.questions]
    for q, x in zip(quiz.questions, qs):
        if q.kind in ("single", "multi"):
            fractions = [float(a.get("fraction")) for a in x.findall("answer")]
            assert [f > 0 for f in fractions] == [c.correct for c in q.choices]
            assert abs(sum(fractions) - 100) < 1e-4
        if q.explanation:
            assert x.findtext("generalfeedback/text")
        for lang in quiz.languages if len(quiz.languages) > 1 else []:
            assert f'<span lang="{lang}" class="multilang">' in x.findtext("questiontext/text")
    assert data == one(from_doc(load_file(path).data, path=str(path)))[0]


def test_exported_data_imports_as_lint_clean_v1():
    """Every data/ quiz survives export -> import -> v1 text -> the loader (checks and
    translations are v1 keys Moodle cannot hold: they are left out)."""
    for path in DATA:
        quiz = from_doc(load_file(path).data, path=str(path))
        data = moodle_xml.export([quiz], lang=None)[f"{quiz.id}.xml"]
        (back,) = moodle_xml.read(data.decode(), f"{quiz.id}.xml", quiz_id=None, lang=quiz.source_lang).quizzes
        for q in quiz.questions:
            q.extra = {}
        assert load_text(dump(back)).data == load_text(dump(quiz)).data, path.name


def test_export_and_import_commands_round_trip_data(in_tmp):
    """`quizlint export --to moodle-xml` on data/, then `quizlint import` of what it wrote:
    the v1 files come back, less the keys Moodle cannot hold, and have no errors."""
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "quizlint", *args], capture_output=True, text=True,
                              timeout=120, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})

    r = run("export", str(ROOT / "data" / "quizzes"), "--to", "moodle-xml", "-o", "moodle")
    assert r.returncode == 0, r.stderr
    written = sorted((in_tmp / "moodle").glob("*.xml"))
    assert [p.stem for p in written] == [p.stem for p in DATA]
    r = run("import", *map(str, written), "--out-dir", "back")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Found 0 errors" in r.stdout
    for path in DATA:
        want = load_file(path).data
        for q in want["questions"]:
            for key in ("checks", "translations", "difficulty", "source", "origin"):
                q.pop(key, None)
        assert load_file(in_tmp / "back" / path.name).data == want


@pytest.mark.parametrize("fragment,text", [
    ("<p>Hello<br>\n   world</p>\n<p>again</p>", "Hello\nworld\n\nagain"),
    ('<p>See <a href="https://moodle.org/">Moodle</a> and <a href="javascript:alert(1)">this</a>.</p>',
     "See [Moodle](https://moodle.org/) and this."),
    ('<img src="@@PLUGINFILE@@/plot.png" alt="a plot"><img src="data:image/png;base64,AAAA" alt="inline">',
     "![a plot](@@PLUGINFILE@@/plot.png)inline"),
    ("<h3>Title</h3><ol><li>one</li><li>two</li></ol>", "### Title\n\n1. one\n\n2. two"),
    ("<pre>\nx = 1\n</pre>", "```\nx = 1\n```"),
    ("<p>\\[ \\sum_i x_i \\] and <code>\\(not math\\)</code></p>", "$$ \\sum_i x_i $$ and `\\(not math\\)`"),
    ('<p style="x">a<style>p{}</style><span class="y">b</span> x<sup>2</sup></p>', "ab x^2"),
    ('<meta charset="iso-8859-1"><p>é</p></body></html><p>after the end</p>', "é\n\nafter the end"),
])
def test_foreign_html_becomes_v1_text(fragment, text):
    from quizlint.formats.moodle_html import from_html

    assert from_html(fragment) == text


def test_letter_key_statements_number_the_choices_with_letters():
    path = ROOT / "data" / "quizzes" / "backprop-optimizers-quiz-4.yaml"   # "**Answer: D.**"
    _, root = one(from_doc(load_file(path).data, path=str(path)))
    assert {x.text for x in root.findall("question/answernumbering")} == {"ABCD"}
    path = ROOT / "data" / "quizzes" / "phase-04-calculus-optimization.yaml"   # "**Choice 2.**"
    _, root = one(from_doc(load_file(path).data, path=str(path)))
    assert {x.text for x in root.findall("question/answernumbering")} == {"123"}
