"""Model-drafted distractors and translations (`quizlint suggest`, `quizlint review`).

Nothing here is imported by `quizlint check`; llama_cpp is imported lazily,
only when an in-process model is actually loaded.
"""
