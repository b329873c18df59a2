"""The false-alarm patterns of issue 11, each as a reduced example of our own.

Every test pairs what a rule must no longer say (the false alarm) with a
true hit it must keep, so a rule that simply stopped firing fails too.
"""

from __future__ import annotations

import pytest

from quizlint.i18n import looks_like_code, normalize_choice
from quizlint.rules import all_rules
from quizlint.rules.base import FileContext, QuestionContext
from quizlint.rules.choice_set import is_combination
from quizlint.rules.item_flaws import absolutes, hedges
from quizlint.rules.stem_flaws import negative_word
from quizlint.rules.wording import has_blank

RULES = all_rules()


def run(code: str, question: dict) -> list:
    r = RULES[code]
    return list(r.func(QuestionContext(FileContext("q.yaml", {}, ["en"]), 0, question), dict(r.options)))


def q(stem: str, *choices: str, key: int = 0) -> dict:
    cs = [{"text": c} for c in choices]
    cs[key]["correct"] = True
    return {"id": "q-1", "kind": "single", "stem": stem, "choices": cs}


# ------------------------------------------------------------------ code compared as code (QL207)

@pytest.mark.parametrize("a, b", [
    ("(a; b)", "(( a; b ))"),
    ("&buf[n + 1]", "&buf[n - 1]"),
    ("p.x", "*p.x"),
    ("x = 1", "x := 1"),
    ("ls -a", "ls -A"),
    ("n:1..10", "n:1,10"),
    ("?? x", "? x"),
    ("data", "Data"),           # a one-word value keeps its case
    ("NULL, TRUE", "null, true"),  # so does a short list of values
])
def test_code_and_values_compare_exactly(a, b):
    assert normalize_choice(a) != normalize_choice(b)


def test_prose_still_compares_loosely():
    assert normalize_choice("  The learning-rate is TOO large! ") == normalize_choice(
        "the learning rate is too large")
    assert looks_like_code("`x`") and not looks_like_code("The batch is too small.")


def test_ql207_code_outputs_and_placeholders():
    shown = "What does this print?\n\n```python\nprint('Hi' + '!')\n```"
    assert run("QL207", q(shown, "Hi", "Hi!", "Error")) == []
    assert run("QL207", q("Which layer is shown in the figure?", "&shy;", "&shy;", "Dense")) == []
    assert run("QL207", q("What does `upper('ab')` return?", "Ab Cd Ef Gh", "AB CD EF GH", "ab")) == []
    (f,) = run("QL207", q("Which optimizer adapts the step size?", "Adam", "SGD", "Adam"))
    assert f.path == ("choices", 2, "text")


# ------------------------------------------------------------------ negation in the question clause (QL306)

@pytest.mark.parametrize("stem", [
    "The bias need not be set. Which layer normalizes its input?",
    'What does the error "x is not defined" mean?',
    "Which feature is allowed in Python but not in C?",
    "If the loss does not drop, what should you lower first?",
    "What does `x is not None` check?",
    "Why doesn't this loop stop?",
    "True or False: momentum speeds up descent.",
    "What is a false positive?",
    "This code does not run. What is wrong?",
    "Which mode hides the cursor, except when the mouse moves?",
    "True or False: without a scheduler you cannot decay the learning rate.",
    "How can you group runs by state (e.g., not started, running, done)?",
    "Which setting keeps the weights (i.e., values that are not frozen) in fp32?",
    "The [...] role can change every setting, except the billing account.",
])
def test_negation_outside_the_question_is_no_negative_stem(stem):
    assert negative_word(stem, "en") is None


@pytest.mark.parametrize("stem, word", [
    ("Which of these is not an optimizer?", "not"),
    ("Which of these is NOT an optimizer?", "NOT"),
    ("All of these are optimizers EXCEPT:", "EXCEPT"),
    ("Which statement is false?", "false"),
    ("Which one is incorrect?", "incorrect"),
    ("Point out the wrong statement.", "wrong"),
    ("Which layer cannot be frozen?", "cannot"),
    ("Which choice is `not` a loss?", "not"),
    ("Which option would **not** converge?\n![plot](img.png?raw=true)", "not"),
    ("Every layer below has weights except ___.", "except"),
    ("Which are optimizers, except one?", "except"),
])
def test_negative_questions_in_every_form(stem, word):
    assert negative_word(stem, "en")[0] == word


