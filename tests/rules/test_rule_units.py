"""Unit tests: each QL2xx-QL5xx rule function on a flawed and a clean question."""

from __future__ import annotations

import copy

import pytest

from quizlint import i18n
from quizlint.rules import all_rules
from quizlint.i18n import normalize_choice
from quizlint.rules.base import FileContext, QuestionContext
from quizlint.rules.choice_set import parse_number
from quizlint.rules.key_statement import leading_key
from quizlint.rules.wording import ABSOLUTE, VAGUE, find_phrases, prose
from quizlint.rules.wording import stem as stem_word

RULES = all_rules()


def ctx(question: dict, languages=("en",), data: dict | None = None) -> QuestionContext:
    return QuestionContext(FileContext("quiz.yaml", data or {}, list(languages)), 0, question)


def run(code: str, question: dict, languages=("en",), **opts) -> list:
    r = RULES[code]
    merged = {**r.options, **opts}
    return list(r.func(ctx(question, languages), merged))


def single(*texts, key=0, stem="Which optimizer keeps an EMA of squared gradients?", kind="single", **extra):
    choices = [{"text": t} for t in texts]
    keys = key if isinstance(key, (list, tuple)) else [key]
    for k in keys:
        choices[k]["correct"] = True
    return {"id": "q-01", "kind": kind, "stem": stem, "choices": choices, **extra}


CLEAN = single("RMSProp", "AdaGrad", "Plain SGD")


# ---------------------------------------------------------------- QL2xx


def test_ql201_single_key_count():
    assert run("QL201", CLEAN) == []
    two = single("RMSProp", "AdaGrad", "SGD", key=[0, 1])
    (f,) = run("QL201", two)
    assert f.path == ("choices", 1, "correct") and "choices 1 and 2" in f.message
    none = single("RMSProp", "AdaGrad", "SGD", key=[])
    (f,) = run("QL201", none)  # reported once, not also as "no key"
    assert f.path == ("choices",) and f.at_key and "no correct choice" in f.message


def test_ql202_multi_key_count():
    ok = single("Adam", "RMSProp", "SGD", key=[0, 1], kind="multi")
    assert run("QL202", ok) == []
    assert "no correct choice" in run("QL202", single("A b", "C d", "E f", key=[], kind="multi"))[0].message
    assert "Every choice".lower() in run("QL202", single("Adam", "RMSProp", key=[0, 1], kind="multi"))[0].message
    assert run("QL202", CLEAN) == []  # single is QL201's


def test_ql203_true_false_answer():
    q = {"id": "q", "kind": "true_false", "stem": "Adam uses bias correction.", "answer": True}
    assert run("QL203", q) == []
    (f,) = run("QL203", {**q, "answer": "yes"})
    assert "'yes'" in f.message and "answer: true" in f.message
    (f,) = run("QL203", {k: v for k, v in q.items() if k != "answer"})
    assert "no answer" in f.message


def test_ql204_numeric_tolerance():
    q = {"id": "q", "kind": "numeric", "stem": "?", "answer": {"value": 1.937}}
    (f,) = run("QL204", q)
    assert f.at_key and f.path == ("answer",)
    for ok in ({"value": 1.9, "tolerance": 0.01}, {"value": 1.9, "rel_tolerance": 0.01},
               {"value": 15, "exact": True}):
        assert run("QL204", {**q, "answer": ok}) == []
    (f,) = run("QL204", {**q, "answer": {"value": 15, "exact": True, "rel_tolerance": 0.1}})
    assert "contradicts `rel_tolerance`" in f.message
    assert run("QL204", {**q, "answer": {"value": 15, "exact": False}})  # exact: false is no tolerance


def test_ql205_free_reference_answer():
    q = {"id": "q", "kind": "free", "stem": {"en": "What is an epoch?", "es": "¿Qué es una época?"},
         "answer": {"en": "One pass over the data.", "es": "Una pasada."}}
    assert run("QL205", q, ("en", "es")) == []
    (f,) = run("QL205", {**q, "answer": {"es": "Una pasada."}}, ("en", "es"))
    assert "no en (source language)" in f.message
    (f,) = run("QL205", {**q, "answer": "   "})
    assert "empty" in f.message


