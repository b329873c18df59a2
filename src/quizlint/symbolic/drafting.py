"""Draft common wrong answers for a math key, proved wrong in a bounded worker.

The main-process side of :mod:`quizlint.symbolic.mistakes` (no SymPy here):
``suggest --distractors N`` on a symbolic question calls
:func:`wrong_expressions`; on a numeric one :func:`wrong_values` (whose
"outside the tolerance" is :func:`quizlint.quiz.is_right`, as in QL208).
"""

from __future__ import annotations

import math

from quizlint.errors import CommandFailed
from quizlint.quiz import is_right

from . import fields
from .findings import Invalid


def wrong_expressions(key_expr: str, n: int, avoid=(), *, timeout: float = 20.0,
                      memory_mb: int = 1024) -> list[tuple[str, str]]:
    """Up to ``n`` ``(expr, why)``, each proved to differ from the key and from ``avoid``."""
    from .worker import run_jobs

    try:
        key = fields.answer_value("answer.expr", key_expr)
        fields.expression("answer.expr", key)
        avoid = [fields.expression("avoid", a) for a in avoid]
    except Invalid as exc:
        raise CommandFailed(f"cannot draft wrong answers: {exc}") from None
    spec = {"expr": key, "n": int(n), "avoid": avoid}
    results = run_jobs([("w", "wrong_answers", spec, 0)], timeout=timeout, memory_mb=memory_mb, workers=1)
    found, transient = results["w"]
    failed = [f for f in found if len(f) == 3]        # a finding (code, field, message), not a pair
    if transient or failed:
        reason = failed[0][2] if failed else "the worker failed"
        raise CommandFailed(f"cannot draft wrong answers for `{key}`: {reason}")
    return [(e, why) for e, why in found]


# The mistakes' names in other languages (the source names are English):
# pattern -> replacement; code spans are protected spans, carried over as they are.
MISTAKES = {"es": [
    (r"sign flipped", "signo cambiado"),
    (r"inverted \(the reciprocal dropped\)", "invertido (falta el recíproco)"),
    (r"inverted \(reciprocal\)", "invertido (el recíproco)"),
    (r"off by a factor of two \(doubled\)", "un factor dos de más (duplicado)"),
    (r"off by a factor of two \(halved\)", "un factor dos de menos (a la mitad)"),
    (r"complement confused \((`.+?`) for (`.+?`)\)", r"complemento confundido (\1 en lugar de \2)"),
    (r"term (`.+?`) dropped", r"falta el término \1"),
    (r"sign of (`.+?`) flipped", r"signo de \1 cambiado"),
    (r"term (`.+?`) doubled", r"término \1 duplicado"),
    (r"factor (`.+?`) missing", r"falta el factor \1"),
    (r"divisor (`.+?`) missing", r"falta el divisor \1"),
    (r"product taken as a sum", "producto tomado como suma"),
    (r"product taken as a power", "producto tomado como potencia"),
    (r"exponent off by one \(too high\)", "exponente con uno de más"),
    (r"exponent off by one \(too low\)", "exponente con uno de menos"),
    (r"square root dropped", "falta la raíz cuadrada"),
    (r"arguments swapped", "argumentos intercambiados"),
    (r"doubled \(factor of two\)", "duplicado (factor dos)"),
    (r"halved \(factor of two\)", "a la mitad (factor dos)"),
    (r"decimal point moved \((.+)\)", r"coma decimal desplazada (\1)"),
    (r"off by one \(too high\)", "uno de más"),
    (r"off by one \(too low\)", "uno de menos"),
    (r"squared", "elevado al cuadrado"),
    (r"square root taken", "raíz cuadrada tomada"),
]}


def mistake_in(why: str, lang: str) -> str | None:
    """The name of mistake ``why`` in ``lang``, or None when there is none."""
    import re

    for pattern, replacement in MISTAKES.get(lang.split("-")[0], []):
        if re.fullmatch(pattern, why):
            return re.sub(f"^{pattern}$", replacement, why)
    return None


def wrong_values(answer: dict, n: int, avoid=()) -> list[tuple[float, str]]:
    """Up to ``n`` ``(value, why)`` of a numeric key, each outside its tolerance
    and outside the tolerance of the others kept."""
    v = float(answer["value"])
    cands = [(-v, "sign flipped"), (2 * v, "doubled (factor of two)"), (v / 2, "halved (factor of two)"),
             (v * 10, "decimal point moved (×10)"), (v / 10, "decimal point moved (÷10)")]
    if v and abs(v) != 1:
        cands.append((1 / v, "inverted (reciprocal)"))
    if float(v).is_integer():
        cands += [(v + 1, "off by one (too high)"), (v - 1, "off by one (too low)")]
    cands += [(v * v, "squared"), (math.sqrt(v) if v > 0 else -v, "square root taken")]
    out: list[tuple[float, str]] = []
    taken = [float(a) for a in avoid]
    for x, why in cands:
        if len(out) >= n or not math.isfinite(x):
            continue
        x = int(x) if float(x).is_integer() and float(v).is_integer() else round(x, 12)
        if is_right(answer, x) or any(is_right({**answer, "value": t}, x) for t in taken):
            continue
        taken.append(float(x))
        out.append((x, why))
    return out
