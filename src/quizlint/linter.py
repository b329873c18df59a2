"""``quizlint check``: files → load → schema → rules → symbolic → LintResult.

This module only orchestrates. Per-file work (load, :mod:`quizlint.schema`,
:func:`quizlint.rules.problems`) runs in worker processes when many files
need it; each file's results are cached by a hash of its bytes, its path
and the config, so an unchanged file costs one read and one hash. Symbolic
checks are collected from every file and proved together (see
``quizlint.symbolic``). Duplicate ids (QL150) and duplicate questions
(QL152) are found last, across files.
Every problem then takes one path, :func:`_finalize`: selection, severity
and ``# quizlint: disable`` comments.
"""

from __future__ import annotations

import os
import sys
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from quizlint import codes, rules, schema, suppress
from quizlint.cache import Cache, CacheRefused, digest, project_cache_dir
from quizlint.config import Config
from quizlint.index import scan_ids, tree_entries
from quizlint.loader import MAX_BYTES, Document, LoadError, decode, load_text, too_large
from quizlint.problem import Problem, Severity
from quizlint.tree import NotRegularFile, display, find_quiz_files, read_regular

PARALLEL_MIN_FILES = 8


@dataclass
class FileResult:
    path: str
    problems: list[Problem]
    ids: list[tuple[str, int, int]] = field(default_factory=list)
    questions: int = 0
    jobs: list = field(default_factory=list)      # symbolic jobs still to prove
    suppressions: suppress.Suppressions | None = None
    cache_key: str | None = None
    cached: bool = False
    signatures: list = field(default_factory=list)  # [signature, line, id] per question, for QL152


@dataclass
class LintResult:
    problems: list[Problem]
    files: int = 0
    questions: int = 0
    cached: int = 0

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity is Severity.WARNING for p in self.problems)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


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
    return codes.INTERNAL_ERROR.at(path, 1, 1, f"quizlint failed on this file ({type(exc).__name__}{where}); "
                                              f"this is a bug in quizlint, not in the quiz: please report it")


def analyze(doc: Document, config: Config) -> FileResult:
    """Schema, rules and symbolic job collection for one loaded document."""
    problems, bad = schema.validate(doc)
    problems += rules.problems(doc, config, skip=bad)
    data = doc.data if isinstance(doc.data, dict) else {}
    questions = data.get("questions") if isinstance(data.get("questions"), list) else []
    lines = [doc.pos(("questions", i))[0] for i in range(len(questions))]
    sigs = []
    if config.enabled(codes.DUPLICATE_QUESTION.code, doc.path):
        from quizlint import i18n
        from quizlint.rules import duplicates

        ok = {"questions": [q if i not in bad else None for i, q in enumerate(questions)]}
        sigs = duplicates.signatures(ok, i18n.languages(data, config.languages)[0],
                                     [doc.pos(("questions", i)) for i in range(len(questions))])
    return FileResult(doc.path, problems, scan_ids(data, doc.positions), len(questions),
                      _symbolic_jobs(doc, questions, bad, config), suppress.parse(doc.text, lines),
                      signatures=sigs)


def _symbolic_jobs(doc: Document, questions: list, bad: set, config: Config) -> list:
    """The symbolic jobs of the schema-valid questions (none when the QL6xx codes are off)."""
    if not any(config.enabled(c.code, doc.path) for c in codes.SYMBOLIC):
        return []
    ok = [q if i not in bad and isinstance(q, dict) else {} for i, q in enumerate(questions)]
    if not any("checks" in q or q.get("kind") == "symbolic" for q in ok):
        return []
    from quizlint import symbolic  # only files with checks pay for it

    return symbolic.jobs_for(doc.path, {"questions": ok}, doc.pos)


def check_text(text: str, path: str = "quiz.yaml", config: Config | None = None,
               symbolic: bool = True) -> list[Problem]:
    """The whole single-file pipeline on a string (no cache); for tests and tools."""
    config = config or Config()
    try:
        res = analyze(load_text(text, path), config)
    except LoadError as err:
        return _finalize([err.problem(path)], config)
    if symbolic and res.jobs:
        res.problems += _prove(res.jobs, config)
    res.problems += _duplicate_questions([res], {}).get(res.path, [])
    return _finalize(res.problems, config, res.suppressions)


