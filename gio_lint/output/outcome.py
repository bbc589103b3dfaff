"""The outcome of a run, file by file: what the runner makes of each input (its result,
or why it could not be read), what a file's findings amount to, and the run's counts.
Neutral types that the runner, the baseline and every renderer share (the renderers
import them; nothing here knows of output)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.lint import Result


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one input: its lint result, or why it could not be read."""

    path: str
    result: Result | None
    error: str | None = None
    key: tuple[str, int] | None = None  # (agency, year): pairs a report with the one of the year before
    paired_with: str | None = None  # the report of the year before that its rules already compared it with

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return self.result.diagnostics if self.result is not None else ()

    def place(self, d: Diagnostic) -> str:
        """Where a finding is in a Word, web or PDF document (「第2个表格 第5行 第4列」); "" for text."""
        return self.result.source.place(d.span.line, d.span.col) if self.result is not None else ""


@dataclass(frozen=True)
class Shown:
    """What a file's first part said: how many findings, and whether one was an error."""

    findings: int
    erring: bool

    @staticmethod
    def of(diagnostics: Iterable[Diagnostic]) -> Shown:
        severities = [d.severity for d in diagnostics]
        return Shown(len(severities), "error" in severities)


@dataclass
class Tally:
    """A run's counts, kept as its files go by: what the closing lines and the documents'
    summaries say, and what the exit code depends on."""

    files: int = 0
    unreadable: int = 0
    clean: int = 0  # read, and no finding
    erring: int = 0  # with at least one finding of severity error
    severities: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)  # each rule's name, by code (an agency's rules too)
    first_code: str = ""  # the first finding's rule, for the closing hint

    @property
    def diagnostics(self) -> int:
        return sum(self.severities.values())

    def add(self, outcome: FileOutcome) -> None:
        self.files += 1
        self.unreadable += outcome.error is not None
        self._count(Shown(0, False), outcome.diagnostics, readable=outcome.result is not None)

    def add_later(self, before: Shown, diagnostics: tuple[Diagnostic, ...]) -> None:
        """Findings the pairing pass adds to a file whose first part said ``before``."""
        self.clean -= before.findings == 0
        self.erring -= before.erring
        self._count(before, diagnostics, readable=True)

    def _count(self, before: Shown, diagnostics: tuple[Diagnostic, ...], readable: bool) -> None:
        now = Shown.of(diagnostics)
        self.clean += readable and before.findings + now.findings == 0
        self.erring += before.erring or now.erring
        for d in diagnostics:
            self.severities[d.severity] += 1
            self.codes[d.code] += 1
            if d.name:
                self.names[d.code] = d.name
            self.first_code = self.first_code or d.code