# ------------------------------------------------------------------ blanks in all forms (QL311, QL314)

@pytest.mark.parametrize("stem", [
    "Weight decay is \\_.",
    "Dropout is applied \\_\\_\\_\\_ training.",
    "Using `___` you can freeze a layer.",
    "A layer's output is ( ) its input.",
    "Adam combines momentum with ___.",
    "What goes in the blank?",
    "Import it from the `torch._` module.",
    "The **\\_** layer normalizes activations.",
    "Warm-up lasts at least [...] steps.",
    "[...] is the optimizer that keeps two moments.",
    "Dropout rate is a ** for dense layers and a ** for attention.",
])
def test_blanks_in_every_form(stem):
    assert has_blank(stem)
    assert run("QL311", q(stem, "a b", "c d", "e f")) == []
    assert run("QL314", q(stem, "a b", "c d", "e f"))


def test_not_blanks():
    assert not has_blank("Is `snake_case` or `__init__` a name?")
    assert not has_blank("What does `a___b` print?")
    assert not has_blank("A field of type YEAR(4) holds what?")  # digits are not a blank
    assert not has_blank("The model has four (4) layers. Which one is last?")


def test_unfocused_stem_keeps_true_hits():
    assert run("QL311", q("Adam is designed to be an optimizer.", "a b", "c d", "e f"))
    assert run("QL311", q("The softmax layer", "a b", "c d", "e f"))
    # a question without its `?`, an instruction, a sentence left open, true/false
    for stem in ("What is the difference between Adam and SGD", "Point out the wrong statement.",
                 "Declare a tensor of four zeros", "We run Adam. Please select the best warm-up.", "We train on 8 GPUs. You want to minimize the cost.", "Early stopping is a form of",
                 "The loss is convex."):
        choices = ("True", "False") if stem == "The loss is convex." else ("a b", "c d", "e f")
        assert run("QL311", q(stem, *choices)) == [], stem


# ------------------------------------------------------------------ labels, definitions, scoping (QL304)

def test_labels_definitions_and_scoping_are_not_absolutes():
    assert absolutes("Press Save All.", "en") == []
    assert absolutes("Show Hidden Only.", "en") == []
    assert absolutes("It is unique across all layers of the model.", "en") == []
    assert absolutes("It lists all checkpoints.", "en") == []
    assert absolutes("Set `all_reduce` to true.", "en") == []
    assert absolutes("nothing", "en") == []          # a program's output
    assert absolutes("All of the hidden layers", "en") == []  # a value, no claim


def test_sweeping_absolutes_stay():
    assert absolutes("It always converges.", "en") == ["always"]
    assert absolutes("All layers are frozen.", "en") == ["All"]
    assert absolutes("It can only run once.", "en") == ["only"]
    assert absolutes("Never.", "en") == ["Never"]
    stem = "When is reverse mode preferred?"
    assert run("QL304", q(stem, "With many inputs and one output.", "It is always faster.", "Rarely."))
    # the key uses such a word too: the distractor's sweeping claim is still a flaw
    assert run("QL304", q(stem, "Only with many inputs.", "It is always faster.", "Rarely."))
    assert absolutes("Only in one region.", "en") == ["Only"]  # a short "Only ..." choice claims
    assert absolutes("Only", "en") == [] and absolutes("Only once", "en") == []
    statement = {"id": "q-1", "kind": "true_false", "stem": "Adam always converges faster than SGD.", "answer": False}
    (f,) = run("QL304", statement)
    assert f.path == ("stem",) and '"always"' in f.message
    assert run("QL304", q("All layers are frozen during fine-tuning.", "Yes", "No", key=1))  # Yes/No: the same
    assert run("QL304", {**statement, "stem": "Adam keeps a running mean of the gradients."}) == []
    required = "How do you make sure that only the trainer can read the checkpoints?"
    assert run("QL304", q(required, "A bucket policy for the trainer's role",
                          "A firewall so that only the trainer's subnet can reach the bucket")) == []


# ------------------------------------------------------------------ choice labels vs values (QL312)

