"""``[tool.quizlint]`` in pyproject.toml, validated, with line numbers.

Example::

    [tool.quizlint]
    paths = ["data"]                 # what `quizlint check` checks by default
    select = ["QL"]                  # code prefixes to report
    ignore = ["QL303"]               # code prefixes to drop (longest prefix wins)
    languages = ["en"]               # default when a file has no `languages`
    cache-dir = ".quizlint_cache"

    [tool.quizlint.per-path-ignores]
    "data/drafts/*.yaml" = ["QL5"]

    [tool.quizlint.severity]         # "error", "warning" or "off"
    QL303 = "error"

    [tool.quizlint.rule-options.QL303]
    ratio = 2.0

    [tool.quizlint.symbolic]
    timeout = 5.0                    # seconds per check
    memory-mb = 1024                 # per worker process
    workers = 2                      # default: the usable cores, at most 8
    budget = 30.0                    # seconds for all checks of one run

    [tool.quizlint.llm]
    model = "path/to/model.gguf"     # or endpoint = "http://127.0.0.1:8080/v1"
"""

from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from quizlint.errors import ConfigError
from quizlint.problem import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


_TOP = {"paths", "select", "ignore", "languages", "cache-dir", "per-path-ignores",
        "severity", "rule-options", "symbolic", "llm", "glossary", "baseline"}
#: key -> (whole numbers only, low, high, what the value means); low is exclusive for
#: seconds (any positive time), inclusive for counts
_SYMBOLIC = {
    "timeout": (False, 0, 3600, "seconds per check"),
    "memory-mb": (True, 64, 65536, "megabytes of address space per worker"),
    "workers": (True, 1, 64, "worker processes"),
    "budget": (False, 0, 86400, "seconds for all symbolic checks of one run"),
}
_LLM = {"model": str, "endpoint": str, "n-gpu-layers": int, "threads": int,
        "timeout": (int, float), "seed": int, "max-tokens": int}


@dataclass(frozen=True)
class Config:
    root: Path = field(default_factory=Path.cwd)
    source: str | None = None
    paths: tuple = ("data",)
    select: tuple = ("QL",)
    ignore: tuple = ()
    languages: tuple = ("en",)
    cache_dir: str = ".quizlint_cache"
    per_path_ignores: tuple = ()      # ((glob, (prefixes...)), ...)
    severity: tuple = ()              # ((code, "error"|"warning"|"off"), ...)
    rule_options: tuple = ()          # ((code, ((key, value), ...)), ...)
    symbolic_timeout: float = 5.0
    symbolic_memory_mb: int = 1024
    symbolic_workers: int | None = None
    symbolic_budget: float = 30.0
    llm: tuple = ()                   # ((key, value), ...)
    glossary: tuple = ()              # ((lang, ((term, required form), ...)), ...): quizlint.glossary
    baseline: str | None = None       # known problems not to report (quizlint.baseline), from root

    def enabled(self, code: str, path: str | None = None) -> bool:
        """flake8-style selection: the longest matching prefix decides.

        Opt-in rules (measured below 90% precision, :mod:`quizlint.rules.tiers`)
        are selected only by a prefix longer than ``QL`` (``QL304``, ``QL3``).
        """
        sel = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        ign = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        if path is not None:
            for pattern, prefixes in self.per_path_ignores:
                if fnmatch.fnmatch(path, pattern):
                    ign = max([ign] + [len(p) for p in prefixes if code.startswith(p)])
        if dict(self.severity).get(code) == "off":
            return False
        if sel <= len("QL") and _opt_in(code):
            return False  # an opt-in rule runs only when `select` names it with more than "QL"
        return sel > ign

    def severity_of(self, code: str, default: Severity) -> Severity:
        level = dict(self.severity).get(code)
        return Severity(level) if level in ("error", "warning") else default

    def options_for(self, code: str, defaults: dict) -> dict:
        merged = dict(defaults)
        merged.update(dict(dict(self.rule_options).get(code, ())))
        return merged

    def glossaries(self) -> dict:
        """``{lang: {term: required form}}`` from ``[tool.quizlint.glossary]``."""
        return {lang: dict(terms) for lang, terms in self.glossary}

    def fingerprint(self) -> str:
        """What changes a file's result: everything but paths, cache dir, workers and llm.

        The memory cap, the deadline and the budget can each turn a verdict
        into "undecided" (or SymPy's answer, when it swallows a MemoryError);
        the number of workers only changes how fast the same checks run.
        """
        return repr((self.select, self.ignore, self.languages, self.per_path_ignores,
                     self.severity, self.rule_options, self.symbolic_timeout,
                     self.symbolic_memory_mb, self.symbolic_budget, self.glossary))


