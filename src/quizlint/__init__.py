"""quizlint: lint, prove and draft course quizzes kept as YAML."""

__version__ = "0.1.0"
