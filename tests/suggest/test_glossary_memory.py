"""The glossary (config, QL408, drafts) and the translation memory."""

import doctest

import pytest

from quizlint import config as cfg
from quizlint import glossary
from quizlint.cli import main
from quizlint.errors import ConfigError
from quizlint.suggest import draft, memory, prompts
from quizlint.symbolic import mistakes

GLOSSARY = '''
[tool.quizlint]
paths = ["data"]
languages = ["en"]

[tool.quizlint.glossary.es]
"learning rate" = "tasa de aprendizaje"
softmax = "softmax"
'''

QUIZ = """\
format: quizlint/v1
quiz: gl
title: {en: Glossary, es: Glosario}
languages: [en, es]
questions:
  - id: gl-01
    kind: true_false
    stem:
      en: Lowering the learning rate late in training helps.
      es: Bajar el ritmo de aprendizaje al final del entrenamiento ayuda.
    answer: true
    translations:
      es: {source: HASH1, status: STATUS}
  - id: gl-02
    kind: true_false
    stem:
      en: The learning rate `lr` and $\\mathrm{softmax}(z)$ both appear in the update.
      es: La tasa de aprendizaje `lr` y $\\mathrm{softmax}(z)$ aparecen en la actualización.
    answer: true
    translations:
      es: {source: HASH2, status: reviewed}
"""


def _project(tmp_path, status="reviewed"):
    from quizlint.i18n import source_hash
    from quizlint.loader import load_text

    (tmp_path / "pyproject.toml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "data").mkdir()
    qs = load_text(QUIZ).data["questions"]
    text = QUIZ.replace("HASH1", source_hash(qs[0], "en")).replace("HASH2", source_hash(qs[1], "en"))
    (tmp_path / "data" / "gl.yaml").write_text(text.replace("STATUS", status), encoding="utf-8")


def test_docstring_examples_hold():
    assert doctest.testmod(glossary).failed == 0 and doctest.testmod(glossary).attempted >= 2
    assert doctest.testmod(mistakes).failed == 0 and doctest.testmod(mistakes).attempted >= 1


def test_terms_are_whole_words_longest_first_and_skip_math_and_code():
    terms = {"learning rate": "tasa de aprendizaje", "rate": "tasa", "softmax": "softmax"}
    assert glossary.terms_in("The learning rate.", terms) == [("learning rate", "tasa de aprendizaje")]
    assert glossary.terms_in("Use `softmax(z)` and $\\mathrm{softmax}$.", terms) == []
    assert glossary.terms_in("Accelerate.", terms) == []
    assert glossary.misses("Softmax outputs.", "Las salidas de la Softmax.", terms) == []


def test_ql408_flags_a_reviewed_translation_with_another_rendering(tmp_path, monkeypatch, capsys):
    _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "data", "--no-cache"]) == 0          # a warning
    out = capsys.readouterr().out
    assert out.count("QL408") == 1
    assert ('data/gl.yaml:10:11: QL408 warning: the es stem does not use the glossary\'s "tasa de aprendizaje" '
            'for "learning rate"') in out


def test_ql408_leaves_drafts_to_suggest(tmp_path, monkeypatch, capsys):
    _project(tmp_path, status="draft")
    monkeypatch.chdir(tmp_path)
    main(["check", "data", "--no-cache"])
    assert "QL408" not in capsys.readouterr().out


def test_glossary_file_and_errors(tmp_path):
    (tmp_path / "terms.csv").write_text("# course terms\nlearning rate,tasa de aprendizaje\nsparsity,dispersión\n",
                                        encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.quizlint.glossary]\nes = "terms.csv"\n', encoding="utf-8")
    conf = cfg.load(tmp_path / "pyproject.toml")
    assert conf.glossaries() == {"es": {"learning rate": "tasa de aprendizaje", "sparsity": "dispersión"}}
    (tmp_path / "terms.csv").write_text("learning rate\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="row 1 must be `term,translation`"):
        cfg.load(tmp_path / "pyproject.toml")
    (tmp_path / "pyproject.toml").write_text('[tool.quizlint.glossary]\nes = "../terms.csv"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="outside the project"):
        cfg.load(tmp_path / "pyproject.toml")
    (tmp_path / "pyproject.toml").write_text('[tool.quizlint.glossary.es]\nsoftmax = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml:2: \[tool.quizlint.glossary.es\] must map"):
        cfg.load(tmp_path / "pyproject.toml")


def test_memory_holds_reviewed_current_pairs_only(tmp_path):
    _project(tmp_path)
    m = memory.from_paths([str(tmp_path / "data")], "es", ("en",), draft.split_sentences)
    assert ("Lowering the learning rate late in training helps.",
            "Bajar el ritmo de aprendizaje al final del entrenamiento ayuda.") in m.pairs
    stale = tmp_path / "data" / "gl.yaml"
    stale.write_text(stale.read_text(encoding="utf-8").replace("late in training", "near the end"), encoding="utf-8")
    m = memory.from_paths([str(tmp_path / "data")], "es", ("en",), draft.split_sentences)
    assert len(m.pairs) == 1 and m.pairs[0][0].startswith("The learning rate `lr`")


def test_memory_shows_the_nearest_pairs_and_masks_their_spans():
    m = memory.Memory()
    for en, es in [("Adam keeps two moving averages.", "Adam guarda dos medias móviles."),
                   ("The learning rate is divided by 10.", "La tasa de aprendizaje se divide por 10."),
                   ("Dropout is off at test time.", "El dropout está apagado en prueba.")]:
        m.add(en, es)
    assert m.nearest("The learning rate is halved.", k=1) == [m.pairs[1]]
    prompt = prompts.load("translate-es")
    opts = draft.Options(memory=m)
    shots = draft.shots_for(prompt, "The learning rate is halved.", "The learning rate is halved.", opts,
                            {"learning rate": "tasa de aprendizaje"})
    assert shots[-2][1] == '{"text": "La tasa de aprendizaje se divide por 10."}'
    assert shots[-1] == ('English: {"text": "learning rate"}', '{"text": "tasa de aprendizaje"}')
    assert draft._masked_pair("Use `lr` here.", "Usa `lr` aquí.") == ("Use `A` here.", "Usa `A` aquí.")
    # no memory: the prompt's fixed examples
    assert draft.shots_for(prompt, "x", "x", draft.Options(), {})[:len(prompt.shots)] == list(prompt.shots)


def test_no_kept_draft_breaks_the_glossary(gemma3):
    """The real model: whatever it writes, a kept draft uses the required form."""
    prompt = prompts.load("translate-es")
    terms = {"learning rate": "tasa de aprendizaje", "gradient": "gradiente"}
    for sentence in ["The learning rate controls the step.", "The gradient of the loss is zero."]:
        text, reason, _, _ = draft.translate_text(gemma3, prompt, sentence, draft.Options(max_tokens=64), terms)
        if text is not None:
            assert glossary.misses(sentence, text, terms) == []
        else:
            assert reason
