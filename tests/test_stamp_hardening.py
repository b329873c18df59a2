"""`stamp` and `review` on malformed files that `check` reports: a clear message
and an exit code, never a traceback (the real CLI on files written here).

Exit codes: 0 done, 1 some questions skipped but others written, 2 nothing
could be done and nothing was written.
"""

import pytest

from quizlint.cli import main
from quizlint.loader import load_file

HEAD = """\
format: quizlint/v1
quiz: bad
title: {en: Bad, es: Malo}
languages: [en, es]
questions:
"""

GOOD = """\
  - id: q-ok
    kind: true_false
    stem: {en: Fine., es: Bien.}
    answer: true
"""


def _question(qid: str, extra: str = "") -> str:
    return (f"  - id: {qid}\n    kind: true_false\n    stem: {{en: Hi {qid}., es: Hola {qid}.}}\n"
            f"    answer: true\n{extra}")


def _nest(inner: str, levels: int) -> str:
    for _ in range(levels):
        inner = "{a: " + inner + "}"
    return inner


# a question part, and what the message must say
BROKEN = {
    "string question": ('  - "hello"\n', "item 1 of `questions` is a string, not a question mapping"),
    "list question": ("  - [a, b]\n", "item 1 of `questions` is a list"),
    "no id": ("  - kind: true_false\n    stem: {en: No id., es: Sin id.}\n    answer: true\n",
              "item 1 of `questions` has no `id`"),
    "translations a list": (_question("q-b", "    translations: [es]\n"),
                            "question q-b: `translations` is a list, not a mapping"),
    "translations a string": (_question("q-b", "    translations: reviewed\n"),
                              "question q-b: `translations` is a string"),
    "es a string": (_question("q-b", "    translations:\n      es: reviewed\n"),
                    "question q-b: `translations.es` is a string, not a mapping"),
    "es a number": (_question("q-b", "    translations:\n      es: 12\n"), "`translations.es` is a number"),
    "es a list": (_question("q-b", "    translations:\n      es: [source, status]\n"),
                  "`translations.es` is a list"),
    "origin a list": (_question("q-b", "    translations:\n      es: {source: '1', status: draft, origin: [m]}\n"),
                      "`translations.es.origin` must be a mapping of plain values"),
    "origin 55 levels deep": (_question("q-b", "    translations:\n      es: {source: '1', status: draft, "
                                        f"origin: {{by: m, at: {_nest('x', 55)}}}}}\n"),
                              "`translations.es.origin` must be a mapping of plain values"),
}


def _write(tmp_path, monkeypatch, body: str):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "bad.yaml"
    path.write_text(HEAD + body, "utf-8")
    return path


def _check_loads(path, capsys) -> None:
    assert main(["check", "--no-cache", str(path)]) == 1    # reported as errors, not a crash
    capsys.readouterr()


@pytest.mark.parametrize("body,words", BROKEN.values(), ids=BROKEN.keys())
def test_stamp_all_skips_a_broken_question_and_stamps_the_rest(tmp_path, monkeypatch, capsys, body, words):
    path = _write(tmp_path, monkeypatch, body + GOOD)
    _check_loads(path, capsys)
    assert main(["stamp", "--all", "--lang", "es", "--paths", "data"]) == 1
    captured = capsys.readouterr()
    assert words in captured.err and "skipped: fix it by hand" in captured.err
    assert "Traceback" not in captured.err and "stamped 1 translation (es)" in captured.out
    text = path.read_text("utf-8")
    assert text.startswith(HEAD + body)                       # the broken part is untouched
    ok = load_file(str(path)).data["questions"][1]
    assert ok["translations"]["es"]["status"] == "reviewed"


@pytest.mark.parametrize("body,words", [v for k, v in BROKEN.items() if "q-b" in v[0]],
                         ids=[k for k, v in BROKEN.items() if "q-b" in v[0]])
def test_stamp_of_only_a_broken_question_exits_2_and_writes_nothing(tmp_path, monkeypatch, capsys, body, words):
    path = _write(tmp_path, monkeypatch, body)
    assert main(["stamp", "q-b", "--lang", "es", "--paths", "data"]) == 2
    assert words in capsys.readouterr().err
    assert path.read_text("utf-8") == HEAD + body


def test_stamp_all_on_a_file_with_nothing_stampable_exits_2(tmp_path, monkeypatch, capsys):
    path = _write(tmp_path, monkeypatch, '  - "hello"\n  - 42\n')
    assert main(["stamp", "--all", "--lang", "es", "--paths", "data"]) == 0   # no ids: nothing indexed
    path.write_text(HEAD + '  - "hello"\n' + _question("q-b", "    translations: [es]\n"), "utf-8")
    assert main(["stamp", "--all", "--lang", "es", "--paths", "data"]) == 2
    err = capsys.readouterr().err
    assert "item 1 of `questions` is a string" in err and "`translations` is a list" in err


def test_empty_translations_entry_is_filled_in(tmp_path, monkeypatch):
    path = _write(tmp_path, monkeypatch, _question("q-b", "    translations:\n"))
    assert main(["stamp", "q-b", "--lang", "es", "--paths", "data"]) == 0
    assert load_file(str(path)).data["questions"][0]["translations"]["es"]["status"] == "reviewed"


def _alias_chain(links: int, levels: int) -> str:
    """A quiz whose origin, through aliases, nests ``links * levels`` deep (each
    anchor alone stays under the loader's depth limit)."""
    lines = ["x0: &a0 " + _nest("x", levels)]
    lines += [f"x{i}: &a{i} " + _nest(f"*a{i - 1}", levels) for i in range(1, links)]
    return "\n".join(lines) + "\n"