@pytest.mark.parametrize("text, want", [
    ("**Choice 2.** No projection", ("choices", [1], False)),
    ("**Choices 1, 2, 3.** Choice 4 is the coupled (wrong) version", ("choices", [0, 1, 2], False)),
    ("**Opción 2.** No hay", ("choices", [1], False)),
    ("Opciones 1, 2 y 3. La opción 4", ("choices", [0, 1, 2], False)),
    ("Answer: B", ("choices", [1], True)),
    ("**Answer: D.** Backprop", ("choices", [3], True)),
    ("**D)** Backpropagation", ("choices", [3], True)),
    ("(C) because", ("choices", [2], True)),
    ("The correct answer is C.", ("choices", [2], True)),
    ("Respuesta: A y C.", ("choices", [0, 2], True)),
    ("False. It replaces that", ("bool", False)),
    ("Verdadero: porque", ("bool", True)),
    ("Choice 4 is the coupled version", None),   # not a key statement
    ("A learning rate that is too large", None),
    ("Answer: a learning rate", None),
    ("Backpropagation efficiently computes", None),
])
def test_leading_key(text, want):
    got = leading_key(text)
    if got is not None and got[0] == "choices":
        got = ("choices", [i for _, i in got[1]], got[2])
    assert got == want


def _bilingual_single(en_expl, es_expl, key=1):
    q = single("Alpha one", "Beta two", "Gamma three", key=key)
    q["explanation"] = {"en": en_expl, "es": es_expl}
    return q


def test_ql206_explanation_key_mismatch():
    assert run("QL206", _bilingual_single("**Choice 2.** Yes.", "**Opción 2.** Sí."), ("en", "es")) == []
    (f,) = run("QL206", _bilingual_single("**Choice 2.** Yes.", "**Opción 3.** Sí."), ("en", "es"))
    assert f.path == ("explanation", "es") and "choice 3" in f.message and "choice 2" in f.message
    (f,) = run("QL206", _bilingual_single("**Answer: A.** Yes.", "**Respuesta: B.** Sí."), ("en", "es"))
    assert f.path == ("explanation", "en") and "choice A" in f.message and "choice B" in f.message
    (f,) = run("QL206", _bilingual_single("Choice 7. Yes.", "Opción 2. Sí."), ("en", "es"))
    assert "only 3 choices" in f.message
    # only the leading statement counts
    multi = single("a1 b", "a2 b", "a3 b", "a4 b", key=[0, 1, 2], kind="multi",
                   explanation="**Choices 1, 2, 3.** Choice 4 is the coupled (wrong) version.")
    assert run("QL206", multi) == []
    # no key at all is QL201's business, not a mismatch
    assert run("QL206", single("a b", "c d", "e f", key=[], explanation="**Choice 1.** x")) == []
    tf = {"id": "q", "kind": "true_false", "stem": "s", "answer": False, "explanation": "True. Because."}
    (f,) = run("QL206", tf)
    assert "opens with true" in f.message
    assert run("QL206", {**tf, "explanation": "False. Because."}) == []


def test_ql207_duplicate_choice():
    assert normalize_choice("  The learning-rate is TOO large! ") == normalize_choice("the learning rate is too large")
    assert run("QL207", single("The learning rate is too large.", "The batch size is too small.",
                               "The learning rate is too small.")) == []
    (f,) = run("QL207", single("The learning rate is too large.", "x y", "the learning-rate is TOO large"))
    assert f.path == ("choices", 2, "text") and "repeats choice 1" in f.message
    q = single({"en": "Adam", "es": "Adam"}, {"en": "RMSProp", "es": "Adam"}, {"en": "SGD", "es": "SGD"})
    (f,) = run("QL207", q, ("en", "es"))
    assert f.path == ("choices", 1, "text", "es") and "(es)" in f.message


# ---------------------------------------------------------------- QL3xx helpers


def test_whole_words_only():
    assert find_phrases("A heavy ball rolls overall.", ABSOLUTE["en"]) == []
    assert find_phrases("It is all wrong", ABSOLUTE["en"]) == ["all"]
    assert find_phrases("Nonetheless it is fine", ABSOLUTE["en"]) == []
    assert find_phrases("Sólo funciona a veces", ABSOLUTE["es"]) == ["Sólo"]
    assert find_phrases("Sólo funciona a veces", VAGUE["es"]) == ["a veces"]
    assert find_phrases("`x may be None` and $a_{all}$", VAGUE["en"] + ABSOLUTE["en"]) == []


def test_prose_blanks_math_and_code_keeping_positions():
    text = "Is $x$ not `y not` 3?"
    p = prose(text)
    assert len(p) == len(text) and "not" in p and p.count("not") == 1 and "$" not in p


