"""The package's plan holds: its stages are folders, and imports go one way, down the pipeline.

A stage may import the shared modules at the top of the package and the stages before it,
never a stage after it (wherever the import is: at the top, inside a function, or only for
type checking); the shared modules import no stage. And no module imports itself through
others when it is loaded (its top-level imports: those inside functions let the command line
load only what a command needs)."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import gio_lint

PACKAGE = Path(gio_lint.__file__).parent
STAGES = ("input", "structure", "prose", "templates", "rules", "output", "command")
SHARED = {"gio_lint", "gio_lint.errors", "gio_lint.numbering", "gio_lint.resources", "gio_lint.vocabulary",
          "gio_lint.tomlload"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("gio_lint", *path.relative_to(PACKAGE).with_suffix("").parts)
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _imported(node: ast.AST) -> set[str]:
    if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gio_lint"):
        return {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                for a in node.names}
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name.startswith("gio_lint")}
    return set()


def _imports(path: Path, top_level: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not top_level:
        return {name for node in ast.walk(tree) for name in _imported(node)} & set(MODULES)
    return {name for node in tree.body
            if not (isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
            for name in _imported(node)} & set(MODULES)


def _stage(module: str) -> int | None:
    """The stage's place in the pipeline; None for a shared module. ``python -m gio_lint``
    (gio_lint/__main__.py) is the command's."""
    if module in SHARED:
        return None
    return STAGES.index("command" if module == "gio_lint.__main__" else module.split(".")[1])


def test_every_module_is_in_a_stage_or_shared() -> None:
    for module in MODULES:
        folder = module.split(".")[1] if module.count(".") else ""
        assert module in SHARED or module == "gio_lint.__main__" or folder in STAGES, f"{module} is in no stage"
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and " in, " in doc.splitlines()[0], f"gio_lint/{stage} does not say what comes in and goes out"


def test_imports_go_down_the_pipeline() -> None:
    back = []
    for module, path in MODULES.items():
        here = _stage(module)
        for target in _imports(path, top_level=False):
            there = _stage(target)
            if there is None:
                continue
            if here is None or there > here:
                back.append(f"{module} imports {target}")
    assert not back, "imports that go back up the pipeline:\n" + "\n".join(sorted(back))


def test_the_direction_test_sees_an_import_back_up() -> None:
    late = "gio_lint.output.outcome"
    assert _stage(late) == STAGES.index("output") > STAGES.index("structure") == _stage("gio_lint.structure.model")
    assert "gio_lint.rules.lint" in _imports(MODULES[late], top_level=False)


def test_no_module_imports_itself_through_others() -> None:
    graph = {name: _imports(path, top_level=True) - {name} for name, path in MODULES.items()}
    assert len(graph) > 60 and graph["gio_lint.rules.lint"] >= {"gio_lint.rules.kinds", "gio_lint.rules.rulebook"}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as cycle:
        raise AssertionError(f"an import cycle: {' → '.join(cycle.args[1])}") from None
    model, lint, runner = "gio_lint.structure.model", "gio_lint.rules.lint", "gio_lint.command.runner"
    assert order.index(model) < order.index(lint) < order.index(runner)
