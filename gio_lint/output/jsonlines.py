"""JSON Lines: one JSON object per finding, per line (docs/output-formats.md).

Each object is the ``diagnostic`` record of the JSON format (gio_lint.output.records,
schema ``gio-lint/1``) with the file's ``path`` first; a file that could not be read gives
``{"path": …, "error": …}``. Suited to streaming, ``grep`` and ``jq -c``: each file's lines
are written as soon as it and the files before it are linted, and the findings of the
pairing pass follow all the files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from gio_lint.output.outcome import FileOutcome, Tally
from gio_lint.output.records import Record, diagnostic, dumps


def records(outcomes: Iterable[FileOutcome], lang: str) -> Iterator[Record]:
    for o in outcomes:
        if o.error is not None:
            yield {"path": o.path, "error": o.error}
        for d in o.diagnostics:
            yield {"path": o.path, **diagnostic(d, lang, o.place(d))}


class Writer:
    def __init__(self, stream: TextIO, lang: str) -> None:
        self.stream, self.lang = stream, lang

    def file(self, outcome: FileOutcome) -> None:
        self.stream.write("".join(dumps(r) + "\n" for r in records((outcome,), self.lang)))

    def later(self, index: int, outcome: FileOutcome) -> None:
        self.file(outcome)

    def end(self, tally: Tally) -> None:
        pass
