"""The shape of the code: one direction of imports (README "How the code is laid out").

Every module under `etl/`, `dashboard/` and `xxgk/` is parsed with `ast` (never imported) and its
imports, at any depth (a function-level import is still a dependency), become edges of a graph
between the project's modules. The test fails on

- an import cycle between modules (a package's `__init__` importing its own submodules is not one:
  no edge is added from a module to the packages above it);
- any module of `etl` importing `dashboard` or the command line package `xxgk` (the ETL stands on
  its own; the dashboard reads what it builds);
- the dashboard's figures (`dashboard.charts`, `dashboard.style`, `dashboard.brief`) importing its
  widgets (`dashboard.ui`, `dashboard.filters`' Streamlit side is in functions of its own) or Streamlit.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("etl", "dashboard", "xxgk")

Graph = Mapping[str, set[str]]


# --------------------------------------------------------------------------------------------------
# Building the graph


def module_name(path: Path, root: Path = REPO) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_modules(root: Path = REPO, packages: Iterable[str] = PACKAGES) -> dict[str, Path]:
    """Module name → file, for every .py file under the packages (page scripts included)."""
    out: dict[str, Path] = {}
    for pkg in packages:
        for path in sorted((root / pkg).rglob("*.py")):
            out[module_name(path, root)] = path
    return out


def _is_package(name: str, modules: Mapping[str, Path]) -> bool:
    return name in modules and modules[name].name == "__init__.py"


def _resolve(importer: str, node: ast.ImportFrom, modules: Mapping[str, Path]) -> str:
    """The absolute module a `from … import …` names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not _is_package(importer, modules):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join([*base, *([node.module] if node.module else [])])


def _owner(name: str, modules: Mapping[str, Path]) -> str | None:
    """The project module `name` refers to: itself, or the closest enclosing module (`a.b.f` → `a.b`)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imports_of(name: str, source: str, modules: Mapping[str, Path]) -> set[str]:
    """Project modules that module `name` imports (anywhere in its body)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, node, modules)
            # `from pkg import mod` imports the submodule; `from mod import name` the module
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        for t in targets:
            owner = _owner(t, modules)
            if owner is not None and owner != name:
                out.add(owner)
    return out


def import_graph(root: Path = REPO, packages: Iterable[str] = PACKAGES) -> dict[str, set[str]]:
    modules = project_modules(root, packages)
    return {
        name: imports_of(name, path.read_text(encoding="utf-8"), modules) for name, path in modules.items()
    }


def external_imports(source: str) -> set[str]:
    """Top-level names of every module a source imports (`streamlit`, `etl`, …)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.add(node.module.split(".")[0])
    return out


# --------------------------------------------------------------------------------------------------
# Checks


def cycles(graph: Graph) -> list[list[str]]:
    """Every strongly connected component with more than one module (or a module importing itself),
    each as a sorted list: Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    component.append(m)
                    if m == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    found.append(sorted(component))
    return sorted(found)


def forbidden_edges(
    graph: Graph, source_prefix: str, target_prefixes: Iterable[str]
) -> list[tuple[str, str]]:
    """Edges from modules under `source_prefix` to modules under any of `target_prefixes`."""

    def under(name: str, prefix: str) -> bool:
        return name == prefix or name.startswith(prefix + ".")

    targets = tuple(target_prefixes)
    return sorted(
        (a, b)
        for a, bs in graph.items()
        if under(a, source_prefix)
        for b in bs
        if any(under(b, t) for t in targets)
    )


# --------------------------------------------------------------------------------------------------
# The checks catch what they should (small synthetic graphs and sources)


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"a"}}, [["a"]]),
        ({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set()}, []),  # a diamond is no cycle
        ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["a", "b"], ["c", "d"]]),
        ({"x": {"y"}, "y": {"z", "missing"}, "z": {"x"}}, [["x", "y", "z"]]),  # edges out of the graph
    ],
)
def test_cycle_finder(graph, expected):
    assert cycles(graph) == expected


def test_a_planted_cycle_and_a_planted_etl_import_are_caught(tmp_path):
    """The real graph builder on a small planted tree: a lazy import closes a cycle between two
    modules, and an etl module reaches into the dashboard from inside a function."""
    files = {
        "etl/__init__.py": "",
        "etl/core.py": "from etl import util\n",
        "etl/util.py": "def f():\n    from etl.core import g  # lazily, still a cycle\n",
        "etl/report.py": "def show():\n    from dashboard.charts import line\n",
        "etl/pkg/__init__.py": "from etl.pkg import leaf\n",  # a package importing its child
        "etl/pkg/leaf.py": "from . import helper\nfrom .helper import h\n",
        "etl/pkg/helper.py": "import json\n",
        "dashboard/__init__.py": "",
        "dashboard/charts.py": "import plotly\nfrom etl import core\n",
    }
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    graph = import_graph(tmp_path, ("etl", "dashboard"))
    assert graph["etl.pkg"] == {"etl.pkg.leaf"}
    assert graph["etl.pkg.leaf"] == {"etl.pkg.helper"}
    assert graph["dashboard.charts"] == {"etl.core"}
    assert cycles(graph) == [["etl.core", "etl.util"]]
    assert forbidden_edges(graph, "etl", ["dashboard", "xxgk"]) == [("etl.report", "dashboard.charts")]
    # without the planted faults the same tree is clean
    (tmp_path / "etl/util.py").write_text("def f():\n    return 1\n", encoding="utf-8")
    (tmp_path / "etl/report.py").write_text("", encoding="utf-8")
    graph = import_graph(tmp_path, ("etl", "dashboard"))
    assert cycles(graph) == [] and forbidden_edges(graph, "etl", ["dashboard", "xxgk"]) == []


# --------------------------------------------------------------------------------------------------
# The project


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_the_graph_sees_the_project(graph):
    assert {"etl.build", "etl.cli", "dashboard.queries", "dashboard.app", "xxgk.cli"} <= set(graph)
    assert "dashboard.queries" in graph["dashboard.db"]
    assert "etl.build" in graph["xxgk.cli"] or "etl.cli" in graph["xxgk.cli"]


def test_no_import_cycles(graph):
    assert cycles(graph) == []


def test_etl_never_imports_the_dashboard_or_the_command_line(graph):
    assert forbidden_edges(graph, "etl", ["dashboard", "xxgk"]) == []


def test_the_dashboard_never_imports_the_command_line(graph):
    assert forbidden_edges(graph, "dashboard", ["xxgk"]) == []


@pytest.mark.parametrize("module", ["dashboard.charts", "dashboard.style", "dashboard.formats"])
def test_figures_and_formats_do_not_import_widgets(graph, module):
    assert forbidden_edges(graph, module, ["dashboard.ui", "dashboard.views", "dashboard.app"]) == []
    source = project_modules()[module].read_text(encoding="utf-8")
    assert "streamlit" not in external_imports(source)


def test_the_briefing_pack_runs_without_streamlit(graph):
    """The pack is built by `xxgk brief` too: no widget module, no Streamlit."""
    brief = [m for m in graph if m == "dashboard.brief" or m.startswith("dashboard.brief.")]
    assert len(brief) >= 4
    for module in brief:
        assert forbidden_edges(graph, module, ["dashboard.ui", "dashboard.views", "dashboard.app"]) == []
        source = project_modules()[module].read_text(encoding="utf-8")
        assert "streamlit" not in external_imports(source), module


def test_no_page_script_is_imported(graph):
    """Page scripts (`dashboard/views/`) run top to bottom under Streamlit: nothing imports them."""
    assert [(a, b) for a, bs in graph.items() for b in bs if b.startswith("dashboard.views")] == []