def _prove(jobs: list, config: Config, cache_dir: str | None = None) -> list[Problem]:
    """The symbolic problems of ``jobs``; verdicts are cached (sealed, like
    every cache entry) under ``cache_dir``/symbolic."""
    from quizlint import symbolic

    return symbolic.run(jobs, timeout=config.symbolic_timeout, memory_mb=config.symbolic_memory_mb,
                        workers=config.symbolic_workers, budget=config.symbolic_budget,
                        cache_dir=Path(cache_dir) / "symbolic" if cache_dir else None)


def _finalize(problems: list[Problem], config: Config, sup: suppress.Suppressions | None = None) -> list[Problem]:
    """The one path every problem takes: selection, severity, then suppression comments (``sup``)."""
    out = []
    for p in problems:
        if not config.enabled(p.code, p.path) or (sup and sup.silenced(p.code, p.line)):
            continue
        sev = config.severity_of(p.code, p.severity)
        out.append(p if sev is p.severity else replace(p, severity=sev))
    return sorted(out)


def _check_one(args) -> FileResult:
    file, shown, config, key, raw = args
    try:
        if raw is None:
            raise too_large()
        res = analyze(load_text(decode(raw), shown), config)
    except LoadError as err:
        return FileResult(shown, [err.problem(shown)], cache_key=key)
    except Exception as exc:  # noqa: BLE001 - one bad file must never cost the report of the others
        return FileResult(shown, [internal_error(shown, exc)])  # no key: a crash is never cached
    res.cache_key = key
    return res


def _to_cache(r: FileResult) -> dict:
    sup = r.suppressions.to_dict() if r.suppressions else None
    return {"problems": [p.to_dict() for p in r.problems], "ids": r.ids, "questions": r.questions,
            "suppressions": sup, "signatures": r.signatures}


def _from_cache(shown: str, hit) -> FileResult | None:
    try:
        sup = hit["suppressions"]
        return FileResult(shown, [Problem.from_dict(d) for d in hit["problems"]],
                          [tuple(x) for x in hit["ids"]], int(hit["questions"]),
                          suppressions=suppress.Suppressions.from_dict(sup) if sup is not None else None,
                          cached=True, signatures=list(hit["signatures"]))
    except (KeyError, TypeError, ValueError):
        return None  # an entry of another shape: a miss


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
    """Check ``paths``; ids are also checked against every file under ``tree``."""
    refused: list = []
    files = find_quiz_files(paths, config.root, refused)
    problems = _finalize([codes.UNREADABLE.at(display(p), 1, 1, why) for p, why in refused], config)
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
            problems += _finalize([codes.UNREADABLE.at(shown, 1, 1, _read_error(exc))], config)
            continue
        key = digest(raw or b"", shown, config.fingerprint()) if raw is not None else None
        hit = results_cache.get(key) if key else None
        cached = _from_cache(shown, hit) if hit is not None else None
        if cached is not None:
            results.append(cached)
        else:
            todo.append((f, shown, config, key, raw))

    fresh = _check_all(todo, config, jobs)
    by_path: dict[str, list[Problem]] = {}
    for p in _prove_isolated([j for r in fresh for j in r.jobs], config, cache_dir):
        by_path.setdefault(p.path, []).append(p)
    undecided = (codes.CHECK_UNDECIDED.code, codes.INTERNAL_ERROR.code)
    for r in fresh:
        found = r.problems + by_path.get(r.path, [])
        # decided before _finalize: an ignored QL602 is still a timeout, never a pass to cache
        keep = r.cache_key and not any(p.code in undecided for p in found)
        try:
            r.problems = _finalize(found, config, r.suppressions)
        except Exception as exc:  # noqa: BLE001 - one bad file must never cost the report of the others
            r.problems, keep = [internal_error(r.path, exc)], False
        if keep:
            results_cache.put(r.cache_key, _to_cache(r))
        results.append(r)

    sups = {r.path: r.suppressions for r in results}
    rest = _rest_of_tree(tree, files, config, cache_dir)
    for path, found in _duplicate_ids(results, rest).items():
        problems += _finalize(found, config, sups.get(path))
    for path, found in _duplicate_questions(results, rest).items():
        problems += _finalize(found, config, sups.get(path))
    for r in results:
        problems += r.problems
    return LintResult(sorted(problems), len(files), sum(r.questions for r in results),
                      sum(r.cached for r in results))


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


