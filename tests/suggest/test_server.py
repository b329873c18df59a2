"""The HTTP backend against a real `python -m llama_cpp.server` on loopback."""

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from quizlint.cli import main
from quizlint.suggest import models, output_schemas
from quizlint.suggest.backend import HttpBackend

from .conftest import EN_QUIZ
from .test_backend_model import distractor_request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    pytest.importorskip("llama_cpp")
    pytest.importorskip("llama_cpp.server.app")  # the [server] extra
    path, _ = models.resolve("smollm2", "distractors")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(path), "--host", "127.0.0.1",
         "--port", str(port), "--n_threads", "1", "--n_ctx", "2048", "--verbose", "False"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail("llama_cpp.server exited: " + proc.stderr.read().decode()[-2000:])
            try:
                with urllib.request.urlopen(url + "/v1/models", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama_cpp.server did not get ready within 90 s")
            time.sleep(0.5)
        yield url
    finally:
        proc.kill()
        proc.wait(timeout=30)


def test_endpoint_answers_valid_json(server):
    backend = HttpBackend(server + "/v1")
    for seed in (1, 2):
        req = distractor_request(seed)
        res = backend.generate(req)
        got = output_schemas.parse(res.text, req.schema)
        assert 1 <= len(got["distractors"]) <= 3
        assert res.tokens > 0


def test_suggest_through_endpoint(server, tree, capsys):
    rc = main(["suggest", "q-01-01", "--distractors", "2", "--dry-run", "--paths", "data",
               "--endpoint", server, "--max-tokens", "160"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert "q-01-01: " in out.err and "invalid JSON" not in out.err and "truncated" not in out.err
    assert ("status: draft" in out.out) == ("would draft for 1 of 1" in out.err)
    assert (tree / "mini.yaml").read_text() == EN_QUIZ


def test_endpoint_timeout(server):
    from quizlint.suggest.backend import GenerationTimeout

    req = distractor_request(3, max_tokens=200, timeout=0.001)
    with pytest.raises(GenerationTimeout):
        HttpBackend(server).generate(req)
