"""Reading one table against its template table: the header rows, which row is which
(by label), which cell is which column. What does not fit is recorded as an Issue.

Cells are placed by their position on the table's grid when the header rows say where
every template column stands (the label zone is what lies before the first of them): a
document's tables (Word, HTML, PDF) keep their merged cells' placeholders, so a label
merged across three grid columns or down its group's rows is read as a label, and a value
under 自然人 is read as 自然人's whatever the spans of the cells before it. A cell whose span
covers two columns is the value of the one no other cell of the row fills; where that
cannot be told, the row says so (cell-span) instead of shifting. Tables whose header
cannot be placed (text written with merged header cells run together) are read in order:
the row's label, then its values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise
from typing import NamedTuple

from gio_lint.structure.fold import fold, label_key
from gio_lint.structure.indicators import read_indicators
from gio_lint.structure.model import Cell, Row, Span, Table
from gio_lint.structure.values import is_number
from gio_lint.templates.forms import ColumnSpec, RowSpec, TableSpec

ColumnLike = ColumnSpec | None  # None: a header cell the template does not know


# What the matcher can find wrong with a table (an Issue's kind): each is a rule's `issue`
# (kind structure, rules/tables.toml).
ISSUES = ("table-missing", "table-unreadable", "column-missing", "column-duplicate", "column-unknown",
          "row-missing", "row-duplicate", "row-unknown", "row-misspelt", "row-group-with-values", "row-unlabelled",
          "row-unreadable", "cell-count", "cell-span")


@dataclass(frozen=True)
class Issue:
    kind: str
    span: Span
    table: TableSpec | None = None
    data: dict[str, str] = field(default_factory=dict)
    related: tuple[Span, ...] = ()


class StandIn(NamedTuple):
    """A group label filled in as one row where the template has its sub-rows (2021's
    （六）其他处理 written as the 2019 form's one row): its cells stand for their sum."""

    name: str  # as a sum shows it: 「三(六)」
    members: tuple[str, ...]  # the sub-rows' ids


@dataclass
class MatchedTable:
    spec: TableSpec
    table: Table
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    rows: dict[str, Row] = field(default_factory=dict)
    stand_ins: dict[str, StandIn] = field(default_factory=dict)  # by the id its cells are stored under

    def cell(self, row_id: str, col_id: str) -> Cell | None:
        return self.cells.get((row_id, col_id))

    def shown_rows(self) -> list[tuple[str, str, bool]]:
        """(row id, label, stand-in) of each row as the table is shown: the template's rows
        in order, a group filled in as one row (a stand-in) in place of its sub-rows."""
        stood_for = {stand.members[0]: stand_id for stand_id, stand in self.stand_ins.items()}
        skipped = {m for stand in self.stand_ins.values() for m in stand.members}
        out = []
        for row in self.spec.rows:
            if row.id in stood_for:
                stand_id = stood_for[row.id]
                out.append((stand_id, f"{self.stand_ins[stand_id].name} {row.group}", True))
            if row.id not in skipped:
                out.append((row.id, row.display, False))
        return out


def numeric(cells: Sequence[Cell]) -> bool:
    """Every cell is a number or blank."""
    return all(c.blank or is_number(c.text) for c in cells)


class Placement(NamedTuple):
    """Where a template column stands on the table's grid: positions [start, end)."""

    column: ColumnLike
    start: int
    end: int


class Extent(NamedTuple):
    """A cell that starts at its grid position, and the positions [start, end) it covers."""

    cell: Cell
    start: int
    end: int


def extents(cells: Sequence[Cell], header: bool = False) -> list[Extent]:
    """The row's cells with the grid positions each covers: its own and those its span
    covers to the right; merged cells' placeholders are no cells of their own. In a header
    row written as text, a blank cell after a label is part of it (the text of a merged
    header leaves the positions it spans blank)."""
    out: list[Extent] = []
    for i, cell in enumerate(cells):
        spans = cell.grid == "<" or (header and cell.grid == "" and cell.blank)
        if spans and out and out[-1].end == i:
            out[-1] = out[-1]._replace(end=i + 1)
        elif not cell.placeholder:
            out.append(Extent(cell, i, i + 1))
    return out


class _Read(NamedTuple):
    """A body row as read: its label cell, the template row the label names, its value
    cells, each column's cell (None when the cells do not fit the columns), and the
    columns whose cell its spans leave unclear."""

    label: Cell | None
    spec: RowSpec | None
    values: list[Cell]
    placed: list[tuple[ColumnLike, Cell]] | None
    unclear: tuple[str, ...] = ()


def _fit(values: list[Cell], expected: int) -> list[Cell] | None:
    """The value cells of a row with merged-cell leftovers (trailing blanks) dropped, or
    None when the row does not hold exactly ``expected`` cells."""
    while len(values) > expected and values[-1].blank:
        values = values[:-1]
    return values if len(values) == expected else None


class _Keys(NamedTuple):
    """What a template table's labels look like folded, worked out once per template."""

    rows: dict[str, RowSpec]
    columns: frozenset[str]
    headers: frozenset[str]
    groups: frozenset[str]
    notes: tuple[str, ...]  # header notes
    column_words: tuple[tuple[ColumnSpec, tuple[str, ...]], ...]  # each column's group and last label word
    leaves: tuple[tuple[ColumnSpec, frozenset[str], str], ...]  # each column's header keys, and its group's
    order: dict[str, int]  # each row's place in the template


def _keys(spec: TableSpec) -> _Keys:
    def make() -> _Keys:
        columns = frozenset(k for c in spec.columns for k in c.label_keys)
        headers = {fold(h) for h in spec.header_labels} | ({fold(spec.label_header)} if spec.label_header else set())
        words = tuple((c, tuple(fold(w) for w in (c.group, c.label.split()[-1]) if w)) for c in spec.columns)
        leaves = tuple((c, c.label_keys | {label_key(c.label.split()[-1])}, label_key(c.group) if c.group else "")
                       for c in spec.columns)
        return _Keys({k: r for r in spec.rows for k in r.label_keys}, columns, columns | headers,
                     frozenset(fold(g) for g in spec.groups), tuple(fold(n) for n in spec.header_notes), words,
                     leaves, {r.id: i for i, r in enumerate(spec.rows)})

    return spec.derive("reader-keys", make)


class TableReader:
    def __init__(self, spec: TableSpec, table: Table) -> None:
        self.spec, self.table = spec, table
        self.issues: list[Issue] = []
        self.out = MatchedTable(spec, table)
        self.keys = _keys(spec)
        self.grid: list[Placement] | None = None  # where the columns stand, when the header says
        self.zone = 0  # the grid positions before this one hold the row labels

    def issue(self, kind: str, span: Span, **data: str) -> None:
        self.issues.append(Issue(kind, span, self.spec, {"table": self.spec.name, **data}))

    # ------------------------------------------------------------------ rows and labels
    def _is_header(self, row: Row) -> bool:
        if any(is_number(c.text) for c in row.cells):
            return False
        texts = [c.text for c in row.cells if not c.blank]
        return any(label_key(t) in self.keys.headers for t in texts) or any(
            n in fold(t) for n in self.keys.notes for t in texts)

    def _label(self, cells: Sequence[Cell]) -> tuple[Cell | None, RowSpec | None, int]:
        """The label among a row's leading text cells (group labels before the row's own
        label are skipped), the template row it names, and where the cells after it start."""
        start = 0
        while start < len(cells) and cells[start].blank:
            start += 1
        if start == len(cells) or is_number(cells[start].text):
            return None, None, 0  # no label: every cell, leading blanks included, is a value
        end = start
        while end < len(cells) and not cells[end].blank and not is_number(cells[end].text):
            end += 1
        named = [i for i in range(start, end) if label_key(cells[i].text) in self.keys.rows]
        at = named[-1] if named else end - 1
        return cells[at], self.keys.rows.get(label_key(cells[at].text)), at + 1

    def _read(self, row: Row, columns: Sequence[ColumnLike]) -> _Read:
        """A body row: by grid position when the header placed the columns and the row
        stands on the grid, else (or when its cells do not fit the grid, as in a part of a
        table drawn narrower than its header) its label and then its values in order."""
        if self.grid is not None and self._on_grid(row):
            placed = self._by_position(row, self.grid)
            if placed.placed is not None:
                return placed
            ordered = self._in_order(row, columns)
            return ordered if ordered.placed is not None else placed
        return self._in_order(row, columns)

    def _in_order(self, row: Row, columns: Sequence[ColumnLike]) -> _Read:
        """The row's label, then its values in order (text after the label that names the
        row is a value: 「行政强制 | 无 |」); placeholders are not cells."""
        cells = [c for c in row.cells if not c.placeholder]
        label, spec, after = self._label(cells)
        values = cells[after:]
        fitted = _fit(values, len(columns))
        return _Read(label, spec, values, None if fitted is None else list(zip(columns, fitted, strict=True)))

    def _on_grid(self, row: Row) -> bool:
        """A document's row; or a row of text as wide as the header with no figure among
        its labels and a figure or a blank where the first column stands (a text row with
        one more label cell than the header's label zone is read in order)."""
        cells = row.cells
        if any(c.grid for c in cells):
            return True
        if len(cells) < max(p.end for p in self.grid or ()) or len(cells) <= self.zone:
            return False
        first = cells[self.zone]
        return (first.blank or is_number(first.text)) and not any(is_number(c.text) for c in cells[: self.zone])

    def _by_position(self, row: Row, grid: Sequence[Placement]) -> _Read:
        labels: list[Cell] = []  # text before the columns
        values: list[Extent] = []  # cells reaching into the columns
        for x in extents(row.cells):
            if x.start < self.zone and not x.cell.blank and not is_number(x.cell.text):
                labels.append(x.cell)
            elif x.end > self.zone:
                values.append(x)
        label, spec, _ = self._label(labels)
        chosen, unclear, stray = _assign(values, grid)
        above = [i for i, c in enumerate(row.cells) if c.grid == "^"]  # merged down from the row above
        unclear += [k for k, p in enumerate(grid)
                    if k not in chosen and k not in unclear and any(p.start <= i < p.end for i in above)]
        cells = [x.cell for x in values]
        if stray or len(chosen) + len(unclear) < len(grid):
            return _Read(label, spec, cells, None)
        placed = [(p.column, chosen[k]) for k, p in enumerate(grid) if k in chosen]
        names = tuple(column.label for k in sorted(unclear) if (column := grid[k].column) is not None)
        return _Read(label, spec, cells, placed, names)

    def run(self) -> tuple[MatchedTable, list[Issue]]:
        rows = list(self.table.rows)
        top = 0
        while top < len(rows) and self._is_header(rows[top]):
            top += 1
        headers, body = rows[:top], rows[top:]
        if self.spec.kind == "indicator":
            self._indicators()
            return self.out, self.issues
        if self.spec.kind == "list":
            placements = self._list_columns(headers)
        else:
            self._check_header_words(headers)
            placements = self._header_grid(headers)
        columns = [p.column for p in placements] if placements else list(self.spec.columns)
        if placements and (placements[0].start > 0 or self.spec.kind == "single-row"):
            self.grid, self.zone = placements, min(p.start for p in placements)
        if self.spec.kind == "single-row":
            self._single(body, columns)
        else:
            self._rows(body, columns)
        return self.out, self.issues

    # ------------------------------------------------------------------ headers
    def _check_header_words(self, headers: Sequence[Row]) -> None:
        """Merged headers (表三, 表四) say little about order: check that every column's
        words are there."""
        if not headers:
            return
        text = fold("".join(c.text for r in headers for c in r.cells))
        for col, words in self.keys.column_words:
            if not all(w in text for w in words):
                self.issue("column-missing", headers[0].span, column=col.label)

    def _header_grid(self, headers: Sequence[Row]) -> list[Placement] | None:
        """Where each column of a matrix or single-row table stands: the header cell with
        its label (under its group's header cell, for 表四's 结果维持 …), found once, the
        columns side by side. None when the header does not say (text whose merged header
        cells were run together)."""
        cells = [x for row in headers for x in extents(row.cells, header=True) if not x.cell.blank]
        placements = []
        for col, keys, group in self.keys.leaves:
            found = [x for x in cells if label_key(x.cell.text) in keys]
            if group:
                under = [g for g in cells if label_key(g.cell.text) == group]
                found = [x for x in found if any(g.start <= x.start and x.end <= g.end for g in under)]
            if len(found) != 1:
                return None
            placements.append(Placement(col, found[0].start, found[0].end))
        ordered = sorted(placements, key=lambda p: p.start)
        return None if any(a.end > b.start for a, b in pairwise(ordered)) else placements

    def _list_columns(self, headers: Sequence[Row]) -> list[Placement] | None:
        """The columns of a list table from its header: the first cell heads the labels
        (信息内容, or whatever it says), the others name columns."""
        if not headers:
            return None
        header = headers[0]
        spans = [x for x in extents(header.cells, header=True) if not x.cell.blank or x.cell.grid]
        if spans and label_key(spans[0].cell.text) not in self.keys.columns:
            spans = spans[1:]
        while spans and spans[-1].cell.blank:
            spans = spans[:-1]
        placements: list[Placement] = []
        seen: set[str] = set()
        for c, start, end in spans:
            col = next((col for col in self.spec.columns if label_key(c.text) in col.label_keys), None)
            if col is not None and col.id in seen:
                self.issue("column-duplicate", c.span, column=col.label)
                col = None
            elif col is None and not c.blank:
                self.issue("column-unknown", c.span, column=c.text)
            placements.append(Placement(col, start, end))
            if col is not None:
                seen.add(col.id)
        for col in self.spec.columns:
            if col.id not in seen:
                self.issue("column-missing", header.span, column=col.label)
        return placements

    # ------------------------------------------------------------------ body
    def _rows(self, body: Sequence[Row], columns: Sequence[ColumnLike]) -> None:
        unlabelled: list[Row] = []
        unknown: list[tuple[int, Row, _Read]] = []  # with how many rows were placed before it
        groups: list[tuple[Row, _Read]] = []  # group labels carrying figures
        order: list[int] = []  # the template place of each row placed, in the table's order
        for row in body:
            read = self._read(row, columns)
            if read.label is None:
                if any(not c.blank for c in read.values):
                    unlabelled.append(row)
                continue
            if read.spec is None:
                if all(v.blank for v in read.values):
                    continue  # a header fragment or a group label: no figures are lost
                if label_key(read.label.text) in self.keys.groups:
                    groups.append((row, read))
                else:
                    unknown.append((len(order), row, read))
                continue
            if read.spec.id in self.out.rows:
                self.issue("row-duplicate", read.label.span, row=read.spec.display)
                continue
            self._place(read.spec, row, read, len(columns))
            order.append(self.keys.order[read.spec.id])
        for before, row, read in unknown:
            assert read.label is not None
            lo = order[before - 1] if before else -1
            hi = order[before] if before < len(order) else len(self.spec.rows)
            meant = self._near(read.label.text, self.spec.rows[lo + 1 : hi])
            if meant is None:
                self.issue("row-unknown", read.label.span, row=read.label.text)
                continue
            self._place(meant, row, read, len(columns))
            self.issue("row-misspelt", read.label.span, row=read.label.text, expected=meant.label, row_id=meant.id)
        for row, read in groups:
            assert read.label is not None
            self._stand_in(row, read)
            self.issue("row-group-with-values", read.label.span, row=read.label.text)
        if unlabelled:
            self.issues.append(Issue(
                "row-unlabelled", unlabelled[0].span, self.spec,
                {"table": self.spec.name, "count": str(len(unlabelled))},
                tuple(r.span for r in unlabelled[1:]),
            ))
        stood_for = {m for s in self.out.stand_ins.values() for m in s.members}
        for spec in self.spec.rows:
            if spec.id not in self.out.rows and spec.id not in stood_for:
                self.issue("row-missing", self._missing_row_span(spec.id), row=spec.display, row_id=spec.id)

    def _near(self, text: str, candidates: Sequence[RowSpec]) -> RowSpec | None:
        """The template row a label not in the template was meant to be: among the rows
        missing where it stands, the one whose label is nearest, when near enough and
        nearer than any other."""
        key = label_key(text)
        scored = sorted(((max(SequenceMatcher(None, key, k).ratio() for k in spec.label_keys), i, spec)
                         for i, spec in enumerate(candidates) if spec.id not in self.out.rows), reverse=True)
        near = self.spec.near_label
        if not near or not scored or scored[0][0] < near or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None
        return scored[0][2]

    def _stand_in(self, row: Row, read: _Read) -> None:
        """A group label filled in as one row, none of its sub-rows there: its cells stand
        for the sub-rows' sum."""
        assert read.label is not None
        key = label_key(read.label.text)
        members = [r for r in self.spec.rows if r.group and fold(r.group) == key]
        if not members or read.placed is None or any(m.id in self.out.rows for m in members):
            return
        shorts = [m.short for m in members]
        prefix = shorts[0]
        while prefix and not all(s.startswith(prefix) for s in shorts):
            prefix = prefix[:-1]
        name = prefix.rstrip("0123456789") or members[0].group
        stand_id = f"{members[0].id}~group"
        self.out.stand_ins[stand_id] = StandIn(name, tuple(m.id for m in members))
        self.out.rows[stand_id] = row
        for col, cell in read.placed:
            if col is not None:
                self.out.cells[(stand_id, col.id)] = cell

    def _place(self, spec: RowSpec, row: Row, read: _Read, expected: int) -> None:
        self.out.rows[spec.id] = row
        if read.placed is None:
            self.issue("cell-count", row.span, row=spec.display, expected=str(expected), found=str(len(read.values)))
            return
        for col, cell in read.placed:
            if col is not None:
                self.out.cells[(spec.id, col.id)] = cell
        if read.unclear:
            self.issue("cell-span", row.span, row=spec.display, column="、".join(read.unclear))

    def _missing_row_span(self, row_id: str) -> Span:
        """Point at the row before which the missing row belongs."""
        ids = [r.id for r in self.spec.rows]
        for later in ids[ids.index(row_id) + 1 :]:
            if later in self.out.rows:
                return self.out.rows[later].span
        return self.table.span

    def _indicators(self) -> None:
        """A free-form 附表 (指标 / 单位 / 数量): rows found by label, nothing required."""
        for item in read_indicators(self.table) or []:
            spec = self.keys.rows.get(label_key(item.name))
            if spec is not None and spec.id not in self.out.rows:
                self.out.rows[spec.id] = next(r for r in self.table.rows if item.label in r.cells)
                self.out.cells[(spec.id, self.spec.columns[0].id)] = item.value

    def _single(self, body: Sequence[Row], columns: Sequence[ColumnLike]) -> None:
        """One row of figures, unlabelled or labelled with the template row's label."""
        spec = self.spec.rows[0]
        for row in body:
            read = self._read(row, columns)
            if (read.label is None or read.spec is spec) and numeric(read.values) and any(
                    not v.blank for v in read.values):
                self._place(spec, row, read, len(columns))
                return
        self.issue("row-missing", self.table.span, row=spec.display, row_id=spec.id)


def _assign(values: Sequence[Extent], grid: Sequence[Placement]) -> tuple[dict[int, Cell], list[int], int]:
    """Each column's cell among a row's value cells (by index in ``grid``), the columns
    whose cell cannot be told, and how many figures stand under no column (or over columns
    that hold figures of their own).

    A cell under one column is that column's; a cell whose span covers several is the
    value of the one among them that no figure of its own fills; a column with two figures,
    or a figure that could belong to two columns, is unclear."""
    own: dict[int, list[Cell]] = {}
    shared: list[tuple[Cell, list[int]]] = []
    stray = 0
    for cell, start, end in values:
        over = [k for k, p in enumerate(grid) if start < p.end and p.start < end]
        if not over:
            stray += not cell.blank
        elif len(over) == 1:
            own.setdefault(over[0], []).append(cell)
        else:
            shared.append((cell, over))
    chosen: dict[int, Cell] = {}
    unclear: set[int] = set()
    for k, cells in own.items():
        figures = [c for c in cells if not c.blank]
        if len(figures) > 1:
            unclear.add(k)
        else:
            chosen[k] = figures[0] if figures else cells[0]
    for cell, over in shared:
        if cell.blank:
            chosen.update((k, cell) for k in over if k not in chosen and k not in unclear)
            continue
        free = [k for k in over if k not in unclear and (k not in chosen or chosen[k].blank)]
        if len(free) == 1:
            chosen[free[0]] = cell
        elif free:
            unclear.update(free)
        else:
            stray += 1  # a figure over columns that hold figures of their own
    return chosen, sorted(unclear), stray
