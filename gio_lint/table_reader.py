"""Reading one table against its template table: the header rows, which row is which
(by label), which cell is which column. What does not fit is recorded as an Issue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from gio_lint.fold import fold, label_key
from gio_lint.indicators import read_indicators
from gio_lint.model import Cell, Row, Span, Table
from gio_lint.templates import ColumnSpec, RowSpec, TableSpec
from gio_lint.values import is_number

ColumnLike = ColumnSpec | None  # None: a header cell the template does not know


@dataclass(frozen=True)
class Issue:
    kind: str
    span: Span
    table: TableSpec | None = None
    data: dict[str, str] = field(default_factory=dict)
    related: tuple[Span, ...] = ()


@dataclass
class MatchedTable:
    spec: TableSpec
    table: Table
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    rows: dict[str, Row] = field(default_factory=dict)

    def cell(self, row_id: str, col_id: str) -> Cell | None:
        return self.cells.get((row_id, col_id))


def numeric(cells: Sequence[Cell]) -> bool:
    """Every cell is a number or blank."""
    return all(c.blank or is_number(c.text) for c in cells)


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


def _keys(spec: TableSpec) -> _Keys:
    def make() -> _Keys:
        columns = frozenset(k for c in spec.columns for k in c.label_keys)
        headers = {fold(h) for h in spec.header_labels} | ({fold(spec.label_header)} if spec.label_header else set())
        words = tuple((c, tuple(fold(w) for w in (c.group, c.label.split()[-1]) if w)) for c in spec.columns)
        return _Keys({k: r for r in spec.rows for k in r.label_keys}, columns, columns | headers,
                     frozenset(fold(g) for g in spec.groups), tuple(fold(n) for n in spec.header_notes), words)

    return spec.derive("reader-keys", make)


class TableReader:
    def __init__(self, spec: TableSpec, table: Table) -> None:
        self.spec, self.table = spec, table
        self.issues: list[Issue] = []
        self.out = MatchedTable(spec, table)
        self.keys = _keys(spec)

    def issue(self, kind: str, span: Span, **data: str) -> None:
        self.issues.append(Issue(kind, span, self.spec, {"table": self.spec.name, **data}))

    # ------------------------------------------------------------------ rows and labels
    def _is_header(self, row: Row) -> bool:
        if any(is_number(c.text) for c in row.cells):
            return False
        texts = [c.text for c in row.cells if not c.blank]
        return any(label_key(t) in self.keys.headers for t in texts) or any(
            n in fold(t) for n in self.keys.notes for t in texts)

    def _labels(self, row: Row) -> tuple[Cell | None, RowSpec | None, list[Cell]]:
        """(the label cell, the template row it names, the value cells). Blanks before the
        labels are merged-cell leftovers; group labels before the row's own label are
        skipped; text after the label that names the row is a value (「行政强制 | 无 |」)."""
        cells = list(row.cells)
        start = 0
        while start < len(cells) and cells[start].blank:
            start += 1
        if start == len(cells) or is_number(cells[start].text):
            return None, None, cells  # no label: every cell, leading blanks included, is a value
        end = start
        while end < len(cells) and not cells[end].blank and not is_number(cells[end].text):
            end += 1
        named = [i for i in range(start, end) if label_key(cells[i].text) in self.keys.rows]
        at = named[-1] if named else end - 1
        spec = self.keys.rows.get(label_key(cells[at].text))
        return cells[at], spec, cells[at + 1 :]

    def run(self) -> tuple[MatchedTable, list[Issue]]:
        rows = list(self.table.rows)
        top = 0
        while top < len(rows) and self._is_header(rows[top]):
            top += 1
        headers, body = rows[:top], rows[top:]
        if self.spec.kind == "indicator":
            self._indicators()
        elif self.spec.kind == "list":
            self._rows(body, self._list_columns(headers))
        else:
            self._check_header_words(headers)
            if self.spec.kind == "single-row":
                self._single(body)
            else:
                self._rows(body, list(self.spec.columns))
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

    def _list_columns(self, headers: Sequence[Row]) -> list[ColumnLike]:
        """The columns of a list table from its header: the first cell heads the labels
        (信息内容, or whatever it says), the others name columns."""
        if not headers:
            return list(self.spec.columns)
        header = headers[0]
        cells = list(header.cells)
        if cells and label_key(cells[0].text) not in self.keys.columns:
            cells = cells[1:]
        while cells and cells[-1].blank:
            cells = cells[:-1]
        columns: list[ColumnLike] = []
        seen: set[str] = set()
        for c in cells:
            col = next((col for col in self.spec.columns if label_key(c.text) in col.label_keys), None)
            if col is not None and col.id in seen:
                self.issue("column-duplicate", c.span, column=col.label)
                col = None
            elif col is None and not c.blank:
                self.issue("column-unknown", c.span, column=c.text)
            columns.append(col)
            if col is not None:
                seen.add(col.id)
        for col in self.spec.columns:
            if col.id not in seen:
                self.issue("column-missing", header.span, column=col.label)
        return columns

    # ------------------------------------------------------------------ body
    def _rows(self, body: Sequence[Row], columns: Sequence[ColumnLike]) -> None:
        unlabelled: list[Row] = []
        for row in body:
            label, spec, values = self._labels(row)
            if label is None:
                if any(not c.blank for c in values):
                    unlabelled.append(row)
                continue
            if spec is None:
                if all(v.blank for v in values):
                    continue  # a header fragment or a group label: no figures are lost
                key = label_key(label.text)
                self.issue("row-group-with-values" if key in self.keys.groups else "row-unknown",
                           label.span, row=label.text)
                continue
            if spec.id in self.out.rows:
                self.issue("row-duplicate", label.span, row=spec.display)
                continue
            self._place(spec, row, values, columns)
        if unlabelled:
            self.issues.append(Issue(
                "row-unlabelled", unlabelled[0].span, self.spec,
                {"table": self.spec.name, "count": str(len(unlabelled))},
                tuple(r.span for r in unlabelled[1:]),
            ))
        for spec in self.spec.rows:
            if spec.id not in self.out.rows:
                self.issue("row-missing", self._missing_row_span(spec.id), row=spec.display, row_id=spec.id)

    def _place(self, spec: RowSpec, row: Row, values: list[Cell], columns: Sequence[ColumnLike]) -> None:
        self.out.rows[spec.id] = row
        fitted = _fit(values, len(columns))
        if fitted is None:
            self.issue("cell-count", row.span, row=spec.display, expected=str(len(columns)),
                       found=str(len(values)))
            return
        for col, cell in zip(columns, fitted, strict=True):
            if col is not None:
                self.out.cells[(spec.id, col.id)] = cell

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

    def _single(self, body: Sequence[Row]) -> None:
        """One row of figures, unlabelled or labelled with the template row's label."""
        spec = self.spec.rows[0]
        for row in body:
            label, named, values = self._labels(row)
            if (label is None or named is spec) and numeric(values) and any(not v.blank for v in values):
                self._place(spec, row, values, list(self.spec.columns))
                return
        self.issue("row-missing", self.table.span, row=spec.display, row_id=spec.id)