def test_choice_labels_versus_values():
    assert not is_combination("1,2,3", "What does this print?")
    assert not is_combination("A and D", "What does it print?\n\n```python\nprint('A'); print('D')\n```")
    assert not is_combination("Both layers are frozen", "")
    assert is_combination("1, 3", "Which hold?\n1. Adam adapts\n2. SGD adapts\n3. AdaGrad adapts")
    for text in ("1 and 3 only", "A, B, C", "Both of these answers", "I and III", "A,B,C are correct",
                 "Both A and B", "(1) and (3)"):
        assert is_combination(text, ""), text


# ------------------------------------------------------------------ "may" of permission (QL305)

def test_may_of_permission_is_no_hedge():
    assert hedges("You may omit the bias.", "en") == []
    assert hedges("It may be resized later.", "en") == []
    assert hedges("The input may be a list or a tuple.", "en") == []
    assert hedges("The rate may be too large.", "en") == ["may"]


# ------------------------------------------------------------------ all / none of the above, every wording

@pytest.mark.parametrize("text", [
    "All of the above", "All of these answers", "All of the choices are correct", "all of the mentioned",
    "By using all of the above", "All of them.",
])
def test_all_of_the_above_wordings(text):
    assert run("QL301", q("Which optimizers adapt the step size?", "Adam", "RMSProp", text, key=2))


@pytest.mark.parametrize("text", [
    "None of the above", "None of these answers", "Neither of these answers", "none of the mentioned",
    "None of these -- it needs a GPU", "None of these is correct",
])
def test_none_of_the_above_wordings(text):
    assert run("QL302", q("Which optimizer adapts the step size?", "SGD", "Momentum", text, key=2))


def test_a_bare_none_is_a_value_unless_the_stem_picks_among_the_options():
    code = "What does this return?\n\n```python\ndef f(): pass\n```"
    assert run("QL302", q(code, "None", "0", "An error")) == []
    assert run("QL302", q("What does the layer return when it is empty?", "None", "0", "[]")) == []
    assert run("QL302", q("Which of these layers have weights?", "Dense", "ReLU", "None"))


# ------------------------------------------------------------------ "both", and choices that point at the list
# (from the blind labels: "both" of exactly two options is all of the above, not a combination)

@pytest.mark.parametrize("text", ["All of the items listed", "Using all these methods",
                                  "All of the things listed here will warm up the learning rate."])
def test_choices_that_point_at_the_whole_list(text):
    assert run("QL301", q("How can you warm up the learning rate?", "A linear ramp", "A cosine ramp", text))


def test_a_long_statement_about_all_is_not_all_of_the_above():
    assert run("QL301", q("What does weight decay do?", "It shrinks the weights a little at every step, "
                          "so all of the weights listed in the optimizer decay", "It clips gradients")) == []


@pytest.mark.parametrize("both", ["Both of the above", "both of these answers", "Both"])
def test_both_of_two_options_is_all_of_the_above(both):
    two = q("Which optimizer adapts its step size per weight?", "Adam", "RMSProp", both, "None of the above", key=2)
    assert run("QL301", two) and run("QL312", two) == []
    three = q("Which optimizers adapt their step size?", "Adam", "RMSProp", "SGD", both, key=3)
    assert run("QL312", three) and run("QL301", three) == []


def test_both_by_label_is_a_combination_and_a_bare_both_can_be_the_answer():
    assert run("QL312", q("Which optimizer is adaptive?", "Adam", "RMSProp", "Both A and B", key=2))
    either = q("Is this overloading or overriding?", "neither", "both", "overloading", "overriding", key=1)
    assert run("QL301", either) == [] and run("QL312", either) == []


def test_both_of_two_other_choices_named_in_words_is_a_combination():
    spot = q("Which nodes can run on spot instances?", "The head node", "Any of the worker nodes",
             "Any of the parameter-server nodes", "Both worker and parameter-server nodes", key=1)
    assert [f.path[1] for f in run("QL312", spot)] == [3]
    assert run("QL312", q("What does early stopping watch?", "The training loss", "The learning rate",
                          "Both the validation loss and its trend", "The batch size")) == []


