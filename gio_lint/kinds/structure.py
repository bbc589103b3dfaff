"""Kind structure: what the template matcher found out of place (tables, rows, columns),
and run-together: text whose structure cannot be read at all."""

from __future__ import annotations

from collections.abc import Iterator

from gio_lint.context import Context, emit
from gio_lint.diagnostics import Diagnostic, Related
from gio_lint.kinds import kind
from gio_lint.ruleset import Rule


@kind("structure", params={"issue": str}, fields={"table", "row", "column", "expected", "found", "count"},
      required={"issue"})
def structure(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if ctx.match is None:
        return
    for issue in ctx.match.issues:
        if issue.kind == rule.params["issue"]:
            fields = {k: v for k, v in issue.data.items() if not k.endswith("_id")}
            yield emit(
                rule, issue.span, fields,
                related=(Related(s, "") for s in issue.related),
                expected=issue.data.get("expected"), found=issue.data.get("found"),
                anchor=":".join(x for x in (issue.table.id if issue.table else "", issue.data.get("row_id")
                                            or issue.data.get("row", ""), issue.data.get("column", "")) if x),
            )


@kind("run-together")
def run_together(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if ctx.run_together is not None:
        yield emit(rule, ctx.run_together, {}, anchor="document")
