"""Each draft filter on its own."""

from quizlint.suggest import filters as f


def test_equal_to_key_after_normalization():
    assert f.equals_key("  rmsprop. ", ["RMSProp"]) == "equal to the key"
    assert f.equals_key("$x + x$", ["2*x"]) == "mathematically equal to the key"
    assert f.equals_key("(a+b)^2", ["a**2 + 2*a*b + b**2"]) == "mathematically equal to the key"
    assert f.equals_key("Averaging the gradient of each example.", ["Averaging the gradients of each example."])
    assert f.equals_key("2*x + 1", ["2*x"]) is None
    assert f.equals_key("Adam", ["RMSProp"]) is None


def test_math_never_evaluates_text():
    assert f.to_sympy("__import__('os').system('true')") is None
    assert f.to_sympy("2**10**10") is None          # refused, not computed
    assert f.to_sympy("x.real") is None
    assert f.to_sympy("x ** 2 + y") is not None


def test_existing_duplicates_and_order():
    kept, dropped = f.filter_distractors(
        ["Plain SGD", "AdaGrad", "adagrad", "Nesterov momentum", "RMSProp"],
        keys=["RMSProp"], options=["RMSProp", "Plain SGD"])
    assert kept == ["AdaGrad", "Nesterov momentum"]
    assert dropped == [("Plain SGD", "equal to an existing option"), ("adagrad", "duplicate"),
                       ("RMSProp", "equal to the key")]


QUESTION = {"id": "q-1", "kind": "single", "stem": "Which optimizer adapts the step per parameter?",
            "choices": [{"text": "RMSProp", "correct": True}, {"text": "Plain SGD"}, {"text": "SGD with momentum"}]}


def test_a_kept_distractor_never_trips_a_rule_check_reports():
    # each of these was kept by the old regex filter and then flagged by `check`
    flawed = {"All of these": "QL301", "None of them": "QL302", "Both": "QL312",
              "A and B": "QL312", "It may diverge": "QL305"}
    kept, dropped = f.filter_distractors(list(flawed), ["RMSProp"], ["RMSProp", "Plain SGD"],
                                         question=QUESTION, lang="en")
    assert kept == []
    assert [(c, r.split()[2]) for c, r in dropped] == list(flawed.items())
    assert dropped[0][1] == "would trip QL301 (all-of-the-above)"
    kept, _ = f.filter_distractors(["AdaGrad", "Above the minimum"], ["RMSProp"], [], question=QUESTION)
    assert kept == ["AdaGrad", "Above the minimum"]
    es = dict(QUESTION, stem="¿Qué optimizador adapta el paso por parámetro?")
    kept, dropped = f.filter_distractors(["Todas las anteriores", "AdaGrad"], ["RMSProp"], [], question=es, lang="es")
    assert kept == ["AdaGrad"] and dropped[0][1].startswith("would trip QL301")


def test_every_kept_distractor_passes_check():
    from quizlint.rules import question_findings

    cands = ["AdaGrad", "Nesterov momentum", "All of the above", "Usually Adam", "AdaGrad and Adam"]
    kept, _ = f.filter_distractors(cands, ["RMSProp"], [], question=QUESTION)
    q = dict(QUESTION, choices=QUESTION["choices"] + [{"text": c} for c in kept])
    before = {r.code for r, _ in question_findings(QUESTION, ["en"], prefixes=("QL2", "QL3"))}
    assert {r.code for r, _ in question_findings(q, ["en"], prefixes=("QL2", "QL3"))} <= before
    assert kept == ["AdaGrad", "Nesterov momentum", "AdaGrad and Adam"]


def test_the_gate_follows_the_config():
    from quizlint.config import Config

    quiet = Config(ignore=("QL305",))
    kept, _ = f.filter_distractors(["It may diverge"], ["RMSProp"], [], question=QUESTION, config=quiet)
    assert kept == ["It may diverge"]


