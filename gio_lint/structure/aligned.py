"""Tables set out with spaces (`pdftotext -layout`): a line whose parts stand apart by
two or more spaces, one of them a figure, is a row; a header line just above such rows
is a row too, when it reaches over the figures (parts that all end before the figures are
label text, not column labels).

A row's label wrapped onto the lines around it (「（二）部分公开（区分处理的，只计这一情」 …
「形，不计其他情形）」) is joined back from the fragments set at the label's own column.
Group labels written down their own columns (「三、」 「本」 「年」 …, 「（三）不」 「予公开」)
stand to the left of the row labels they group: they are stepped over, a line that holds
one beside a label fragment gives up the fragment and keeps the rest, and a row whose
figures have only a group label beside them (its label on the lines above and below)
takes its label from the column further right. Which row a fragment between two rows
belongs to: a numbered fragment (「1.」 「（二）」) begins a label; no line of a label is wider
than the line it goes on from (every line but the last is full); and a fragment goes with
the row it lies nearer to, or, as near to both, with a line of figures alone (whose label
lies around it)."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from gio_lint.numbering import NUMERAL, PART_OR_DIGITS
from gio_lint.structure.captions import is_caption
from gio_lint.structure.model import Cell, Heading, Paragraph, Span
from gio_lint.structure.parse import Line, RowLine
from gio_lint.structure.values import is_number

_GAP = re.compile(r"[ \u3000\xa0]{2,}")
_MAX_PART = 24  # a header part longer than this is prose, not a column label
_NUMBERED = re.compile(rf"^\s*(?:\d{{1,2}}[.．、]|{PART_OR_DIGITS}|{NUMERAL}、)")
_FRAGMENT = 30  # a wrapped label fragment is at most this long
_INDENT = 2  # fragments within this many columns of the label's start belong to it
_WRAPS = 8  # a label goes on over at most this many lines above, and as many below, its figures
_REACH = 2  # a label's lines are at most this many lines apart (a blank line between)
_SLACK = 1  # display columns by which a full line may fall short of the next (a CJK character that did not fit)


def _text(line: Line) -> tuple[str, Span] | None:
    return (line.text, line.span) if isinstance(line, Paragraph | Heading) else None


def _has_gap(text: str) -> bool:
    """Whether parts of the text stand apart (a space is looked for first: most lines of
    Chinese prose have none, and a substring test is far faster than the pattern)."""
    return (" " in text or "\u3000" in text or "\xa0" in text) and _GAP.search(text) is not None


def _parts(text: str, span: Span) -> list[Cell]:
    stripped = text.strip()
    if stripped and not _has_gap(stripped):  # most lines: one part, the whole text
        at = span.col + text.index(stripped)
        return [Cell(stripped, Span(span.line, at, span.line, at + len(stripped)))]
    cells, pos = [], 0
    for piece in _GAP.split(text.strip()):
        at = text.index(piece, pos)
        pos = at + len(piece)
        cells.append(Cell(piece, Span.on_line(span.line, span.col + at, len(piece))))
    return cells


def _row(cells: list[Cell]) -> RowLine:
    return RowLine(tuple(cells), "space", Span.around(c.span for c in cells), False)


def _first_figure(cells: list[Cell]) -> int:
    """The index of a row's first figure (a row holds one)."""
    return next(k for k, c in enumerate(cells) if is_number(c.text))


class _Lines(NamedTuple):
    """The lines around the rows, as the label search reads them."""

    lines: list[Line]
    parts: list[list[Cell]]
    is_row: list[bool]
    numeric: list[bool]  # a row of figures
    claimed: dict[int, Cell]  # a line's fragment taken into a row's label

    def number(self, k: int) -> int:
        return self.lines[k].span.line

    def fragments(self, k: int) -> list[Cell] | None:
        """The parts of a short line of text that may hold part of a wrapped label (and
        group labels), or None when the line is a row, taken, or anything else."""
        if self.is_row[k] or k in self.claimed or not isinstance(self.lines[k], Paragraph | Heading):
            return None
        parts = self.parts[k]
        if not parts or any(len(c.text) > _FRAGMENT or is_number(c.text) or is_caption(c.text) for c in parts):
            return None
        return parts


