"""The package's modules import one another without a cycle: what a module imports when it
is loaded (its top-level imports, not those inside functions, which the command line uses
to load only what a command needs, nor those only for type checking)."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import gio_lint

PACKAGE = Path(gio_lint.__file__).parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("gio_lint", *path.relative_to(PACKAGE).with_suffix("").parts)
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _top_level_imports(path: Path, known: set[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gio_lint"):
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                      for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("gio_lint")}
    return found & known


def test_no_module_imports_itself_through_others() -> None:
    modules = _modules()
    graph = {name: _top_level_imports(path, set(modules)) - {name} for name, path in modules.items()}
    assert len(graph) > 60 and graph["gio_lint.lint"] >= {"gio_lint.kinds", "gio_lint.rulebook"}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as cycle:
        raise AssertionError(f"an import cycle: {' → '.join(cycle.args[1])}") from None
    assert order.index("gio_lint.model") < order.index("gio_lint.lint") < order.index("gio_lint.runner")
