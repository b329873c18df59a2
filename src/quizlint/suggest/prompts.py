"""Prompt files (``prompts/*.txt``) and the cleaning of text around the model.

A prompt file starts with ``# key: value`` header lines (``version`` is
required and goes into each draft's ``origin.prompt``), then sections
opened by ``## system``, ``## user`` or ``## assistant``. User/assistant
pairs are few-shot examples; the last ``## user`` section is the request,
with ``{{name}}`` placeholders filled from quiz text. Quiz text is data:
it is cleaned of model special tokens and control/bidi characters and
inserted JSON-encoded, so it cannot close a turn or break the format.

Rendering: ``chat`` mode uses the model's chat template; ``completion``
mode (base models) writes the turns as plain text, each assistant answer
preceded by the header's ``completion-prefix``.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SPECIAL_TOKENS = (
    "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<|begin_of_text|>", "<|end_of_text|>",
    "<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>", "<start_of_turn>",
    "<end_of_turn>", "<start_of_image>", "<end_of_image>", "<bos>", "<eos>", "<pad>",
    "<unk>", "<s>", "</s>", "[INST]", "[/INST]", "<<SYS>>", "<</SYS>>",
)
_SPECIAL_RE = re.compile(
    "|".join(re.escape(t) for t in SPECIAL_TOKENS) + r"|<\|[^<>|\s]{1,40}\|>", re.I)
_BIDI = {"\u061c", "\u200e", "\u200f", "\u2028", "\u2029", "\ufeff",
         *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}


def clean(text: str) -> str:
    """Quiz or model text without special-token strings, control or bidi characters."""
    prev = None
    while prev != text:  # removing one token can join the halves of another
        prev, text = text, _SPECIAL_RE.sub("", text)
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(" ")
        elif ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def quote(text: str) -> str:
    """Cleaned text as a JSON string literal, for a prompt."""
    return json.dumps(clean(text), ensure_ascii=False)


@dataclass
class Prompt:
    """A parsed prompt file."""

    name: str
    version: str
    header: dict
    system: str = ""
    shots: list = field(default_factory=list)   # [(user, assistant)]
    request: str = ""

    @property
    def mode(self) -> str:
        return self.header.get("mode", "chat")

    def messages(self, values: dict) -> list[dict]:
        """Chat messages: system, few-shot turns, the filled request."""
        msgs = [{"role": "system", "content": self.system}] if self.system else []
        for user, assistant in self.shots:
            msgs += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
        return msgs + [{"role": "user", "content": fill(self.request, values)}]

    def completion(self, values: dict) -> tuple[str, str]:
        """(fixed prefix, request) as plain text for a base model."""
        lead = self.header.get("completion-prefix", "")
        lead = lead + " " if lead else ""
        parts = [self.system + "\n\n"] if self.system else []
        parts += [f"{u}\n{lead}{a}\n\n" for u, a in self.shots]
        return "".join(parts), f"{fill(self.request, values)}\n{lead.rstrip()}"


def fill(template: str, values: dict) -> str:
    """Replace ``{{name}}`` with ``values[name]`` (already quoted by the caller)."""
    def sub(m):
        key = m.group(1)
        if key not in values:
            raise KeyError(f"prompt placeholder {{{{{key}}}}} has no value")
        return str(values[key])
    return re.sub(r"\{\{(\w+)\}\}", sub, template)


def prompts_dir() -> Path:
    """``$QUIZLINT_PROMPTS``, the repository's ``prompts/``, or the packaged copy."""
    env = os.environ.get("QUIZLINT_PROMPTS")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for cand in (here.parents[3] / "prompts", here.parents[1] / "prompts"):
        if cand.is_dir():
            return cand
    return here.parents[3] / "prompts"


def parse(text: str, name: str = "<prompt>") -> Prompt:
    header: dict = {}
    sections: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        m = re.match(r"## (system|user|assistant)\s*$", line)
        if m:
            sections.append((m.group(1), []))
        elif not sections and line.startswith("#"):
            kv = re.match(r"#\s*([\w-]+):\s*(.+?)\s*$", line)
            if kv:
                header[kv.group(1)] = kv.group(2)
        elif sections:
            sections[-1][1].append(line)
    if "version" not in header:
        raise ValueError(f"{name}: missing '# version: ...' header line")
    body = [(role, "\n".join(lines).strip()) for role, lines in sections]
    prompt = Prompt(name=name, version=header["version"], header=header)
    if body and body[0][0] == "system":
        prompt.system = body.pop(0)[1]
    if not body or body[-1][0] != "user":
        raise ValueError(f"{name}: the last section must be '## user' (the request)")
    prompt.request = body.pop()[1]
    if len(body) % 2 or any(r != e for (r, _), e in zip(body, ["user", "assistant"] * len(body))):
        raise ValueError(f"{name}: few-shot sections must alternate user/assistant")
    prompt.shots = [(body[i][1], body[i + 1][1]) for i in range(0, len(body), 2)]
    return prompt


def load(name: str) -> Prompt:
    """Load ``prompts/<name>.txt``."""
    path = prompts_dir() / f"{name}.txt"
    try:
        return parse(path.read_text(encoding="utf-8"), path.name)
    except FileNotFoundError:
        raise FileNotFoundError(f"prompt file not found: {path}") from None