def test_stem_and_numbers():
    assert stem_word("gradients", "en") == stem_word("gradient", "en")
    assert stem_word("computed", "en") == stem_word("compute", "en") == stem_word("computing", "en")
    assert stem_word("gradientes", "es") == stem_word("gradiente", "es")
    assert parse_number("$0.001$") == ((0.001, 0.001), "")
    assert parse_number("10 %") == ((10.0, 10.0), "%")
    assert parse_number("1,000") == ((1000.0, 1000.0), "")
    assert parse_number("100 to 1,000.") == ((100.0, 1000.0), "")
    assert parse_number("2 hours") == ((7200.0, 7200.0), "time") and parse_number("1TB")[1] == "data"
    assert parse_number("512 Unicode characters") == ((512.0, 512.0), "unicode characters")
    assert parse_number("about 10") == ((10.0, 10.0), "")  # "about", "over": how precise, still 10
    assert parse_number("a tenth") is None


# ---------------------------------------------------------------- QL3xx


def test_ql301_all_of_the_above():
    assert run("QL301", single("A ball", "All good things", "The overall rate")) == []
    (f,) = run("QL301", single("Adam", "RMSProp", "All of the above.", key=2))
    assert f.path == ("choices", 2, "text")
    q = single({"en": "Adam", "es": "Adam"}, {"en": "RMSProp", "es": "RMSProp"},
               {"en": "All of the above", "es": "Todas las anteriores"})
    (f,) = run("QL301", q, ("en", "es"))  # once, in the source language
    assert f.path == ("choices", 2, "text", "en")


def test_ql302_none_of_the_above():
    assert run("QL302", single("Nonetheless", "None-zero", "Adam")) == []
    assert len(run("QL302", single("Adam", "RMSProp", "None of the above"))) == 1
    (f,) = run("QL302", single({"en": "Adam", "es": "Adam"}, {"en": "RMSProp", "es": "RMSProp"},
                               {"en": "SGD", "es": "Ninguna de las anteriores"}), ("en", "es"))
    assert f.path == ("choices", 2, "text", "es") and "(es)" in f.message


def test_ql303_longest_key():
    long_key = "It avoids redundant calculations by reusing intermediate values from the forward pass."
    flawed = single("It uses less memory.", long_key, "It needs fewer examples.", key=1)
    (f,) = run("QL303", flawed)
    assert f.path == ("choices", 1, "text")
    assert run("QL303", flawed, ratio=10.0) == []
    assert run("QL303", single("It uses less memory.", long_key, key=1)) == []  # fewer than 3 choices
    assert run("QL303", single("SGD + momentum", "SGD", "Adam")) == []  # short options: no cue
    balanced = single("It recomputes every partial derivative from scratch for each weight.", long_key,
                      "It stores the full Jacobian of every layer to reuse it later on.", key=1)
    assert run("QL303", balanced) == []


def test_ql304_absolute_terms():
    flawed = single("When inputs outnumber outputs.", "Reverse mode is always faster.", "Never.")
    fs = run("QL304", flawed)
    assert [f.path for f in fs] == [("choices", 1, "text"), ("choices", 2, "text")]
    assert '"always"' in fs[0].message
    # the key uses an absolute too: the distractor's sweeping claim is still reported, the key is not
    fs = run("QL304", single("It never changes the weights.", "It always diverges.", "It converges."))
    assert [f.path for f in fs] == [("choices", 1, "text")]
    # "ball" is not "all"
    assert run("QL304", single("A rolling ball.", "A sliding block.", "A falling leaf.")) == []


def test_ql305_vague_terms():
    (f,) = run("QL305", single("The rate may be too large.", "The batch is too small.", "The model is deep."))
    assert '"may"' in f.message
    assert run("QL305", single("The rate is too large.", "Mayo clinic data", "The model is deep.")) == []
    (f,) = run("QL305", single({"en": "It diverges.", "es": "A veces diverge."}, {"en": "x y", "es": "x y"},
                               {"en": "z w", "es": "z w"}), ("en", "es"))
    assert f.path == ("choices", 0, "text", "es")


@pytest.mark.parametrize("stem_text, fires", [
    ("Which of these is not an adaptive optimizer?", True),
    ("Which optimizer isn't adaptive?", True),
    ("All of these adapt the step size, except?", True),
    # emphasis does not make a negative question positive (the rubric criterion)
    ("Which of these is NOT an adaptive optimizer?", True),
    ("Which of these is **not** an adaptive optimizer?", True),
    ("Which of these is *not* an adaptive optimizer?", True),
    ("What does `x is not None` check?", False),
    ("Which notation is standard for the gradient?", False),
])
def test_ql306_negative_stem(stem_text, fires):
    assert bool(run("QL306", single("a b", "c d", "e f", stem=stem_text))) is fires