def test_choices_joined_with_only_are_a_combination():
    who = q("Which runs can be resumed?", "run1 only", "run2 only", "run1 and run2 only", "Run1, run2, and run3",
            "run3 only")
    assert [f.path[1] for f in run("QL312", who)] == [2, 3]


def test_a_choice_made_of_other_choices_is_a_combination():
    joined = q("Which names are exported?", "Limit", "none of these", "Limit and count", "count")
    assert [f.path[1] for f in run("QL312", joined)] == [2]
    assert run("QL312", q("What does the model output?", "Scores", "Probabilities", "Scores and labels")) == []


# ------------------------------------------------------------------ word repeats: the question, not the scenario (QL307)

def test_a_question_run_on_from_a_background_sentence_is_its_own_clause():
    run_on = "The team does not want to buy new GPUs What is the cheapest way to train the model?"
    assert run("QL306", q(run_on, "Rent spot instances", "Buy GPUs", "Train on CPUs")) == []
    assert run("QL306", q(run_on.replace("What is the cheapest", "Which is not a cheap"), "Rent spot instances",
                          "Buy GPUs", "Train on CPUs"))


def test_word_repeat_reads_the_question_clause_only():
    scenario = "Your team trains a transformer on a cluster. Which setting lowers the peak memory?"
    assert run("QL307", q(scenario, "Checkpoint the transformer blocks", "A longer warm-up", "A larger batch")) == []
    assert run("QL307", q(scenario.replace(". Which", ", which"), "Checkpoint the transformer blocks",
                          "A longer warm-up", "A larger batch"))  # one sentence: the word is the question's
    clang = "Which rule computes gradients through nested functions?"
    assert run("QL307", q(clang, "The chain rule", "Bayes' theorem", "The law of large numbers"))


def test_word_repeat_reads_the_names_in_code_and_needs_a_single_key():
    named = "What does the `learning_rate` argument of `fit()` set?"
    assert run("QL307", q(named, "The step size of each update, as a rate", "The batch size", "The epochs"))
    assert run("QL307", q(named, "The step size of each update", "The batch size", "The epochs")) == []
    several = {"id": "q-1", "kind": "multi", "stem": "Which rules compute gradients?",
               "choices": [{"text": "The chain rule", "correct": True}, {"text": "Reverse-mode autodiff", "correct": True},
                           {"text": "Bayes' theorem"}]}
    assert run("QL307", several) == []  # among several keys one shared word is no cue


def test_wording_examples():
    import doctest

    from quizlint.rules import item_flaws, wording
    for module in (wording, item_flaws):
        assert doctest.testmod(module).failed == 0 and doctest.testmod(module).attempted >= 1, module


# ------------------------------------------------------------------ a goal that is never stated (QL311)

def test_a_solution_item_cut_from_its_case_is_unfocused():
    cut = "Solution: You lower the learning rate to 1e-4. Does this meet the goal?"
    (f,) = run("QL311", q(cut, "Yes", "No"))
    assert "never states the goal" in f.message
    stated = ("You need the validation loss to stop rising after epoch 3. Solution: You lower the "
              "learning rate. Does this meet the goal?")
    assert run("QL311", q(stated, "Yes", "No")) == []
    offered = "Solution: You lower the learning rate so that the loss stops rising."
    assert run("QL311", q(offered, "Yes", "No"))  # no goal, no question: only what was done
    assert run("QL311", q("What should you include in the recommendation?", "a b", "c d", "e f"))
    listed = ("You need a checkpoint store that meets the following requirements: \u2022 keeps three copies "
              "\u2022 survives a zone outage What should you include in the recommendation?")
    assert run("QL311", q(listed, "a b", "c d", "e f")) == []  # the goal, before a colon
    assert run("QL311", q("You need a GPU cluster that costs under $5 an hour. Solution: You rent spot "
                          "instances and make sure they stop overnight. Does this meet the goal?", "Yes", "No")) == []
    assert run("QL311", q("Our cluster has 8 GPUs, a shared disk and a queue. Which schedule would let "
                          "the jobs finish overnight and meet the requirements?", "a b", "c d", "e f")) == []


# ------------------------------------------------------------------ a label cut from an exhibit (QL311)

