"""Kind input: what was suspect about the input itself (gio_lint.input.read.Problem): a file
past the size limit, lines in two encodings, invisible control characters, encoded lone
surrogates. One diagnostic per file and kind, at the first place, the others related."""

from __future__ import annotations

from collections.abc import Iterator

from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic, Related
from gio_lint.rules.kinds.registry import Param, kind
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.model import Span

PROBLEMS = ("too-large", "mixed-encoding", "invisible", "surrogates")


@kind("input", "something suspect about the file read (its size, its encodings, invisible characters)",
      params={"problem": Param(str, "which problem the rule reports", required=True, choices=PROBLEMS)},
      fields={"count", "detail", "limit"})
def input_problem(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    for problem in ctx.problems:
        if problem.kind != rule.params["problem"]:
            continue
        spans = [Span(line, col, line, col + 1) for line, col in problem.where] or [Span(1, 1, 1, 1)]
        yield emit(rule, spans[0], {"count": problem.count, "detail": problem.size, "limit": problem.limit},
                   related=[Related(s, "") for s in spans[1:]], anchor=f"input:{problem.kind}")