def test_ql306_spanish_and_free_questions():
    q = single({"en": "x", "es": "x"}, {"en": "y", "es": "y"}, {"en": "z", "es": "z"},
               stem={"en": "Which keeps **no** state?", "es": "¿Cuál no guarda estado?"})
    (f,) = run("QL306", q, ("en", "es"))
    assert f.path == ("stem", "es")
    q["stem"]["es"] = "¿Cuál guarda estado?"
    assert run("QL306", q, ("en", "es")) == []
    free = {"id": "q", "kind": "free", "stem": "Why does this not raise?", "answer": "x"}
    assert run("QL306", free) == []


def test_ql307_word_repeat():
    flawed = single("The chain rule", "Bayes' theorem", "The law of large numbers",
                    stem="Backpropagation relies on which mathematical rule?")
    (f,) = run("QL307", flawed)
    assert '"rule"' in f.message and f.path == ("choices", 0, "text")
    clean = single("The chain rule", "Bayes' rule", "The product rule",
                   stem="Backpropagation relies on which mathematical rule?")
    assert run("QL307", clean) == []
    # stemming: "gradients" in the stem, "gradient" in the key, nowhere else
    stemmed = single("Averaging each gradient", "Taking the maximum", "Picking one at random",
                     stem="How are per-example gradients combined in a mini-batch?")
    assert '"gradient"' in run("QL307", stemmed)[0].message


def test_ql308_true_false_choices():
    (f,) = run("QL308", single("True", "False"))
    assert f.at_key and f.path == ("choices",)
    assert run("QL308", single("Yes.", "no", key=1))
    assert run("QL308", single("True", "False", "It depends on the data")) == []
    assert run("QL308", single("Trueno", "Falsetto")) == []
    q = single({"en": "True", "es": "Verdadero"}, {"en": "False", "es": "Falso"})
    assert len(run("QL308", q, ("en", "es"))) == 1


def test_ql309_numeric_order():
    assert run("QL309", single("0.01", "0.1", "0.001"))
    assert run("QL309", single("0.001", "0.01", "0.1")) == []
    assert run("QL309", single("$10$", "$5$", "$1$")) == []  # descending is fine
    assert run("QL309", single("10 GB", "1 GB", "5 GB"))
    assert run("QL309", single("1 MB", "5 GB", "1 TB")) == []  # units that convert are compared
    assert run("QL309", single("5GB", "1TB", "2TB", "500GB"))
    assert run("QL309", single("1 hour", "30 minutes", "5 minutes", "2 hours"))
    assert run("QL309", single("10 GB", "1 s", "5 GB")) == []  # other dimensions: not comparable
    assert run("QL309", single("1.", "5.", "Unlimited.", "10.")) == []  # in order, a catch-all among them
    assert run("QL309", single("2", "16", "4", "As many as you need"))
    assert run("QL309", single("1,000 to 100,000.", "100 to 1,000.", "1,000 to 10,000."))
    assert run("QL309", single("0.01", "a tenth", "0.001")) == []  # not all numbers
    assert run("QL309", single("0.01", "about 0.1", "0.001"))


def test_ql310_few_choices():
    (f,) = run("QL310", single("Reverse mode", "Forward mode"))
    assert "only 2 choices" in f.message
    assert run("QL310", CLEAN) == []
    assert run("QL310", single("Reverse mode", "Forward mode"), min_choices=2) == []
    assert run("QL310", single("True", "False")) == []  # QL308's


@pytest.mark.parametrize("stem_text, fires", [
    ("Momentum in gradient descent.", True),
    ("Adam and learning rates", True),
    ("What does momentum add to gradient descent?", False),
    ("Select the adaptive optimizers.", False),
    ("Consider a thin valley. Choose the best optimizer.", False),
    ("The optimizer that adapts step sizes is:", False),
    ("Adam combines momentum with ___.", False),  # a blank is QL314's
])
def test_ql311_unfocused_stem(stem_text, fires):
    assert bool(run("QL311", single("a b", "c d", "e f", stem=stem_text))) is fires