@pytest.mark.parametrize("stem", ["Optimizer:", "Learning-rate schedule to use:", "Checkpoint storage [...]:",
                                  "For the validation split [...]:"])
def test_a_stem_that_is_only_a_label_is_unfocused(stem):
    (f,) = run("QL311", q(stem, "Adam", "SGD", "RMSprop"))
    assert "only a label" in f.message


@pytest.mark.parametrize("stem", ["The softmax layer goes after:", "To pick the learning rate, use [...]:",
                                  "Select the optimizer:", "What's the output of this code:",
                                  "Refactor this loop to a comprehension:\n\n```python\nfor x in xs: ys.append(x)\n```"])
def test_a_sentence_to_complete_or_an_instruction_is_not_a_label(stem):
    assert run("QL311", q(stem, "Adam", "SGD", "RMSprop")) == []


# ------------------------------------------------------------------ a part to replace is a blank (QL314)

def test_an_answer_choice_slot_is_a_blank():
    assert has_blank("After 6 epochs the scheduler has run [answer choice] warm-up steps.")
    assert has_blank("The loss is [answer].") and not has_blank("See [the answer key](key.md).")


def test_a_statement_with_a_part_to_replace_is_unfocused_not_a_blank():
    stem = "To stop overfitting early, you should add [dropout] to the training loop."
    choices = ("No change is needed.", "early stopping", "a larger batch")
    assert run("QL314", q(stem, *choices, key=1)) == []
    assert run("QL311", q(stem, *choices, key=1))


# ------------------------------------------------------------------ numbered names are a sequence (QL309)

def test_numbered_names_are_a_sequence():
    assert run("QL309", q("Which checkpoint has the lowest loss?", "ckpt1", "ckpt3", "ckpt2"))
    assert run("QL309", q("Which checkpoint has the lowest loss?", "ckpt1", "ckpt2", "ckpt3")) == []
    assert run("QL309", q("Which model is smallest?", "GPT2", "ResNet50", "VGG16")) == []  # different names


# ------------------------------------------------------------------ trivia's clues, a new genre (round 5)

@pytest.mark.parametrize("stem", [
    "This optimizer keeps a running mean of the squared gradients.",
    "Backpropagation was popularised in this decade.",
    "One of these optimizers does not adapt its step size.",
    "This researchers 1986 paper made backpropagation famous. He later won a Turing Award.",
])
def test_a_clue_that_names_what_is_asked_is_a_focused_stem(stem):
    assert run("QL311", q(stem, "Adam", "SGD", "RMSprop")) == []


def test_a_demonstrative_that_points_back_is_no_clue():
    assert run("QL311", q("You train a model named M1 on the logs. This model overfits.",
                          "Add dropout", "Add layers", "Train longer"))
    assert run("QL311", q("Momentum in gradient descent.", "Adam", "SGD", "RMSprop"))


def test_the_clue_sentence_is_the_question_clause():
    stem = "This optimizer adapts each step size. It was criticised for not converging on simple problems."
    assert negative_word(stem, "en") is None
    assert negative_word("This optimizer does not adapt its step size. It was published in 2014.", "en")


def test_a_statement_to_judge_asks_nothing_negatively():
    assert run("QL306", q("Adam does not use bias correction.", "True", "False", key=1)) == []
    assert run("QL306", q("Which optimizer does not use bias correction?", "Adam", "SGD", "Nadam", key=1))


def test_a_negative_inside_a_title_or_a_described_event_is_not_the_question():
    assert negative_word("Which band recorded You Never Converge Alone in 1995?", "en") is None
    assert negative_word("In what year was the benchmark set in which no model ever passed?", "en") is None
    assert negative_word("Which band did NOT record You Never Converge Alone?", "en")
    assert negative_word("In which year was the benchmark not run?", "en")


def test_neither_and_both_beside_two_options_are_none_and_all_of_them():
    choices = ("Adam", "Neither", "Both", "RMSprop")
    stem = "This optimizer divides by a running mean of squared gradients."
    (both,) = run("QL301", q(stem, *choices, key=2))
    (neither,) = run("QL302", q(stem, *choices, key=2))
    assert both.path == ("choices", 2, "text") and neither.path == ("choices", 1, "text")
    assert run("QL312", q(stem, *choices, key=2)) == []
    assert run("QL302", q("Is Adam adaptive or fixed-rate?", "Adaptive", "Fixed-rate", "Neither")) == []


