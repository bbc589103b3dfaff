"""Kind text-table: figures in the prose against the table cells they restate.

Each statement of a rule is a pattern in which {n} stands for the figure, and `means`:
the cells it restates (「t3.public.total + t3.partial.total」), one expression for each
reading a phrase allows. A statement is reported only when no reading holds, and only
when every reading could be computed. Values are intervals: a blank cell is "0 or more"
(never simply 0), a blank 总计 is at least the sum of its parts, and an approximate
figure (近、约、余、多) is the range it allows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gio_lint.prose.budget import PatternMatch, rule_pattern
from gio_lint.prose.passages import (
    Line,
    compile_pattern,
    literals,
    number_at,
    pattern_problem,
    placeholders,
    prose,
    scanner,
)
from gio_lint.prose.regex_safety import regex_problem
from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic, valued
from gio_lint.rules.expr import ExprError, parse_cells
from gio_lint.rules.kinds.registry import Param, kind, notes
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.fold import fold
from gio_lint.structure.model import Cell
from gio_lint.structure.values import read_value, show
from gio_lint.templates.forms import load_templates
from gio_lint.templates.match import Match
from gio_lint.templates.table_reader import MatchedTable


@dataclass(frozen=True)
class Interval:
    low: Fraction
    high: Fraction | None  # None: unbounded

    def __add__(self, other: Interval) -> Interval:
        high = None if self.high is None or other.high is None else self.high + other.high
        return Interval(self.low + other.low, high)

    def meet(self, other: Interval) -> Interval:
        highs = [h for h in (self.high, other.high) if h is not None]
        return Interval(max(self.low, other.low), min(highs) if highs else None)

    def shown(self) -> str:
        if self.high == self.low:
            return show(self.low)
        return f"≥ {show(self.low)}" if self.high is None else f"{show(self.low)}–{show(self.high)}"


ANY = Interval(Fraction(0), None)
NOT_APPLICABLE = "n/a"  # the expression names a table or row the report's template does not have


@dataclass(frozen=True)
class Reading:
    expr: str
    value: Interval
    cells: tuple[tuple[Cell, str], ...]  # each cell and its name (row × column)


def _label(mt: MatchedTable, row: str, column: str) -> str:
    return f"{mt.spec.row(row).display} × {mt.spec.column(column).label}"


def _cell_value(mt: MatchedTable, row: str, column: str) -> tuple[Interval, list[tuple[Cell, str]]] | None:
    """A cell's value and the cells it was read from: itself, or, for a blank total, its
    parts (the total is at least their sum). None when it cannot be read."""
    cell = mt.cell(row, column)
    if cell is None:
        return None
    col = mt.spec.column(column)
    value = read_value(cell.text, col.type)
    if value.number is not None:
        return Interval(value.number, value.number), [(cell, _label(mt, row, column))]
    if not value.blank:
        return None
    if not col.sum_of:
        return ANY, [(cell, _label(mt, row, column))]
    parts = Interval(Fraction(0), Fraction(0))
    used = [(cell, _label(mt, row, column))]
    for part in col.sum_of:
        read = _cell_value(mt, row, part)
        if read is None:
            return ANY, used
        parts = parts + read[0]
        used.extend(read[1])
    return ANY.meet(parts), used


def reading(expr: str, match: Match) -> Reading | str | None:
    """The value of a cell expression in a matched report: a Reading, NOT_APPLICABLE, or
    None (unknown)."""
    total = Interval(Fraction(0), Fraction(0))
    cells: list[tuple[Cell, str]] = []
    for term in parse_cells(expr):
        spec = next((t for t in match.template.tables if t.id == term.table), None)
        if spec is None or not spec.has_column(term.column):
            return NOT_APPLICABLE
        rows = [r.id for r in spec.rows if term.tag in r.tags] if term.tag else [term.row]
        if not rows or not all(spec.has_row(r) for r in rows):
            return NOT_APPLICABLE
        mt = match.tables.get(term.table)
        if mt is None or term.sign < 0:
            return None
        for row in rows:
            read = _cell_value(mt, row, term.column)
            if read is None:
                return None
            total = total + read[0]
            cells.extend(read[1])
    return Reading(expr, total, tuple(cells))


def _stated(low: Fraction | None, high: Fraction | None) -> Interval:
    return Interval(low if low is not None else Fraction(0), high)


def _disjoint(a: Interval, b: Interval) -> bool:
    return (a.high is not None and a.high < b.low) or (b.high is not None and b.high < a.low)


def items_problem(params: dict[str, Any], key: str, cells: str, number: bool) -> str | None:
    """The first problem of a rule's list ``key`` of sentences: each a pattern (with the
    placeholder {n} exactly when ``number``), the cells it speaks of (``cells``) and perhaps
    its own skip_words; and the rule's skip_words."""
    problem = regex_problem(params.get("skip_words", ""))
    if problem:
        return f"skip_words: {problem}"
    for item in params[key]:
        if set(item) - {"pattern", cells, "skip_words"} or not item.get("pattern") or not item.get(cells):
            return f"{key} 的每一项应有 pattern 和 {cells}（可另有 skip_words）"
        if placeholders(item["pattern"]) != ({"n"} if number else set()):
            return (f"pattern「{item['pattern']}」应含且只含占位符 {{n}}" if number
                    else f"pattern「{item['pattern']}」不应含占位符")
        problem = (pattern_problem(item["pattern"]) or regex_problem(item.get("skip_words", ""))
                   or cells_problem(item[cells], cells, item["pattern"]))
        if problem:
            return problem
    return None


