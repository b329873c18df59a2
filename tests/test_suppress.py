"""`# quizlint: disable` counts only as a real YAML comment, never as text in a value."""

import pytest

from quizlint.config import Config
from quizlint.linter import check_text
from quizlint.suppress import parse

HEAD = "format: quizlint/v1\nquiz: quiz\ntitle: T\nquestions:\n"
# q-1 starts on line 5; its `stem: true` (QL101) is on the last line of each body
Q1 = "  - id: q-1\n    kind: true_false\n    answer: true\n"


def _quiz(explanation: str) -> str:
    return HEAD + Q1 + explanation + "    stem: true\n"


def _codes(text: str) -> set:
    return {p.code for p in check_text(text, "quiz.yaml", Config(select=("QL1",)), symbolic=False)}


IN_VALUES = {
    "single-quoted": "    explanation: 'write # quizlint: disable to hide it'\n",
    "double-quoted": '    explanation: "write # quizlint: disable to hide it"\n',
    "double-quoted, two lines": '    explanation: "write\n      # quizlint: disable to hide it"\n',
    "single-quoted, two lines": "    explanation: 'write\n      # quizlint: disable to hide it'\n",
    "plain, multi-line": "    explanation: a plain text that\n      mentions x#quizlint:disable in it\n",
    "literal block": "    explanation: |\n      Write this line:\n      # quizlint: disable\n",
    "folded block": "    explanation: >-\n      Write this line:\n      # quizlint: disable=QL1\n",
    "literal block, keep": "    explanation: |+\n      # quizlint: disable\n\n",
    "a key": "    'why # quizlint: disable': x\n",
}


@pytest.mark.parametrize("body", IN_VALUES.values(), ids=IN_VALUES.keys())
def test_directive_inside_a_value_is_not_honoured(body):
    text = _quiz(body)
    stem_line = text.count("\n")
    sup = parse(text, [5])
    assert sup.file == () and sup.spans == []
    assert not sup.silenced("QL101", stem_line)
    assert "QL101" in _codes(text)


# (body, expected spans): q-1 runs from line 5 to the last line (the stem)
REAL = {
    "end of line": ("    explanation: 'x'  # quizlint: disable\n", [(5, 9, ("",))]),
    "own line": ("    # quizlint: disable=QL1\n", [(5, 9, ("QL1",))]),
    "after a value with one inside": ("    explanation: '# quizlint: disable=QL9'  # quizlint: disable=QL1\n",
                                      [(5, 9, ("QL1",))]),
    "after a block scalar": ("    explanation: |\n      # quizlint: disable=QL9\n    # quizlint: disable=QL1\n",
                             [(5, 11, ("QL1",))]),
}


@pytest.mark.parametrize("body,spans", REAL.values(), ids=REAL.keys())
def test_real_comments_are_honoured_at_their_line(body, spans):
    text = _quiz(body)
    sup = parse(text, [5])
    assert sup.spans == spans
    assert sup.silenced("QL101", text.count("\n"))
    assert "QL101" not in _codes(text)


def test_file_header_and_comment_above_a_question_still_count():
    text = ("# quizlint: disable=QL104\n" + HEAD + Q1 + "    stem: true\n"
            + "  # quizlint: disable=QL101\n  - id: q-2\n    kind: true_false\n    answer: true\n    stem: true\n")
    sup = parse(text, [6, 11])
    assert sup.file == ("QL104",)
    assert sup.spans == [(10, 14, ("QL101",))]
    assert not sup.silenced("QL101", 9) and sup.silenced("QL101", 14)


def test_a_block_scalar_line_above_a_question_does_not_extend_it():
    # the `# note` line belongs to q-1's text; q-2's directive must not reach q-1's lines
    text = (HEAD + Q1 + "    explanation: |\n      text\n      # note\n"
            + "  - id: q-2  # quizlint: disable\n    kind: true_false\n    answer: true\n")
    sup = parse(text, [5, 11])
    assert sup.spans == [(11, 13, ("",))]


def test_positions_stay_right_with_a_bom_crlf_and_wide_characters():
    text = ("\ufeff" + HEAD + "  - id: q-1\n    explanation: 'é ü # quizlint: disable'  # quizlint: disable=QL2\n"
            "    stem: true\n").replace("\n", "\r\n")
    sup = parse(text, [5])
    assert sup.spans == [(5, 7, ("QL2",))]


REFUTED = """\
format: quizlint/v1
quiz: quiz
title: T
questions:
  - id: q-1
    kind: free
    stem: Expand (x + 1)^2.
    answer: x^2 + 2x + 1
    explanation: "A wrong check stays visible even after # quizlint: disable=QL6"
    checks:
      - equal: {lhs: (x + 1)**2, rhs: x**2 + 1}
"""


def test_a_quoted_explanation_does_not_hide_a_refuted_check():
    problems = check_text(REFUTED, "quiz.yaml", Config(select=("QL6",)))
    assert [p.code for p in problems] == ["QL601"]
