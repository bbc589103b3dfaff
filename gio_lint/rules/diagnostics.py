"""Diagnostics: what a rule found, where, and what was expected."""

from __future__ import annotations

from typing import NamedTuple

from gio_lint.structure.model import Span

SEVERITIES = ("error", "warning", "info")


class Related(NamedTuple):
    span: Span
    label: str  # e.g. 「一 本年新收 × 自然人 = 2」
    label_en: str = ""  # where it differs from label


def valued(span: Span, name: str, value: str) -> Related:
    """A related cell named with its value: 「一 本年新收 × 自然人 = 2」; a blank one says so
    in each language (（空白） / (blank))."""
    if value:
        return Related(span, f"{name} = {value}")
    return Related(span, f"{name} = （空白）", f"{name} = (blank)")


class Diagnostic(NamedTuple):
    """A finding (a named tuple, like spans and cells: a report with many findings builds
    them by the dozen)."""

    code: str
    severity: str
    message: str
    message_en: str
    span: Span
    related: tuple[Related, ...] = ()
    expected: str | None = None
    found: str | None = None
    suggestion: str | None = None
    suggestion_en: str | None = None
    notes: tuple[str, ...] = ()
    notes_en: tuple[str, ...] = ()
    # Where the finding is in the report's terms (table, row, column, section, statement),
    # not in lines: stable when text moves. Baselines and SARIF fingerprints key on it.
    anchor: str = ""
    name: str = ""  # the rule's name (t3-row-total), an agency's own rule's as well as a built-in one's

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.span.line, self.span.col, self.code, self.message)

    def text(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message