def _is_header(parts: list[Cell], figures_at: int) -> bool:
    """Column labels above the rows: two parts or more, none long, reaching over the figures."""
    return len(parts) >= 2 and all(len(c.text) <= _MAX_PART for c in parts) and parts[-1].span.end_col > figures_at


def _rows(parts: list[list[Cell]], numeric: list[bool]) -> list[bool]:
    """Which lines are rows: the lines with figures, and the header lines directly above them."""
    is_row = list(numeric)
    figures_at = 0  # the column of the first figure of the nearest row of figures below
    for i in range(len(parts) - 2, -1, -1):
        if numeric[i + 1]:
            below = parts[i + 1]
            figures_at = below[_first_figure(below)].span.col
        if not is_row[i] and is_row[i + 1] and _is_header(parts[i], figures_at):
            is_row[i] = True
    return is_row


def aligned_rows(lines: list[Line]) -> list[Line]:
    """Lines set out with spaces made into rows, with wrapped labels joined back."""
    texts = list(map(_text, lines))
    if not any(t and _has_gap(t[0]) for t in texts):
        return lines  # no line has parts set apart: nothing is set out with spaces
    parts = [(_parts(*t) if t else []) for t in texts]
    numeric = [len(p) >= 2 and any(is_number(c.text) for c in p) for p in parts]
    around = _Lines(lines, parts, _rows(parts, numeric), numeric, {})
    out: dict[int, Line] = {}
    for i in range(len(lines)):
        if around.is_row[i]:
            cells = _with_label(i, around) if numeric[i] else parts[i]
            out[i] = _row(cells)
    for k, fragment in around.claimed.items():
        rest = _rest(lines[k], fragment)
        if rest is not None:
            out[k] = rest
    return [out.get(i, line) for i, line in enumerate(lines) if i in out or i not in around.claimed]


def _rest(line: Line, fragment: Cell) -> Paragraph | None:
    """What a line holds besides the label fragment taken from it (group labels), or None."""
    text, span = _text(line) or ("", line.span)
    start, end = fragment.span.col - span.col, fragment.span.end_col - span.col
    masked = text[:start] + " " * (end - start) + text[end:]
    kept = masked.strip()
    if not kept:
        return None
    at = span.col + len(masked) - len(masked.lstrip())
    return Paragraph(kept, Span.on_line(span.line, at, len(kept)))


def _near(cell: Cell, column: int) -> bool:
    return abs(cell.span.col - column) <= _INDENT


def _numbered(cell: Cell | None) -> bool:
    return cell is not None and _NUMBERED.match(cell.text) is not None


def _width(text: str) -> int:
    """Display columns: two for CJK characters and the punctuation set among them (“”)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


class _Label(NamedTuple):
    """Where a row's label stands, and the part of it on the row's own line."""

    column: int
    own: Cell | None  # None: a line of figures with its label on the lines around it


def _beside(k: int, i: int, around: _Lines, figures_at: int) -> int | None:
    """The column of the text on line k, next to row i, that may be part of its label:
    the rightmost part (group labels stand to the left of the labels they group), when it
    ends before the figures and, below the row, does not begin the next row's label."""
    pieces = around.fragments(k) if 0 <= k < len(around.lines) else None
    if not pieces or abs(around.number(k) - around.number(i)) > _REACH:
        return None
    last = pieces[-1]
    return last.span.col if last.span.end_col <= figures_at and not (k > i and _numbered(last)) else None


