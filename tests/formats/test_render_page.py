"""What a rendered page says (formats/page.py), Markdown made inert (mkdocs.md), and the command's options."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rendertest import bilingual, project, render

from quizlint.formats import mkdocs, page
from quizlint.formats.model import Choice, Numeric, Question, Symbolic, from_doc
from quizlint.loader import load_text


def _q(**kw) -> Question:
    kw.setdefault("stem", {"en": "Stem?"})
    return Question(id="q-1", kind=kw.pop("kind", "single"), **kw)


def test_answers_by_kind():
    num = _q(kind="numeric", answer=Numeric(3.5, tolerance=0.25, unit="GB"))
    assert page.answer_markdown(num, "en", "en") == ("**3.5 ± 0.25 GB**", False)
    rel = _q(kind="numeric", answer=Numeric(1e-5, rel_tolerance=0.05))
    assert page.answer_markdown(rel, "en", "en") == ("**1e-05** (± 5 %)", False)
    sym = _q(kind="symbolic", answer=Symbolic("p_i - y_i", "p_i - y_i"))
    assert page.answer_markdown(sym, "en", "en") == ("$$p_i - y_i$$", False)
    assert page.answer_markdown(_q(kind="symbolic", answer=Symbolic("m*n")), "en", "en") == ("`m*n`", False)
    free = _q(kind="free", answer={"en": "One pass."})
    assert page.answer_markdown(free, "es", "en") == ("One pass.", True)   # falls back, marked


def test_key_statement_in_the_page_language_unless_the_explanation_has_one():
    choices = [Choice({"en": "a"}), Choice({"en": "b"}, correct=True), Choice({"en": "c"}, correct=True)]
    q = _q(kind="multi", choices=choices, explanation={"en": "Because.", "es": "**Opciones 2, 3.** Porque."})
    assert page.key_statement(q, "en", "en", False) == "**Choices 2, 3.**"
    assert page.key_statement(q, "es", "en", False) is None
    assert page.key_statement(q, "en", "en", True) == "**Choices B, C.**"
    tf = _q(kind="true_false", answer=False)
    assert page.key_statement(tf, "es", "en", False) == "**Falso.**"
    assert page.key_statement(tf, "fr", "en", False) == "**False.**"       # no French words: English ones


def test_translation_states():
    quiz = from_doc(load_text(bilingual()).data)
    docs = page.question_docs(quiz)
    states = [page.translation_state(quiz, q, "es", docs[q.id]) for q in quiz.questions]
    assert states == [None, "stale", "unreviewed"]
    assert [page.translation_state(quiz, q, "en", docs[q.id]) for q in quiz.questions] == [None] * 3
    draft = quiz.questions[0]
    draft.extra["translations"]["es"]["status"] = "draft"
    assert page.translation_state(quiz, draft, "es", docs[draft.id]) == "unreviewed"


def test_heading_is_a_short_stem_decided_on_the_source_text():
    short = _q(stem={"en": "Why?", "es": "¿Por qué?"})
    assert page.heading(short, "es", "en") == ("¿Por qué?", True)
    long = _q(stem={"en": "x" * 200, "es": "y"})
    assert page.heading(long, "es", "en") == (None, False)
    for stem in ("What does `x.t()` do?", "Is $x > 0$?"):   # a table of contents would show the source
        assert page.heading(_q(stem={"en": stem}), "en", "en") == (None, False)


def test_segments_code_math_and_escapes():
    got = list(page.segments(r"a `$x$` \$5 $y_1$ and $$z$$ then $ 3 $"))
    kinds = [(k, v) for k, v, _ in got]
    assert ("code", "`$x$`") in kinds and ("math", "y_1") in kinds and ("math", "z") in kinds
    assert not [v for k, v in kinds if k == "math" and "3" in v]            # "$ 3 $" is not math
    assert ("text", r"\$") in kinds


@pytest.mark.parametrize("text, want", [
    ("<b>x</b>", "&lt;b>x&lt;/b>"),
    ("a {: onclick=x}", "a &#123;: onclick=x}"),
    ("[a](javascript:alert(1))", "[a]&#40;javascript:alert(1))"),
    ("[a](java\tscript:alert(1))", "[a]&#40;java\tscript:alert(1))"),
    ("[a](https://example.org/x)", "[a](https://example.org/x)"),
    ("[a](#q-1)", "[a](#q-1)"),
    ("[r]: vbscript:x", "[r]&#58; vbscript:x"),
    ("AT&T", "AT&amp;T"),
    ("&lt;b&gt; &eacute; &#233;", "&lt;b&gt; &eacute; &#233;"),                # entities are text already
    ("[a](jav&#x61;script:x)", "[a]&#40;jav&#x61;script:x)"),                 # ... and decoded for the check
    ("[a](javascript&colon;x)", "[a]&#40;javascript&colon;x)"),
    ("$a<b$ `<i>`", r"$a\lt b$ `<i>`"),
    ("```{.py onclick=x}\nprint(1)\n```", "```\nprint(1)\n```"),
    ("```python\nx<1\n```", "```python\nx<1\n```"),
    ("see $$x$$ here", "see\n\n$$\nx\n$$\n\nhere"),
])
def test_mkdocs_markdown_is_inert(text, want):
    assert mkdocs.md(text) == want


def test_lang_option(tmp_path, capsys):
    tmp = project(tmp_path, ("states", bilingual()))
    assert render(tmp, "-o", "es-only", "--lang", "es") == 0
    assert sorted(p.name for p in (tmp / "es-only" / "docs").glob("*.md")) == ["index.md", "states.md"]
    text = (tmp / "es-only" / "docs" / "states.md").read_text("utf-8")
    assert "Estados de traducción" in text and "[English]" not in text   # one language: no switch line
    assert render(tmp, "-o", "x", "--lang", "fr") == 2
    assert "--lang fr: no quiz" in capsys.readouterr().err
    assert render(tmp, "-o", "x", "--lang", "data/") == 2
    assert "put --lang after the paths" in capsys.readouterr().err
    assert not (tmp / "x").exists()


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("ab1. -+=#>()'\"?\t:;,\u00e9\u2014")), max_size=30))
def test_html_plain_text_shortcut_writes_what_markdown_it_writes(text):
    from quizlint.formats import html

    assume(html._PLAIN.match(text))
    assert html.markup(text) == html._markdown().render(text)
    assert html.markup(text, inline=True) == html._markdown().renderInline(text.strip())