def test_length_cues():
    key = "Randomly zeroing units stops co-adaptation."
    assert f.too_long("x" * 200, [key]) == "far longer than the key"
    assert f.too_long("Dropout rescales the learning rate.", [key]) is None
    assert f.too_short("Yes", [key]) == "far shorter than the key"
    assert f.too_short("$/$", ["Zero"]) == "no words or numbers"


def test_copied_examples_dropped():
    kept, dropped = f.filter_distractors(["$\\sigma(x)^2$"], ["$p_i - y_i$"], [], {"$\\sigma(x)^2$"})
    assert kept == [] and dropped[0][1] == "copied from the prompt's examples"


def test_translation_must_keep_math_code_numbers():
    src = "Divide by 10 every 30 epochs and use $\\eta$ in `lr`."
    assert f.check_translation(src, "Divide por 10 cada 30 épocas y usa $\\eta$ en `lr`.") is None
    assert "missing 30" in f.check_translation(src, "Divide por 10 cada 3 épocas y usa $\\eta$ en `lr`.")
    assert "missing $\\eta$" in f.check_translation(src, "Divide por 10 cada 30 épocas y usa eta en `lr`.")


def test_translation_loops_untranslated_truncated():
    src = "The regression of the function is computed."
    assert f.looping(src, "La regresión de la función de la función de la función de la función") == \
        "repeats itself (loop)"
    assert f.untranslated(src, src).startswith("untranslated")
    assert f.untranslated(src, "The regression of the function is computed") .startswith("untranslated")
    assert f.untranslated(src, "The regresión of the function is computada.").startswith("untranslated")
    assert f.untranslated("Adam", "Adam") is None    # names may stay
    assert f.bad_length(src, "La").startswith("truncated")
    assert f.check_translation(src, "Se calcula la regresión de la función.") is None


def test_sentences_never_split_inside_math():
    from quizlint.suggest.draft import split_sentences

    assert split_sentences("**Answer: D.** Too large. Use $x. Y$ here.\nDone.") == \
        ["**Answer: D.**", "Too large.", "Use $x. Y$ here.", "Done."]


def test_mask_and_unmask_math_and_code():
    from quizlint.suggest.draft import mask, unmask

    src = "Use $\\alpha$ with `lr` 10 times, not $A$."
    masked, mapping = mask(src)
    assert masked == "Use $B$ with `C` 10 times, not $D$."   # $A$ is taken by the source
    assert unmask("Usa $B$ con `C` 10 veces, no $D$.", mapping) == \
        ("Usa $\\alpha$ con `lr` 10 veces, no $A$.", None)
    assert "lost" in unmask("Usa $B$ con 10 veces, no $D$.", mapping)[1]
    assert "repeated" in unmask("$B$ $B$ `C` $D$", mapping)[1]


def test_true_false_must_survive():
    assert f.truth_changed("False. These target $d$.", "True. Estos apuntan a $d$.") == "'false' not kept"
    assert f.truth_changed("True or False: x", "Verdadero o falso: x") is None
    assert f.truth_changed("No truth words here.", "Nada.") is None


def test_a_draft_check_would_call_a_duplicate_is_dropped():
    # QL207 ignores inner punctuation; the filter must agree, or review would add an error
    assert f.equals_existing("The learning-rate is too large", ["the learning rate is too large!"])
    assert f.equals_existing("Adam", ["RMSProp"]) is None


def test_the_translation_filter_and_ql403_ql404_agree():
    # one definition of a faithful translation: the filter asks the rules' own tests
    from quizlint.rules.translations import span_mismatch, untranslated

    pairs = [("Use $a  + b$ here, 3 times.", "Usa $a + b$ aquí, 3 veces."),   # spaces inside math
             ("Use $a + b$ here.", "Usa $a - b$ aquí."),
             ("Divide by 10 now.", "Divide por 10 ahora."),
             ("Divide by 10 now.", "Divide por diez ahora.")]
    for src, out in pairs:
        assert (f.spans_kept(src, out) is None) == (span_mismatch(src, out) is None), (src, out)
    same = "The learning rate is too large."
    assert untranslated(same, same, 2) and f.untranslated(same, same)
