"""The JSON a critique answer must be, as a JSON Schema and a GBNF grammar.

``{"criterion": C, "verdict": "flaw"|"ok", "part": "stem"|"choice N"|"question",
"reason": "..."}``: the criterion is fixed to the one asked, the reason is
one bounded line (the string rule of :mod:`quizlint.suggest.output_schemas`).
"""

from __future__ import annotations

import json

from quizlint.suggest.output_schemas import _STR

MAX_REASON = 120
PART = r"^(stem|question|choice [1-9][0-9]?)$"


def critique_schema(criterion: str) -> dict:
    return {
        "type": "object",
        "properties": {
            "criterion": {"const": criterion},
            "verdict": {"enum": ["flaw", "ok"]},
            "part": {"type": "string", "pattern": PART},
            "reason": {"type": "string", "minLength": 1, "maxLength": MAX_REASON},
        },
        "required": ["criterion", "verdict", "part", "reason"],
        "additionalProperties": False,
    }


def critique_grammar(criterion: str, choices: int, max_chars: int = MAX_REASON) -> str:
    """The grammar for one criterion; ``choice N`` only for N up to ``choices``."""
    literal = json.dumps(json.dumps(criterion))  # a GBNF string literal of the JSON string
    numbers = " | ".join(f'"{n}"' for n in range(1, max(1, choices) + 1))
    return (
        'root ::= " "? "{" ws "\\"criterion\\"" ws ":" ws ' + literal + ' ws "," ws'
        ' "\\"verdict\\"" ws ":" ws verdict ws "," ws'
        ' "\\"part\\"" ws ":" ws part ws "," ws'
        ' "\\"reason\\"" ws ":" ws str ws "}"\n'
        'verdict ::= "\\"flaw\\"" | "\\"ok\\""\n'
        f'part ::= "\\"stem\\"" | "\\"question\\"" | "\\"choice " ({numbers}) "\\""\n'
        + _STR % max_chars
    )