def _prove_isolated(all_jobs: list, config: Config, cache_dir: str | None = None) -> list[Problem]:
    """The symbolic problems; a crash becomes QL008 on each file with checks, never a lost report."""
    if not all_jobs:
        return []
    try:
        return _prove(all_jobs, config, cache_dir)
    except Exception as exc:  # noqa: BLE001
        return [internal_error(path, exc) for path in dict.fromkeys(j.path for j in all_jobs)]


def _maybe_warm_up(todo, config: Config) -> None:
    """Start SymPy workers now if an unchecked file looks like it has checks.

    Used for big runs only: the workers import SymPy while files are parsed
    and linted, instead of after. A cheap byte test; a false positive (or
    checks whose verdicts are all cached) only costs idle workers.
    """
    if any(raw and (b"checks:" in raw or b"symbolic" in raw) for _f, _s, _c, _k, raw in todo) \
            and any(config.enabled(c.code) for c in codes.SYMBOLIC):
        from quizlint import symbolic

        symbolic.warm_up(memory_mb=config.symbolic_memory_mb)


def _rest_of_tree(tree, files, config: Config, cache_dir) -> dict[str, dict]:
    """The ids and question signatures of the files under ``tree`` that are not being checked."""
    if not tree:
        return {}
    return tree_entries([t for t in tree if Path(t).exists()], cache_dir=cache_dir, root=config.root,
                        skip={os.path.abspath(f) for f in files}, default_lang=config.languages[0])


def _duplicate_ids(results, rest: dict[str, dict]) -> dict[str, list[Problem]]:
    """QL150, by checked file, for ids used twice in the checked files or against the rest of the tree."""
    seen: dict[str, list[tuple[str, int, int]]] = {}
    for r in results:
        for qid, line, col in r.ids:
            seen.setdefault(qid, []).append((r.path, line, col))
    for path, entry in rest.items():
        for qid, line, _col in entry["ids"]:
            if qid in seen:
                seen[qid].append((path, line, 1))
    out: dict[str, list[Problem]] = {}
    checked_paths = {r.path for r in results}
    for qid, places in seen.items():
        for path, line, col in places if len(places) > 1 else ():
            if path in checked_paths:  # only report in the files being checked
                others = ", ".join(f"{p}:{ln}" for p, ln, _ in places if (p, ln) != (path, line))
                out.setdefault(path, []).append(codes.DUPLICATE_ID.at(
                    path, line, col, f"question id `{qid}` is also used at {others}; ids must be unique "
                                     f"across the tree", qid))
    return out


def _duplicate_questions(results, rest: dict[str, dict]) -> dict[str, list[Problem]]:
    """QL152, by checked file, for questions that repeat another one of the checked files or of
    the rest of the tree (rules/duplicates.py)."""
    by_file, seen = {}, set()
    for r in results:
        real = os.path.realpath(r.path)
        if r.signatures and real not in seen:  # a link to a checked file is that file, not a copy
            seen.add(real)
            by_file[r.path] = r.signatures
    if not by_file:
        return {}
    for path, entry in rest.items():
        real = os.path.realpath(path)
        if entry["sigs"] and real not in seen:
            seen.add(real)
            by_file[path] = entry["sigs"]
    if sum(len(v) for v in by_file.values()) < 2:
        return {}
    from quizlint.rules import duplicates

    checked = {r.path for r in results}
    return {p: found for p, found in duplicates.problems(by_file).items() if p in checked}
