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

    [tool.quizlint.llm]
    model = "path/to/model.gguf"     # or endpoint = "http://127.0.0.1:8080/v1"
"""

from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from quizlint.problem import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    def __init__(self, message: str, path: str = "pyproject.toml", line: int = 1):
        super().__init__(f"{path}:{line}: {message}")
        self.message, self.path, self.line = message, path, line


_TOP = {"paths", "select", "ignore", "languages", "cache-dir", "per-path-ignores",
        "severity", "rule-options", "symbolic", "llm"}
_SYMBOLIC = {"timeout": (int, float), "memory-mb": int, "workers": int}
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
    llm: tuple = ()                   # ((key, value), ...)

    def enabled(self, code: str, path: str | None = None) -> bool:
        """flake8-style selection: the longest matching prefix decides."""
        sel = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        ign = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        if path is not None:
            for pattern, prefixes in self.per_path_ignores:
                if fnmatch.fnmatch(path, pattern):
                    ign = max([ign] + [len(p) for p in prefixes if code.startswith(p)])
        if dict(self.severity).get(code) == "off":
            return False
        return sel > ign

    def severity_of(self, code: str, default: Severity) -> Severity:
        level = dict(self.severity).get(code)
        return Severity(level) if level in ("error", "warning") else default

    def options_for(self, code: str, defaults: dict) -> dict:
        merged = dict(defaults)
        merged.update(dict(dict(self.rule_options).get(code, ())))
        return merged

    def fingerprint(self) -> str:
        """What changes a file's result: everything but paths and cache dir."""
        return repr((self.select, self.ignore, self.languages, self.per_path_ignores,
                     self.severity, self.rule_options, self.symbolic_timeout))


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


def _line_of(text: str, key: str) -> int:
    """Best-effort line of ``key`` inside the [tool.quizlint...] tables."""
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
    from quizlint.rules import all_rules

    # rule modules are imported only when the table names codes
    names_codes = any(k in t for k in ("select", "ignore", "per-path-ignores", "severity", "rule-options"))
    codes = all_rules() if names_codes else {}

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
    parsed = []
    for code, values in (opts.items() if isinstance(opts, dict) else []):
        rule = codes.get(code)
        if rule is None:
            fail(code, f"[tool.quizlint.rule-options]: unknown rule code `{code}`")
        for k in values:
            if k not in rule.options:
                known = ", ".join(rule.options) or "none"
                fail(k, f"{code} has no option `{k}` (options: {known})")
        parsed.append((code, tuple(sorted(values.items()))))
    kw["rule_options"] = tuple(parsed)
    for key, value in t.get("symbolic", {}).items():
        if key not in _SYMBOLIC or not isinstance(value, _SYMBOLIC[key]):
            fail(key, f"[tool.quizlint.symbolic]: unknown or mistyped key `{key}` "
                      f"(known: {', '.join(_SYMBOLIC)})")
        kw["symbolic_" + key.replace("-", "_")] = value
    for key, value in t.get("llm", {}).items():
        if key not in _LLM or not isinstance(value, _LLM[key]):
            fail(key, f"[tool.quizlint.llm]: unknown or mistyped key `{key}` (known: {', '.join(_LLM)})")
    kw["llm"] = tuple(sorted(t.get("llm", {}).items()))
    return Config(**kw)
