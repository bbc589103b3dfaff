"""Kinds year-consistency and template-year."""

from __future__ import annotations

from collections.abc import Iterator

from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic, Related
from gio_lint.rules.kinds.registry import kind, notes
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.model import Span
from gio_lint.templates.forms import load_templates, template_for_year


@kind("year-consistency", "the title's year and the reporting period's agree",
      fields={"where", "found", "reference_where", "expected"})
def year_consistency(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    title, period = ctx.years.title, ctx.years.period
    if title is None or period is None or title.year == period.year:
        return
    yield emit(
        rule, period.span,
        {"where": period.where, "found": period.year, "reference_where": title.where, "expected": title.year},
        {"where": period.where_en, "reference_where": title.where_en},
        related=[Related(title.span, f"{title.where}: {title.year}", f"{title.where_en}: {title.year}")],
        expected=str(title.year), found=str(period.year), anchor="year:period",
    )


@kind("template-year", "the tables follow the format of the reporting year",
      fields={"year", "expected", "found", "expected_en", "found_en"})
def template_year(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    year, detected = ctx.years.year, ctx.detected
    if year is None or detected is None or ctx.match is None:
        return
    expected = template_for_year(load_templates(), year)
    if expected is None or expected.id == detected.id:
        return
    tables = list(ctx.match.tables.values())
    span = tables[0].table.span if tables else (ctx.years.title or ctx.years.period).span  # type: ignore[union-attr]
    yield emit(
        rule, span,
        {"year": year, "expected": expected.name, "found": detected.name,
         "expected_en": expected.name_en, "found_en": detected.name_en},
        expected=expected.name, found=detected.name, anchor="year:template",
    )


@kind("year-unknown", "the reporting year could not be read",
      params=notes(note_unchecked="the note on what could not be checked without the year"))
def year_unknown(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if ctx.years.year is not None:
        return
    unchecked = ctx.template is None
    yield emit(
        rule, Span(1, 1, 1, 1), {},
        notes=[rule.params["note_unchecked"]] if unchecked else [],
        notes_en=[rule.params["note_unchecked_en"]] if unchecked else [],
        anchor="year:unknown",
    )
