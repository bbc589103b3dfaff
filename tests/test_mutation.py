"""Raise every single cell of 表三 and 表四 by one, in a clean 2019 and a clean 2021
report: each change yields a K diagnostic whose spans include that cell."""

from __future__ import annotations

import pytest
from conftest import lint_text
from test_rules import CLEAN_2019, CLEAN_2021

from gio_lint.input.read import decode
from gio_lint.rules.lint import lint


def _cells(text: str) -> list[tuple[str, int, int, int]]:
    """(table id, line, col, end col) of every cell of 表三 and 表四."""
    result = lint(decode(text.encode("utf-8"), "clean.txt"))
    assert result.match is not None and result.diagnostics == ()
    out = []
    for table_id in ("t3", "t4"):
        mt = result.match.tables[table_id]
        for (_, _), cell in sorted(mt.cells.items(), key=lambda kv: (kv[1].span.line, kv[1].span.col)):
            out.append((table_id, cell.span.line, cell.span.col, cell.span.end_col))
    return out


def _raise(text: str, line: int, col: int, end: int) -> str:
    lines = text.split("\n")
    row = lines[line - 1]
    lines[line - 1] = row[: col - 1] + str(int(row[col - 1 : end - 1]) + 1) + row[end - 1 :]
    return "\n".join(lines)


@pytest.mark.parametrize("name,text", [("2019", CLEAN_2019), ("2021", CLEAN_2021)])
def test_every_cell_raised_by_one_is_caught(name: str, text: str) -> None:
    cells = _cells(text)
    assert len(cells) == (23 if name == "2019" else 25) * 7 + 15
    missed = []
    for table_id, line, col, end in cells:
        found = [d for d in lint_text(_raise(text, line, col, end)) if d.code.startswith("K")]
        spans = {(s.line, s.col) for d in found for s in (d.span, *(r.span for r in d.related))}
        if (line, col) not in spans:
            missed.append((table_id, line, col))
    assert missed == []