@pytest.mark.parametrize("choices, fires", [
    (("March 2015", "December 2014", "June 2016"), True),
    (("December 2014", "March 2015", "June 2016"), False),
    (("22 December 2014", "3 March 2015", "June 1, 2013"), True),
    (("in the 1990s", "in the 1960s", "in the 1980s"), True),
    (("May", "February", "August"), True),
    (("February", "May", "August"), False),
    (("March-May", "June-August", "January-February"), True),
    (("Jan", "Piet", "Klaas"), False),   # names, not months
])
def test_dates_and_months_are_a_sequence(choices, fires):
    assert bool(run("QL309", q("When was Adam published?", *choices))) is fires


def test_an_ellipsis_between_sentences_is_not_a_blank():
    assert not has_blank("The loss fell slowly....Then it diverged. Which optimizer was used?")
    assert has_blank("The optimizer that adapts each step size is ....")
    assert has_blank("Adam adapts .... step size of each parameter.")


def test_titles_names_and_qualified_absolutes_are_no_sweeping_claims():
    assert absolutes("Never Say Goodbye", "en") == [] and absolutes("Press Save All", "en") == []
    assert hedges("Usually Adam", "en") == ["Usually"]   # two words: a claim about a name
    assert absolutes("It is almost always the first layer.", "en") == []
    assert absolutes("Never use it.", "en") == ["Never"]
    assert absolutes("Every Azure region has three zones.", "en") == ["Every"]   # a claim about a name
    assert hedges("Louisa May Alcott", "en") == [] and hedges("May", "en") == []
    assert hedges("Commonly Interpreted Language", "en") == []
    assert hedges("It may fail on Mondays.", "en") == ["may"]


@pytest.mark.parametrize("choices, fires", [
    (("two", "four", "three", "one"), True),                      # numbers written as words
    (("one", "two", "three", "four"), False),
    (("Over ten years", "Over six years", "Twelve years"), True),  # "over", "about": only precision
    (("9 feet (2.7 m)", "7 feet (2.1 m)", "8 feet (2.4 m)"), True),  # the conversion after it
    (("8 million years", "45 million years", "25 million years"), True),
    (("Seventh", "Fifth", "Eighth"), True),                       # ordinals
    (("in the 5th century", "in the 4th century", "in the 7th century"), True),
    (("2", "10", "First arg", "3.1416"), True),                   # "First arg" is a name, the catch-all
])
def test_numbers_written_other_ways_are_a_sequence(choices, fires):
    assert bool(run("QL309", q("How many layers does it have?", *choices))) is fires


def test_a_stem_ending_in_the_following_kind_names_what_is_asked():
    assert run("QL311", q("Adam belongs to the following family.", "Adaptive", "Second-order",
                          "Zeroth-order")) == []
    assert run("QL311", q("The following family has Adam in it.", "Adaptive", "Second-order", "Zeroth-order"))


def test_a_stem_that_opens_with_this_has_nothing_to_point_back_to():
    assert run("QL311", q("This was the first optimizer to keep a second moment.", "Adam", "SGD", "RMSprop")) == []
    assert run("QL311", q("You run the job on one GPU. This is the cheapest setup.", "Yes", "Maybe", "Later"))


def test_numbers_joined_beside_other_number_pairs_are_values():
    assert run("QL312", q("Which two layer sizes does the paper use?", "16 and 11", "0 and 7", "2 and 3",
                          "18 and 13", key=2)) == []
    assert run("QL312", q("Which statements are true?\n\n1. Adam adapts.\n2. SGD adapts.\n3. RMSprop adapts.",
                          "1 and 3", "2 only", "1 only", key=0))


def test_a_stem_that_opens_with_a_bare_pronoun_is_a_clue():
    assert run("QL311", q("He was the first to train a network with backpropagation.", "Rumelhart", "Hinton",
                          "LeCun")) == []
    assert run("QL311", q("The model overfits. He was the first to notice.", "Ada", "Bo", "Cy"))
