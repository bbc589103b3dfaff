"""Kinds that compare a report with last year's (given with --previous, or found beside
it in a folder): figures that must carry over (cross-year), and prose repeated nearly
word for word (repeated-prose, 内容雷同)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.expr import ExprError, Term, parse_expr
from gio_lint.rules.kinds.registry import Param, kind
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.fold import fold
from gio_lint.structure.model import Cell, Paragraph, Report
from gio_lint.structure.values import read_value, show
from gio_lint.templates.forms import load_templates
from gio_lint.templates.table_reader import MatchedTable


def _value(mt: MatchedTable, row: str, column: str) -> tuple[Fraction, Cell] | None:
    cell = mt.cell(row, column)
    if cell is None:
        return None
    number = read_value(cell.text, mt.spec.column(column).type).number
    return (number, cell) if number is not None else None


def _side(terms: tuple[Term, ...], mt: MatchedTable, fixed: str, per_column: bool) -> tuple[Fraction, Cell] | None:
    """The sum of a side's terms in one table, or None when a term is blank, unreadable
    or missing (blank is not zero: nothing is claimed)."""
    total, first = Fraction(0), None
    for t in terms:
        row, column = (t.name, fixed) if per_column else (fixed, t.name)
        got = _value(mt, row, column)
        if got is None:
            return None
        total += t.sign * got[0]
        first = first or got[1]
    return (total, first) if first is not None else None


def _check(params: dict[str, Any]) -> str | None:
    try:
        eq = parse_expr(f"{params['this']} == {params['last']}")
    except ExprError as exc:
        return str(exc)
    tables = [t for tpl in load_templates().values() for t in tpl.tables if t.id in params["tables"]]
    if {t.id for t in tables} != set(params["tables"]):
        return f"tables 中有不存在的表: {', '.join(params['tables'])}"
    names = {r.id for t in tables for r in t.rows} if params["for_each"] == "column" else {
        c.id for t in tables for c in t.columns}
    unknown = [t.name for t in eq.terms if t.tag or t.name not in names]
    return f"this/last 中的「{'、'.join(unknown)}」不在这些表中" if unknown else None


@kind("cross-year", "a figure of this year's table equals one of last year's report (结转 → 上年结转)",
      params={"tables": Param(list, "the template tables compared (their ids: t3, t2_5…)", required=True),
              "for_each": Param(str, "compare each row or each column", required=True, choices=("row", "column")),
              "this": Param(str, "this year's cell, by its row or column name", required=True),
              "last": Param(str, "last year's cell it must equal", required=True)},
      check=_check, compares_years=True,
      fields={"table", "binding", "this", "last", "last_path"})
def cross_year(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    prior = ctx.last_year
    if ctx.match is None or prior is None or prior.match is None:
        return
    eq = parse_expr(f"{rule.params['this']} == {rule.params['last']}")
    per_column = rule.params["for_each"] == "column"
    for table_id in rule.params["tables"]:
        now, then = ctx.match.tables.get(table_id), prior.match.tables.get(table_id)
        if now is None or then is None:
            continue
        keys = [c.id for c in now.spec.columns] if per_column else [r.id for r in now.spec.rows]
        labels = {c.id: c.label for c in now.spec.columns} | {r.id: r.display for r in now.spec.rows}
        for key in keys:
            this, last = _side(eq.left, now, key, per_column), _side(eq.right, then, key, per_column)
            if this is None or last is None or this[0] == last[0]:
                continue
            where = f"{prior.path}:{last[1].span.line}:{last[1].span.col}"
            yield emit(rule, this[1].span,
                       {"table": now.spec.name, "binding": labels.get(key, key), "this": show(this[0]),
                        "last": show(last[0]), "last_path": where},
                       expected=show(last[0]), found=show(this[0]), anchor=f"{table_id}:{key}")


_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
_DIGITS = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿零〇两]+")


def sentences(report: Report, shortest: int) -> list[str]:
    """The prose of a report as sentences, folded, with figures masked (a year's new
    figures in last year's wording is still the same wording)."""
    out = []
    for block in report.blocks:
        if isinstance(block, Paragraph):
            for m in _SENTENCE.finditer(block.text):
                s = _DIGITS.sub("#", fold(m.group(0)))
                if len(s) >= shortest:
                    out.append(s)
    return out


@kind("repeated-prose", "the share of this year's sentences copied from last year's report",
      params={"threshold_percent": Param(int, "the share (%) from which it is reported", required=True),
              "min_sentences": Param(int, "reports with fewer sentences are not compared", required=True),
              "shortest": Param(int, "sentences shorter than this (characters) are not counted", required=True)},
      compares_years=True,
      fields={"share", "repeated", "total", "last_path"})
def repeated_prose(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    prior = ctx.last_year
    if prior is None:
        return
    shortest = rule.params["shortest"]
    now = sentences(ctx.report, shortest)
    if len(now) < rule.params["min_sentences"]:
        return
    last = set(sentences(prior.report, shortest))
    repeated = sum(1 for s in now if s in last)
    share = Fraction(100 * repeated, len(now))
    if share < rule.params["threshold_percent"]:
        return
    yield emit(rule, ctx.whole_report,
               {"share": show(Fraction(round(share))), "repeated": repeated, "total": len(now),
                "last_path": prior.path}, anchor="document")
