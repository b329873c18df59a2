"""Round-trip edits: everything else byte-identical, quoting, atomic writes."""

import difflib
import os

import pytest
import yaml

from quizlint.yamledit import ConflictError, Flow, Raw, YamlFile, scalar

from .conftest import EN_QUIZ, ES_QUIZ


def changed_lines(before: str, after: str):
    """(removed, added) lines of a diff."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


@pytest.fixture
def mini(tmp_path):
    p = tmp_path / "mini.yaml"
    p.write_text(EN_QUIZ, encoding="utf-8")
    os.chmod(p, 0o640)
    return p


def test_append_choice_adds_lines_only(mini):
    yf = YamlFile.read(mini)
    stamp = Flow(by="m", prompt="distractors-v1", at=Raw("2026-11-21"))
    yf.append_items(("questions", 0, "choices"), [{"text": "No", "status": "draft", "origin": stamp}])
    removed, added = changed_lines(EN_QUIZ, yf.text)
    assert removed == []
    assert added == ["      - text: 'No'", "        status: draft",
                     "        origin: {by: m, prompt: distractors-v1, at: 2026-11-21}"]
    # inserted right after the last choice, before the explanation
    assert yf.text.index("'No'") < yf.text.index("explanation:")
    assert yf.data["questions"][0]["choices"][-1]["text"] == "No"


@pytest.mark.parametrize("text", ["No", "on", "12:30", "yes", "2026-11-21", "null", "1e3", "a: b", "x # y",
                                  "- item", "'quoted'", '"dq"', "tab\tin", "line\nbreak", "[list]", "@at"])
def test_scalars_read_back_the_same_in_yaml_1_1_and_1_2(text):
    out = scalar(text)
    assert yaml.safe_load(f"k: {out}") == {"k": text}
    from quizlint.loader import load_text

    assert load_text(f"k: {out}\n").data == {"k": text}


def test_plain_string_becomes_mapping(mini):
    yf = YamlFile.read(mini)
    yf.localize(("questions", 0, "choices", 2), "text", "es", "El método de Newton", "en")
    yf.localize(("questions", 0), "explanation", "es", "RMSProp divide por la raíz de una EMA de $g^2$.", "en")
    q = yf.data["questions"][0]
    assert q["choices"][2]["text"] == {"en": "Newton's method with an exact Hessian", "es": "El método de Newton"}
    assert q["explanation"]["en"] == "RMSProp divides by the root of an EMA of $g^2$."
    removed, added = changed_lines(EN_QUIZ, yf.text)
    # only the converted entries' first lines change; the folded body is re-indented
    assert removed == ["      - text: >-", "          Newton's method with", "          an exact Hessian",
                       "    explanation: RMSProp divides by the root of an EMA of $g^2$."]
    assert "          en: >-" in added and "            Newton's method with" in added


def test_set_flow_entry_and_delete(tmp_path):
    p = tmp_path / "duo.yaml"
    p.write_text(ES_QUIZ, encoding="utf-8")
    yf = YamlFile.read(p)
    yf.set_entry(("questions", 0, "translations"), "es", Flow(source="abcd1234", status="draft"))
    assert yf.data["questions"][0]["translations"]["es"] == {"source": "abcd1234", "status": "draft"}
    yf.delete_entry(("questions", 0), "translations")
    assert "translations" not in yf.data["questions"][0]
    yf.delete_item(("questions",), 0)
    assert [q["id"] for q in yf.data["questions"]] == ["q-02-02"]
    assert "# keep me" in yf.text and yf.text.startswith("format: quizlint/v1\nquiz: duo\n")


def test_atomic_write_keeps_mode_and_refuses_conflicts(mini):
    yf = YamlFile.read(mini)
    yf.add_entries(("questions", 1), {"tags": ["adam"]})
    yf.write()
    assert oct(os.stat(mini).st_mode & 0o777) == oct(0o640)
    assert "    tags: [adam]\n" in mini.read_text()
    assert not [f for f in os.listdir(mini.parent) if f.endswith(".tmp")]
    yf.add_entries(("questions", 1), {"difficulty": "easy"})
    mini.write_text(mini.read_text() + "# edited elsewhere\n")
    with pytest.raises(ConflictError):
        yf.write()
    assert "difficulty" not in mini.read_text()


def test_diff_is_unified(mini):
    yf = YamlFile.read(mini)
    yf.add_entries(("questions", 1), {"difficulty": "easy"})
    d = yf.diff()
    assert d.startswith(f"--- {mini}\n+++ {mini}\n@@") and "+    difficulty: easy\n" in d
    assert mini.read_text() == EN_QUIZ
