"""The Markdown task-list importer: bank style, mkdocs-quiz, quizdown, problems, limits."""

import re
import time
from pathlib import Path

import pytest

from qltest import EXAMPLES
from quizlint.config import Config
from quizlint.formats import FormatError, guess, markdown
from quizlint.formats.model import dump
from quizlint.linter import lint_paths

DIR = EXAMPLES / "import" / "markdown"
_EXPECT = re.compile(r"^<!-- expect: (\d+):(\d+) (.+) -->$", re.M)


def read(name, quiz_id="t", text=None):
    path = DIR / name
    return markdown.read(text if text is not None else path.read_text("utf-8"), str(path), quiz_id=quiz_id,
                         lang="en")


def en(value):
    return value["en"] if value else None


def test_bank_style_questions_keys_and_explanations():
    got = read("bank-style.md", "py")
    assert got.problems == []
    (quiz,) = got.quizzes
    assert en(quiz.title) == "Python basics"
    qs = quiz.questions
    assert [q.id for q in qs] == [f"py-0{n}" for n in range(1, 7)]
    assert [q.kind for q in qs] == ["single", "single", "single", "multi", "single", "single"]
    assert [q.keys() for q in qs] == [[1], [0], [1], [0, 2], [1], [1]]
    assert en(qs[0].stem) == "Which keyword defines a function?"
    assert [en(c.text) for c in qs[0].choices] == ["`func`", "`def`", "`function`", "`lambda`"]
    # the label goes, the text stays
    assert en(qs[0].explanation) == ("`def` starts a function definition; `lambda` makes an anonymous "
                                     "function expression.")
    # code in the stem, a link after the options is the explanation
    assert en(qs[1].stem) == ("What does this code print?\n\n```python\nvalues = [3, 1, 2]\n"
                              "print(sorted(values)[0])\n```")
    assert en(qs[1].explanation) == "[reference](https://docs.python.org/3/library/functions.html#sorted)"
    # a code block under `- [ ] A` belongs to A, the last one too
    assert [en(c.text) for c in qs[2].choices] == [
        'A\n\n```python\nf = open("notes.txt")\ntext = f.read()\n```',
        'B\n\n```python\nwith open("notes.txt") as f:\n    text = f.read()\n```',
        'C\n\n```python\ntext = open("notes.txt").close()\n```',
    ]
    assert qs[2].explanation is None
    # every later line of an option is kept; an image after the options is the explanation
    assert en(qs[4].choices[0].text) == ("A generator computes all its values\nwhen it is created, and keeps "
                                         "them in memory\nuntil it is garbage collected.")
    assert en(qs[4].explanation) == "![A generator diagram](images/generator.png)"
    assert [q.line for q in qs] == [5, 14, 28, 50, 57, 68]


def test_no_code_block_is_lost():
    from markdown_it import MarkdownIt

    for name in ("bank-style.md", "mkdocs-quiz.md", "quizdown.md"):
        text = (DIR / name).read_text("utf-8")
        blocks = [t.content.rstrip("\n") for t in MarkdownIt("commonmark").parse(text) if t.type == "fence"]
        quiz = read(name).quizzes[0]
        everything = "\n".join(
            [en(q.stem) for q in quiz.questions] + [en(q.explanation) or "" for q in quiz.questions]
            + [en(c.text) for q in quiz.questions for c in q.choices])
        for block in blocks:
            assert block in everything, (name, block)


def test_mkdocs_quiz_blocks():
    got = read("mkdocs-quiz.md")
    assert got.problems == []
    qs = got.quizzes[0].questions
    assert en(got.quizzes[0].title) == "Learning rates"
    assert [en(q.stem) for q in qs] == ["What happens when the learning rate is far too large?",
                                         "Which schedules lower the learning rate over time?"]
    assert [q.kind for q in qs] == ["single", "multi"]
    assert en(qs[0].explanation) == "Large steps overshoot the minimum, so the loss goes up and down."
    assert en(qs[1].choices[-1].text) == "A constant learning rate"     # `</quiz>` is not part of it
    assert qs[1].explanation is None


