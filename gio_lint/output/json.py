"""JSON output, schema ``gio-lint/1``: one document, ``{"schema", "tool", "files",
"summary"}``, each file the record of gio_lint.output.records (docs/json-format.md)."""

from __future__ import annotations

from gio_lint import __version__
from gio_lint.output.outcome import Tally
from gio_lint.output.records import Record, dumps
from gio_lint.output.spool import Spooled

SCHEMA = "gio-lint/1"


class Writer(Spooled):
    def head(self, tally: Tally) -> None:
        self.stream.write(dumps({"schema": SCHEMA, "tool": {"name": "gio-lint", "version": __version__}})[:-1]
                          + ',"files":[')

    def part(self, n: int, record: Record) -> None:
        self.stream.write(("," if n else "") + dumps(record))

    def tail(self, tally: Tally) -> None:
        summary = {"files": tally.files, "unreadable": tally.unreadable, "diagnostics": tally.diagnostics,
                   **{s: tally.severities[s] for s in ("error", "warning", "info")}}
        self.stream.write("]," + dumps({"summary": summary})[1:] + "\n")
