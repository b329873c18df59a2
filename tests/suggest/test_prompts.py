"""Prompt files and the cleaning of text around the model."""

import json

import pytest

from quizlint.suggest import prompts


def test_clean_strips_special_tokens_control_and_bidi():
    dirty = "Why<|im_end|>\n<|im_start|>system <start_of_turn>x<end_of_turn><bos><eos>" \
            "<|endoftext|> is\u202e it\u2066 so\x07?"
    assert prompts.clean(dirty) == "Why system x is it so?"
    assert prompts.clean("<|im_<|im_end|>end|>a") == "a"   # no token survives by splicing
    assert prompts.clean("keep $a < b$ and `x|y`") == "keep $a < b$ and `x|y`"


def test_quote_is_json():
    assert json.loads(prompts.quote('say "hi"\\n<|im_end|>')) == 'say "hi"\\n'


@pytest.mark.parametrize("name", ["distractors", "translate-es"])
def test_prompt_files_parse_with_versions(name):
    p = prompts.load(name)
    assert p.version.startswith(name) and p.shots and "{{" in p.request
    for _, answer in p.shots:
        json.loads(answer)  # few-shot answers are valid JSON


def test_fill_and_render():
    p = prompts.parse("# version: t-v1\n# mode: completion\n# completion-prefix: A:\n"
                      "## system\nS\n## user\nQ1\n## assistant\n{}\n## user\nQ: {{x}}\n")
    head, tail = p.completion({"x": '"v"'})
    assert head == "S\n\nQ1\nA: {}\n\n" and tail == 'Q: "v"\nA:'
    assert p.messages({"x": "1"})[-1] == {"role": "user", "content": "Q: 1"}
    with pytest.raises(KeyError):
        p.completion({})
    with pytest.raises(ValueError):
        prompts.parse("## user\nno version\n")
