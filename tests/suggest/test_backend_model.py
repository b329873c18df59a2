"""The in-process backend on the real bundled models (no mocks)."""

import json

import pytest

from quizlint.suggest import draft, output_schemas, prompts
from quizlint.suggest.backend import GenerationTimeout, Request

QUESTION = {
    "id": "q-t-01", "kind": "single",
    "stem": "Which optimizer keeps an exponential moving average of squared gradients?",
    "choices": [{"text": "RMSProp", "correct": True}, {"text": "Plain SGD"}],
}


def distractor_request(seed, n=3, max_tokens=120, timeout=60.0):
    p = prompts.load("distractors")
    values = {"question": prompts.quote(QUESTION["stem"]), "key": prompts.quote("RMSProp"),
              "choices": json.dumps(["RMSProp", "Plain SGD"]), "n": n}
    return Request(p, values, output_schemas.distractors_schema(n), output_schemas.distractors_grammar(n),
                   max_tokens=max_tokens, seed=seed, temperature=0.7, timeout=timeout)


def test_json_always_valid_and_bounded(smollm2):
    for seed in range(4):
        req = distractor_request(seed)
        res = smollm2.generate(req)
        got = output_schemas.parse(res.text, req.schema)        # raises if invalid
        assert 1 <= len(got["distractors"]) <= 3
        assert all("\n" not in d for d in got["distractors"])
        assert res.finish == "stop" and res.tokens <= 120


def test_same_seed_same_answer_whatever_ran_before(smollm2):
    first = smollm2.generate(distractor_request(7)).text
    smollm2.generate(distractor_request(8))
    assert smollm2.generate(distractor_request(7)).text == first


def test_no_draft_equal_to_the_key(smollm2):
    out = draft.distractors(smollm2, QUESTION, 3, "en", draft.Options(max_tokens=120))
    assert out.kept, out.dropped
    keys = {"rmsprop"}
    assert not any(k.strip(" .").casefold() in keys for k in out.kept)
    assert all(reason for _, reason in out.dropped)


def test_timeout_is_an_error(smollm2):
    with pytest.raises(GenerationTimeout):
        smollm2.generate(distractor_request(1, timeout=0.0))


def test_device_is_reported(smollm2):
    assert smollm2.device.startswith(("CPU", "GPU"))


def test_gemma_translates_and_keeps_spans(gemma3):
    p = prompts.load("translate-es")
    src = "The loss is divided by 10 every 30 steps."
    text, reason, tokens, _ = draft.translate_text(gemma3, p, src, draft.Options(max_tokens=64))
    assert reason is None and text
    assert "10" in text and "30" in text and text != src
    assert tokens <= 2 * 64
