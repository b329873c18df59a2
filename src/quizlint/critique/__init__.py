"""`quizlint critique`: a model's judgement of what rules cannot decide.

Criteria (implausible distractors, ambiguity, more than one correct
answer, unclear language) are asked one per request through the backends
of `suggest` (:mod:`quizlint.suggest.backend`), with the prompt
``prompts/critique.txt`` and a grammar that constrains the answer to JSON
(:mod:`quizlint.critique.schema`). Verdicts are reported as Problems with
the QL8xx codes (:data:`quizlint.codes.CRITIQUE`). Never part of `check`.
"""
