"""Precision tiers: which rules run by default, measured on hand-labelled real items (issue 11).

``precision.json`` (written by ``benchmarks/bench_rules.py --write-precision``)
holds, per rule, the hits on a public bank and the counts against hand
labels (tp, fp, fn, tn). An item-writing rule (QL3xx, QL207, QL152) is in
the default set when it fired on at least :data:`MIN_LABELLED` labelled
items (or on fewer, all of them labelled) and at least
:data:`MIN_PRECISION` of them were real flaws; the
others are opt-in: they run only when ``select`` names them with a prefix
longer than ``QL`` (``QL304``, ``QL30`` or ``QL3``), the way ruff keeps
preview rules out of its default set. Structural rules (answer key counts,
schema, translations, drafts) are not judgements of wording and always
run. :func:`describe` is the paragraph ``quizlint explain`` shows.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PRECISION_FILE = Path(__file__).resolve().parent / "precision.json"
MIN_PRECISION = 0.9
MIN_LABELLED = 10
#: the rules whose verdicts are judgements of wording, so measured before they run by default:
#: every item-writing rule (QL3xx) and the two duplicate checks, by name
WORDING_FAMILY = "QL3"
WORDING_NAMES = ("duplicate-choice", "duplicate-question")


def judged(code: str) -> bool:
    """Whether ``code`` is a judgement of wording (its tier follows its measured precision)."""
    from quizlint import codes

    c = codes.CODES.get(code)
    return code.startswith(WORDING_FAMILY) or (c is not None and c.name in WORDING_NAMES)


@lru_cache(maxsize=1)
def load() -> dict:
    """The stored measurement (``{"data": ..., "rules": {code: counts}}``), or an empty one."""
    try:
        return json.loads(PRECISION_FILE.read_text("utf-8"))
    except (OSError, ValueError):
        return {"data": None, "rules": {}}


def write(table: dict) -> None:
    from quizlint.atomic import write_atomic

    write_atomic(str(PRECISION_FILE), (json.dumps(table, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    load.cache_clear()
    opt_in.cache_clear()


def measured(code: str) -> tuple[float | None, float | None, dict]:
    """``(precision, recall, counts)`` of ``code``; None where nothing was labelled."""
    c = load()["rules"].get(code, {})
    tp, fp, fn = c.get("tp", 0), c.get("fp", 0), c.get("fn", 0)
    return (tp / (tp + fp) if tp + fp else None, tp / (tp + fn) if tp + fn else None, c)


def default_on(code: str) -> bool:
    """Whether ``code`` runs under the default ``select = ["QL"]``."""
    if not judged(code):
        return True
    p, _, c = measured(code)
    labelled = c.get("tp", 0) + c.get("fp", 0)
    enough = labelled >= MIN_LABELLED or (labelled and labelled >= c.get("hits", 0))  # or every hit
    return p is not None and bool(enough) and p >= MIN_PRECISION


@lru_cache(maxsize=None)
def opt_in(code: str) -> bool:
    return not default_on(code)


def describe(code: str) -> str:
    """The measurement paragraph of ``code``'s documentation ("" for structural rules)."""
    if not judged(code):
        return ""
    p, r, c = measured(code)
    data = load().get("data") or "no measurement stored"
    if p is None and r is None:
        numbers = "not measured yet (no labelled items)"
    else:
        tp, fp, fn = c.get("tp", 0), c.get("fp", 0), c.get("fn", 0)
        numbers = (f"precision {_pct(p)} ({tp} of {tp + fp} labelled hits real), "
                   f"recall {_pct(r)} ({tp} of {tp + fn} labelled flaws found); "
                   f"{c.get('hits', 0)} hits on the measured banks")
    tier = ("on by default" if default_on(code) else
            f"opt-in (not measured at {MIN_PRECISION:.0%} precision or more on at least {MIN_LABELLED} "
            f"labelled hits), so it runs only when `select` names it with more than `QL` "
            f"(`{code}`, `{code[:4]}` or `{code[:3]}`)")
    return f"Measured: {numbers}. Data: {data}. Tier: {tier}."


def _pct(x) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"
