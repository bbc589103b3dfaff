"""Kinds required-section and section-order."""

from __future__ import annotations

from collections.abc import Iterator

from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.kinds.registry import kind, notes
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.model import Span


def _checked(ctx: Context, topics: bool = False) -> bool:
    """Whether sections are checked: a template of the right kind (numbered sections in
    order, or topics). On a page run together, its headings are found in the running text."""
    return ctx.template is not None and ctx.match is not None and ctx.template.topics == topics


@kind("required-section", "each section of the format has a heading, in a report of 2019 or later",
      params=notes(note_before="the note when the finding points at the next section present",
                   note_end="the note when it points at the end of the report"),
      fields={"number", "title"})
def required_section(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if not _checked(ctx):
        return
    assert ctx.template is not None and ctx.match is not None
    present = {s.spec.id: s for s in ctx.match.sections}
    specs = ctx.template.sections
    last = max((n for n, line in enumerate(ctx.report.lines, 1) if line.strip()), default=1)
    for i, spec in enumerate(specs):
        if spec.id in present:
            continue
        after = next((present[s.id].span for s in specs[i + 1 :] if s.id in present), None)
        span = after or Span(last, 1, last, 1)
        note = "note_before" if after else "note_end"
        yield emit(rule, span, {"number": spec.number, "title": spec.title},
                   notes=[rule.params[note]], notes_en=[rule.params[note + "_en"]], anchor=f"section:{spec.id}")


@kind("section-order", "the sections come in the format's order", fields={"number", "title", "before"})
def section_order(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if not _checked(ctx):
        return
    assert ctx.template is not None and ctx.match is not None
    order = {s.id: i for i, s in enumerate(ctx.template.sections)}
    furthest = None
    for found in ctx.match.sections:  # in document order
        if furthest is not None and order[found.spec.id] < order[furthest.spec.id]:
            yield emit(rule, found.span, {
                "number": found.spec.number, "title": found.spec.title,
                "before": furthest.heading.text if furthest.heading else furthest.spec.title,
            }, anchor=f"section:{found.spec.id}")
        elif furthest is None or order[found.spec.id] > order[furthest.spec.id]:
            furthest = found


@kind("required-topic", "each item of the 2007 regulation is covered by a heading or a sentence (before 2019)",
      fields={"title"})
def required_topic(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    """Items a topic template requires that neither a heading nor a sentence covers."""
    if not _checked(ctx, topics=True):
        return
    assert ctx.template is not None and ctx.match is not None
    present = {s.spec.id for s in ctx.match.sections}
    span = ctx.whole_report
    for spec in ctx.template.sections:
        if spec.required and spec.id not in present:
            yield emit(rule, span, {"title": spec.title}, anchor=f"section:{spec.id}")
