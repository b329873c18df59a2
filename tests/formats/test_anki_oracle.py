"""Anki itself as the oracle: our .apkg imported into a real collection, reviewed, then updated.

Runs when the ``anki`` package (Anki's own Python library and Rust
backend, on PyPI) is installed; skipped otherwise. It proves what the unit
tests only assume: Anki accepts the package, renders the cards, matches a
re-exported edited quiz by GUID, updates the notes (only because their
``mod`` time is newer) and keeps the review history.
"""

from __future__ import annotations

import os

import pytest

from quizlint.formats import anki as apkg_format
from quizlint.formats.model import from_doc
from quizlint.loader import load_text

anki = pytest.importorskip("anki")

from anki.collection import Collection  # noqa: E402
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest  # noqa: E402

QUIZ = """\
format: quizlint/v1
quiz: oracle
title: Oracle deck
languages: [en, es]
questions:
  - id: or-01
    kind: single
    stem: {en: 'Which rule gives $\\frac{dy}{dx}$?', es: '¿Qué regla da $\\frac{dy}{dx}$?'}
    choices:
      - {text: {en: Chain rule, es: Regla de la cadena}, correct: true}
      - {text: {en: "<script>x()</script>", es: "<script>x()</script>"}}
  - id: or-02
    kind: free
    stem: {en: What is Adam?, es: ¿Qué es Adam?}
    answer: {en: Momentum plus RMSProp., es: Momento más RMSProp.}
"""


def _package(tmp_path, text: str, mtime: int):
    src = tmp_path / "oracle.yaml"
    src.write_text(text, "utf-8")
    os.utime(src, (mtime, mtime))
    quiz = from_doc(load_text(text).data, ["en"], path=str(src))
    out = tmp_path / f"oracle-{mtime}.apkg"
    out.write_bytes(apkg_format.apkg(quiz))
    return out


def _import(col, path):
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path),
                                                            options=ImportAnkiPackageOptions())).log


def test_anki_imports_reviews_and_updates_keeping_history(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        log = _import(col, _package(tmp_path, QUIZ, 1790000000))
        assert len(log.new) == 4 and not log.updated
        card_ids = sorted(col.find_cards('"deck:Oracle deck"'))
        assert len(card_ids) == 4
        card = col.get_card(card_ids[0])
        question, answer = card.question(), card.answer()
        assert r"\(\frac{dy}{dx}\)" in question and "<script" not in question and "&lt;script&gt;" in question
        assert "<b>Answer:</b> 1" in answer and "Chain rule" in answer

        card.start_timer()
        col.sched.answerCard(card, 3)                      # a student reviews the first card
        reviewed = col.get_card(card.id)
        assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 1

        edited = QUIZ.replace("Momentum plus RMSProp.", "Momentum plus RMSProp plus bias correction.")
        same_time = _import(col, _package(tmp_path, edited, 1790000000))
        assert not same_time.updated and len(same_time.duplicate) == 4   # not newer: Anki keeps its copy

        log = _import(col, _package(tmp_path, edited, 1790000100))
        assert len(log.updated) == 4 and not log.new
        assert sorted(col.find_cards('"deck:Oracle deck"')) == card_ids    # the same cards, no duplicates
        notes = [col.get_note(col.get_card(c).nid) for c in card_ids]
        assert any("bias correction" in n["Back"] for n in notes)
        after = col.get_card(card.id)
        assert (after.ivl, after.due, after.reps, after.type) == (reviewed.ivl, reviewed.due, reviewed.reps,
                                                                  reviewed.type)
        assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 1
    finally:
        col.close()


def test_a_real_anki_text_export_of_our_deck_reads_back_the_same_cards(tmp_path):
    """.apkg → Anki → "Notes in Plain Text" (Anki's own writer) → our reader: the same flashcards."""
    from anki.collection import DeckIdLimit

    from quizlint.formats.model import from_doc as model_of
    from quizlint.i18n import normalize
    from quizlint.loader import load_file
    from qltest import ROOT

    quiz = model_of(load_file(ROOT / "data" / "quizzes" / "dl-systems-flashcards.yaml").data, ["en"])
    package = tmp_path / "dl.apkg"
    package.write_bytes(apkg_format.apkg(quiz))
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        _import(col, package)
        deck = col.decks.id_for_name(quiz.title["en"])
        out = tmp_path / "notes.txt"
        col.export_note_csv(out_path=str(out), limit=DeckIdLimit(deck), with_html=True, with_tags=True,
                            with_deck=True, with_notetype=True, with_guid=True)
    finally:
        col.close()
    text = out.read_text("utf-8")
    assert apkg_format.sniff(text, str(out))
    got = apkg_format.read(text, str(out), quiz_id="dl", lang="en")
    assert got.problems == []
    (back,) = got.quizzes
    assert back.title == {"en": quiz.title["en"]}
    assert len(back.questions) == len(quiz.questions)
    assert [b.id for b in back.questions] == [q.id for q in quiz.questions]   # our Id field is read back
    for q, b in zip(quiz.questions, back.questions):
        assert normalize(b.stem["en"]) == normalize(q.stem["en"]), q.id
        if q.kind == "free" and not q.explanation:
            assert normalize(b.answer["en"]) == normalize(q.answer["en"]), q.id
        assert set(q.tags) | set(quiz.tags) == set(b.tags), q.id


def test_anki_reads_our_import_examples_as_we_do(tmp_path):
    """Anki's own CSV importer and ours agree on the columns: front, back, tags and decks."""
    from anki.import_export_pb2 import ImportCsvRequest

    from qltest import EXAMPLES

    for name in ("notes-export.txt", "plain-semicolon.txt"):
        path = EXAMPLES / "import" / "anki" / name
        ours = apkg_format.read(path.read_text("utf-8"), str(path), quiz_id="x", lang="en")
        col = Collection(str(tmp_path / f"{name}.anki2"))
        try:
            if name == "plain-semicolon.txt":
                col.decks.id("Learning rates")               # Anki's `#deck:` names an existing deck
            metadata = col.get_csv_metadata(str(path), None)
            col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))
            theirs = {}
            for nid in col.find_notes(""):
                note = col.get_note(nid)
                deck = col.decks.name(col.get_card(note.card_ids()[0]).did)
                theirs[apkg_format.html_to_text(note.fields[0])[0]] = (note.fields[1], sorted(note.tags), deck)
        finally:
            col.close()
        for quiz in ours.quizzes:
            for q in quiz.questions:
                if "[" in q.stem["en"]:                        # a cloze: Anki keeps {{c1::...}} in the field
                    continue
                back, tags, deck = theirs[q.stem["en"]]
                assert apkg_format.html_to_text(back)[0] == q.answer["en"]
                assert tags == sorted(set(q.tags) | set(quiz.tags))
                assert deck == quiz.title["en"]
