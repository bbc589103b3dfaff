"""The pipeline: read → parse → model → template match → rules → diagnostics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gio_lint.input.read import Source
from gio_lint.prose.budget import PatternTimeout, seconds_for, within
from gio_lint.rules.context import Context, Prior
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.kinds import ENGINES
from gio_lint.rules.kinds.timeouts import STOPPED
from gio_lint.rules.rulebook import load_rules
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.layout import build_report
from gio_lint.structure.model import Report, Span
from gio_lint.structure.run_together import run_together
from gio_lint.structure.year import Years, read_years
from gio_lint.templates.detect import detect_template
from gio_lint.templates.forms import Template, load_templates, template_for_year
from gio_lint.templates.match import Match, match, match_sections, running_headings


@dataclass(frozen=True)
class Result:
    source: Source
    report: Report
    template: Template | None
    detected: Template | None
    match: Match | None
    years: Years
    run_together: Span | None
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Options:
    """How to lint, beyond which rules: a template forced by the user, the rounding of
    percentages, and the whole rule set (built-in and an agency's own)."""

    template: str = ""
    rounding: str = "half-up"
    rules: tuple[Rule, ...] | None = None


def choose_template(report: Report, years: Years, forced: str = "") -> tuple[Template | None, Template | None]:
    """(the template to check against, the template the tables follow).

    The tables' own headers decide the format; without them the reporting year does.
    Reports for 2008–2018 follow the 2007 regulation's list of items, whatever their tables.
    A template the user forces is used whatever the report says."""
    templates = load_templates()
    if forced:
        return templates[forced], detect_template(report, templates)
    year = years.year
    by_year = template_for_year(templates, year) if year is not None else None
    if by_year is not None and by_year.topics:
        return by_year, None  # before the 2019 format: no table template applies
    detected = detect_template(report, templates)
    return detected or by_year, detected


def lint(source: Source, selected: tuple[Rule, ...] | None = None, previous: Result | None = None,
         options: Options = Options(), find_previous: Callable[[Report, Years], Result | None] | None = None) -> Result:
    """Lint one source with the selected rules (default: all of them); ``previous`` is
    last year's report, for the rules that compare the two. Without it, ``find_previous``
    is asked for last year's report once this one's year is read (a run over a folder
    keeps the reports it has just linted)."""
    rules = options.rules or load_rules()
    selected = rules if selected is None else selected
    if source.too_large:  # not read: only the input rules say why
        selected = tuple(r for r in selected if r.kind == "input")
    report = build_report(source.path, source.text, source.extracted.grids if source.extracted else ())
    years = read_years(report)
    if previous is None and find_previous is not None:
        previous = find_previous(report, years)
    template, detected = choose_template(report, years, options.template)
    together = run_together(report)
    matched = None
    if template is not None:  # on a page run together, only its sections (its tables cannot be read)
        matched = match(report, template) if together is None else Match(
            template, match_sections(report, template, running_headings(report, template, together.line)))
    ctx = Context(report, template, detected, matched, years, together, rules, _prior(previous), options.rounding,
                  source.problems)
    found = _run(selected, ctx)
    found.sort(key=Diagnostic.sort_key)
    return Result(source, report, template, detected, matched, years, together, tuple(found))


def _run(selected: tuple[Rule, ...], ctx: Context) -> list[Diagnostic]:
    """Every selected rule's findings, each rule's patterns under its time budget: a rule
    that outruns it stops (what it found stands) and the rule-timeout rules say so."""
    found: list[Diagnostic] = []
    seconds = seconds_for(len(ctx.report.text))
    for rule in selected:
        if rule.kind == "rule-timeout":
            continue
        try:
            with within(seconds):
                for d in ENGINES[rule.kind](rule, ctx):
                    found.append(d)
        except PatternTimeout as stopped:
            ctx.memo.setdefault(STOPPED, []).append((rule.code, stopped.pattern, seconds))
    for rule in selected:
        if rule.kind == "rule-timeout":
            found.extend(ENGINES[rule.kind](rule, ctx))
    return found


def _prior(previous: Result | None) -> Prior | None:
    if previous is None:
        return None
    return Prior(previous.source.path, previous.report, previous.match, previous.years.year)
