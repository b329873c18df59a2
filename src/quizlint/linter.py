"""``quizlint check``: files → load → schema → rules → symbolic → LintResult.

Per-file work (load, schema, rules) runs in worker processes when many
files need it; each file's final problems are cached by a hash of its
bytes, its path and the config, so an unchanged file costs one read and one
hash. Symbolic checks are collected from every file and proved together
(see ``quizlint.symbolic``). Cross-file checks run last over the id index.
"""

from __future__ import annotations

import os
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from quizlint import i18n, suppress
from quizlint.cache import Cache, CacheRefused, digest, project_cache_dir
from quizlint.config import Config, ConfigError
from quizlint.index import IdIndex, scan_ids
from quizlint.loader import MAX_BYTES, Document, LoadError, decode, load_text, too_large
from quizlint.problem import Problem, Severity
from quizlint.tree import NotRegularFile, display, find_quiz_files, outside_project, read_regular

PARALLEL_MIN_FILES = 8


@dataclass
class FileResult:
    path: str
    problems: list[Problem]
    ids: list[tuple[str, int]] = field(default_factory=list)
    questions: int = 0
    jobs: list = field(default_factory=list)      # symbolic jobs still to prove
    suppressions: suppress.Suppressions | None = None
    key: str | None = None
    cached: bool = False


@dataclass
class LintResult:
    problems: list[Problem]
    files: int = 0
    questions: int = 0
    cached: int = 0
    elapsed: float = 0.0

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity is Severity.WARNING for p in self.problems)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def _problem(path: str, err: LoadError) -> Problem:
    return Problem(path, err.line, err.column, err.code, err.rule, Severity.ERROR, err.message)


def _unreadable(path: str, reason: str) -> Problem:
    return Problem(path, 1, 1, "QL007", "unreadable", Severity.ERROR, reason)


def _read_error(exc: OSError) -> str:
    if isinstance(exc, NotRegularFile):
        return exc.strerror
    if isinstance(exc, PermissionError):
        return f"cannot read file: {exc.strerror}; fix its permissions, or move it out of the checked paths"
    return f"cannot read file: {exc.strerror or exc}"


