"""Tables set out with spaces (`pdftotext -layout`): a line whose parts stand apart by
two or more spaces, one of them a figure, is a row; a header line just above such rows
is a row too. A row's label wrapped onto the lines around it (「（二）部分公开（区分处理的，
只计这一情」 … 「形，不计其他情形）」) is joined back, from fragments set at the label's own
indentation; fragments at other indentations (vertical group labels, one character a
line) are left alone, as they carry no figures."""

from __future__ import annotations

import re

from gio_lint.captions import is_caption
from gio_lint.model import Cell, Heading, Paragraph, Span
from gio_lint.parse import Line, RowLine
from gio_lint.values import is_number

_GAP = re.compile(r"[ \u3000\xa0]{2,}")
_MAX_PART = 24  # a header part longer than this is prose, not a column label
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
_FRAGMENT = 30  # a wrapped label fragment is at most this long
_INDENT = 2  # fragments within this many columns of the label's start belong to it


def _text(line: Line) -> tuple[str, Span] | None:
    if isinstance(line, Paragraph):
        return line.text, line.span
    if isinstance(line, Heading):
        return line.text, line.span
    return None


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


def _row(cells: list[Cell], span: Span) -> RowLine:
    return RowLine(tuple(cells), "space", Span(span.line, cells[0].span.col, span.line, cells[-1].span.end_col), False)


def aligned_rows(lines: list[Line]) -> list[Line]:
    """Lines set out with spaces made into rows, with wrapped labels joined back."""
    texts = list(map(_text, lines))
    if not any(t and _has_gap(t[0]) for t in texts):
        return lines  # no line has parts set apart: nothing is set out with spaces
    parts = [(_parts(*t) if t else []) for t in texts]
    numeric = [len(p) >= 2 and any(is_number(c.text) for c in p) for p in parts]
    is_row = list(numeric)
    for i in range(len(lines) - 2, -1, -1):  # header lines directly above rows
        if not is_row[i] and len(parts[i]) >= 2 and all(len(c.text) <= _MAX_PART for c in parts[i]) and is_row[i + 1]:
            is_row[i] = True
    used: set[int] = set()
    out: dict[int, Line] = {}
    for i in range(len(lines)):
        if not is_row[i]:
            continue
        cells = parts[i]
        if numeric[i]:
            cells = _with_label(i, lines, parts, is_row, used)
        out[i] = _row(cells, cells[0].span)
    return [out.get(i, line) for i, line in enumerate(lines) if i not in used]


def _fragment(line: Line, parts: list[Cell]) -> Cell | None:
    """A short line of text that may be part of a wrapped label."""
    if not isinstance(line, Paragraph | Heading) or len(parts) != 1:
        return None
    cell = parts[0]
    if len(cell.text) > _FRAGMENT or is_number(cell.text) or is_caption(cell.text):
        return None
    return cell


def _near(cell: Cell, column: int | None) -> bool:
    return column is None or abs(cell.span.col - column) <= _INDENT


def _with_label(i: int, lines: list[Line], parts: list[list[Cell]], is_row: list[bool],
                used: set[int]) -> list[Cell]:
    """The row's cells, its label completed from the fragments wrapped above and below."""
    cells = parts[i]
    labelled = not is_number(cells[0].text)
    column = cells[-1 - sum(is_number(c.text) for c in cells)].span.col if labelled else None
    line_no = lines[i].span.line
    above: list[tuple[int, Cell]] = []
    k = i - 1
    while k >= 0 and not is_row[k] and len(above) < 2:
        frag = _fragment(lines[k], parts[k])
        gap = (above[0][1].span.line if above else line_no) - lines[k].span.line
        if frag is None or gap > 2 or k in used:
            break
        if _near(frag, column):
            above.insert(0, (k, frag))
            column = frag.span.col if column is None else column
            if _NUMBERED.match(frag.text):
                break  # the label's first line
        k -= 1  # a fragment at another indentation (a vertical group label) is stepped over
    if above and not _NUMBERED.match(above[0][1].text) and labelled and _NUMBERED.match(cells[0].text):
        above = []  # the row's own label starts here: lines above belong to something else
    below: list[tuple[int, Cell]] = []
    k = i + 1
    while k < len(lines) and not is_row[k] and len(below) < 2:
        frag = _fragment(lines[k], parts[k])
        gap = lines[k].span.line - (below[-1][1].span.line if below else line_no)
        if frag is None or gap > 2:
            break
        if _near(frag, column):
            if _NUMBERED.match(frag.text):
                break  # the next row's label
            below.append((k, frag))
        k += 1
    if not above and not below:
        return cells
    used.update(k for k, _ in (*above, *below))
    label_cells = [c for _, c in above] + ([cells[0]] if labelled else []) + [c for _, c in below]
    first = label_cells[0]
    label = Cell("".join(c.text for c in label_cells), first.span)
    return [label, *(cells[1:] if labelled else cells)]