def test_ql311_spanish():
    q = single({"en": "x", "es": "x"}, {"en": "y", "es": "y"}, {"en": "z", "es": "z"},
               stem={"en": "Choose the adaptive one.", "es": "Elige el adaptativo."})
    assert run("QL311", q, ("en", "es")) == []
    q["stem"]["es"] = "El optimizador adaptativo."
    (f,) = run("QL311", q, ("en", "es"))
    assert f.path == ("stem", "es")


def test_ql312_combination_choice():
    fs = run("QL312", single("Alpha", "Beta", "A and B", "Both of the above", "1, 2 and 3 only", key=2))
    assert [f.path[1] for f in fs] == [2, 3, 4]
    assert run("QL312", single("A ball and a bat", "Both hands", "Adam and RMSProp")) == []


def test_ql313_article_cue():
    flawed = single("adaptive method", "second-order method", "schedule", stem="RMSProp is an")
    (f,) = run("QL313", flawed)
    assert '"an"' in f.message
    clean = single("an adaptive method", "a second-order method", "a schedule", stem="RMSProp is:")
    assert run("QL313", clean) == []
    all_fit = single("adaptive method", "optimizer", "exponential average", stem="RMSProp is an")
    assert run("QL313", all_fit) == []
    # letter-named acronyms take "an": all three fit
    assert run("QL313", single("MSE loss", "L1 loss", "RMSE loss", stem="Regression usually uses an")) == []
    assert run("QL313", single("MSE loss", "hinge loss", "log loss", stem="Regression usually uses an"))


def test_ql314_fill_in_the_blank():
    assert run("QL314", single("RMSProp", "Dropout", "Decay", stem="Adam combines momentum with ___."))
    assert run("QL314", single("RMSProp", "Dropout", "Decay", stem="What does `a___b` print?")) == []
    assert run("QL314", CLEAN) == []


# ---------------------------------------------------------------- QL4xx


def _tr(q: dict, lang="es", **state) -> dict:
    q = copy.deepcopy(q)
    q["translations"] = {lang: {"source": i18n.source_hash(q, "en"), "status": "reviewed", **state}}
    return q


BI = _tr({
    "id": "q-01", "kind": "free",
    "stem": {"en": "Why divide $m_t$ by $1 - \\beta_1^t$ in the first 10 steps?",
             "es": "¿Por qué dividir $m_t$ entre $1 - \\beta_1^t$ en los 10 primeros pasos?"},
    "answer": {"en": "Because `m_0 = 0` biases it toward zero.",
               "es": "Porque `m_0 = 0` la sesga hacia cero."},
})
LANGS = ("en", "es")


def test_clean_bilingual_question_passes_every_translation_rule():
    for code in ("QL401", "QL403", "QL404", "QL405", "QL406", "QL407", "QL501"):
        assert run(code, BI, LANGS) == [], code


def test_ql401_missing_translation():
    q = copy.deepcopy(BI)
    q["explanation"] = "Adam's bias correction."
    q["answer"] = {"en": "Because."}
    fs = run("QL401", q, LANGS)
    assert {f.path for f in fs} == {("answer",), ("explanation",)}
    assert all(f.at_key and "no es translation" in f.message for f in fs)
    assert run("QL401", {"id": "q", "kind": "free", "stem": "x", "answer": "y"}) == []  # monolingual


def test_ql402_missing_title_translation():
    r = RULES["QL402"]
    f = FileContext("q.yaml", {"title": "Phase 4"}, ["en", "es"])
    (finding,) = r.func(f, {})
    assert finding.path == ("title",) and "no es" in finding.message
    assert list(r.func(FileContext("q.yaml", {"title": {"en": "a", "es": "b"}}, ["en", "es"]), {})) == []
    assert list(r.func(FileContext("q.yaml", {"title": "Phase 4"}, ["en"]), {})) == []


def test_ql403_untranslated_text():
    q = copy.deepcopy(BI)
    q["answer"]["es"] = q["answer"]["en"]
    (f,) = run("QL403", q, LANGS)
    assert f.path == ("answer", "es")
    q["answer"] = {"en": "Adam + SGD", "es": "Adam + SGD"}  # short: fine
    assert run("QL403", q, LANGS) == []
    q["answer"] = {"en": "$p_i - y_i$ and `x.grad` 10", "es": "$p_i - y_i$ and `x.grad` 10"}
    assert run("QL403", q, LANGS) == []


