"""The layers of docs/architecture.md hold: read from the code's own imports and definitions.

The import graph of ``src/tripplan`` is built from every ``import`` statement (at module
level and inside functions; ``if TYPE_CHECKING:`` blocks left out, since they never run),
with ``from package import name`` pointing at the submodule when ``name`` is one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src"
PACKAGE = SRC / "tripplan"

MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imports_of(name: str) -> set[str]:
    """The tripplan modules that module ``name`` imports when it runs."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
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

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    """The check below can fail: a two-module loop and a three-module loop are found."""
    graph = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}
    assert cycles(graph) == [["a", "b"], ["c", "d", "e"]]


def test_the_import_graph_reads_the_code():
    assert "tripplan.cli.registry" in GRAPH["tripplan.cli.entry"]  # inside a function
    assert "tripplan.rules.registry" in GRAPH["tripplan.rules.core"]
    assert "tripplan.app.pipeline" in GRAPH["tripplan.app.validate"]


def test_no_import_cycle():
    assert cycles(GRAPH) == []



@pytest.mark.parametrize("name", [m for m in MODULES if m.startswith("tripplan.export")])
def test_exporters_are_pure(name):
    """Exporters turn a trip and its resolved schedule into bytes: no loading, catalogue,
    safe writes, terminal or standard output."""
    forbidden = {"tripplan.load", "tripplan.catalog", "tripplan.storage", "tripplan.terminal",
                 "tripplan.cli", "tripplan.app"}
    bad = {m for m in GRAPH[name] if any(m == f or m.startswith(f + ".") for f in forbidden)}
    assert bad == set()
    text = MODULES[name].read_text(encoding="utf-8")
    tree = ast.parse(text)
    imported = {a.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for a in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m == "rich" or m.startswith("rich.")}
    assert "sys.stdout" not in text and "sys.stderr" not in text


@pytest.mark.parametrize("name", [m for m in MODULES if m.startswith("tripplan.rules")])
def test_rules_import_no_use_case_or_front_end(name):
    assert not {m for m in GRAPH[name] if m.startswith(("tripplan.app", "tripplan.cli"))}


@pytest.mark.parametrize("name", [m for m in MODULES if m.startswith("tripplan.app")])
def test_use_cases_do_not_reach_up_to_the_command_line(name):
    assert not {m for m in GRAPH[name] if m.startswith("tripplan.cli")}


def test_command_modules_do_not_import_the_registry():
    """Commands are registered in one place; a command module importing it would loop."""
    for name in MODULES:
        if name.startswith("tripplan.cli.") and name not in ("tripplan.cli.registry",
                                                              "tripplan.cli.entry"):
            assert "tripplan.cli.registry" not in GRAPH[name], name
            assert "tripplan.cli" not in GRAPH[name], name


def test_the_model_does_no_io():
    io = {"tripplan.load", "tripplan.storage", "tripplan.catalog", "tripplan.cache",
          "tripplan.config"}
    assert not GRAPH["tripplan.model"] & io


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_and_functions_are_short(name):
    text = MODULES[name].read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []
