"""Bring the table layouts found in real reports to one row/cell form.

Handled here, after parsing:
- rows written one per line with pipes or tabs (the grammar splits their cells);
- one cell per line, each ending in a pipe (「指标 |」 「单位 |」 「数量 |」 …);
- one cell per line with blank lines between the cells (pages copied from the web);
- caption lines such as 「第二十条第（一）项」, on their own line or as a row of their own,
  which start a new table.
Columns of the one-cell-per-line layouts are inferred (the smallest width whose rows
all read as label … number); when none fits, the lines stay paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from gio_lint.structure.aligned import aligned_rows
from gio_lint.structure.captions import is_caption
from gio_lint.structure.model import Block, Cell, Heading, Paragraph, Report, Row, Span, Table
from gio_lint.structure.parse import Line, RowLine, parse_lines
from gio_lint.structure.values import is_number

# what ends a sentence or a clause; not the ASCII comma, which may be a thousands separator (「14,730」)
_SENTENCE_PUNCT = re.compile(r"[。；;，！？]")
_MAX_LOOSE_CELL = 40
_MIN_LOOSE_CELLS = 6
_MARKDOWN_RULE = re.compile(r"^:?-{3,}:?$")


def _row(cells: Sequence[Cell]) -> Row:
    return Row(tuple(cells), Span.around(c.span for c in cells))


def infer_columns(cells: Sequence[Cell]) -> int | None:
    """The number of columns of a table written one cell per line, or None.

    A width k fits when the cells split into rows of k whose first row (the header) holds
    no number, and every later row starts with a label and holds a number, or a blank,
    only in its last cell.
    """
    for k in range(2, 7):
        if len(cells) % k or len(cells) < 2 * k:
            continue
        rows = [cells[i : i + k] for i in range(0, len(cells), k)]
        header, body = rows[0], rows[1:]
        if any(c.blank or is_number(c.text) for c in header):
            continue
        if all(
            not r[0].blank
            and not any(is_number(c.text) for c in r[:-1])
            and (r[-1].blank or is_number(r[-1].text))
            for r in body
        ) and any(is_number(r[-1].text) for r in body):
            return k
    return None


def _regroup(cells: Sequence[Cell], layout: str) -> tuple[Table | None, int]:
    """Find a table in cells written one per line, allowing up to two leading cells
    (a caption) before it. Returns the table and how many leading cells it skipped."""
    for skip in range(0, 3):
        k = infer_columns(cells[skip:])
        if k:
            body = cells[skip:]
            rows = tuple(_row(body[i : i + k]) for i in range(0, len(body), k))
            return Table(rows, layout), skip
    return None, 0


def _is_cell_line(line: RowLine) -> bool:
    non_blank = [c for c in line.cells if not c.blank]
    return line.separator == "pipe" and line.ends_with_separator and len(non_blank) <= 1 and (
        not line.cells[1:] or all(c.blank for c in line.cells[1:])
    )


def _tables_from_rows(rows: list[RowLine]) -> list[Block]:
    """Turn a run of consecutive row lines into tables (split at caption rows)."""
    if len(rows) >= 2 * 2 and all(_is_cell_line(r) for r in rows):
        cells = [r.cells[0] if r.cells and not r.cells[0].blank else Cell("", r.span) for r in rows]
        table, skip = _regroup(cells, "cell-per-line")
        if table is not None:
            lead: list[Block] = [Paragraph(c.text, c.span) for c in cells[:skip] if not c.blank]
            return [*lead, table]
    blocks: list[Block] = []
    current: list[Row] = []
    caption: Paragraph | None = None
    layout = next((kind for kind in ("pipe", "space") if any(r.separator == kind for r in rows)), "tab")

    def flush() -> None:
        """Close the table being built; a caption with no rows under it stays as text."""
        if current:
            blocks.append(Table(tuple(current), layout, caption))
            current.clear()
        elif caption is not None:
            blocks.append(caption)

    for r in rows:
        texts = [c.text for c in r.cells if not c.blank]
        if not texts or all(_MARKDOWN_RULE.match(t) for t in texts):
            continue  # an empty row, or Markdown's |---|---| rule
        if len(texts) == 1 and is_caption(texts[0]):
            flush()
            caption = Paragraph(texts[0], next(c.span for c in r.cells if not c.blank))
            continue
        current.append(_row(r.cells))
    flush()
    return blocks


def _loose_candidate(line: Line) -> Cell | None:
    if isinstance(line, Paragraph) or (isinstance(line, Heading) and line.level >= 2):
        text, span = line.text, line.span
    else:
        return None
    if (len(text) > _MAX_LOOSE_CELL or _SENTENCE_PUNCT.search(text)) and not is_number(text):
        return None
    return Cell(text, span)


def _loose_tables(lines: list[Line]) -> list[Line | Block]:
    """Find tables written one cell per line with blank lines between the cells."""
    out: list[Line | Block] = []
    i = 0
    while i < len(lines):
        run: list[tuple[Line, Cell]] = []
        j = i
        while j < len(lines):
            cell = _loose_candidate(lines[j])
            if cell is None:
                break
            if run and cell.span.line - run[-1][1].span.line != 2:
                break
            run.append((lines[j], cell))
            j += 1
        if len(run) >= _MIN_LOOSE_CELLS:
            table, skip = _regroup([c for _, c in run], "blank-separated")
            if table is not None:
                out.extend(line for line, _ in run[:skip])
                out.append(table)
                i = j
                continue
        # not a table: keep the run's lines as they are and go on after it
        if j > i:
            out.extend(lines[i:j])
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _blocks(staged: list[Line | Block]) -> Iterator[Block]:
    """Runs of row lines become tables; everything else passes through."""
    k = 0
    while k < len(staged):
        run: list[RowLine] = []
        while k < len(staged) and isinstance(staged[k], RowLine):
            run.append(staged[k])  # type: ignore[arg-type]
            k += 1
        if run:
            yield from _tables_from_rows(run)
            continue
        item = staged[k]
        assert not isinstance(item, RowLine)
        yield item
        k += 1


def _on_grid(lines: list[Line], grids: Sequence[str]) -> list[Line]:
    """Row lines of a document's table given their grid marks (``grids``: one per line of
    the text, from gio_lint.input.sources); a row whose cells do not match its marks keeps none."""
    if not any(grids):
        return lines
    out: list[Line] = []
    for line in lines:
        if isinstance(line, RowLine) and line.span.line <= len(grids):
            marks = grids[line.span.line - 1]
            if len(marks) == len(line.cells):
                line = line._replace(cells=tuple(c._replace(grid=m) for c, m in zip(line.cells, marks, strict=True)))
        out.append(line)
    return out


def build_report(path: str, text: str, grids: Sequence[str] = ()) -> Report:
    """The report's blocks; ``grids`` marks the grid positions of a document's table rows."""
    blocks: list[Block] = []
    pending: Paragraph | None = None  # a caption line waiting for its table
    for item in _blocks(_loose_tables(aligned_rows(_on_grid(parse_lines(text), grids)))):
        if isinstance(item, Paragraph) and is_caption(item.text):
            if pending is not None:
                blocks.append(pending)
            pending = item
            continue
        if pending is not None:
            if isinstance(item, Table) and item.caption is None:
                item = Table(item.rows, item.layout, pending)
            else:
                blocks.append(pending)
            pending = None
        blocks.append(item)
    if pending is not None:
        blocks.append(pending)
    return Report(path, text, tuple(blocks))
