"""The lettered importer: seed 001 gives back data/quizzes/backprop-optimizers-quiz-4.yaml."""

import re
from qltest import EXAMPLES, ROOT
from quizlint.config import Config
from quizlint.formats import guess, lettered
from quizlint.formats.model import dump, from_doc
from quizlint.i18n import normalize
from quizlint.linter import lint_paths
from quizlint.loader import load_file

DIR = EXAMPLES / "import" / "lettered"
SEED = DIR / "seed-001.txt"      # the extracted text of seed 001 (shared/seeds/001_efd84ab3dfb588e6.txt)
HAND = ROOT / "data" / "quizzes" / "backprop-optimizers-quiz-4.yaml"
_EXPECT = re.compile(r"^% expect: (\d+):(\d+) (.+)$", re.M)
_KEY = re.compile(r"^\*\*(?:Answer: )?([A-D])[.)]\*\*\s*")

# What the hand conversion changed on purpose, which no importer can know, done
# to the imported stem: extraction turned l into I in question 3's math, and
# question 10's stem breaks off after "how" (the hand conversion ends the sentence).
HAND_EDITS = {"q-b4-03": ("[I]", "[l]"), "q-b4-10": ("how", "how would you rate yourself?")}

def seed_text() -> str:
    return SEED.read_text("utf-8")


def en(value):
    return value["en"] if value else None


def test_seed_001_reproduces_the_hand_conversion():
    got = lettered.read(seed_text(), "001.txt", quiz_id="q-b4", lang="en")
    assert got.problems == []
    (quiz,) = got.quizzes
    hand = from_doc(load_file(HAND).data)
    assert quiz.title == hand.title
    assert [q.id for q in quiz.questions] == [q.id for q in hand.questions]
    for mine, theirs in zip(quiz.questions, hand.questions):
        assert mine.kind == theirs.kind
        stem = normalize(en(mine.stem))
        if mine.id in HAND_EDITS:
            before, after = HAND_EDITS[mine.id]
            assert before in stem
            stem = stem.replace(before, after) if before != "how" else stem[: -len(before)] + after
        assert stem == normalize(en(theirs.stem)), mine.id
        assert [normalize(en(c.text)) for c in mine.choices] == [normalize(en(c.text)) for c in theirs.choices]
        assert mine.keys() == theirs.keys(), mine.id
        # the same explanation; the seed's key statement is `**D)**`, the hand one `**Answer: D.**`
        m_key, t_key = _KEY.match(en(mine.explanation)), _KEY.match(en(theirs.explanation))
        assert m_key.group(1) == t_key.group(1) == "ABCD"[mine.keys()[0]]
        assert normalize(en(mine.explanation)[m_key.end():]) == normalize(en(theirs.explanation)[t_key.end():])
    assert quiz.questions[0].title == "Efficiency of Backpropagation"


def test_seed_page_header_inside_an_option_is_removed():
    (quiz,) = lettered.read(seed_text(), "001.txt", quiz_id="q-b4", lang="en").quizzes
    assert en(quiz.questions[4].choices[0].text) == ("It automatically computes the necessary gradients, "
                                                     "eliminating the need for manual derivation and "
                                                     "implementation of backpropagation.")
    assert "Salem" not in dump(quiz)


def test_key_statement_is_checked_by_ql206(tmp_path):
    (quiz,) = lettered.read(seed_text(), "001.txt", quiz_id="q-b4", lang="en").quizzes
    quiz.id = "seed"
    (tmp_path / "seed.yaml").write_text(dump(quiz), "utf-8")
    clean = lint_paths([str(tmp_path)], Config(root=tmp_path), use_cache=False)
    assert clean.errors == 0
    q = quiz.questions[0]                        # keyed D, explained "**D)** ..."
    q.choices[3].correct, q.choices[0].correct = False, True
    (tmp_path / "seed.yaml").write_text(dump(quiz), "utf-8")
    broken = lint_paths([str(tmp_path)], Config(root=tmp_path), use_cache=False)
    assert [(p.code, p.question) for p in broken.problems if p.code == "QL206"] == [("QL206", "q-b4-01")]


def test_seed_shape_with_several_keys_and_a_page_break():
    got = lettered.read((DIR / "seed-shape.txt").read_text("utf-8"), "s.txt", quiz_id="s", lang="en")
    assert got.problems == []
    (quiz,) = got.quizzes
    assert en(quiz.title) == "Quiz 2: Step Sizes and Schedules"
    q1, q2, q3 = quiz.questions
    assert [q.title for q in quiz.questions] == ["Too Small", "Warmup", "Schedules"]
    assert en(q2.choices[2].text) == "To increase the batch size."      # across the page header
    assert (q3.kind, q3.keys()) == ("multi", [0, 2])
    assert en(q2.explanation) == ("**B)** Early on, the moment estimates of adaptive optimizers are noisy; "
                                  "small steps keep them from causing a large jump.")


def test_plain_numbered_lines_with_inline_answers():
    text = (DIR / "plain-numbered.txt").read_text("utf-8")
    assert lettered.sniff(text, "p.txt")
    got = lettered.read(text, "p.txt", quiz_id="gc", lang="en")
    assert got.problems == []
    qs = got.quizzes[0].questions
    assert [(q.id, q.keys()) for q in qs] == [("gc-01", [1]), ("gc-02", [2])]
    assert en(qs[0].stem) == "Which finite difference has an error of order h squared?"
    assert [en(c.text) for c in qs[0].choices] == ["forward difference", "central difference", "backward difference"]
    assert qs[0].explanation is None                # nothing invented


def test_problems_are_reported_and_the_rest_imports():
    path = DIR / "problems.txt"
    text = path.read_text("utf-8")
    got = lettered.read(text, str(path), quiz_id="b", lang="en")
    want = [(int(a), int(b), m) for a, b, m in _EXPECT.findall(text)]
    assert [(p.line, p.col, p.message) for p in got.problems] == sorted(want)
    assert en(got.quizzes[0].title) == "Broken quiz"
    assert [(q.id, q.keys()) for q in got.quizzes[0].questions] == [("b-01", [1]), ("b-03", []), ("b-04", [])]


def test_sniff_and_guess():
    assert lettered.sniff(seed_text(), "001.txt")
    assert guess("001.txt", seed_text()).name == "lettered"
    aiken = "What is 2 + 2?\nA. 3\nB. 4\nANSWER: B\n"
    assert not lettered.sniff(aiken, "a.txt")
    assert not lettered.sniff("#### Q1. x\n\n- [x] a\n- [ ] b\n", "x.md")


def test_a_section_heading_ends_the_question_above():
    text = ("## 1. First? A) a B) b\n\n## Part two\n\nSome words about part two.\n\n"
            "## 2. Second? A) c B) d\n\n## Answers\n\n1. A\n2. B\n")
    got = lettered.read(text, "s.txt", quiz_id="s", lang="en")
    assert got.problems == []
    q1, q2 = got.quizzes[0].questions
    assert [en(c.text) for c in q1.choices] == ["a", "b"] and q2.keys() == [1]
