"""Renderers. People read `full` and `concise` (gio_lint.render.text), printed as each
file is linted; programs read the machine formats, each a function
``render(outcomes, lang) -> str`` that writes one document for the whole run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from gio_lint.diagnostics import Diagnostic
from gio_lint.lint import Result


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
        """Where a finding is in a Word, web or PDF document (「表2 第5行 第4列」); "" for text."""
        return self.result.source.place(d.span.line, d.span.col) if self.result is not None else ""


Renderer = Callable[[Sequence[FileOutcome], str], str]


def machine_formats() -> dict[str, Renderer]:
    """The machine-readable formats by name (imported on demand)."""
    from gio_lint.render import github, json, jsonlines, junit, sarif

    return {"json": json.render, "json-lines": jsonlines.render, "sarif": sarif.render,
            "github": github.render, "junit": junit.render}