def test_quizdown_front_matter_and_option_comments():
    got = read("quizdown.md", "qd")
    assert got.problems == []
    (quiz,) = got.quizzes
    assert en(quiz.title) == "qd"             # front matter is not a title
    q1, q2 = quiz.questions
    assert en(q1.stem) == "What is the derivative of $x^2$?"
    assert [en(c.text) for c in q1.choices] == ["$2x$", "$x$", "$2$"]
    assert [en(c.why) for c in q1.choices] == ["The power rule: bring the exponent down.",
                                               "Only the exponent changed; the factor 2 is missing.", None]
    assert q2.kind == "multi" and q2.keys() == [0, 1]


def test_problems_are_reported_and_the_rest_imports():
    path = DIR / "problems.md"
    text = path.read_text("utf-8")
    got = read("problems.md")
    want = {(int(line), int(col), msg) for line, col, msg in _EXPECT.findall(text)}
    assert {(p.line, p.col, p.message) for p in got.problems} == want
    assert all(p.path == str(path) for p in got.problems)
    qs = got.quizzes[0].questions
    assert [q.id for q in qs] == ["t-01", "t-03"]
    assert qs[0].keys() == []                  # imported without a key: check says QL201
    assert [en(c.text) for c in qs[1].choices] == ["kept", "also kept"]


def test_runaway_fence_is_closed_and_reported():
    got = read("runaway-fence.md")
    assert [(p.line, p.message) for p in got.problems] == [
        (3, "code block not closed: line 5 has text after its ```, so it cannot close it; taken as its end")]
    q1, q2 = got.quizzes[0].questions
    assert 'print(len("abc"))' in en(q1.stem)
    assert [en(c.text) for c in q1.choices] == ["3", "4"] and q1.keys() == [0]
    assert q2.keys() == [0]


def test_one_option_with_key_is_a_free_question():
    text = "#### Q7. What is 2 + 2?\n\n- [x] 4\n\n#### Q8. Broken\n\n- [ ] nothing\n"
    got = markdown.read(text, "one.md", quiz_id="t", lang="en")
    (q,) = got.quizzes[0].questions
    assert (q.id, q.kind, en(q.answer)) == ("t-07", "free", "4")
    assert [(p.line, p.message) for p in got.problems] == [
        (3, "question with a single option: imported as a free question with it as the answer"),
        (5, "question with fewer than two options and no key; not imported")]


def test_indented_next_question_inside_an_option():
    # a next question indented under the last option (seen in public banks) is still its own question
    text = ("#### Q1. First?\n\n- [ ] a\n- [x] b\n\n  #### Q2. Second?\n  - [x] c\n  - [ ] d\n")
    qs = markdown.read(text, "n.md", quiz_id="t", lang="en").quizzes[0].questions
    assert [(q.id, en(q.stem), [en(c.text) for c in q.choices]) for q in qs] == [
        ("t-01", "First?", ["a", "b"]), ("t-02", "Second?", ["c", "d"])]


def test_ids_are_unique_and_stable():
    text = "# T\n\n## 3. A?\n- [x] a\n- [ ] b\n\n## 3. B?\n- [x] a\n- [ ] b\n\n## C?\n- [x] a\n- [ ] b\n"
    ids = [q.id for q in markdown.read(text, "i.md", quiz_id="t", lang="en").quizzes[0].questions]
    assert ids == ["t-03", "t-03-2", "t-03-3"]
    again = [q.id for q in markdown.read(text, "i.md", quiz_id="t", lang="en").quizzes[0].questions]
    assert again == ids


def test_nbsp_after_the_box_and_control_characters():
    text = "#### Q1. Pick\u0002 one\n\n- [ ]\u00a0first\n- [x]\u00a0second\n"
    got = markdown.read(text, "c.md", quiz_id="t", lang="en")
    (q,) = got.quizzes[0].questions
    assert en(q.stem) == "Pick one" and [en(c.text) for c in q.choices] == ["first", "second"]
    assert [(p.line, p.col, p.message) for p in got.problems] == [(1, 14, "control character U+0002 removed")]


def test_too_large_is_refused_before_parsing():
    text = "- [x] a\n" * 1_400_000       # 11.2 MB
    start = time.perf_counter()
    with pytest.raises(FormatError, match="at most"):
        markdown.read(text, "big.md", quiz_id="t", lang="en")
    assert time.perf_counter() - start < 1


