"""Kinds value-type and blank-cells."""

from __future__ import annotations

from collections.abc import Iterator

from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic, Related
from gio_lint.rules.kinds.registry import Param, kind
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.model import Cell
from gio_lint.structure.values import read_value
from gio_lint.templates.table_reader import MatchedTable


def _cells(mt: MatchedTable) -> Iterator[tuple[str, str, Cell]]:
    """(row display, column spec id, cell) in template order."""
    for row in mt.spec.rows:
        for col in mt.spec.columns:
            cell = mt.cell(row.id, col.id)
            if cell is not None:
                yield row.display, col.id, cell


@kind("value-type", "a cell holds a value of its column's type (a count, an amount of money)",
      params={"types": Param(list, "the column types checked (count, money)", required=True)},
      fields={"table", "row", "column", "value"})
def value_type(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if ctx.match is None:
        return
    types = rule.params["types"]
    for mt in ctx.match.tables.values():
        columns = [c for c in mt.spec.columns if c.type in types]
        for row in mt.spec.rows:
            for col in columns:
                cell = mt.cell(row.id, col.id)
                if cell is None:
                    continue
                value = read_value(cell.text, col.type)
                if not value.readable and not value.blank:
                    yield emit(rule, cell.span, {"table": mt.spec.name, "row": row.display, "column": col.label,
                                                 "value": cell.text}, found=cell.text,
                               anchor=f"{mt.spec.id}:{row.display}:{col.id}")


@kind("blank-cells", "cells left blank in a template table (blank is not zero)", fields={"table", "count"})
def blank_cells(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if ctx.match is None:
        return
    for mt in ctx.match.tables.values():
        blanks = [(row, mt.spec.column(col_id).label, cell) for row, col_id, cell in _cells(mt) if cell.blank]
        if not blanks:
            continue
        yield emit(
            rule, blanks[0][2].span, {"table": mt.spec.name, "count": len(blanks)},
            related=[Related(cell.span, f"{row} × {col}") for row, col, cell in blanks[1:]],
            anchor=mt.spec.id,
        )
