"""The report model: a small, typed, immutable tree built from the parse.

Positions are 1-based lines and 1-based columns counted in Unicode code points of the
original (decoded) text; ``end_col`` is exclusive.

Spans, cells, rows, headings and paragraphs, made by the hundred for every report, are
named tuples: immutable and ordered like frozen dataclasses, and several times cheaper
to build. (Being tuples, two of different kinds with equal fields compare equal: blocks
are told apart by type, never by ==.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


class Span(NamedTuple):
    line: int
    col: int
    end_line: int
    end_col: int

    @staticmethod
    def on_line(line: int, col: int, length: int) -> Span:
        return Span(line, col, line, col + length)

    @staticmethod
    def around(spans: Iterable[Span]) -> Span:
        """The smallest span holding all of ``spans`` (a row whose label was joined from the
        lines around it starts where its first part does and ends where its last does)."""
        listed = list(spans)
        line, col = min((s.line, s.col) for s in listed)
        end_line, end_col = max((s.end_line, s.end_col) for s in listed)
        return Span(line, col, end_line, end_col)


class Cell(NamedTuple):
    text: str  # stripped cell text ("" for a blank cell)
    span: Span
    # Where the cell stands on a document's table grid (Word, HTML, PDF): "." a cell of its
    # own, "<" a position that the cell to its left spans, "^" one that the cell above spans
    # (a merged cell's placeholder: never a value, never a missing value). "" for text,
    # where a cell's grid position is its place in the row.
    grid: str = ""

    @property
    def blank(self) -> bool:
        return self.text == ""

    @property
    def placeholder(self) -> bool:
        """A grid position covered by a merged cell that starts elsewhere."""
        return self.grid in ("<", "^")


class Row(NamedTuple):
    cells: tuple[Cell, ...]
    span: Span

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


class Heading(NamedTuple):
    level: int  # 1: 一、  2: （一）  3: 1.
    number: str  # the numeral as written: 一 / 一 / 1
    title: str  # heading text without its number
    span: Span
    text: str = ""  # the whole line as written, number included


class Paragraph(NamedTuple):
    text: str
    span: Span


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    layout: str  # pipe | tab | cell-per-line | blank-separated
    caption: Paragraph | None = None  # e.g. 「第二十条第（一）项」

    @property
    def span(self) -> Span:
        first, last = self.rows[0].span, self.rows[-1].span
        return Span(first.line, first.col, last.end_line, last.end_col)

    @cached_property
    def text(self) -> str:
        """Every cell's text, and the caption's, run together (for finding labels in it)."""
        parts = [c.text for r in self.rows for c in r.cells]
        if self.caption:
            parts.append(self.caption.text)
        return "".join(parts)


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Report:
    path: str
    text: str
    blocks: tuple[Block, ...]
    lines: tuple[str, ...] = field(init=False, repr=False, compare=False)  # the text's lines

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.text.split("\n")))

    def __getstate__(self) -> dict[str, object]:
        # the lines are the text again: a report sent from a worker process goes without them
        return {k: v for k, v in self.__dict__.items() if k != "lines"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def headings(self, level: int | None = None) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and (level is None or b.level == level)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def opening(self) -> Span:
        """The first line with text, whole: where a finding about the whole report points."""
        first = next((n for n, line in enumerate(self.lines, 1) if line.strip()), 1)
        return Span(first, 1, first, len(self.line(first)) + 1)
