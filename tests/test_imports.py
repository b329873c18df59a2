"""No import cycles among quizlint's modules.

Each module's imports are read with ``ast`` (not run) and turned into edges
between quizlint modules; the graph must have no cycle. First the imports
that run at module level; then also the deferred ones (inside functions),
which are there to keep heavy dependencies off a cached run, not to hide a
cycle: two modules that import each other, even late, are one module in
two files.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "quizlint"


def module_names() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _top_level(body):
    """The import statements that run when the module is imported (not in functions or classes)."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            if not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                yield from _top_level(node.body)
                yield from _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            for part in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _top_level(part)
        elif isinstance(node, ast.With):
            yield from _top_level(node.body)


def _everywhere(body):
    """Every import statement, deferred ones (in functions) included."""
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node


def imports(name: str, path: Path, known: dict, deferred: bool = False) -> set[str]:
    """The quizlint modules that module ``name`` imports (at module level, or anywhere with ``deferred``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    statements = (_everywhere if deferred else _top_level)(ast.parse(path.read_text("utf-8")).body)
    for node in statements:
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names if alias.name in known)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join(anchor + ([base] if base else []))
        for alias in node.names:
            target = f"{base}.{alias.name}"
            if target in known:
                out.add(target)  # a submodule
            elif base in known:
                out.add(base)
    out.discard(name)
    return out


def graph(deferred: bool = False) -> dict[str, set[str]]:
    known = module_names()
    return {name: imports(name, path, known, deferred) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found)


def describe(component: list[str], edges: dict[str, set[str]]) -> str:
    inside = set(component)
    links = [f"{a} -> {b}" for a in component for b in sorted(edges[a] & inside)]
    return "import cycle among " + ", ".join(component) + ":\n    " + "\n    ".join(links)


def test_the_cycle_finder_finds_a_cycle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_relative_and_submodule_imports_are_edges(tmp_path):
    known = {"quizlint.suggest": None, "quizlint.suggest.run": None, "quizlint.suggest.command": None,
             "quizlint.errors": None}
    module = tmp_path / "run.py"
    module.write_text("from . import command\nfrom quizlint.errors import UsageError\n"
                      "def later():\n    from .command import x\n")
    assert imports("quizlint.suggest.run", module, known) == {"quizlint.suggest.command", "quizlint.errors"}
    module.write_text("def later():\n    from .command import x\n")
    assert imports("quizlint.suggest.run", module, known) == set()
    assert imports("quizlint.suggest.run", module, known, deferred=True) == {"quizlint.suggest.command"}


def _symbolic(component: list[str]) -> bool:
    return any(m.startswith("quizlint.symbolic.") for m in component)


def test_no_import_cycles():
    edges = graph()
    found = cycles(edges)
    assert not found, "\n".join(describe(c, edges) for c in found)


def test_no_import_cycles_counting_deferred_imports():
    edges = graph(deferred=True)
    found = [c for c in cycles(edges) if not _symbolic(c)]
    assert not found, "\n".join(describe(c, edges) for c in found)


def test_no_import_cycles_in_symbolic_counting_deferred_imports():
    edges = graph(deferred=True)
    found = [c for c in cycles(edges) if _symbolic(c)]
    assert not found, "\n".join(describe(c, edges) for c in found)
