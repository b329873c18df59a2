"""Two backends behind one small interface: ``generate(Request) -> Result``.

- ``LlamaBackend``: llama-cpp-python in process (imported lazily). It runs
  its own decoding loop: the few-shot prefix is evaluated once and kept in
  the KV cache, every token is checked against the GBNF grammar alone and
  the grammar is applied to the whole vocabulary only when that token is
  refused (Gemma's 262k vocabulary makes the full pass cost ~80 ms), and
  sampling uses a NumPy generator seeded per call, so one seed gives one
  answer however often the model was used before.
- ``HttpBackend``: any OpenAI-compatible server (llama.cpp server,
  ``python -m llama_cpp.server``, vLLM, Ollama) over urllib.
"""

from __future__ import annotations

import ctypes
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field

from .models import INSTALL_HINT, ModelError
from .prompts import Prompt


class BackendError(Exception):
    """A backend failure the user can act on."""


class GenerationTimeout(BackendError):
    pass


@dataclass
class Request:
    prompt: Prompt
    values: dict
    schema: dict
    grammar: str
    max_tokens: int = 256
    seed: int = 42
    temperature: float = 0.0
    timeout: float = 60.0


@dataclass
class Result:
    text: str
    tokens: int = 0              # generated tokens
    seconds: float = 0.0         # generation time (after the prompt)
    prompt_seconds: float = 0.0
    finish: str = "stop"         # stop | length
    extra: dict = field(default_factory=dict)


