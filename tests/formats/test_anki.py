"""Anki: the .apkg export opened as the zip + SQLite collection it is, and the text-export importer."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import time
import zipfile
from pathlib import Path

import genanki
import pytest
from qltest import EXAMPLES, ROOT

from quizlint.formats import FormatError, anki, csv_
from quizlint.formats.model import from_doc
from quizlint.i18n import normalize
from quizlint.loader import load_file, load_text

IMPORT = EXAMPLES / "import" / "anki"

# Every kind, two languages, hostile text in places a student sees.
QUIZ = r"""
format: quizlint/v1
quiz: every-kind
title: {en: Every kind, es: Todos los tipos}
languages: [en, es]
tags: [demo quiz]
questions:
  - id: ek-single
    kind: single
    tags: [chain rule]
    stem: {en: 'Which rule gives $\frac{dy}{dx}$ of $f(g(x))$?', es: '¿Qué regla da $\frac{dy}{dx}$ de $f(g(x))$?'}
    choices:
      - text: {en: The chain rule, es: La regla de la cadena}
        correct: true
        why: {en: It composes derivatives., es: Compone derivadas.}
      - text: {en: The product rule, es: La regla del producto}
      - text: {en: "<script>alert(1)</script>", es: "<script>alert(1)</script>"}
    explanation: {en: "**Answer: A.** See `d/dx`.", es: "**Respuesta: A.** Ver `d/dx`."}
  - id: ek-multi
    kind: multi
    stem: {en: Which are optimizers?, es: ¿Cuáles son optimizadores?}
    choices:
      - {text: {en: Adam, es: Adam}, correct: true}
      - {text: {en: ReLU, es: ReLU}}
      - {text: {en: SGD, es: SGD}, correct: true}
    explanation: {en: "**Choices 1, 3.** ReLU is an activation.", es: "**Opciones 1, 3.** ReLU es una activación."}
  - id: ek-tf
    kind: true_false
    stem: {en: "Dropout scales by $1/(1-p)$ at training time.", es: "Dropout escala por $1/(1-p)$ al entrenar."}
    answer: true
    explanation: {en: True. Inverted dropout., es: Verdadero. Dropout invertido.}
  - id: ek-free
    kind: free
    stem: {en: "What does this print? [sound:boom.mp3] ![x](http://example.com/t.png)", es: "¿Qué imprime?"}
    answer:
      en: |-
        It prints `6`:

        ```python
        print(sum([1, 2, 3]))  # $ not math
        ```

        and $$\sum_i x_i$$ is display math.
      es: Imprime `6`.
  - id: ek-num
    kind: numeric
    stem: {en: How many seconds?, es: ¿Cuántos segundos?}
    answer: {value: 1.5, tolerance: 0.1, unit: s}
    wrong_answers:
      - {value: 3.0, why: {en: Counted twice., es: Contado dos veces.}}
  - id: ek-rel
    kind: numeric
    stem: {en: How many tokens?, es: ¿Cuántos tokens?}
    answer: {value: 1400000000000.0, rel_tolerance: 0.05}
  - id: ek-sym
    kind: symbolic
    stem: {en: Derivative of $x^2$?, es: ¿Derivada de $x^2$?}
    answer: {expr: "2*x", latex: "2x"}
  - id: ek-sym-plain
    kind: symbolic
    stem: {en: "Solve for r", es: "Despeja r"}
    answer: {expr: "r = 1/(1 - p) & <b>"}
"""


def quiz_from(text: str, path=None):
    return from_doc(load_text(text).data, ["en"], path=path)


def collection(data: bytes, tmp_path: Path) -> dict:
    """The notes, cards, decks and note types of an .apkg, read with sqlite3."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.namelist() == ["collection.anki2", "media"]
        assert json.loads(z.read("media")) == {}
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in z.infolist())
        db = tmp_path / f"c{len(list(tmp_path.iterdir()))}.anki2"
        db.write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        notes = [{"id": i, "guid": g, "mid": m, "mod": mod, "tags": t.split(), "fields": f.split("\x1f")}
                 for i, g, m, mod, t, f in conn.execute("SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id")]
        cards = conn.execute("SELECT nid, did, ord, due FROM cards ORDER BY id").fetchall()
        decks, models = conn.execute("SELECT decks, models FROM col").fetchone()
    finally:
        conn.close()
    return {"notes": notes, "cards": cards, "decks": json.loads(decks), "models": json.loads(models)}


