"""What the rule kinds see: the report, its template and how it matched, its years."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gio_lint.input.read import Problem
from gio_lint.rules.diagnostics import Diagnostic, Related
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.model import Report, Span
from gio_lint.structure.year import Years
from gio_lint.templates.forms import Template
from gio_lint.templates.match import Match


@dataclass(frozen=True)
class Prior:
    """Last year's report, for the rules that compare two years."""

    path: str
    report: Report
    match: Match | None
    year: int | None


@dataclass(frozen=True)
class Context:
    report: Report
    template: Template | None  # the template the report is checked against
    detected: Template | None  # the template its tables follow, if they tell
    match: Match | None
    years: Years
    run_together: Span | None
    rules: tuple[Rule, ...]  # every rule of the rule set, selected or not
    previous: Prior | None = None  # last year's report (--previous, or found beside it in a folder)
    rounding: str = "half-up"  # or "half-up-or-truncate": percentages may also be truncated
    problems: tuple[Problem, ...] = ()  # what was suspect about the input itself
    memo: dict[Hashable, Any] = field(default_factory=dict)  # work shared between kinds

    @property
    def last_year(self) -> Prior | None:
        """Last year's report, when it is last year's: a report of another year (when both
        years are known) is not compared."""
        prior, year = self.previous, self.years.year
        if prior is None or (prior.year is not None and year is not None and prior.year != year - 1):
            return None
        return prior

    @property
    def whole_report(self) -> Span:
        """Where a finding about the whole report points: its title's line when the title was
        read (not a web page's navigation above it), else its first line with text."""
        if self.years.title is None:
            return self.report.opening()
        line = self.years.title.span.line
        return Span(line, 1, line, len(self.report.line(line)) + 1)

    def rules_of_kind(self, kind: str) -> list[Rule]:
        return [r for r in self.rules if r.kind == kind]


_LONGEST_FIELD = 60  # a message names a text at most this long (a cell of 5,000 digits is cut)


class _Fields(dict[str, Any]):
    def __init__(self, fields: Mapping[str, Any]) -> None:
        super().__init__({k: f"{v[:_LONGEST_FIELD]}…" if isinstance(v, str) and len(v) > _LONGEST_FIELD else v
                          for k, v in fields.items()})

    def __missing__(self, key: str) -> str:  # validated on load; never reached for built-in rules
        return "{" + key + "}"


def emit(
    rule: Rule,
    span: Span,
    fields: Mapping[str, Any],
    fields_en: Mapping[str, Any] | None = None,
    related: Iterable[Related] = (),
    expected: str | None = None,
    found: str | None = None,
    notes: Iterable[str] = (),
    notes_en: Iterable[str] = (),
    suggest: bool = True,
    anchor: str = "",
) -> Diagnostic:
    zh = _Fields(fields)
    en = _Fields({**fields, **fields_en}) if fields_en else zh
    return Diagnostic(
        code=rule.code,
        severity=rule.severity,
        message=rule.message.format_map(zh),
        message_en=rule.message_en.format_map(en),
        span=span,
        related=tuple(related),
        expected=expected,
        found=found,
        suggestion=rule.suggestion.format_map(zh) if rule.suggestion and suggest else None,
        suggestion_en=rule.suggestion_en.format_map(en) if rule.suggestion_en and suggest else None,
        notes=tuple(notes),
        notes_en=tuple(notes_en),
        anchor=anchor,
        name=rule.name,
    )
