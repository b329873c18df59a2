"""Translation memory: the tree's own reviewed translations as few-shot examples.

For each sentence to translate, ``suggest --translate`` shows the model the
reviewed sentence pairs nearest to it (character 3-gram cosine, weighted by
rarity) in place of as many of the prompt file's fixed examples; only the
fixed ones while the tree has no reviewed translation. A pair comes from a
question whose ``translations.<lang>`` is ``reviewed`` and current (its
source hash matches), split into sentences when both sides split alike.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from quizlint.i18n import source_hash, text_fields, text_in

MAX_FIELD = 400     # characters: a longer field that does not split alike is not a pair


def _grams(text: str) -> Counter:
    t = " " + re.sub(r"\s+", " ", text.casefold()).strip() + " "
    return Counter(t[i:i + 3] for i in range(len(t) - 2))


@dataclass
class Memory:
    pairs: list[tuple[str, str]] = field(default_factory=list)
    _grams: list = field(default_factory=list, repr=False)
    _idf: dict = field(default_factory=dict, repr=False)

    def add(self, source: str, target: str) -> None:
        if (source, target) not in self.pairs:
            self.pairs.append((source, target))
            self._grams.append(_grams(source))
            self._idf = {}

    def _weights(self) -> dict:
        if not self._idf:
            df = Counter(g for grams in self._grams for g in grams)
            n = len(self._grams)
            self._idf = {g: math.log((1 + n) / (1 + c)) + 1 for g, c in df.items()}
        return self._idf

    def nearest(self, sentence: str, k: int = 3) -> list[tuple[str, str]]:
        """The ``k`` pairs whose source is most like ``sentence``, most alike last
        (nearest the request in the prompt)."""
        if not self.pairs:
            return []
        idf = self._weights()
        q = _grams(sentence)
        qv = {g: c * idf.get(g, 1.0) for g, c in q.items()}
        qn = math.sqrt(sum(v * v for v in qv.values())) or 1.0
        scored = []
        for i, grams in enumerate(self._grams):
            dv = {g: c * idf[g] for g, c in grams.items()}
            dn = math.sqrt(sum(v * v for v in dv.values())) or 1.0
            dot = sum(v * dv.get(g, 0.0) for g, v in qv.items())
            scored.append((dot / (qn * dn), -i))
        best = sorted(scored, reverse=True)[:k]
        return [self.pairs[-i] for _s, i in reversed(best)]


def from_data(docs, lang: str, default_languages=("en",), split=None) -> Memory:
    """The memory of loaded quiz files ``docs`` for target language ``lang``.

    ``split`` cuts a text into sentences (the drafting's own splitter)."""
    from quizlint.i18n import languages

    memory = Memory()
    for data in docs:
        langs = languages(data, default_languages)
        if lang not in langs[1:]:
            continue
        src = langs[0]
        for q in data.get("questions") or []:
            state = (q.get("translations") or {}).get(lang) if isinstance(q, dict) else None
            if not isinstance(state, dict) or state.get("status") != "reviewed" \
                    or state.get("source") != source_hash(q, src):
                continue
            for _path, value in text_fields(q):
                a, b = text_in(value, src, src), text_in(value, lang, src)
                if not a or not b:
                    continue
                sa, sb = (split(a), split(b)) if split else ([a], [b])
                if len(sa) == len(sb):
                    for x, y in zip(sa, sb):
                        memory.add(x, y)
                elif len(a) <= MAX_FIELD:
                    memory.add(" ".join(a.split()), " ".join(b.split()))
    return memory


def from_paths(paths, lang: str, default_languages=("en",), split=None) -> Memory:
    """The memory of every quiz file under ``paths`` (unloadable files are skipped)."""
    from quizlint.loader import LoadError, load_file
    from quizlint.tree import find_quiz_files

    docs = []
    for f in find_quiz_files(paths):
        try:
            data = load_file(str(f)).data
        except (LoadError, OSError):
            continue
        if isinstance(data, dict):
            docs.append(data)
    return from_data(docs, lang, default_languages, split)