def by_id(col: dict) -> dict:
    """Notes keyed by (question id, lang) from the Id field."""
    out = {}
    for n in col["notes"]:
        parts = [p.strip() for p in n["fields"][2].split("·")]
        out[(parts[0], parts[2] if len(parts) > 2 else None)] = n
    return out


def test_apkg_holds_one_deck_and_a_note_per_question_and_language(tmp_path):
    quiz = quiz_from(QUIZ)
    files = anki.export([quiz], lang=None)
    assert list(files) == ["every-kind.apkg"]
    col = collection(files["every-kind.apkg"], tmp_path)
    assert len(col["notes"]) == len(quiz.questions) * 2 == len(col["cards"])
    deck_id = anki.stable_id("deck:every-kind")
    assert col["decks"][str(deck_id)]["name"] == "Every kind"
    assert {did for _, did, _, _ in col["cards"]} == {deck_id}
    assert [due for *_, due in col["cards"]] == list(range(len(col["cards"])))     # quiz order
    model = col["models"][str(anki.MODEL_ID)]
    assert [f["name"] for f in model["flds"]] == ["Front", "Back", "Id"]
    notes = by_id(col)
    for q in quiz.questions:
        for lang in ("en", "es"):
            note = notes[(q.id, lang)]
            assert note["guid"] == genanki.guid_for("every-kind", q.id, lang)
            assert note["mid"] == anki.MODEL_ID
            assert f"lang::{lang}" in note["tags"] and "demo_quiz" in note["tags"]

    single = notes[("ek-single", "en")]
    assert single["tags"][:1] == ["chain_rule"]           # Anki tags have no spaces
    front, back, _ = single["fields"]
    assert r"\(\frac{dy}{dx}\)" in front and '<ol class="ql-choices" type="A">' in front
    assert front.count("<li>") == 3
    assert "<b>Answer:</b> A" in back and "The chain rule" in back and "It composes derivatives." in back
    assert "<code>d/dx</code>" in back and "<strong>Answer: A.</strong>" in back
    es_back = notes[("ek-single", "es")]["fields"][1]
    assert "<b>Respuesta:</b> A" in es_back and "La regla de la cadena" in es_back

    multi_front, multi_back, _ = notes[("ek-multi", "en")]["fields"]
    assert 'type="1"' in multi_front and "Choose all that apply." in multi_front
    assert "<b>Answers:</b> 1, 3" in multi_back and "ReLU</li>" not in multi_back

    assert "<b>Answer:</b> True" in notes[("ek-tf", "en")]["fields"][1]
    assert "<b>Respuesta:</b> Verdadero" in notes[("ek-tf", "es")]["fields"][1]
    num_back = notes[("ek-num", "en")]["fields"][1]
    assert "<b>Answer:</b> 1.5 ± 0.1 s" in num_back and "3" in num_back and "Counted twice." in num_back
    assert "1400000000000 ± 5 %" in notes[("ek-rel", "en")]["fields"][1]
    assert r"<b>Answer:</b> \(2x\)" in notes[("ek-sym", "en")]["fields"][1]
    assert "<code>r = 1/(1 - p) &amp; &lt;b&gt;</code>" in notes[("ek-sym-plain", "en")]["fields"][1]


def test_one_language_only(tmp_path):
    col = collection(anki.export([quiz_from(QUIZ)], lang="es")["every-kind.apkg"], tmp_path)
    assert {key[1] for key in by_id(col)} == {"es"}
    assert col["decks"][str(anki.stable_id("deck:every-kind"))]["name"] == "Todos los tipos"
    # the same GUID as the es note of a full export: switching --lang keeps the history
    full = collection(anki.export([quiz_from(QUIZ)], lang=None)["every-kind.apkg"], tmp_path)
    assert {n["guid"] for n in col["notes"]} <= {n["guid"] for n in full["notes"]}


def test_quiz_text_is_escaped_and_nothing_is_loaded(tmp_path):
    notes = by_id(collection(anki.export([quiz_from(QUIZ)], lang=None)["every-kind.apkg"], tmp_path))
    fields = " ".join(" ".join(n["fields"]) for n in notes.values())
    assert "<script" not in fields and "&lt;script&gt;alert(1)&lt;/script&gt;" in fields
    assert "<img" not in fields                              # ![x](url) is a link, never a load
    assert "[sound:" not in fields and "&#91;sound:boom.mp3]" in fields
    free = notes[("ek-free", "en")]["fields"][1]
    assert '<pre><code class="language-python">print(sum([1, 2, 3]))  # $ not math' in free
    assert r"\[\sum_i x_i\]" in free and "<code>6</code>" in free


