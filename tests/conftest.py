from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TypeVar

import pytest

from gio_lint.command.cli import main
from gio_lint.input.read import decode
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.lint import lint
from gio_lint.templates.sample import Sample, sample_text

ROOT = Path(__file__).resolve().parent.parent
# GIO_TESTS=full (what CI sets): every generated example, every mutated cell and the slowest
# integrations; by default a sample of each, so that a run takes about a minute.
FULL = os.environ.get("GIO_TESTS", "") == "full"


def sample(items: list[T], every: int, offset: int = 0) -> list[T]:
    """All of ``items`` in a full run, else every ``every``-th (from ``offset``, which tests
    vary so that the sample moves between parameters)."""
    return items if FULL else items[offset % every :: every]


full_only = pytest.mark.skipif(not FULL, reason="runs with GIO_TESTS=full (in CI)")
T = TypeVar("T")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"
EXAMPLE_2019 = ROOT / "examples" / "2019-laoshan-hrss.txt"
EXAMPLE_2021 = ROOT / "examples" / "2024-huaian-city.txt"
SHANGHAI_2019 = CORPUS / "2019-shanghai-office-tabs.txt"


def _sample_2021() -> str:
    """The 2021 example written out again from the 2021 template: its figures in the
    template's tables and its paragraphs under the template's headings. A clean report that
    has every row the template has (tests that only need a clean report use it, so that a
    row added to the template is no change to them)."""
    example = lint(decode(EXAMPLE_2021.read_bytes(), EXAMPLE_2021.name))
    assert example.match is not None and example.template is not None
    cells = {f"{tid}.{row}.{col}": cell.text for tid, mt in example.match.tables.items()
             for (row, col), cell in mt.cells.items()}
    headings = {f"{n}、{s.title}": s.id for n, s in zip("一二三四五六", example.template.sections, strict=True)}
    prose: dict[str, list[str]] = {"": []}
    section = ""
    for line in example.report.lines[1:]:
        if line in headings:
            section = headings[line]
            prose[section] = []
        elif "\t" not in line and not line.startswith("第二十条"):
            prose[section].append(line)
    opening = "\n".join(prose.pop(""))
    return sample_text(Sample(example.template, 2024, cells, {s: "\n".join(p) for s, p in prose.items()},
                              agency="淮安市人民政府", opening=opening))


SAMPLE_2021 = _sample_2021()


@pytest.fixture
def sample_2021(tmp_path: Path) -> Path:
    """SAMPLE_2021 as a file."""
    path = tmp_path / "2024-sample.txt"
    path.write_text(SAMPLE_2021, encoding="utf-8")
    return path


def lint_text(text: str, name: str = "report.txt") -> list[Diagnostic]:
    return list(lint(decode(text.encode("utf-8"), name)).diagnostics)


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def cli() -> Callable[..., tuple[int, str, str]]:
    return run


def replace_line(text: str, pattern: str, new: str, count: int = 1) -> str:
    """Replace a whole line matching ``pattern`` (a regex) by ``new`` (may be several lines
    or empty to delete it); fails loudly when the pattern does not occur."""
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    assert len(hits) >= count, f"no line matches {pattern!r}"
    for i in reversed(hits[:count]):
        if new:
            lines[i] = new
        else:
            del lines[i]
    return "\n".join(lines)


def line_of(text: str, start: str) -> int:
    """The number (from 1) of the one line of ``text`` that starts with ``start``: tests name a
    row or a sentence by what it says, not by where it happens to stand."""
    hits = [i for i, line in enumerate(text.split("\n"), 1) if line.startswith(start)]
    assert len(hits) == 1, f"{len(hits)} lines start with {start!r}"
    return hits[0]


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux's /proc)."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (neither gone nor a zombie)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has stopped; only its exit status is left