def _label(i: int, around: _Lines) -> _Label | None:
    """Where row i's label stands: at the text just before its figures, unless that is a
    group label with the row's label on the lines above and below it, further right; for a
    line of figures alone, at the rightmost text beside it."""
    cells = around.parts[i]
    first = _first_figure(cells)
    own = cells[first - 1] if first else None
    above, below = (_beside(k, i, around, cells[first].span.col) for k in (i - 1, i + 1))
    if own is None:
        columns = [c for c in (above, below) if c is not None]
        return _Label(max(columns), None) if columns else None
    if above is not None and below is not None and abs(above - below) <= _INDENT < min(above, below) - own.span.col:
        return _Label(max(above, below), None)  # the own text is a group label, left of the label around it
    return _Label(own.span.col, own)


def _continues(step: int, start: Cell | None, piece: Cell) -> bool:
    """Whether ``piece``, below (step 1) or above (step -1) the label line ``start``, goes on
    the same label: a numbered line below begins the next row's label, and every line of a
    wrapped label but its last is full, so no line is wider than the one it goes on from."""
    if step > 0 and _numbered(piece):
        return False
    upper, lower = (start, piece) if step > 0 else (piece, start)
    return upper is None or lower is None or _width(lower.text) <= _width(upper.text) + _SLACK


def _taker(k: int, column: int, around: _Lines) -> tuple[int, bool] | None:
    """What would take the piece on line k, at ``column``, as the line above it: the next
    piece at the column, or the next row with its label at the column (not one that begins
    its label there, numbered), with whether it must (a line of figures alone)."""
    for j in range(k + 1, len(around.lines)):
        if around.is_row[j]:
            label = _label(j, around) if around.numeric[j] else None
            if label is None or abs(label.column - column) > _INDENT or _numbered(label.own):
                return None
            return around.number(j), label.own is None
        pieces = around.fragments(j)
        piece = next((c for c in pieces if _near(c, column)), None) if pieces else None
        if pieces is None or piece is not None:
            return None if piece is None or _numbered(piece) else (around.number(j), False)
    return None


def _nearer_next(k: int, column: int, around: _Lines, distance: int) -> bool:
    """Whether the piece on line k, ``distance`` lines below this row's label, belongs to
    what follows it: it is nearer to that, or as near and that is a line of figures alone."""
    taker = _taker(k, column, around)
    if taker is None:
        return False
    gap = taker[0] - around.number(k)
    return gap < distance or (taker[1] and gap == distance)


def _walk(i: int, step: int, column: int, around: _Lines, start: Cell | None) -> list[tuple[int, Cell]]:
    """The fragments of the row's label set at ``column`` on the lines above (step -1) or
    below (step 1) the row, nearest first, going on from the label line ``start``. A
    numbered fragment above is the label's first line; below, a fragment nearer to what
    follows it (the next row's label) than to this label is left to the next row.
    Fragments at other indentations (group labels) are stepped over."""
    found: list[tuple[int, Cell]] = []
    last = around.number(i)
    k = i + step
    while 0 <= k < len(around.lines) and len(found) < _WRAPS:
        pieces = around.fragments(k)
        at = around.number(k)
        if pieces is None or abs(at - last) > _REACH:
            break
        piece = next((c for c in pieces if _near(c, column)), None)
        if piece is not None:
            if not _continues(step, start, piece) or (step > 0 and _nearer_next(k, column, around, at - last)):
                break
            found.append((k, piece))
            last, start = at, piece
            if _numbered(piece):
                break  # the label's first line
        k += step
    return found


def _with_label(i: int, around: _Lines) -> list[Cell]:
    """The row's cells, its label completed from the fragments wrapped above and below."""
    cells = around.parts[i]
    label = _label(i, around)
    if label is None:
        return cells
    own = label.own
    above = [] if _numbered(own) else _walk(i, -1, label.column, around, own)[::-1]
    below = _walk(i, 1, label.column, around, own or next((c for _, c in above[-1:]), None))
    if not above and not below:
        return cells
    around.claimed.update((*above, *below))
    pieces = [c for _, c in above] + ([own] if own is not None else []) + [c for _, c in below]
    joined = Cell("".join(c.text for c in pieces), pieces[0].span)
    first = _first_figure(cells)
    return [*cells[: first - (own is not None)], joined, *cells[first:]]
