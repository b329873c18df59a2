"""The phase-04 pages regenerate seed 000, the page a bilingual course published.

Seed 000 (``tests/examples/render/seed-000.txt``, a copy of
``shared/seeds/000_231c08f5431e6151.txt``: text extracted from the
course's *Spanish* page) is: the language switch, a Spanish note that the
page is a readable mirror of ``data/quizzes/phase-04-calculus-optimization.yaml``,
"Source of truth: ...", then per question its id as a heading, the options
and an Answer block that opens with the key statement. Its question texts
are the English ones: when it was published the questions were not
translated yet, and data/ now holds the reviewed Spanish. So:

* the Spanish page must have the seed's structure: switch line, mirror and
  source-of-truth notes naming the file, the same ids in the same order,
  the same number of options per question, answers whose key statement
  names the same choices ("**Opción 2.**" for "**Choice 2.**") and which
  keep every code span of the seed's answers;
* the seed's text must be what the page says in English, the language it
  was written in: headings, every option and every answer, compared after
  normalising case, spaces, ``*``/backtick markup and the ``¶`` permalinks.

Extraction damage set aside: an answer runs into the next heading, the
last answer is cut off. Four seed headings are short titles
("Optimizer-family statements (multi-choice)") that the v1 format has no
key for; those pages show the stem instead, so only headings the YAML
holds are compared.
"""

from __future__ import annotations

import re
import unicodedata
import pytest
from rendertest import project, render

from qltest import EXAMPLES, ROOT
from quizlint.rules.key_statement import leading_key

SEED = EXAMPLES / "render" / "seed-000.txt"
QUIZ = "phase-04-calculus-optimization"


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("¶", "")
    text = re.sub(r"[*`]", "", text)
    return " ".join(text.split()).casefold()


def seed_questions(text: str) -> dict:
    """id -> {"heading", "choices", "answer"} from the seed's extracted text."""
    blocks = re.split(r"(?=\bq-\d{2}-\d{2} — )", text)
    header, out = blocks[0], {}
    for block in blocks[1:]:
        first, _, rest = block.partition("\n")
        qid, _, heading = first.partition(" — ")
        lines = rest.split("\n")
        choices = [ln[2:] for ln in lines if ln.startswith("- ")]
        answer = rest.split("Answer\n", 1)[1] if "Answer\n" in rest else None
        out[qid] = {"heading": heading.rstrip("¶"), "choices": choices, "answer": answer}
    return {"header": header, "questions": out}


def page_questions(md: str) -> dict:
    """id -> {"heading", "choices", "answer"} from a rendered Markdown page."""
    out = {}
    for m in re.finditer(r"^## (q-[\d-]+)(?: — (.*?))? \{#q-[\d-]+\}\n(.*?)(?=^## |\Z)", md, re.S | re.M):
        qid, heading, body = m.groups()
        choices = re.findall(r"^- (.*)$", body, re.M)
        answer = body.split('!!! success "', 1)[1].split("\n", 1)[1] if '!!! success "' in body else None
        out[qid] = {"heading": heading, "choices": choices, "answer": answer}
    return out


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    tmp = project(tmp_path_factory.mktemp("seed000"))
    (tmp / "data" / "quizzes" / f"{QUIZ}.yaml").write_bytes((ROOT / "data" / "quizzes" / f"{QUIZ}.yaml").read_bytes())
    assert render(tmp, "-o", "out") == 0
    docs = tmp / "out" / "docs"
    return {"en": (docs / f"{QUIZ}.md").read_text("utf-8"), "es": (docs / f"{QUIZ}.es.md").read_text("utf-8")}


@pytest.fixture(scope="module")
def seed():
    return seed_questions(SEED.read_text("utf-8"))


def test_spanish_page_has_the_seed_structure(pages, seed):
    es = pages["es"]
    header = seed["header"]
    assert header.splitlines()[0] == "English · Español"
    assert re.search(r"^\[English\]\([^)]*\) · \*\*Español\*\*$", es, re.M)
    assert "Espejo legible de" in header and "Espejo legible de" in es                      # the note, in Spanish
    assert f"data/quizzes/{QUIZ}.yaml" in header and f"`data/quizzes/{QUIZ}.yaml`" in es
    assert "Source of truth:" in header and f"Fuente de verdad: `data/quizzes/{QUIZ}.yaml`." in es
    mine = page_questions(es)
    assert list(mine) == list(seed["questions"])                                           # same ids, same order
    for qid, want in seed["questions"].items():
        got = mine[qid]
        assert len(got["choices"]) == len(want["choices"]), qid
        if want["answer"] is None:          # q-04-05: the seed is cut off before its answer
            continue
        assert got["answer"], qid
        stated = leading_key(want["answer"].strip())
        if stated:                          # "**Choice 2.**" -> "**Opción 2.**"
            assert leading_key(got["answer"].strip())[1] == stated[1], qid
            assert got["answer"].strip().startswith("**Opci"), qid
        for span in re.findall(r"`[^`]+`", want["answer"].split("q-04-")[0]):
            assert span in got["answer"], (qid, span)                                      # code kept as code


def test_seed_text_is_what_the_page_says(pages, seed):
    mine = page_questions(pages["en"])
    compared = 0
    for qid, want in seed["questions"].items():
        got = mine[qid]
        if got["heading"] and norm(want["heading"]) == norm(got["heading"]):
            compared += 1
        for a, b in zip(want["choices"], got["choices"]):
            assert norm(a) == norm(b), qid
            compared += 1
        if want["answer"] is not None:
            answer = re.split(r"q-04-\d\d — ", want["answer"])[0]   # the next heading ran into it
            assert norm(answer) in norm(got["answer"]), qid
            compared += 1
    assert compared == 1 + 13 + 4   # q-04-01's heading, all 13 options, the 4 answers the seed has