def test_origin_nested_deep_through_aliases(tmp_path, monkeypatch, capsys):
    deep = f"    translations:\n      es: {{source: '1', status: draft, origin: {{by: m, at: *a5}}}}\n"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "bad.yaml"
    text = HEAD.replace("questions:\n", _alias_chain(6, 55) + "questions:\n") + _question("q-b", deep)
    path.write_text(text, "utf-8")
    # 330 levels through aliases: the loader refuses it (it crashed stamp, review and
    # check's schema validation with RecursionError), so nothing else ever sees it
    assert main(["check", "--no-cache", str(path)]) == 1
    assert "QL003" in capsys.readouterr().out
    assert main(["stamp", "q-b", "--lang", "es", "--paths", "data"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert main(["review", "--accept", "--paths", "data"]) == 0   # no loadable drafts
    assert path.read_text("utf-8") == text


def test_origin_nested_within_the_limit_is_refused_by_stamp_and_review(tmp_path, monkeypatch, capsys):
    deep = f"    translations:\n      es: {{source: '1', status: draft, origin: {{by: m, at: *a0}}}}\n"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "bad.yaml"
    text = HEAD.replace("questions:\n", _alias_chain(1, 50) + "questions:\n") + _question("q-b", deep)
    path.write_text(text, "utf-8")
    _check_loads(path, capsys)
    assert main(["stamp", "q-b", "--lang", "es", "--paths", "data"]) == 2
    assert "`translations.es.origin` must be a mapping of plain values" in capsys.readouterr().err
    assert main(["review", "--accept", "--paths", "data"]) == 2
    assert "cannot decide the draft es translation" in capsys.readouterr().err
    assert path.read_text("utf-8") == text


# ------------------------------------------------------------------ review

REVIEW_BROKEN = {
    "translations a list": _question("q-b", "    translations: [es]\n"),
    "choices a number": _question("q-b", "    choices: 3\n"),
    "string question": '  - "hello"\n',
}


@pytest.mark.parametrize("body", REVIEW_BROKEN.values(), ids=REVIEW_BROKEN.keys())
def test_review_skips_broken_questions_without_a_traceback(tmp_path, monkeypatch, capsys, body):
    path = _write(tmp_path, monkeypatch, body)
    assert main(["review", "--accept", "--paths", "data"]) == 0
    assert "no drafts to review" in capsys.readouterr().err
    assert path.read_text("utf-8") == HEAD + body


DRAFT_CHOICE_BAD_ORIGIN = """\
  - id: q-c
    kind: single
    stem: Pick one.
    choices:
      - text: A
        correct: true
      - "B as a bare string"
      - text: C
        status: draft
        origin: [not, a, mapping]
"""


def test_review_shows_a_draft_with_a_malformed_origin(tmp_path, monkeypatch, capsys):
    import io

    path = _write(tmp_path, monkeypatch, DRAFT_CHOICE_BAD_ORIGIN)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": "a")
    assert main(["review", "--paths", "data"]) == 0
    out = capsys.readouterr().out
    assert "3. C  <- DRAFT" in out and "2. B as a bare string" in out and "drafted by ? (?, ?)" in out
    assert "status: draft" not in path.read_text("utf-8")


def test_review_accept_skips_a_malformed_translation_draft_and_does_the_rest(tmp_path, monkeypatch, capsys):
    body = _question("q-b", "    translations:\n"
                            "      es: {source: '1', status: draft, origin: {by: m, at: [1, [2]]}}\n")
    path = _write(tmp_path, monkeypatch, body + GOOD.replace("q-ok", "q-d").replace(
        "    answer: true\n", "    answer: true\n    translations:\n      es: {source: '1', status: draft}\n"))
    assert main(["review", "--accept", "--paths", "data"]) == 1     # q-d accepted, q-b skipped
    err = capsys.readouterr().err
    assert "q-b: cannot decide the draft es translation" in err and "1 accepted" in err
    data = load_file(str(path)).data["questions"]
    assert data[0]["translations"]["es"]["status"] == "draft"
    assert data[1]["translations"]["es"]["status"] == "reviewed"


# ------------------------------------------------------------------ yamledit under all of these

def _nested(levels: int) -> dict:
    value: object = "x"
    for _ in range(levels):
        value = {"a": value}
    return value


@pytest.mark.parametrize("levels,words", [(70, "would make the file unloadable"),
                                          (5000, "nested too deeply to edit safely")])
def test_an_edit_too_deep_to_write_is_refused_and_leaves_the_file_as_read(tmp_path, levels, words):
    from quizlint.yamledit import EditError, YamlFile

    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + GOOD, "utf-8")
    yf = YamlFile.read(path)
    with pytest.raises(EditError, match=words):
        yf.set_entry(("questions", 0), "origin", _nested(levels))
    assert not yf.changed and yf.data["questions"][0] == load_file(str(path)).data["questions"][0]


# ------------------------------------------------------------------ suggest's edits

def test_suggest_edits_refuse_wrongly_typed_translations_and_choices(tmp_path):
    from quizlint.suggest import apply
    from quizlint.yamledit import EditError, YamlFile

    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + _question("q-b", "    translations: [es]\n    choices: 3\n"), "utf-8")
    yf = YamlFile.read(path)
    q = yf.data["questions"][0]
    assert apply.translation_state(q, "es", "en") == "missing"
    stamp = apply.origin("m", "v1", "2026-11-21")
    with pytest.raises(EditError, match="`translations` is not a mapping"):
        apply.add_translation(yf, ("questions", 0), "es", [(("stem",), "Hola")], stamp, "en")
    with pytest.raises(EditError, match="`choices` is not a list"):
        apply.add_distractors(yf, ("questions", 0), ["B"], stamp, "en")
    assert not yf.changed