def test_sniff_and_guess():
    bank = (DIR / "bank-style.md").read_text("utf-8")
    assert markdown.sniff(bank, "bank.md")
    assert guess("notes.txt", bank).name == "markdown"
    assert not markdown.sniff("1. What? A) x B) y\n\n## Answers\n1. A\n", "quiz.txt")


def test_the_imported_files_have_no_schema_error(tmp_path):
    for name in ("bank-style.md", "mkdocs-quiz.md", "quizdown.md", "problems.md", "runaway-fence.md"):
        quiz_id = Path(name).stem
        for quiz in read(name, quiz_id).quizzes:
            (tmp_path / f"{quiz.id}.yaml").write_text(dump(quiz), "utf-8")
    result = lint_paths([str(tmp_path)], Config(root=tmp_path), use_cache=False)
    assert result.files == 5
    assert [p for p in result.problems if p.code.startswith(("QL0", "QL1"))] == []
    # what the source lacks, check reports: Q1 of problems.md has no key
    assert {(p.code, p.question) for p in result.problems if p.code == "QL201"} == {("QL201", "problems-01")}


def test_lines_are_counted_as_commonmark_counts_them():
    # \r\n and \r end lines; U+2028 and NEL do not (they stay in the text)
    text = "intro\u2028still line 1\x85\r\n\r\n- [x] stray\r#### Q1. Pick\u2028one\r\n\r\n- [ ] a\n- [ ] b\n"
    got = markdown.read(text, "l.md", quiz_id="t", lang="en")
    assert [(p.line, p.message) for p in got.problems] == [
        (3, "option outside a question (no question heading above it)"),
        (4, "question with no option marked [x] (no key)")]
    assert en(got.quizzes[0].questions[0].stem) == "Pick\u2028one"


def test_too_many_lines_is_refused_and_the_worst_allowed_input_is_bounded():
    with pytest.raises(FormatError, match="more than 20,000 lines"):
        markdown.read("- [x] a\n" * 20_001, "long.md", quiz_id="t", lang="en")
    worst = "#### Q1. x\n- [x] a\n- [ ] b\n" * 6_600      # 19,800 lines, one question every 3
    start = time.process_time()
    got = markdown.read(worst, "w.md", quiz_id="t", lang="en")
    assert len(got.quizzes[0].questions) == 6_600 and got.quizzes[0].questions[-1].id == "t-01-6600"
    assert time.process_time() - start < 8          # about 1.6 s of CPU on one core


def test_inline_pathologies_cost_nothing():
    for text in ("[" * 1_000_000, "*a " * 1_000_000, "`" * 1_000_000, "<a " * 1_000_000):
        start = time.process_time()
        assert markdown.read("#### Q1. " + text + "\n- [x] a\n- [ ] b\n", "p.md", quiz_id="t", lang="en").quizzes
        assert time.process_time() - start < 1


def test_a_stray_fence_that_swallows_questions_is_reported():
    text = "#### Q1。 One?\n\n- [x] a\n- [ ] b\n\n```\n\n#### Q2. Two?\n\n- [x] c\n- [ ] d\n"
    got = markdown.read(text, "s.md", quiz_id="t", lang="en")
    assert [q.id for q in got.quizzes[0].questions] == ["t-01"]        # full-width 。 is a number's stop too
    assert [(p.line, p.message) for p in got.problems] == [
        (6, "code block of lines 6-12 holds 1 question heading(s) and their options; is a ``` missing or extra?")]


def test_a_reference_line_under_an_option_is_its_comment_not_its_text():
    text = ("#### Q1. Which optimizer keeps two moments?\n\n- [ ] SGD\n- [x] Adam\n"
            "[Reference link](https://example.org/adam)\n\n#### Q2. Which is a loss?\n\n"
            "- [x] Cross-entropy\n- [ ] [Reference counting](https://example.org/rc) in Python\n")
    got = read("-", text=text)
    q1, q2 = got.quizzes[0].questions
    assert [en(c.text) for c in q1.choices] == ["SGD", "Adam"]
    assert en(q1.choices[1].why) == "[Reference link](https://example.org/adam)"
    assert en(q2.choices[1].text).startswith("[Reference counting]")  # an option that is a link stays
