"""Kind structure: what the template matcher found out of place (tables, rows, columns),
and run-together: text whose structure cannot be read at all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic, Related
from gio_lint.rules.kinds.registry import Param, kind
from gio_lint.rules.ruleset import Rule
from gio_lint.templates.table_reader import ISSUES


@kind("structure", "a table deviates from the template: what the matcher found (a missing row, an unknown column…)",
      params={"issue": Param(str, "which deviation the rule reports", required=True, choices=ISSUES),
              "most": Param(int, "report at most this many a table, the last saying how many more")},
      fields={"table", "row", "column", "expected", "found", "count"})
def structure(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    """Each issue of the rule's kind; with ``most``, at most that many a table, the last
    of them saying how many more there are (a table of 10⁵ unknown rows is one problem)."""
    if ctx.match is None:
        return
    issues = [i for i in ctx.match.issues if i.kind == rule.params["issue"]]
    most = rule.params.get("most", 0)
    per_table = Counter(i.table.id if i.table else "" for i in issues)
    shown: Counter[str] = Counter()
    for issue in issues:
        table = issue.table.id if issue.table else ""
        shown[table] += 1
        if most and shown[table] > most:
            continue
        more = per_table[table] - most if most and shown[table] == most else 0
        fields = {k: v for k, v in issue.data.items() if not k.endswith("_id")}
        yield emit(
            rule, issue.span, fields,
            related=(Related(s, "") for s in issue.related),
            expected=issue.data.get("expected"), found=issue.data.get("found"),
            notes=[f"本表另有 {more} 处同类问题未逐一列出"] if more else (),
            notes_en=[f"{more} more of these in this table are not listed"] if more else (),
            anchor=":".join(x for x in (table, issue.data.get("row_id") or issue.data.get("row", ""),
                                        issue.data.get("column", "")) if x),
        )


@kind("run-together", "a page whose text runs together on one line, so its tables cannot be read")
def run_together(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if ctx.run_together is not None:
        yield emit(rule, ctx.run_together, {}, anchor="document")