def test_markdown_math_and_code_to_html():
    assert anki.to_html("$a_b * c_d$ and *x*") == r"<p>\(a_b * c_d\) and <em>x</em></p>"
    assert anki.to_html("`$x$` costs \\$5") == "<p><code>$x$</code> costs $5</p>"
    assert anki.to_html("a $$x < y$$ b") == r"<p>a \[x &lt; y\] b</p>"
    assert anki.to_html("[x](javascript:alert(1))") == "<p>[x](javascript:alert(1))</p>"


def test_two_exports_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    path = tmp_path / "every-kind.yaml"
    path.write_text(QUIZ, "utf-8")
    first = anki.export([quiz_from(QUIZ, str(path))], lang=None)
    time.sleep(0.01)
    assert anki.export([quiz_from(QUIZ, str(path))], lang=None) == first
    # SOURCE_DATE_EPOCH pins the time whatever the file's mtime (reproducible builds)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pinned = anki.export([quiz_from(QUIZ, str(path))], lang=None)
    os.utime(path, (1800000000, 1800000000))
    assert anki.export([quiz_from(QUIZ, str(path))], lang=None) == pinned != first
    assert {n["mod"] for n in collection(pinned["every-kind.apkg"], tmp_path)["notes"]} == {1700000000}


def test_reexporting_an_edited_quiz_keeps_every_guid_and_is_newer(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    path = tmp_path / "every-kind.yaml"
    path.write_text(QUIZ, "utf-8")
    os.utime(path, (1790000000, 1790000000))
    old = by_id(collection(anki.apkg(quiz_from(QUIZ, str(path))), tmp_path))

    edited = QUIZ.replace("The chain rule, es: La regla de la cadena", "The chain rule (Leibniz), es: La regla")
    edited = edited.replace("  - id: ek-multi", "  - id: ek-new\n    kind: true_false\n    stem: New?\n"
                            "    answer: false\n  - id: ek-multi")                # a question added before others
    edited = edited.replace("tags: [chain rule]", "tags: [chain rule, calculus]")
    path.write_text(edited, "utf-8")
    os.utime(path, (1790000100, 1790000100))                      # the editor saved it later
    new = by_id(collection(anki.apkg(quiz_from(edited, str(path))), tmp_path))

    assert set(old) < set(new) and set(new) - set(old) == {("ek-new", "en"), ("ek-new", "es")}
    for key, note in old.items():
        assert new[key]["guid"] == note["guid"]
        assert new[key]["mod"] > note["mod"]                       # Anki updates only newer notes
    assert "(Leibniz)" in new[("ek-single", "en")]["fields"][1]
    assert "calculus" in new[("ek-single", "en")]["tags"]


def test_every_quiz_in_data_exports(tmp_path):
    quizzes = [from_doc(load_file(f).data, ["en"], path=str(f)) for f in sorted((ROOT / "data" / "quizzes").glob("*.yaml"))]
    assert len(quizzes) == 5
    files = anki.export(quizzes, lang=None)
    assert files == anki.export(quizzes, lang=None)
    for quiz in quizzes:
        col = collection(files[f"{quiz.id}.apkg"], tmp_path)
        notes = by_id(col)
        langs = quiz.languages if len(quiz.languages) > 1 else [None]
        assert set(notes) == {(q.id, la) for q in quiz.questions for la in langs}
        assert len({n["guid"] for n in col["notes"]}) == len(col["notes"])
        for q in quiz.questions:
            for la in langs:
                front, back, _ = notes[(q.id, la)]["fields"]
                assert front and back, q.id
                for c in q.choices:                               # every option on the front
                    assert anki.to_html(c.text[la or quiz.source_lang], inline=True) in front
        assert not any("<script" in f for n in col["notes"] for f in n["fields"])


def test_quizlint_export_to_anki(tmp_path, monkeypatch, capsys):
    """The command end to end: the gate, then one .apkg per quiz in the folder it prints."""
    from quizlint.cli import main

    monkeypatch.chdir(ROOT)
    source = ROOT / "data" / "quizzes" / "optimizers-flashcards.yaml"
    assert main(["export", str(source), "--to", "anki", "-o", str(tmp_path / "out")]) == 0
    written = tmp_path / "out" / "optimizers-flashcards.apkg"
    assert str(written) in capsys.readouterr().out
    assert len(collection(written.read_bytes(), tmp_path)["notes"]) == 18

    draft = tmp_path / "data" / "quizzes" / "drafty.yaml"
    draft.parent.mkdir(parents=True)
    draft.write_text(QUIZ.replace("quiz: every-kind", "quiz: drafty").replace(
        "    answer: true\n", "    answer: true\n    status: draft\n", 1), "utf-8")
    assert main(["export", str(draft), "--to", "anki", "-o", str(tmp_path / "refused")]) != 0
    assert "QL501" in capsys.readouterr().err                    # the draft is named, nothing written
    assert not (tmp_path / "refused").exists()


# --------------------------------------------------------------------------
# Import


def test_sniff():
    assert anki.sniff("#separator:tab\n#html:true\na\tb\n", "x.txt")
    assert anki.sniff("\ufeff#html:false\na;b\n", "x.csv")
    assert not anki.sniff("# A heading\n", "x.md")
    assert not anki.sniff("front,back\n", "x.csv")
    assert not anki.sniff("#flavour:vanilla\n", "x.txt")


def test_notes_export_with_html_decks_cloze_and_tags():
    path = IMPORT / "notes-export.txt"
    got = anki.read(path.read_text("utf-8"), str(path), quiz_id="ml", lang="en")
    assert got.problems == []
    assert [(q.id, q.title["en"]) for q in got.quizzes] == [("ml-backprop", "ML::Backprop"),
                                                            ("ml-optimizers", "ML::Optimizers")]
    backprop, optim = got.quizzes
    assert [q.id for q in backprop.questions] == ["ml-backprop-01", "ml-backprop-02", "ml-backprop-03"]
    assert all(q.kind == "free" for quiz in got.quizzes for q in quiz.questions)
    q1, q2, q3 = backprop.questions
    assert q1.stem == {"en": "What does **backpropagation** compute?"}
    assert q1.answer == {"en": "The gradient of the loss with respect to *every* parameter,\nin one backward pass."}
    assert q1.tags == ["ml::backprop", "chain-rule"] and q1.line == 7
    assert q2.stem["en"] == r"Why is $\frac{\partial L}{\partial L} = 1$ the first step?"
    assert q2.answer["en"].startswith(r"It seeds the chain rule: $$\frac{\partial L}{\partial x} =")
    assert q3.stem["en"] == "What does this print?\n\n```\nx = torch.ones(2, 3)\nprint(x.sum() < 7 && True)\n```"
    assert q3.answer["en"] == '`tensor(True)`, written "6 < 7".'          # the <script> is dropped
    cloze, decay = optim.questions
    assert cloze.stem["en"] == "[...] combines momentum with [an adaptive method]."
    assert cloze.answer["en"] == "Adam combines momentum with RMSProp."
    assert cloze.explanation == {"en": "Kingma & Ba, 2015."}
    assert decay.stem["en"] == "What does weight decay do in AdamW?"
    assert decay.answer["en"] == "It shrinks the weights directly,\ndecoupled from the gradient step."
    assert decay.tags == ["ml::optim", "adamw"]


def test_plain_text_export_with_columns_deck_and_global_tags():
    path = IMPORT / "plain-semicolon.txt"
    got = anki.read(path.read_text("utf-8"), str(path), quiz_id="lr", lang="en")
    assert got.problems == []
    (quiz,) = got.quizzes
    assert quiz.id == "lr" and quiz.title == {"en": "Learning rates"} and quiz.tags == ["course", "week-2"]
    assert [(q.stem["en"], q.answer["en"], q.tags) for q in quiz.questions] == [
        ("What makes gradient descent diverge?", "A step size that is too large", ["lr"]),
        ("What does step decay do?", r"It multiplies $\eta$ by $\gamma < 1$; every k epochs", ["lr", "schedule"]),
        ("What runs before the decay in a warmup schedule?", 'Warmup: start small, then grow "linearly"', []),
    ]


def test_problems_are_reported_at_line_and_column_and_the_rest_imports():
    path = IMPORT / "problems.txt"
    got = anki.read(path.read_text("utf-8"), str(path), quiz_id="bad", lang="en")
    assert [(p.line, p.col, p.message.split(" ")[0]) for p in got.problems] == [
        (1, 12, "unknown"),        # #separator:foo
        (2, 7, "`#html:`"),        # #html:maybe
        (3, 14, "`#tags"),         # #tags column:x
        (4, 2, "unknown"),         # #flavour:vanilla
        (5, 1, "the"),             # no front
        (6, 1, "image"),           # <img> (media is not in a text export)
        (6, 1, "sound"),           # [sound:...]
        (7, 1, "unreadable"),      # a quote never closed
    ]
    assert all(str(p).startswith(f"{path}:{p.line}:{p.col}: ") for p in got.problems)
    (quiz,) = got.quizzes
    assert [(q.stem["en"], q.answer["en"]) for q in quiz.questions] == [("What is shown?", "A loss curve")]


def test_hash_lines_between_rows_are_comments_but_not_inside_a_quoted_field():
    text = '#separator:comma\n#html:false\nq1,"line one\n# not a comment\nline three"\n# a comment\nq2,a2\n'
    got = anki.read(text, "c.txt", quiz_id="c")
    assert got.problems == []
    assert [(q.stem["en"], q.answer["en"], q.line) for q in got.quizzes[0].questions] == [
        ("q1", "line one\n# not a comment\nline three", 3), ("q2", "a2", 7)]


def test_html_to_text_is_safe_and_keeps_structure():
    text, dropped = anki.html_to_text(
        '<div>a &amp; b</div><div>c<br>d</div><ul><li>one</li><li>two</li></ul>'
        '<script>document.write(1)</script><style>p{}</style><a href="javascript:x()">link</a> '
        '<a href="https://example.org/a">docs</a><img src="../../etc/passwd"> [latex]x^2[/latex] [$]y[/$]'
        '<table><tr><td>k</td><td>v</td></tr></table>2 < 3 <!-- hidden --><a<a')
    assert text == "a & b\nc\nd\n- one\n- two\nlink [docs](https://example.org/a) $$x^2$$ $y$\nk v\n2 < 3 <a<a"
    assert dropped == ["image `../../etc/passwd`"]
    start = time.monotonic()
    for hostile in ("<a" * 60_000, "<!--" * 30_000, "<b>" * 40_000, "{{c1::" * 20_000, "\\(" * 60_000):
        anki.html_to_text(hostile)
        anki.read("#separator:tab\n#html:true\n#notetype:Cloze\nx\t" + hostile + "\n", "h.txt", quiz_id="h")
    assert time.monotonic() - start < 3                 # linear: html.parser took 24 s on the first


def test_export_then_import_gives_back_the_flashcards(tmp_path):
    """An .apkg written here, exported as Anki's "Notes in Plain Text" would be, reads back the same cards."""
    quiz = from_doc(load_file(ROOT / "data" / "quizzes" / "optimizers-flashcards.yaml").data, ["en"])
    col = collection(anki.apkg(quiz), tmp_path)
    rows = ["#separator:tab", "#html:true", "#guid column:1", "#notetype column:2", "#deck column:3",
            "#tags column:6"]
    for n in col["notes"]:
        cells = [n["guid"], "quizlint", quiz.title["en"], n["fields"][0], n["fields"][1], " ".join(n["tags"])]
        rows.append("\t".join(f'"{c}"' if any(ch in c for ch in '\t"\n') else c for c in
                              (cell.replace('"', '""') for cell in cells)))
    got = anki.read("\n".join(rows) + "\n", "notes.txt", quiz_id="back", lang="en")
    assert got.problems == []
    (back,) = got.quizzes
    assert len(back.questions) == len(quiz.questions)
    for q, b in zip(quiz.questions, back.questions):
        assert normalize(b.stem["en"]) == normalize(q.stem["en"])
        assert normalize(b.answer["en"]) == normalize(q.answer["en"])
        assert set(q.tags) <= set(b.tags)


def test_hostile_input_is_refused_quickly():
    start = time.monotonic()
    with pytest.raises(FormatError):
        anki.read("#separator:tab\n" + "a\tb\n" * (csv_.MAX_CHARS // 4 + 1), "big.txt", quiz_id="big")
    huge = anki.read("#separator:tab\n" + "a\t" + "x" * 200_000 + "\nok\tfine\n", "huge.txt", quiz_id="h")
    assert [p.line for p in huge.problems] == [2] and "larger than field limit" in huge.problems[0].message
    assert [q.stem["en"] for q in huge.quizzes[0].questions] == ["ok"]
    assert time.monotonic() - start < 2
