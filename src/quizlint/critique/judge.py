"""One question, one criterion: ask the backend, parse its constrained JSON.

This is the model side of `critique` (imported by its command only inside
``run``); it never imports llama_cpp itself: the backend does, when built.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizlint.codes import CRITIQUE
from quizlint.i18n import text_in
from quizlint.suggest import output_schemas, prompts
from quizlint.suggest.backend import BackendError, Request

from .schema import critique_grammar, critique_schema

#: criterion -> (what it means, for the prompt; whether it needs choices)
CRITERIA = {
    "implausible-distractor": ("a wrong choice so absurd or off-topic that nobody who studied would pick it", True),
    "ambiguous": ("the question can be read in more than one way, so a student who knows the topic may still "
                  "answer wrong", False),
    "more-than-one-correct": ("a choice marked wrong is also correct, or the marked key is wrong", True),
    "unclear-language": ("long, convoluted or ungrammatical wording that tests reading rather than the topic", False),
    "gratuitous-information": ("the stem holds background that plays no part in the answer", False),
    "convergence-cue": ("the key combines the parts the other choices share most, so it can be guessed "
                        "from the choices alone", True),
    "logical-cue": ("the stem and only the key share a logical or grammatical hook (a/an, singular/plural, "
                    "'why' and 'because') that gives the key away", True),
}
PROMPT = "critique"
assert set(CRITERIA) == set(CRITIQUE), "each criterion has its one code in quizlint.codes.CRITIQUE"


@dataclass
class Verdict:
    criterion: str
    verdict: str = ""          # "flaw" | "ok" | "" (no usable answer: see error)
    part: str = "question"
    reason: str = ""
    error: str = ""
    tokens: int = 0
    seconds: float = 0.0


def _choices(question: dict, lang: str) -> list[tuple[str, bool]]:
    out = []
    for choice in question.get("choices") or []:
        if isinstance(choice, dict):
            text = text_in(choice.get("text"), lang, lang)
            if text is not None:
                out.append((text, choice.get("correct") is True))
    return out


def _answer(question: dict, lang: str) -> str:
    """The key of a question without choices, as text."""
    answer = question.get("answer")
    if isinstance(answer, dict) and "value" in answer:
        return str(answer["value"])
    if isinstance(answer, dict) and "expr" in answer:
        return str(answer["expr"])
    text = text_in(answer, lang, lang) if isinstance(answer, (str, dict)) else None
    return text if text is not None else str(answer).lower() if isinstance(answer, bool) else str(answer)


def criteria_for(question: dict, wanted: list[str] | None = None) -> list[str]:
    """The criteria that apply to ``question`` (those about choices need choices), in order."""
    has_choices = bool(question.get("choices"))
    return [c for c in (wanted or CRITERIA) if has_choices or not CRITERIA[c][1]]


def values(question: dict, criterion: str, lang: str) -> dict:
    """The prompt's placeholders, quiz text quoted (:func:`quizlint.suggest.prompts.quote`)."""
    stem = text_in(question.get("stem"), lang, lang) or ""
    choices = _choices(question, lang)
    if choices:
        shown = " ".join(f"{n}. {prompts.quote(t)}{' (correct)' if ok else ''}"
                         for n, (t, ok) in enumerate(choices, 1))
    else:
        shown = f"none (answer: {prompts.quote(_answer(question, lang))})"
    return {"criterion": prompts.quote(criterion), "definition": CRITERIA[criterion][0],
            "question": prompts.quote(stem), "choices": shown}


def judge(backend, question: dict, criterion: str, lang: str, *, seed: int = 42, max_tokens: int = 160,
          timeout: float = 120.0) -> Verdict:
    """The backend's verdict on one criterion (``error`` set when its answer is unusable)."""
    n = len(_choices(question, lang))
    req = Request(prompt=prompts.load(PROMPT), values=values(question, criterion, lang),
                  schema=critique_schema(criterion), grammar=critique_grammar(criterion, n),
                  max_tokens=max_tokens, seed=seed, temperature=0.0, timeout=timeout)
    try:
        res = backend.generate(req)
    except BackendError as exc:  # a timeout, a bad answer from an endpoint
        return Verdict(criterion, error=str(exc))
    try:
        got = output_schemas.parse(res.text, req.schema)
    except ValueError as exc:
        return Verdict(criterion, error=f"unusable answer ({exc})", tokens=res.tokens, seconds=res.seconds)
    part = got["part"]
    if part.startswith("choice ") and int(part.split()[1]) > n:
        part = "question"  # an endpoint without the grammar named a choice that is not there
    return Verdict(criterion, got["verdict"], part, prompts.clean(got["reason"]), tokens=res.tokens,
                   seconds=res.seconds)
