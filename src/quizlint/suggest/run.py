"""The `quizlint suggest` run: pick backends, draft per question, write per file."""

from __future__ import annotations

import sys
from collections import defaultdict

from quizlint.config import Config
from quizlint.errors import UsageError
from quizlint.i18n import languages
from quizlint.quiz import drafts, question_path
from quizlint.yamledit import YamlFile

from . import apply, draft, models, prompts
from .backend import HttpBackend, LlamaBackend


MATH_KINDS = ("numeric", "symbolic")
MISTAKES_AUTHOR = "quizlint"          # origin.by of the wrong answers it derives itself
MISTAKES_VERSION = "mistakes-v1"      # origin.prompt: the mistake catalogue's version


class Suggester:
    def __init__(self, args, settings: dict):
        self.args, self.s = args, settings
        self.opts = draft.Options(max_tokens=int(settings["max_tokens"]), seed=int(settings["seed"]),
                                  timeout=float(settings["timeout"]), config=settings.get("config"))
        self._backends: dict = {}
        self._memories: dict = {}

    # -- backends
    def backend(self, task: str):
        if self.s["endpoint"]:
            key = ("http", self.s["endpoint"])
            if key not in self._backends:
                self._backends[key] = HttpBackend(self.s["endpoint"], self.s["model"])
        else:
            path, name = models.resolve(self.s["model"], task)
            key = ("local", str(path))
            if key not in self._backends:
                self._backends[key] = b = LlamaBackend(
                    path, name, n_threads=self.s["threads"], n_gpu_layers=self.s["n_gpu_layers"])
                print(f"model {b.name} on {b.device}", file=sys.stderr)
        return self._backends[key]

    # -- checks before any model runs
    def _plan(self, targets: dict) -> dict:
        by_file: dict = defaultdict(list)
        lang = self.args.translate
        if lang:
            try:
                prompts.load(f"translate-{lang}")
            except FileNotFoundError:
                raise UsageError(f"no translation prompt for {lang!r} (prompts/translate-{lang}.txt)") from None
        prompts.load("distractors")
        for qid, (path, _line) in sorted(targets.items(), key=lambda kv: (kv[1][0], kv[1][1])):
            by_file[path].append(qid)
        if not self.args.all:
            for path, ids in by_file.items():
                yf = YamlFile.read(path)
                for qid in ids:
                    q = yf.data["questions"][self._where(yf, qid)[1]]
                    if self.args.distractors and q.get("kind") not in ("single", "multi", *MATH_KINDS):
                        raise UsageError(f"{qid} is a {q.get('kind')} question; --distractors needs a "
                                         "single, multi, numeric or symbolic question")
                    if lang and lang == self._languages(yf)[0]:
                        raise UsageError(f"{path}: {lang} is the source language")
        return by_file

    def run(self, targets: dict) -> int:
        by_file = self._plan(targets)
        total = sum(len(v) for v in by_file.values())
        done = drafted = 0
        for path, ids in by_file.items():
            yf = YamlFile.read(path)
            for qid in ids:
                done += 1
                self._progress(done, total, qid)
                drafted += self._question(yf, qid)
                if yf.changed and not self.args.dry_run:
                    yf.write()
            if self.args.dry_run and yf.changed:
                sys.stdout.write(yf.diff())
        self._progress(total, total, "", end=True)
        verb = "would draft" if self.args.dry_run else "drafted"
        print(f"{verb} for {drafted} of {total} question(s); review with `quizlint review`",
              file=sys.stderr)
        return 0

    def _progress(self, i: int, n: int, qid: str, end: bool = False) -> None:
        if not self.args.all or not sys.stderr.isatty():
            return
        width = 30
        fill = int(width * i / max(n, 1))
        sys.stderr.write(f"\r[{'#' * fill}{'.' * (width - fill)}] {i}/{n} {qid:<20}")
        if end:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def _languages(self, yf: YamlFile) -> list[str]:
        conf = self.s.get("config")
        return languages(yf.data, conf.languages if conf else Config().languages)

    @staticmethod
    def _where(yf: YamlFile, qid: str) -> tuple:
        qpath = question_path(yf.data, qid)
        if qpath is None:  # the file changed since the ids were indexed
            raise UsageError(f"{yf.path}: question {qid} is no longer in this file; run suggest again")
        return qpath

    # -- one question
    def _question(self, yf: YamlFile, qid: str) -> int:
        qpath = self._where(yf, qid)
        q = yf.data["questions"][qpath[1]]
        source = self._languages(yf)[0]
        did = 0
        date = draft.today()
        has_drafts = any(d.kind in ("choice", "wrong_answer") for d in drafts(q))
        if self.args.distractors and self.args.all and has_drafts:
            self._say(f"{qid}: already has draft choices or wrong answers; skipped (review them first)")
        elif self.args.distractors and q.get("kind") in MATH_KINDS:
            did = self._wrong_answers(yf, qpath, q, qid, date)
        elif self.args.distractors and q.get("kind") in ("single", "multi"):
            b = self.backend("distractors")
            out = draft.distractors(b, q, self.args.distractors, source, self.opts)
            if out.kept:
                version = prompts.load("distractors").version
                apply.add_distractors(yf, qpath, out.kept, apply.origin(b.name, version, date), source)
                did = 1
            self._report(qid, f"{len(out.kept)} distractor(s) from {b.name}", out)
        lang = self.args.translate
        if lang and lang != source:
            q = yf.data["questions"][qpath[1]]
            state = apply.translation_state(q, lang, source)
            if state == "current" or (self.args.all and state == "partial"):
                self._say(f"{qid}: {lang} translation is up to date; skipped")
                return did
            b = self.backend("translate")
            self.opts.memory = self._memory(lang)
            out = draft.translation(b, q, lang, source, self.opts, only_missing=state != "stale")
            if out.kept:
                if lang not in self._languages(yf):
                    self._say(f"note: {yf.path} does not list {lang} in `languages`; add it "
                              "(and translate the title) so `quizlint check` verifies the translation")
                version = prompts.load(f"translate-{lang}").version
                apply.add_translation(yf, qpath, lang, out.kept, apply.origin(b.name, version, date), source)
                did = 1
            self._report(qid, f"{lang} draft for {len(out.kept)} field(s) from {b.name}", out)
        return did

    def _memory(self, lang: str):
        """The tree's reviewed ``lang`` translations (read once per run)."""
        if lang not in self._memories:
            from .memory import from_paths

            conf = self.s.get("config")
            self._memories[lang] = m = from_paths(self.s["paths"], lang, conf.languages if conf else ("en",),
                                                  draft.split_sentences)
            self._say(f"translation memory: {len(m.pairs)} reviewed {lang} sentence pair(s)"
                      + ("" if m.pairs else "; using the prompt's fixed examples"))
        return self._memories[lang]

    def _wrong_answers(self, yf: YamlFile, qpath: tuple, q: dict, qid: str, date: str) -> int:
        """Common wrong answers of a math key: no model, each proved wrong."""
        from quizlint.symbolic import drafting

        answer = q.get("answer") if isinstance(q.get("answer"), dict) else {}
        known = [w for w in q.get("wrong_answers") or [] if isinstance(w, dict)]
        n = self.args.distractors
        if q["kind"] == "symbolic":
            items = drafting.wrong_expressions(str(answer.get("expr")), n,
                                               [w["expr"] for w in known if isinstance(w.get("expr"), str)])
            key = "expr"
        else:
            items = drafting.wrong_values(answer, n, [w["value"] for w in known
                                                      if isinstance(w.get("value"), (int, float))])
            key = "value"
        if items:
            apply.add_wrong_answers(yf, qpath, items, key, apply.origin(MISTAKES_AUTHOR, MISTAKES_VERSION, date),
                                    self._languages(yf))
        self._say(f"{qid}: {len(items)} wrong answer(s) proved wrong, no model: "
                  + "; ".join(f"{v} ({why})" for v, why in items))
        return int(bool(items))

    def _report(self, qid: str, what: str, out) -> None:
        rate = f", {out.tokens / out.seconds:.0f} tok/s" if out.seconds else ""
        self._say(f"{qid}: {what}{rate}")
        for value, reason in out.dropped:
            self._say(f"  dropped {value!r}: {reason}")

    def _say(self, line: str) -> None:
        if self.args.all and sys.stderr.isatty():
            sys.stderr.write("\r\033[K")
        print(line, file=sys.stderr)