def internal_error(path: str, exc: BaseException) -> Problem:
    """QL008 for a crash while checking ``path``: the exception's type and where quizlint raised it."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f"{os.sep}quizlint{os.sep}" in f.filename]
    where = ""
    if frames:
        name = frames[-1].filename.rsplit(f"{os.sep}quizlint{os.sep}", 1)[-1]
        where = f" in {name}:{frames[-1].lineno}"
    return Problem(path, 1, 1, "QL008", "internal-error", Severity.ERROR,
                   f"quizlint failed on this file ({type(exc).__name__}{where}); this is a bug in quizlint, "
                   f"not in the quiz: please report it")


def analyze(doc: Document, config: Config) -> FileResult:
    """Schema, rules and symbolic job collection for one loaded document."""
    from quizlint import schema
    from quizlint.rules import all_rules
    from quizlint.rules.base import FileContext, QuestionContext

    problems, bad = schema.validate(doc)
    data = doc.data if isinstance(doc.data, dict) else {}
    langs = i18n.languages(data, config.languages)
    fctx = FileContext(doc.path, data, langs)
    questions = data.get("questions") if isinstance(data.get("questions"), list) else []
    qids = [q.get("id") if isinstance(q, dict) and isinstance(q.get("id"), str) else None for q in questions]

    def emit(r, finding, base: tuple, qid):
        path = base + tuple(finding.path)
        line, col = doc.key_pos(path) if finding.key else doc.pos(path)
        problems.append(Problem(doc.path, line, col, r.code, r.name, r.severity, finding.message, qid))

    for r in all_rules().values():
        if r.func is None or not config.enabled(r.code, doc.path):
            continue
        opts = config.options_for(r.code, r.options)
        if r.scope == "file":
            if not bad:
                for finding in r.func(fctx, opts):
                    emit(r, finding, (), None)
            continue
        for i, q in enumerate(questions):
            if i not in bad and isinstance(q, dict):
                for finding in r.func(QuestionContext(fctx, i, q), opts):
                    emit(r, finding, ("questions", i), qids[i])

    stem = Path(doc.path).stem
    quiz = data.get("quiz")
    if isinstance(quiz, str) and quiz != stem:
        line, col = doc.pos(("quiz",))
        problems.append(Problem(doc.path, line, col, "QL151", "quiz-id-mismatch", Severity.ERROR,
                                f"`quiz: {quiz}` differs from the file name `{stem}`; rename one to match"))
    jobs = []
    wanted = any(config.enabled(code, doc.path) for code in _SYMBOLIC_CODES)
    if wanted and any(isinstance(q, dict) and ("checks" in q or q.get("kind") == "symbolic")
                      for i, q in enumerate(questions) if i not in bad):
        from quizlint import symbolic

        ok = {"questions": [q if i not in bad else {} for i, q in enumerate(questions)]}
        jobs = symbolic.jobs_for(doc.path, ok, doc.pos)
    lines = [doc.pos(("questions", i))[0] for i in range(len(questions))]
    return FileResult(doc.path, problems, scan_ids(data, doc.positions), len(questions), jobs,
                      suppress.parse(doc.text, lines))


def check_text(text: str, path: str = "quiz.yaml", config: Config | None = None,
               symbolic: bool = True) -> list[Problem]:
    """The whole single-file pipeline on a string (no cache); for tests and tools."""
    config = config or Config()
    try:
        doc = load_text(text, path)
    except LoadError as err:
        return [_problem(path, err)]
    res = analyze(doc, config)
    if symbolic and res.jobs:
        res.problems += _prove(res.jobs, config, cache_dir=None)
    return _finalize(res.problems, res.suppressions, config, path)


def _prove(jobs: list, config: Config, cache_dir) -> list[Problem]:
    from quizlint import symbolic

    return symbolic.run(jobs, timeout=config.symbolic_timeout, memory_mb=config.symbolic_memory_mb,
                        workers=config.symbolic_workers, cache_dir=cache_dir)


def _finalize(problems, sup, config: Config, path: str) -> list[Problem]:
    out = []
    for p in problems:
        if not config.enabled(p.code, path) or (sup and sup.silenced(p.code, p.line)):
            continue
        sev = config.severity_of(p.code, p.severity)
        if sev is not p.severity:
            p = Problem(p.path, p.line, p.column, p.code, p.rule, sev, p.message, p.question)
        out.append(p)
    return sorted(out)


def _check_one(args) -> FileResult:
    file, shown, config, key, raw = args
    try:
        if raw is None:
            raise too_large()
        doc = load_text(decode(raw), shown)
        res = analyze(doc, config)
    except LoadError as err:
        return FileResult(shown, [_problem(shown, err)], key=key)
    except Exception as exc:  # noqa: BLE001 - one bad file must never cost the report of the others
        return FileResult(shown, [internal_error(shown, exc)])  # no key: a crash is never cached
    res.key = key
    return res


def _from_cache(shown: str, hit) -> FileResult | None:
    try:
        return FileResult(shown, [Problem.from_dict(d) for d in hit["problems"]],
                          [tuple(x) for x in hit["ids"]], int(hit["questions"]), cached=True)
    except (KeyError, TypeError, ValueError):
        return None  # an entry of another shape: a miss


def _config_line(config: Config, key: str) -> int:
    try:
        text = Path(config.source).read_text("utf-8") if config.source else ""
    except OSError:
        return 1
    found = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _refuse_outside_paths(config: Config) -> None:
    """A configured ``paths`` entry outside the project (``/``, ``..``, a link out) is a configuration error."""
    bad = outside_project(config.paths, config.root)
    if bad:
        raise ConfigError(f"`paths` entry `{bad[0]}` is outside the project ({config.root}); quizlint checks the "
                          f"project's own files: list folders inside it, or name other files on the command line",
                          config.source or "pyproject.toml", _config_line(config, "paths"))


def _cache_dir(config: Config, checked: list[str]) -> str | None:
    """The validated cache directory, or None (one warning line on stderr when it was refused)."""
    try:
        found = project_cache_dir(config.root, config.cache_dir, checked)
    except CacheRefused as exc:
        print(f"quizlint: warning: running without the cache: {exc}", file=sys.stderr)
        return None
    return str(found) if found else None


def lint_paths(paths: list[str], config: Config, *, use_cache: bool = True,
               tree: list[str] | None = None, jobs: int | None = None) -> LintResult:
    """Check ``paths``; ids are also checked against every file under ``tree``.

    Raises ConfigError when the configured ``paths`` leave the project.
    """
    started = time.perf_counter()
    _refuse_outside_paths(config)
    refused: list = []
    files = find_quiz_files(paths, config.root, refused)
    problems: list[Problem] = [_unreadable(display(p), why) for p, why in refused]
    checked = [*paths, *(tree or ()), *(str(config.root / p) for p in config.paths)]
    cache_dir = _cache_dir(config, checked) if use_cache else None
    results_cache = Cache(cache_dir, "files")
    results: list[FileResult] = []
    todo = []
    for f in files:
        shown = display(f)
        try:
            raw = read_regular(f, MAX_BYTES)  # a buffer the size of the file, not of the cap
        except OSError as exc:
            problems.append(_unreadable(shown, _read_error(exc)))
            continue
        key = digest(raw or b"", shown, config.fingerprint()) if raw is not None else None
        hit = results_cache.get(key) if key else None
        cached = _from_cache(shown, hit) if hit is not None else None
        if cached is not None:
            results.append(cached)
        else:
            todo.append((f, shown, config, key, raw))

    fresh = _check_all(todo, config, jobs)
    all_jobs = [j for r in fresh for j in r.jobs]
    by_path: dict[str, list[Problem]] = {}
    for p in _prove_isolated(all_jobs, config):
        by_path.setdefault(p.path, []).append(p)
    for r in fresh:
        found = r.problems + by_path.get(r.path, [])
        # decided before _finalize: an ignored QL602 is still a timeout, never a pass to cache
        undecided = any(p.code in ("QL602", "QL008") for p in found)
        try:
            r.problems = _finalize(found, r.suppressions, config, r.path)
        except Exception as exc:  # noqa: BLE001 - one bad file must never cost the report of the others
            r.problems, undecided = [internal_error(r.path, exc)], True
        if r.key and not undecided:
            results_cache.put(r.key, {"problems": [p.to_dict() for p in r.problems],
                                      "ids": r.ids, "questions": r.questions})
        results.append(r)

    problems = [p for p in problems if config.enabled(p.code, p.path)]
    for r in results:
        problems.extend(r.problems)
    problems.extend(_duplicate_ids(results, files, tree, config, cache_dir))
    return LintResult(sorted(problems), len(files), sum(r.questions for r in results),
                      sum(r.cached for r in results), time.perf_counter() - started)


def _check_all(todo: list, config: Config, jobs: int | None) -> list[FileResult]:
    """``_check_one`` over ``todo``, in worker processes when there are many."""
    workers = jobs or os.cpu_count() or 1
    if len(todo) < PARALLEL_MIN_FILES or workers <= 1:
        return [_check_one(t) for t in todo]  # a few files: no warm-up, their checks are likely cached
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    try:
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            results_iter = pool.map(_check_one, todo, chunksize=max(1, len(todo) // (workers * 4)))
            _maybe_warm_up(todo, config)  # after the fork: the children must not inherit them
            return list(results_iter)
    except BrokenProcessPool:  # a worker died (killed, out of memory): check the files here instead
        return [_check_one(t) for t in todo]


def _prove_isolated(all_jobs: list, config: Config) -> list[Problem]:
    """The symbolic problems; a crash becomes QL008 on each file with checks, never a lost report.

    No verdict cache: quizlint.symbolic.cache does not seal its entries, so
    a committed verdict could turn a refuted check into a pass. Unchanged
    files still skip SymPy through their sealed results. Once it uses
    cache.Cache, pass ``cache_dir and str(Path(cache_dir) / "symbolic")``.
    """
    if not all_jobs:
        return []
    try:
        return _prove(all_jobs, config, cache_dir=None)
    except Exception as exc:  # noqa: BLE001
        return [internal_error(path, exc) for path in dict.fromkeys(j.path for j in all_jobs)]


_SYMBOLIC_CODES = ("QL601", "QL602", "QL603", "QL604")


def _maybe_warm_up(todo, config: Config) -> None:
    """Start SymPy workers now if an unchecked file looks like it has checks.

    Used for big runs only: the workers import SymPy while files are parsed
    and linted, instead of after. A cheap byte test; a false positive (or
    checks whose verdicts are all cached) only costs idle workers.
    """
    if any(raw and (b"checks:" in raw or b"symbolic" in raw) for _f, _s, _c, _k, raw in todo) \
            and any(config.enabled(code) for code in _SYMBOLIC_CODES):
        from quizlint import symbolic

        symbolic.warm_up(memory_mb=config.symbolic_memory_mb)


def _duplicate_ids(results, files, tree, config: Config, cache_dir) -> list[Problem]:
    """QL150 for ids used twice in the checked files or against the rest of ``tree``."""
    seen: dict[str, list[tuple[str, int, int]]] = {}
    for r in results:
        for qid, line, col in r.ids:
            seen.setdefault(qid, []).append((r.path, line, col))
    checked = {os.path.abspath(f) for f in files}
    if tree:
        index = IdIndex(cache_dir)
        for f in find_quiz_files([t for t in tree if Path(t).exists()], config.root):
            if os.path.abspath(f) not in checked:
                for qid, line, col in index.ids(f):
                    if qid in seen:
                        seen[qid].append((display(f), line, col))
        index.save()
    out = []
    checked_paths = {r.path for r in results}
    for qid, places in seen.items():
        if len(places) < 2:
            continue
        for path, line, col in places:
            if path not in checked_paths:
                continue  # only report in the files being checked
            others = ", ".join(f"{p}:{ln}" for p, ln, _ in places if (p, ln) != (path, line))
            if config.enabled("QL150", path):
                out.append(Problem(path, line, col, "QL150", "duplicate-id", config.severity_of("QL150", Severity.ERROR),
                                   f"question id `{qid}` is also used at {others}; ids must be unique across the tree",
                                   qid))
    return out
