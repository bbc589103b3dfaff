"""`gio-lint test-rules`: each rule case passed or failed, and for a failed one what was
expected and what was found."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.text import Text

from gio_lint.rules.cases import Finding, Outcome


def _finding(f: Finding) -> str:
    return f"{f.code} {f.anchor}" + (f" 「{f.at}」" if f.at else "")


def _listed(findings: Iterable[Finding], en: bool) -> str:
    shown = [_finding(f) for f in sorted(findings)]
    return "; ".join(shown) if shown else ("nothing" if en else "无")


def print_cases(outcomes: Iterable[Outcome], console: Console, lang: str) -> tuple[int, int]:
    """Print each case as it is run, then a summary; (passed, failed)."""
    en = lang == "en"
    passed = failed = 0
    current = None
    for outcome in outcomes:
        case = outcome.case
        if case.path != current:
            current = case.path
            console.print(Text(str(case.path), style="bold"))
        line = Text("  ")
        if outcome.passed:
            passed += 1
            line.append("✓ ", style="green")
        else:
            failed += 1
            line.append("✗ ", style="bold red")
        line.append(f"#{case.number} {case.about}")
        console.print(line)
        if not outcome.passed:
            console.print(Text(f"      {'expected' if en else '应有'}: {_listed(case.expect, en)}"))
            console.print(Text(f"      {'found' if en else '实有'}:    {_listed(outcome.found, en)}"))
    total = passed + failed
    console.print(Text(f"{total} cases: {passed} passed, {failed} failed." if en
                       else f"{total} 个用例：通过 {passed} 个，未通过 {failed} 个。",
                       style="bold red" if failed else "bold"))
    return passed, failed