def test_ql404_protected_span_mismatch():
    q = copy.deepcopy(BI)
    q["stem"]["es"] = "¿Por qué dividir $m_t$ entre $1 - \\beta^t$ en los diez primeros pasos?"
    (f,) = run("QL404", q, LANGS)
    assert f.path == ("stem", "es")
    assert "missing $1 - \\beta_1^t$, 10" in f.message and "extra $1 - \\beta^t$" in f.message
    q["stem"]["es"] = "¿En los 10 primeros pasos, por qué dividir $m_t$ entre $1  -  \\beta_1^t$?"
    assert run("QL404", q, LANGS) == []  # order and spacing inside a span do not matter


def test_ql405_stale_translation():
    q = copy.deepcopy(BI)
    q["stem"]["en"] += " Explain."
    (f,) = run("QL405", q, LANGS)
    assert f.path == ("translations", "es", "source")
    assert "`quizlint stamp q-01 --lang es`" in f.message
    q["translations"]["es"]["source"] = "00000000"
    assert "placeholder" in run("QL405", q, LANGS)[0].message
    del q["translations"]["es"]["source"]
    (f,) = run("QL405", q, LANGS)
    assert f.path == ("translations", "es") and f.at_key
    # re-wrapping the source text does not make the translation stale
    q = copy.deepcopy(BI)
    q["stem"]["en"] = q["stem"]["en"].replace(" by ", "\n  by  ")
    assert run("QL405", q, LANGS) == []


def test_ql406_unreviewed_translation():
    q = copy.deepcopy(BI)
    del q["translations"]
    (f,) = run("QL406", q, LANGS)
    assert "`quizlint stamp q-01 --lang es`" in f.message and f.at_key
    mono = {"id": "q", "kind": "free", "stem": "x", "answer": "y"}
    assert run("QL406", mono, LANGS) == []  # carries no es text: QL401's business


def test_ql407_undeclared_language():
    q = copy.deepcopy(BI)
    q["stem"]["sp"] = "¿...?"
    q["translations"]["en"] = {"status": "reviewed"}
    fs = run("QL407", q, LANGS)
    assert {f.path for f in fs} == {("stem", "sp"), ("translations", "en")}


# ---------------------------------------------------------------- QL5xx


def test_ql501_draft():
    q = single("Adam", "RMSProp", "SGD")
    assert run("QL501", q) == []
    q["choices"][2].update(status="draft", origin={"by": "qwen2.5-7b", "at": "2026-11-21"})
    q["status"] = "draft"
    q["translations"] = {"es": {"status": "draft"}}
    fs = run("QL501", q)
    assert [f.path for f in fs] == [("status",), ("choices", 2, "status"), ("translations", "es", "status")]
    assert all(f.at_key for f in fs)
    assert fs[1].message == (
        "draft choice written by qwen2.5-7b: review it with `quizlint review q-01` (accept, edit or "
        "reject), or delete the `status: draft` line")
    assert "of unknown origin" in fs[0].message and "status: reviewed" in fs[2].message


# ---------------------------------------------------------------- what @rule declares


def test_kinds_keep_a_rule_to_its_question_kinds():
    flawed = single("Adam", "RMSProp", "All of the above", key=2)
    assert run("QL301", flawed)
    assert run("QL301", {**flawed, "kind": "free"}) == []
    assert run("QL201", {**single("a b", "c d", "e f", key=[0, 1]), "kind": "multi"}) == []


def test_a_per_language_rule_reports_each_place_once_in_the_first_language():
    q = single({"en": "Adam", "es": "Adam"}, {"en": "It may diverge", "es": "A veces diverge"},
               {"en": "It may stall", "es": "Se detiene"})
    fs = run("QL305", q, ("en", "es"))  # choice 2 in en (not again in es), choice 3 in en
    assert [f.path for f in fs] == [("choices", 1, "text", "en"), ("choices", 2, "text", "en")]
    assert [f.path for f in run("QL305", q, ("es", "en"))] == [("choices", 1, "text", "es"),
                                                              ("choices", 2, "text", "en")]


def test_a_rule_declared_once_reports_the_question_once():
    # QL307: the key repeats the stem in both languages; it is reported once, in the first language
    q = single({"en": "Gradient clipping", "es": "Recorte del gradiente"},
               {"en": "Momentum averaging", "es": "Métodos de momento"},
               {"en": "Weight decay", "es": "Decaimiento"},
               stem={"en": "Which gradient trick helps?", "es": "¿Qué truco del gradiente ayuda?"})
    (f,) = run("QL307", q, ("en", "es"))
    assert f.path == ("choices", 0, "text", "en")
    (f,) = run("QL307", q, ("es", "en"))
    assert f.path == ("choices", 0, "text", "es")
