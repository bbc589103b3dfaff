"""Kind rule-timeout: a rule whose patterns outran its time budget on this report
(gio_lint.prose.budget): it was stopped, and what it found before stopping stands. The finding
names the rule the pattern belongs to (rules of one kind share their work, so another
rule may have been running it), once per pattern."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gio_lint.prose.passages import expand_pattern
from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.kinds.registry import kind
from gio_lint.rules.ruleset import Rule

STOPPED = "rule-timeouts"  # ctx.memo's list of (rule code, pattern, seconds) the pipeline stopped


def _texts(value: Any) -> Iterator[str]:
    """The strings a rule parameter holds (patterns among them)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)


def _owner(pattern: str, running: str, rules: tuple[Rule, ...]) -> str:
    """The code of the rule whose parameters hold ``pattern`` (as written, or with its
    placeholders expanded); else the rule that was running it."""
    for rule in rules:
        if any(pattern in (text, expand_pattern(text)) for text in _texts(rule.params)):
            return rule.code
    return running


@kind("rule-timeout", "a rule whose patterns outran its time budget, and was stopped",
      fields={"rule", "seconds", "pattern"})
def rule_timeout(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    said: set[tuple[str, str]] = set()
    for running, pattern, seconds in ctx.memo.get(STOPPED, ()):
        code = _owner(pattern, running, ctx.rules)
        if (code, pattern) in said:
            continue
        said.add((code, pattern))
        yield emit(rule, ctx.whole_report, {"rule": code, "seconds": f"{seconds:g}", "pattern": pattern},
                   anchor=f"timeout:{code}")