def default_threads() -> int:
    """One thread per two cores: spinning threads collapse when cores are shared."""
    return max(1, (os.cpu_count() or 2) // 2)


@contextmanager
def _quiet_stderr(enabled: bool = True):
    """Silence llama.cpp's C-level logging on fd 2."""
    if not enabled:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class LlamaBackend:
    """llama-cpp-python in this process."""

    def __init__(self, path, name: str, n_threads: int | None = None,
                 n_gpu_layers: int | None = None, n_ctx: int = 2048, verbose: bool = False):
        try:
            import llama_cpp
        except ImportError:
            raise ModelError(f"llama-cpp-python is not installed; run: {INSTALL_HINT}") from None
        self.ll = llama_cpp
        gpu = bool(llama_cpp.llama_supports_gpu_offload())
        if n_gpu_layers is None:
            n_gpu_layers = -1 if gpu else 0
        self.name = name
        self.n_threads = n_threads or default_threads()
        self.device = f"GPU ({n_gpu_layers} layers offloaded)" if gpu and n_gpu_layers else \
            f"CPU, {self.n_threads} thread{'s' if self.n_threads > 1 else ''}"
        with _quiet_stderr(not verbose):
            try:
                self.llm = llama_cpp.Llama(
                    model_path=str(path), n_ctx=n_ctx, n_threads=self.n_threads,
                    n_gpu_layers=n_gpu_layers, verbose=verbose, seed=0)
            except (ValueError, RuntimeError) as exc:
                raise ModelError(f"cannot load model {path}: {exc}") from None
        self.vocab = self.llm._model.vocab
        self.n_vocab = self.llm.n_vocab()
        self.template = self.llm.metadata.get("tokenizer.chat_template")
        self._prefix: list[int] | None = None

    # -- prompt
    def _texts(self, req: Request) -> tuple[str, str]:
        prompt = req.prompt
        if prompt.mode == "chat" and self.template:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            eos, bos = self._piece(self.llm.token_eos()), self._piece(self.llm.token_bos())
            msgs = prompt.messages(req.values)
            full = Jinja2ChatFormatter(self.template, eos, bos)(messages=msgs).prompt
            head = Jinja2ChatFormatter(self.template, eos, bos, add_generation_prompt=False)(
                messages=msgs[:-1]).prompt if len(msgs) > 1 else ""
            # llama-cpp's formatter always appends the generation prompt; split on the common part
            n = 0
            while n < min(len(head), len(full)) and head[n] == full[n]:
                n += 1
            cut = full.rfind("\n", 0, n) + 1
            return full[:cut], full[cut:]
        return prompt.completion(req.values)

    def _piece(self, tok: int) -> str:
        if tok < 0:
            return ""
        return self.llm.detokenize([tok], special=True).decode("utf-8", "ignore")

    def _tokens(self, text: str, bos: bool) -> list[int]:
        bos_text = self._piece(self.llm.token_bos())
        add = bos and not (bos_text and text.startswith(bos_text))
        return self.llm.tokenize(text.encode("utf-8"), add_bos=add, special=True)

    def _eval_prompt(self, prefix: str, rest: str) -> int:
        """Evaluate prefix (cached across calls) then the rest; return prompt tokens."""
        head = self._tokens(prefix, bos=True) if prefix else []
        tail = self._tokens(rest, bos=not head)
        if not head or self._prefix != head or self.llm.n_tokens < len(head):
            self.llm.reset()
            if head:
                self.llm.eval(head)
            self._prefix = head
        else:
            self.llm.n_tokens = len(head)
        if len(head) + len(tail) + 8 > self.llm.n_ctx():
            raise BackendError("prompt too long for the model context; shorten the question")
        self.llm.eval(tail)
        return len(head) + len(tail)

    # -- decoding
    def generate(self, req: Request) -> Result:
        import numpy as np

        ll = self.ll
        t0 = time.monotonic()
        deadline = t0 + req.timeout
        prefix, rest = self._texts(req)
        self._eval_prompt(prefix, rest)
        t1 = time.monotonic()
        rng = np.random.default_rng(req.seed)
        smpl = ll.llama_sampler_init_grammar(self.vocab, req.grammar.encode(), b"root")
        if not smpl:
            raise BackendError("the output grammar did not parse")
        one = (ll.llama_token_data * 1)()
        arr1 = ll.llama_token_data_array(data=one, size=1, selected=-1, sorted=False)
        out: list[int] = []
        finish, raw, slow = "length", b"", 0
        try:
            for _ in range(req.max_tokens):
                if time.monotonic() > deadline:
                    raise GenerationTimeout(
                        f"generation timed out after {req.timeout:g} s; raise --timeout or lower --max-tokens")
                logits = np.ctypeslib.as_array(ll.llama_get_logits_ith(self.llm._ctx.ctx, -1),
                                               shape=(self.n_vocab,))
                tok = self._pick(logits, req.temperature, rng)
                one[0].id, one[0].logit, one[0].p = tok, float(logits[tok]), 0.0
                arr1.size, arr1.selected = 1, -1
                ll.llama_sampler_apply(smpl, ctypes.byref(arr1))
                if not np.isfinite(one[0].logit):
                    slow += 1
                    tok = self._constrained(smpl, logits, req.temperature, rng)
                if tok is None or ll.llama_vocab_is_eog(self.vocab, tok):
                    finish = "stop"
                    break
                ll.llama_sampler_accept(smpl, tok)
                out.append(tok)
                piece = self.llm.detokenize([tok])
                raw += piece
                if b"}" in piece and _complete_json(raw.decode("utf-8", "ignore")):
                    finish = "stop"
                    break
                self.llm.eval([tok])
        finally:
            ll.llama_sampler_free(smpl)
        t2 = time.monotonic()
        text = self.llm.detokenize(out).decode("utf-8", "replace")
        return Result(text, len(out), t2 - t1, t1 - t0, finish, {"grammar_full_passes": slow})

    @staticmethod
    def _pick(logits, temperature: float, rng, top_k: int = 40) -> int:
        top_k = min(top_k, len(logits))
        import numpy as np

        if temperature <= 0:
            return int(np.argmax(logits))
        idx = np.argpartition(logits, -top_k)[-top_k:]
        z = logits[idx].astype(np.float64) / temperature
        p = np.exp(z - z.max())
        return int(idx[rng.choice(len(idx), p=p / p.sum())])

    def _constrained(self, smpl, logits, temperature: float, rng) -> int | None:
        """Apply the grammar to the whole vocabulary and pick among what it allows."""
        import numpy as np

        ll = self.ll
        data = (ll.llama_token_data * self.n_vocab)()
        view = np.ctypeslib.as_array(data)
        view["id"] = np.arange(self.n_vocab, dtype=np.int32)
        view["logit"] = logits
        view["p"] = 0.0
        arr = ll.llama_token_data_array(data=data, size=self.n_vocab, selected=-1, sorted=False)
        ll.llama_sampler_apply(smpl, ctypes.byref(arr))
        allowed = np.array(view["logit"][: arr.size], dtype=np.float32)
        ids = np.array(view["id"][: arr.size])
        ok = np.isfinite(allowed)
        if not ok.any():
            return None
        return int(ids[ok][self._pick(allowed[ok], temperature, rng)])


def _complete_json(text: str) -> bool:
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


class HttpBackend:
    """An OpenAI-compatible endpoint (``/v1/chat/completions`` or ``/v1/completions``)."""

    def __init__(self, url: str, model: str | None = None):
        self.url = url.rstrip("/")
        if not self.url.endswith("/v1"):
            self.url += "/v1"
        self.model = model or "default"
        self.name = model or url
        self.device = f"endpoint {url}"

    def _post(self, route: str, body: dict, timeout: float) -> dict:
        req = urllib.request.Request(
            self.url + route, data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except (socket.timeout, TimeoutError):
            raise GenerationTimeout(f"endpoint {self.url} did not answer within {timeout:g} s") from None
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace")
            raise BackendError(f"endpoint {self.url}{route} answered HTTP {exc.code}: {detail}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise GenerationTimeout(f"endpoint {self.url} did not answer within {timeout:g} s") from None
            raise BackendError(f"endpoint {self.url} is unreachable ({exc.reason}); is the server running?") from None
        except (ValueError, OSError) as exc:
            raise BackendError(f"endpoint {self.url}: bad answer ({exc})") from None

    def generate(self, req: Request) -> Result:
        body = {
            "model": self.model, "max_tokens": req.max_tokens, "temperature": req.temperature,
            "seed": req.seed, "grammar": req.grammar,
            "response_format": {"type": "json_object", "schema": req.schema},
        }
        t0 = time.monotonic()
        if req.prompt.mode == "chat":
            body["messages"] = req.prompt.messages(req.values)
            got = self._post("/chat/completions", body, req.timeout)
            choice = (got.get("choices") or [{}])[0]
            text = (choice.get("message") or {}).get("content") or ""
        else:
            prefix, rest = req.prompt.completion(req.values)
            body["prompt"] = prefix + rest
            got = self._post("/completions", body, req.timeout)
            choice = (got.get("choices") or [{}])[0]
            text = choice.get("text") or ""
        usage = got.get("usage") or {}
        return Result(text, int(usage.get("completion_tokens") or 0), time.monotonic() - t0, 0.0,
                      "length" if choice.get("finish_reason") == "length" else "stop")
