"""Output: a run's outcome in, text for a person or a machine out.

``outcome`` holds the run's neutral types (each file's result, the rules applied, the counts).
Every format, people's and programs', is a ``Writer`` made by ``writers()`` from a ``Sink``:
it receives a run's files one by one, in input order, as they are linted (``file``), then the
findings the pairing pass adds (``later``), then the run's counts (``end``). People read
``full``, ``concise`` and ``statistics`` (``text``) and ``show`` (each report as read); the
formats of one finding a line (``jsonlines``, ``github``) write each file's part at once;
those that are one document (``json``, ``sarif``, ``junit``, ``html``) spool the files'
parts on disk and assemble the document at the end (``spool``), so that no format holds the
run in memory. ``kindsdoc``, ``rulesdoc`` and ``cases`` describe the kinds, the rules and
the result of their cases."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Literal, Protocol, TextIO, get_args

from gio_lint.output.outcome import FileOutcome, Tally


class Writer(Protocol):
    """One output format, written as the run goes."""

    def file(self, outcome: FileOutcome) -> None:
        """The next file of the run, in input order."""

    def later(self, index: int, outcome: FileOutcome) -> None:
        """Findings the pairing pass adds to the ``index``-th file (from 0)."""

    def end(self, tally: Tally) -> None:
        """The run is over; ``tally`` counts all of it."""


@dataclass(frozen=True)
class Sink:
    """Where and how a format writes: the stream, the language, and for people's formats
    the colour (``auto``, ``always`` or ``never``)."""

    stream: TextIO
    lang: str
    color: str = "never"


MakeWriter = Callable[[Sink], Writer]
MACHINE = ("json", "json-lines", "sarif", "github", "junit", "html")
# what output needs of a report besides its findings: nothing more; its lines (the full
# format shows them); or the report as parsed as well (HTML and show draw it)
Needs = Literal["findings", "lines", "structure"]
NEEDS: tuple[Needs, ...] = get_args(Needs)
_NEEDED: dict[str, Needs] = {"full": "lines", "show": "structure", "html": "structure"}


def needs(fmt: str) -> Needs:
    """What the format ``fmt`` needs of each report besides its findings."""
    return _NEEDED.get(fmt, "findings")


def writers() -> dict[str, MakeWriter]:
    """Every format by name (imported on demand), each a writer made from its sink: for
    people ``full``, ``concise``, ``statistics`` (the counts per rule) and ``show`` (each
    report as read); for programs the formats of MACHINE."""
    from gio_lint.output import github, html, json, jsonlines, junit, sarif, show, text

    def plain(make: Callable[[TextIO, str], Writer]) -> MakeWriter:
        return lambda sink: make(sink.stream, sink.lang)

    return {"full": text.Writer.on, "concise": partial(text.Writer.on, concise=True),
            "statistics": partial(text.Writer.on, statistics=True), "show": show.Writer.on,
            "json": plain(json.Writer), "json-lines": plain(jsonlines.Writer), "sarif": plain(sarif.Writer),
            "github": plain(github.Writer), "junit": plain(junit.Writer), "html": plain(html.Writer)}


def render(make: MakeWriter, outcomes: Iterable[FileOutcome], lang: str) -> str:
    """A whole run's output in one string (for tests and callers that hold the outcomes)."""
    out = io.StringIO()
    writer, tally = make(Sink(out, lang)), Tally()
    for o in outcomes:
        tally.add(o)
        writer.file(o)
    writer.end(tally)
    return out.getvalue()


def machine_formats() -> dict[str, Callable[[Iterable[FileOutcome], str], str]]:
    """Each machine format as a function of a run's outcomes to its text."""
    made = writers()
    return {name: partial(render, made[name]) for name in MACHINE}
