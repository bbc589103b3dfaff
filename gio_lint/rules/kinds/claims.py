"""Kind claim: statements in words that the tables decide (「均获维持」, 「未发生行政复议、
行政诉讼」, 「申请均予以公开」).

Each claim of a rule is a pattern (no placeholder) and `zero`: cell expressions (as the
text-table kind writes them) that the claim says are 0. A claim is reported when one of
them is certainly more than 0: a blank cell is "0 or more" and a cell that cannot be read
or a table the report lacks says nothing, so neither makes a finding. A claim in a clause
about another year, a change or a running total (the rule's `skip_words`) is not checked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gio_lint.prose.passages import sentence_start
from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic, valued
from gio_lint.rules.kinds.registry import Param, kind
from gio_lint.rules.kinds.text_table import Reading, items_problem, reading, said
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.fold import fold
from gio_lint.structure.values import read_value, show


def check_claims(params: dict[str, Any]) -> str | None:
    return items_problem(params, "claims", "zero", number=False)


@kind("claim", "a statement in words (「均获维持」) that holds only if the cells it names are 0",
      params={"claims": Param(list, "the statements: each a `pattern` and the cells (`zero`) it says are 0",
                              required=True),
              "skip_words": Param(str, "a pattern: a sentence with it (another year, a plan) is not read")},
      check=check_claims, fields={"statement", "cells"})
def claim(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if ctx.template is None or ctx.match is None or not ctx.match.tables:  # no table read: nothing to compare with
        return
    for line, m, claimed in said(rule, ctx, rule.params["claims"]):
        readings = [r for r in (reading(expr, ctx.match) for expr in claimed["zero"]) if isinstance(r, Reading)]
        against = [(cell, name) for r in readings if r.value.low > 0
                   for cell, name in r.cells if _more_than_zero(cell.text)]
        if not against:
            continue
        yield emit(
            rule, line.span_of(m.start(), m.end()),
            {"statement": line.quote(sentence_start(line.text, m.start()), m.end()),
             "cells": "，".join(f"{name} 为 {cell.text.strip()}" for cell, name in against)},
            {"cells": ", ".join(f"{name} = {cell.text.strip()}" for cell, name in against)},
            related=[valued(cell.span, name, cell.text) for cell, name in against],
            expected="0", found="；".join(show(r.value.low) for r in readings if r.value.low > 0),
            anchor=f"claim:{fold(m.group(0))}",
        )


def _more_than_zero(text: str) -> bool:
    """A cell that holds a figure other than 0 (what makes a claim of none untrue)."""
    value = read_value(text, "count")
    return value.number is not None and value.number > 0
