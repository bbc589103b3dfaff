"""The formats that are one document (json, sarif, junit) for a run of any size: each
file's record (the JSON format's, schema ``gio-lint/1``) goes to a temporary file on disk
as the file is linted; at the end of the run the document is written from those records,
read back one at a time, with the findings the pairing pass added merged into their files.
Memory holds one record and the pairing pass's findings, never the run."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from typing import TextIO

from gio_lint.output.outcome import FileOutcome, Tally
from gio_lint.output.records import Record, diagnostic, dumps, file_record


def _order(d: Record) -> tuple[int, int, str, str]:
    """A finding's place in its file's list, as gio_lint.rules.diagnostics.Diagnostic.sort_key."""
    return (d["location"]["line"], d["location"]["column"], d["code"], d["messages"]["zh"])


class Spooled:
    """A writer that spools records; a format says how the document begins (``head``),
    how each file's record is written (``part``) and how the document ends (``tail``)."""

    def __init__(self, stream: TextIO, lang: str) -> None:
        self.stream, self.lang = stream, lang
        # closed by end(); it has no name on disk, so an interrupted run leaves nothing behind
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")  # noqa: SIM115
        self.added: dict[int, list[Record]] = {}

    def file(self, outcome: FileOutcome) -> None:
        self.spool.write(dumps(file_record(outcome, self.lang)) + "\n")

    def later(self, index: int, outcome: FileOutcome) -> None:
        self.added.setdefault(index, []).extend(
            diagnostic(d, self.lang, outcome.place(d)) for d in outcome.diagnostics)

    def records(self) -> Iterator[Record]:
        self.spool.seek(0)
        for index, line in enumerate(self.spool):
            record: Record = json.loads(line)
            if index in self.added:
                record["diagnostics"] = sorted((*record["diagnostics"], *self.added.pop(index)), key=_order)
            yield record

    def end(self, tally: Tally) -> None:
        try:
            self.head(tally)
            for n, record in enumerate(self.records()):
                self.part(n, record)
            self.tail(tally)
        finally:
            self.spool.close()

    def head(self, tally: Tally) -> None:
        """What comes before the first file's record."""

    def part(self, n: int, record: Record) -> None:
        """The ``n``-th file's record (from 0)."""

    def tail(self, tally: Tally) -> None:
        """What comes after the last."""
