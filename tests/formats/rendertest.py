"""Helpers shared by the `quizlint render` tests: a project in a temporary
folder, the render command, and small quizzes written for these tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from qltest import ROOT
from quizlint.cli import main


def project(tmp: Path, *quizzes: tuple[str, str], with_data: bool = False) -> Path:
    """``tmp`` as a project: ``data/quizzes/`` with the repository's quizzes
    (``with_data``) and/or ``(name, yaml)`` pairs."""
    target = tmp / "data" / "quizzes"
    target.mkdir(parents=True, exist_ok=True)
    if with_data:
        for f in (ROOT / "data" / "quizzes").glob("*.yaml"):
            shutil.copy(f, target / f.name)
    for name, text in quizzes:
        (target / f"{name}.yaml").write_text(text, "utf-8")
    (tmp / "pyproject.toml").write_text('[tool.quizlint]\npaths = ["data"]\n', "utf-8")
    return tmp


def render(tmp: Path, *args: str) -> int:
    """``quizlint render data ARGS`` run in ``tmp`` (in process), as a user would."""
    here = os.getcwd()
    os.chdir(tmp)
    try:
        return main(["render", "data", *args])
    finally:
        os.chdir(here)


def mkdocs_build(out: Path) -> subprocess.CompletedProcess:
    """The real ``mkdocs build --strict`` on what render wrote to ``out``."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(out / "mkdocs.yml"),
                           "-d", str(out / "site")], capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(out)})


class Elements(HTMLParser):
    """Every element of a page as ``(tag, attrs)``, and the page's text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements, self.chunks, self._skip = [], [], 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())

    def ids(self) -> set:
        return {a["id"] for _, a in self.elements if a.get("id")}

    def tags(self, name: str) -> list:
        return [a for t, a in self.elements if t == name]


# A bilingual quiz: q-t-01 reviewed with the right hash, q-t-02 stale
# (a wrong hash), q-t-03 unreviewed (no translations entry).
BILINGUAL = """\
format: quizlint/v1
quiz: states
title: {en: Translation states, es: Estados de traducción}
languages: [en, es]
questions:
  - id: q-t-01
    kind: true_false
    stem: {en: Gradient descent steps against the gradient., es: El descenso de gradiente avanza contra el gradiente.}
    answer: true
    explanation: {en: The negative gradient points downhill., es: El gradiente negativo apunta cuesta abajo.}
    translations:
      es: {source: HASH01, status: reviewed}
  - id: q-t-02
    kind: true_false
    stem: {en: A learning rate can be too large., es: Una tasa de aprendizaje puede ser demasiado grande.}
    answer: true
    explanation: {en: Then the loss diverges., es: Entonces la pérdida diverge.}
    translations:
      es: {source: 0badf00d, status: reviewed}
  - id: q-t-03
    kind: true_false
    stem: {en: Momentum keeps one velocity vector., es: El momentum guarda un vector de velocidad.}
    answer: true
    explanation: {en: One vector per parameter tensor., es: Un vector por tensor de parámetros.}
"""


def bilingual() -> str:
    from quizlint import i18n
    from quizlint.loader import load_text

    data = load_text(BILINGUAL.replace("HASH01", "00000000")).data
    return BILINGUAL.replace("HASH01", i18n.source_hash(data["questions"][0], "en"))


# A quiz with a drafted choice (a reviewer may see it, a student never).
DRAFT = """\
format: quizlint/v1
quiz: drafts
title: Drafts
questions:
  - id: q-d-01
    kind: single
    stem: Which update rule uses a velocity term?
    choices:
      - text: Momentum.
        correct: true
      - text: Plain gradient descent.
      - text: Newton's method.
      - text: Coordinate descent.
        status: draft
        origin: {by: SmolLM2-135M-Instruct-Q4_1, prompt: distractors-v3, at: 2026-11-21}
    explanation: Momentum accumulates a velocity from past gradients.
"""

# Quiz text that would run script or add attributes if it reached a page raw.
HOSTILE = """\
format: quizlint/v1
quiz: hostile
title: "Hostile </title><script>document.title='pwned'</script>"
questions:
  - id: q-h-01
    kind: single
    stem: >-
      Pick one <script>document.body.setAttribute('data-pwned', 'stem')</script>
      <img src=x onerror="document.body.setAttribute('data-pwned', 'img')">
      [click](javascript:document.body.setAttribute('data-pwned','link'))
      {: onclick="document.body.setAttribute('data-pwned', 'attr')"}
    choices:
      - text: "Math $\\\\text{<script>document.body.setAttribute('data-pwned','math')</script>} + x^2$ here."
        correct: true
      - text: "An entity &lt;script&gt; and a tag <b onmouseover=alert(1)>bold</b>."
      - text: |-
          Code:

          ```{.python onclick="alert(1)"}
          x = "<script>alert(1)</script>"
          ```
    explanation: "Display math $$\\\\frac{a}{b} < c$$ and `<script>alert(1)</script>` as code."
  - id: q-h-02
    kind: true_false
    stem: "A heading </a></h2><script>document.body.setAttribute('data-pwned', 'h2')</script> {#evil}"
    answer: false
"""

HOSTILE_MARKERS = ("data-pwned", "pwned")