def _opt_in(code: str) -> bool:
    from quizlint.rules.tiers import opt_in  # the measured tiers (precision.json)

    return opt_in(code)


def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load(path: Path | None = None, start: Path | None = None) -> Config:
    """Config from ``path`` or the nearest pyproject.toml above ``start``."""
    if path is None:
        path = find_pyproject((start or Path.cwd()).resolve())
        if path is None:
            return Config(root=(start or Path.cwd()).resolve())
    try:
        text = Path(path).read_text("utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 1
        raise ConfigError(f"invalid TOML: {exc}", str(path), line) from None
    table = data.get("tool", {}).get("quizlint")
    if table is None:
        return Config(root=Path(path).resolve().parent, source=str(path))
    return _parse(table, text, str(path))


def _line_of(text: str, key: str, table: str | None = None) -> int:
    """Best-effort line of ``key`` inside the [tool.quizlint...] tables
    (inside ``[tool.quizlint.<table>]`` first, when ``table`` is given)."""
    if table is not None:
        in_table = False
        for n, line in enumerate(text.splitlines(), 1):
            s = line.strip()
            if s.startswith("["):
                in_table = re.match(rf"\[\s*tool\.quizlint\.{re.escape(table)}\s*\]", s) is not None
            elif in_table and re.match(rf'["\']?{re.escape(key)}["\']?\s*=', s):
                return n
    in_table = False
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if s.startswith("["):
            in_table = s.startswith("[tool.quizlint")
            if in_table and key in s:
                return n
            continue
        if in_table and re.match(rf'["\']?{re.escape(key)}["\']?\s*=', s):
            return n
    for n, line in enumerate(text.splitlines(), 1):  # a value, e.g. a code in a list
        if f'"{key}"' in line or f"'{key}'" in line:
            return n
    return 1


def _parse(t: dict, text: str, source: str) -> Config:
    from quizlint.rules import all_codes, all_rules

    # rule modules are imported only when the table names codes
    names_codes = any(k in t for k in ("select", "ignore", "per-path-ignores", "severity", "rule-options"))
    codes = all_codes() if names_codes else {}

    def fail(key: str, msg: str):
        raise ConfigError(msg, source, _line_of(text, key))

    def str_list(key: str, value) -> tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail(key, f"`{key}` must be a list of strings")
        return tuple(value)

    def prefixes(key: str, value) -> tuple:
        out = str_list(key, value)
        for prefix in out:
            if not any(code.startswith(prefix) for code in codes):
                fail(prefix, f"`{key}`: no rule code starts with `{prefix}` (see `quizlint rules`)")
        return out

    for key in t:
        if key not in _TOP:
            fail(key, f"unknown key `{key}` in [tool.quizlint]; known: {', '.join(sorted(_TOP))}")
    kw: dict = {"root": Path(source).resolve().parent, "source": source}
    if "paths" in t:
        kw["paths"] = str_list("paths", t["paths"])
        from quizlint.tree import outside_project  # one policy for every command (check, stamp, suggest)

        bad = outside_project(kw["paths"], kw["root"])
        if bad:
            fail("paths", f"`paths` entry `{bad[0]}` is outside the project ({kw['root']}); quizlint checks "
                          "the project's own files: list folders inside it, or name other files on the command line")
    if "baseline" in t:
        if not isinstance(t["baseline"], str) or not t["baseline"].strip():
            fail("baseline", "`baseline` must be the name of a baseline file (quizlint check --write-baseline)")
        from quizlint.tree import outside_project

        if outside_project([t["baseline"]], kw["root"]):
            fail("baseline", f"`baseline` file `{t['baseline']}` is outside the project ({kw['root']})")
        kw["baseline"] = t["baseline"]
    if "select" in t:
        kw["select"] = prefixes("select", t["select"])
    if "ignore" in t:
        kw["ignore"] = prefixes("ignore", t["ignore"])
    if "languages" in t:
        kw["languages"] = str_list("languages", t["languages"]) or ("en",)
    if "cache-dir" in t:
        if not isinstance(t["cache-dir"], str):
            fail("cache-dir", "`cache-dir` must be a string")
        kw["cache_dir"] = t["cache-dir"]
    ppi = t.get("per-path-ignores", {})
    if not isinstance(ppi, dict):
        fail("per-path-ignores", "`per-path-ignores` must be a table of glob = [codes]")
    kw["per_path_ignores"] = tuple((g, prefixes(g, v)) for g, v in ppi.items())
    sev = t.get("severity", {})
    for code, level in (sev.items() if isinstance(sev, dict) else [("severity", None)]):
        if code not in codes:
            fail(code, f"[tool.quizlint.severity]: unknown rule code `{code}`")
        if level not in ("error", "warning", "off"):
            fail(code, f"severity of {code} must be \"error\", \"warning\" or \"off\"")
    kw["severity"] = tuple(sorted(sev.items()))
    opts = t.get("rule-options", {})
    if not isinstance(opts, dict):
        fail("rule-options", "`rule-options` must hold tables: [tool.quizlint.rule-options.CODE]")
    parsed = []
    for code, values in opts.items():
        if code not in codes:
            fail(code, f"[tool.quizlint.rule-options]: unknown rule code `{code}`")
        where = f"rule-options.{code}"
        if not isinstance(values, dict):
            fail(code, f"[tool.quizlint.rule-options]: `{code}` must be a table: [tool.quizlint.{where}]")
        # each option is declared once, on its rule, with its type and check
        specs = getattr(all_rules().get(code), "option_specs", {})
        typed = {}
        for k, value in values.items():
            line = _line_of(text, k, where)
            if k not in specs:
                known = ", ".join(specs) or "none"
                raise ConfigError(f"{code} has no option `{k}` (options: {known})", source, line)
            try:
                typed[k] = specs[k].read(k, value)
            except ValueError as exc:
                raise ConfigError(f"[tool.quizlint.{where}]: {exc}", source, line) from None
        parsed.append((code, tuple(sorted(typed.items()))))
    kw["rule_options"] = tuple(parsed)
    symbolic = t.get("symbolic", {})
    if not isinstance(symbolic, dict):
        fail("symbolic", "`symbolic` must be a table: [tool.quizlint.symbolic]")
    for key, value in symbolic.items():
        if key not in _SYMBOLIC:
            raise ConfigError(f"[tool.quizlint.symbolic]: unknown key `{key}` "
                              f"(known: {', '.join(_SYMBOLIC)})", source,
                              _line_of(text, key, "symbolic"))
        problem = _symbolic_problem(key, value)
        if problem:
            raise ConfigError(f"[tool.quizlint.symbolic]: {problem}", source,
                              _line_of(text, key, "symbolic"))
        kw["symbolic_" + key.replace("-", "_")] = value
    for key, value in t.get("llm", {}).items():
        if key not in _LLM or not isinstance(value, _LLM[key]):
            fail(key, f"[tool.quizlint.llm]: unknown or mistyped key `{key}` (known: {', '.join(_LLM)})")
    kw["llm"] = tuple(sorted(t.get("llm", {}).items()))
    from quizlint.glossary import from_config

    kw["glossary"] = from_config(t.get("glossary", {}), kw["root"], source,
                                 lambda key, table=None: _line_of(text, key, table))
    return Config(**kw)


def _symbolic_problem(key: str, value) -> str | None:
    """Why ``value`` is no good for ``[tool.quizlint.symbolic] key``, or None.

    Bounds keep every check under a real deadline and memory cap: NaN, inf,
    zero, negative and huge values are refused, and so are booleans.
    """
    whole, low, high, meaning = _SYMBOLIC[key]
    types = (int,) if whole else (int, float)
    if whole:
        wanted = f"a whole number from {low} to {high} ({meaning})"
    else:
        wanted = f"a number of seconds above {low} and at most {high} ({meaning})"
    shown = repr(value) if isinstance(value, str) else \
        str(value).lower() if isinstance(value, (bool, float)) else str(value)
    if isinstance(value, bool) or not isinstance(value, types):
        return f"mistyped key `{key}`: must be {wanted}, not {shown}"
    in_range = low <= value <= high if whole else low < value <= high  # NaN fails both
    return None if in_range else f"`{key} = {shown}` is out of range: must be {wanted}"