def check_statements(params: dict[str, Any], groups: frozenset[str] = frozenset()) -> str | None:
    """Each statement: a pattern with {n} (and the named groups ``groups``), and `means`
    whose tables, rows and tags exist in some template."""
    problem = items_problem(params, "statements", "means", number=True)
    if problem:
        return problem
    for st in params["statements"]:
        if not groups <= set(compile_pattern(st["pattern"]).groupindex):
            return f"pattern「{st['pattern']}」应含命名组 {', '.join(f'(?P<{g}>…)' for g in sorted(groups))}"
    return None


def cells_problem(exprs: list[str], key: str, pattern: str) -> str | None:
    """What is wrong with cell expressions (``key`` of the statement with ``pattern``):
    their syntax, or a table, row or tag that no template has."""
    try:
        terms = [t for expr in exprs for t in parse_cells(expr)]
    except ExprError as exc:
        return f"「{pattern}」: {exc}"
    templates = load_templates().values()
    for t in terms:
        specs = [x for tpl in templates for x in tpl.tables if x.id == t.table]
        if not specs:
            return f"{key} 中的表「{t.table}」不存在"
        rows = {r.id for x in specs for r in x.rows}
        tags = {g for x in specs for r in x.rows for g in r.tags}
        if (t.row and t.row not in rows) or (t.tag and t.tag not in tags):
            return f"{key} 中的行「{t.row or '@' + t.tag}」不在表 {t.table} 中"
    return None


_YEAR = re.compile(r"(\d{4})\s*年")


def skipped(line: Line, m: PatternMatch, pattern: str, rule_words: str, own_words: str, year: int | None) -> bool:
    """Whether the clause around a match is about something else than this year's table:
    one of the rule's skip words (上年, 累计, 同比…; the statement's own key words, such as
    the 上年 of 上年结转, do not count), one of the statement's (其中, 网上…), or another year."""
    clause = line.clause(m.start(), m.end())
    if own_words and rule_pattern(own_words).search(clause):
        return True
    general = clause
    for word in literals(pattern):
        general = general.replace(word, " ")
    if rule_words and rule_pattern(rule_words).search(general):
        return True
    return year is not None and any(int(y) != year for y in _YEAR.findall(clause))


Statement = dict[str, Any]


def said(rule: Rule, ctx: Context, statements: list[Statement]) -> Iterator[tuple[Line, PatternMatch, Statement]]:
    """Each phrase of the prose that one of ``statements`` (each with a `pattern` and
    maybe `skip_words`) matches, with its line and statement: statements in order, a
    phrase read by one not read again, a clause about something else than this year's
    table skipped."""
    scan = scanner(tuple(st["pattern"] for st in statements))
    for line in prose(ctx.report):
        taken = bytearray(len(line.text))
        for index, m in scan.run(line):
            st = statements[index]
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            if not skipped(line, m, st["pattern"], rule.params.get("skip_words", ""), st.get("skip_words", ""),
                           ctx.years.year):
                yield line, m, st


@kind("text-table", "a figure stated in the text equals the cells it means (受理申请…件 → 表三 一 总计)",
      params={"statements": Param(list, "the sentences: each a `pattern` and the cells it `means`", required=True),
              "skip_words": Param(str, "a pattern: a sentence with it (another year, a plan) is not read"),
              **notes(note_blank="the note when a cell the sentence means is blank")},
      check=check_statements,
      fields={"stated", "computed", "cells", "statement"})
def text_table(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if ctx.template is None or ctx.match is None or not ctx.match.tables:  # no table read: nothing to compare with
        return
    for line, m, st in said(rule, ctx, rule.params["statements"]):
        found = number_at(line, m, "n")
        if found is None or found.number.kind != "count":
            continue
        readings = [reading(expr, ctx.match) for expr in st["means"]]
        known = [r for r in readings if isinstance(r, Reading)]
        if not known or any(r is None for r in readings):
            continue  # nothing to compare with, or a reading that could not be computed
        stated = _stated(found.number.low, found.number.high)
        if any(not _disjoint(stated, r.value) for r in known):
            continue
        computed = "（或）".join(r.value.shown() for r in known)
        computed_en = " (or) ".join(r.value.shown() for r in known)
        open_ended = any(r.value.high is None for r in known)
        yield emit(
            rule, found.span,
            {"stated": found.number.text, "computed": computed, "statement": line.quote(m.start(), m.end()),
             "cells": "；".join(r.expr for r in known)},
            {"computed": computed_en},
            related=[valued(cell.span, name, cell.text) for r in known for cell, name in r.cells],
            expected=computed, found=found.number.text,
            notes=[rule.params["note_blank"]] if open_ended else [],
            notes_en=[rule.params["note_blank_en"]] if open_ended else [],
            anchor=f"text:{fold(m.group(0))}",
        )
