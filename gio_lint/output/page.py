"""A report as gio-lint read it, with its findings in place: the model of the HTML page
(gio_lint.output.html). In: a file's outcome (its report, template match and findings).
Out: a :class:`FileView` — the summary, every heading, paragraph and table as read (tables
with their merged cells rebuilt from the document's grid), each piece of text or cell
carrying the findings that point at it, and the findings in order.

A finding is placed on the cell its span falls in, on the row when it spans several
cells, on the text it underlines in a heading or paragraph, or else on the block nearest
before its line (a finding about the whole report, on the first block). The cells a sum
or a percentage involves (its related spans) are marked as related."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from gio_lint.output.outcome import FileOutcome
from gio_lint.rules.diagnostics import SEVERITIES, Diagnostic
from gio_lint.structure.fold import fold
from gio_lint.structure.model import Block, Cell, Heading, Paragraph, Row, Span, Table
from gio_lint.structure.values import is_number
from gio_lint.templates.table_reader import MatchedTable


@dataclass
class Marks:
    """The findings that point at one piece of the report: ``at`` those whose place it is,
    ``related`` those that involve it (a term of a sum, a percentage's count); ``anchor``
    is the element id the first finding placed here links to, ``labels`` what the related
    findings call it (「三(一) 予以公开 × 商业企业 = 9」)."""

    at: list[int] = field(default_factory=list)
    related: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    anchor: str = ""


@dataclass
class Segment:
    text: str
    marks: Marks | None = None


@dataclass
class TextView:
    """A heading (``level`` 1–3) or a paragraph (``level`` 0): its lines as segments."""

    level: int
    lines: list[list[Segment]]
    first_line: int
    marks: Marks = field(default_factory=Marks)  # findings placed on the block as a whole


@dataclass
class CellView:
    text: str
    colspan: int
    rowspan: int
    header: bool
    name: str  # the template's row × column, for a cell of a matched table ("" otherwise)
    marks: Marks = field(default_factory=Marks)


@dataclass
class RowView:
    cells: list[CellView]
    line: int
    marks: Marks = field(default_factory=Marks)


@dataclass
class TableView:
    name: str  # the template table it was matched to (「表三 收到和处理政府信息公开申请情况」), or ""
    caption: str
    rows: list[RowView]
    first_line: int
    last_line: int
    drawn: bool = False  # drawn from the template (a table written as text), not as the document's grid
    marks: Marks = field(default_factory=Marks)
    # where findings go: each drawn cell's marks by the report cell's span, each drawn row's by its line
    cells: dict[int, list[tuple[Span, Marks]]] = field(default_factory=dict, repr=False)
    lines: dict[int, Marks] = field(default_factory=dict, repr=False)
    # a row the report lacks, drawn where the template has it: its marks by the findings' anchor (t2_1:rules)
    missing: dict[str, Marks] = field(default_factory=dict, repr=False)


BlockView = TextView | TableView


@dataclass
class FindingView:
    number: int  # from 1, as the page shows it
    diagnostic: Diagnostic
    place: str  # 「第2个表格 第5行 第4列」 for documents
    at: str  # the element id of its place in the report


@dataclass
class FileView:
    path: str
    error: str | None
    year: int | None = None
    template: str = ""
    encoding: str = ""
    tables: list[tuple[str, int, int]] = field(default_factory=list)  # (name, first line, last line) of each read
    blocks: list[BlockView] = field(default_factory=list)
    findings: list[FindingView] = field(default_factory=list)

    @property
    def document(self) -> bool:
        """Read from a Word, PDF or web document: its places are tables, rows and columns,
        not the lines of the text gio-lint made of it."""
        return self.encoding in ("docx", "pdf", "html", "htm")

    def count(self, severity: str) -> int:
        return sum(f.diagnostic.severity == severity for f in self.findings)

    def messages(self, marks: Marks, lang: str) -> list[str]:
        """What the findings placed on a piece say (a cell's tooltip)."""
        return [f"{self.findings[n - 1].diagnostic.code} {self.findings[n - 1].diagnostic.text(lang)}"
                for n in marks.at]


def _spans(rows: Sequence[Row], n: int) -> list[tuple[int, int]]:
    """Each cell's (colspan, rowspan) in the ``n``-th row, from the grid marks: the "<"
    positions after it and the "^" positions under it; (0, 0) for a placeholder."""
    cells = rows[n].cells
    out = []
    for i, cell in enumerate(cells):
        if cell.placeholder:
            out.append((0, 0))
            continue
        cols = 1
        while i + cols < len(cells) and cells[i + cols].grid == "<":
            cols += 1
        down = 1
        while n + down < len(rows) and i < len(rows[n + down].cells) and rows[n + down].cells[i].grid == "^":
            down += 1
        out.append((cols, down))
    return out


def _cell(view: TableView, row: RowView, cell: Cell, name: str, colspan: int = 1, rowspan: int = 1,
          header: bool = False) -> None:
    drawn = CellView(cell.text, colspan, rowspan, header, name)
    row.cells.append(drawn)
    view.cells.setdefault(cell.span.line, []).append((cell.span, drawn.marks))


def _as_read(table: Table, view: TableView, names: dict[Span, str]) -> None:
    """The table as its rows were read, merged cells rebuilt from a document's grid
    (a header cell: one in the rows before the first number, or a label beside numbers)."""
    numbers_seen = False
    for n, row in enumerate(table.rows):
        numbers_seen = numbers_seen or any(is_number(c.text) for c in row.cells)
        drawn = RowView([], row.span.line)
        for cell, (cols, down) in zip(row.cells, _spans(table.rows, n), strict=True):
            if cols:
                header = not numbers_seen or (not is_number(cell.text) and not cell.blank)
                _cell(view, drawn, cell, names.get(cell.span, ""), cols, down, header)
        view.rows.append(drawn)
        view.lines[row.span.line] = drawn.marks


def _from_template(mt: MatchedTable, view: TableView, lang: str) -> None:
    """A table written as text (its merged header cells flattened, its rows' labels run
    into one another) drawn as its template lays it out: the template's column headers
    over the values as read, one row per template row with its label; the report's rows
    that match no template row after them, as read."""
    spec, zh = mt.spec, lang == "zh"
    grouped = any(c.group for c in spec.columns)
    corner = CellView(spec.label_header, 1, 2 if grouped else 1, True, "")
    top = RowView([corner], mt.table.span.line)
    view.rows.append(top)
    if grouped:
        second = RowView([], mt.table.span.line)
        for group, members in itertools.groupby(spec.columns, key=lambda c: c.group):
            listed = list(members)
            top.cells.append(CellView(group, len(listed), 1, True, ""))
            second.cells += [CellView(c.label.removeprefix(group).strip(), 1, 1, True, "") for c in listed]
        view.rows.append(second)
    else:
        top.cells += [CellView(c.label, 1, 1, True, "") for c in spec.columns]
    for row_id, label, _ in mt.shown_rows():
        found = mt.rows.get(row_id)
        drawn = RowView([CellView(label if found else f"{label}（{'缺' if zh else 'missing'}）", 1, 1, True, "")],
                        found.span.line if found else 0)
        for col in spec.columns:
            cell = mt.cell(row_id, col.id)
            if cell is None:
                drawn.cells.append(CellView("—", 1, 1, False, ""))
            else:
                _cell(view, drawn, cell, f"{label} × {col.label}")
        view.rows.append(drawn)
        if found is not None:
            view.lines[found.span.line] = drawn.marks
        else:
            view.missing[f"{spec.id}:{row_id}"] = drawn.marks
    matched = {r.span.line for r in mt.rows.values()}
    numbers_seen = False
    for row in mt.table.rows:  # the rows that are no template row: kept, as read
        numbers_seen = numbers_seen or any(is_number(c.text) for c in row.cells)
        if row.span.line in matched or not numbers_seen:
            continue
        drawn = RowView([], row.span.line)
        for cell in row.cells:
            _cell(view, drawn, cell, "", header=not is_number(cell.text) and not cell.blank)
        view.rows.append(drawn)
        view.lines[row.span.line] = drawn.marks


def _table(table: Table, mt: MatchedTable | None, lang: str) -> TableView:
    name = mt.spec.name if mt else ""
    caption = table.caption.text if table.caption else ""
    if fold(caption) in fold(name):  # 「第二十条第(一)项」 under 「表二 第二十条第（一）项」 says it twice
        caption = ""
    view = TableView(name, caption, [], table.span.line, table.span.end_line)
    gridded = any(c.grid for r in table.rows for c in r.cells)
    if mt is not None and not gridded and mt.spec.kind != "indicator":
        view.drawn = True
        _from_template(mt, view, lang)
        return view
    names: dict[Span, str] = {}
    if mt is not None:
        rows = {r.id: r.display for r in mt.spec.rows}
        cols = {c.id: c.label for c in mt.spec.columns}
        names = {cell.span: f"{rows.get(r, r)} × {cols.get(c, c)}" for (r, c), cell in mt.cells.items()}
    _as_read(table, view, names)
    return view


_HEADING_LENGTH = 40  # a "heading" longer than this is a paragraph that opens with a number (（一）主动公开情况。…)


def _text(block: Heading | Paragraph, lines: Sequence[str]) -> TextView:
    span = block.span
    level = block.level if isinstance(block, Heading) and len(block.text) <= _HEADING_LENGTH else 0
    shown = [[Segment(lines[n - 1] if 0 < n <= len(lines) else "")] for n in range(span.line, span.end_line + 1)]
    return TextView(level, shown, span.line)


class _Placer:
    """Puts each finding on the piece of the report it points at."""

    def __init__(self, views: list[BlockView], blocks: Sequence[Block], prefix: str) -> None:
        self.views, self.blocks, self.prefix = views, blocks, prefix
        self.starts = [b.span.line for b in blocks]
        self.cuts: dict[int, list[tuple[int, int, int, Marks]]] = {}  # text view index → (line, col, end, marks)
        self.missing = {a: m for v in views if isinstance(v, TableView) for a, m in v.missing.items()}

    def _block(self, line: int) -> int:
        """The block holding ``line``, or the nearest before it (the first when none is)."""
        return max(bisect.bisect_right(self.starts, line) - 1, 0)

    @staticmethod
    def _in_table(view: TableView, span: Span) -> Marks | None:
        """The marks of the drawn cell ``span`` falls in, or of its row when it covers
        more than one cell; None when neither was drawn."""
        for s, marks in view.cells.get(span.line, ()):
            end_col = max(s.end_col, s.col + 1)  # a blank cell's span is empty
            starts_in = s.col <= span.col < end_col
            if starts_in and (span.end_line, span.end_col) <= (s.end_line, end_col):
                return marks
        return view.lines.get(span.line)

    def place(self, number: int, span: Span, related: bool, label: str = "", anchor: str = "") -> str:
        """Mark where ``span`` is for the ``number``-th finding (about ``anchor``); the
        element id it links to. A finding about a row the report lacks goes on that row,
        drawn where the template has it."""
        if not self.views:
            return ""
        index = self._block(span.line)
        block, view = self.blocks[index], self.views[index]
        marks = self.missing.get(anchor) if anchor and not related else None
        inside = block.span.line <= span.line <= block.span.end_line
        if marks is None and isinstance(view, TableView) and inside:
            marks = self._in_table(view, span)
        elif marks is None and isinstance(view, TextView) and inside:
            marks = Marks(anchor=f"{self.prefix}-at-{span.line}-{span.col}")  # shared by findings that start here
            end_col = span.end_col if span.end_line == span.line else 10**9
            self.cuts.setdefault(index, []).append((span.line, span.col, end_col, marks))
        if marks is None:
            if related:
                return ""
            marks = view.marks
        if related:
            marks.related.append(number)
            if label:
                marks.labels.append(label)
            return ""
        marks.at.append(number)
        marks.anchor = marks.anchor or f"{self.prefix}-at-{number}"
        return marks.anchor

    def cut(self) -> None:
        """Split the text views' lines where their marks begin and end."""
        for index, cuts in self.cuts.items():
            view = self.views[index]
            assert isinstance(view, TextView)
            by_line: dict[int, list[tuple[int, int, Marks]]] = {}
            for line, col, end, marks in cuts:
                by_line.setdefault(line, []).append((col, end, marks))
            for line, here in by_line.items():
                n = line - view.first_line
                view.lines[n] = _segments(view.lines[n][0].text, here)


def _segments(text: str, marked: Iterable[tuple[int, int, Marks]]) -> list[Segment]:
    """``text`` cut where marked ranges (1-based columns, end exclusive) begin and end;
    overlapping ranges share the segment between them (its marks merged)."""
    ranges = [(max(col - 1, 0), min(max(end - 1, col), len(text)), marks) for col, end, marks in marked]
    points = sorted({0, len(text), *(p for s, e, _ in ranges for p in (s, e))})
    out: list[Segment] = []
    for a, b in itertools.pairwise(points):
        covering = [(s, m) for s, e, m in ranges if s <= a < e]
        if not covering:
            out.append(Segment(text[a:b]))
            continue
        merged = Marks()
        for s, m in covering:
            merged.at += m.at
            merged.related += m.related
            merged.labels += m.labels
            if s == a:  # the id goes on the first segment of a range only
                merged.anchor = merged.anchor or m.anchor
        out.append(Segment(text[a:b], merged))
    if not out:  # an empty line with a finding on it still shows the finding
        out.append(Segment("", ranges[0][2] if ranges else None))
    return out


def severity_of(marks: Marks, findings: Sequence[FindingView], related: bool = False) -> str:
    """The most severe of the findings on a piece (or of those it is related to)."""
    numbers = marks.related if related else marks.at
    severities = [findings[n - 1].diagnostic.severity for n in numbers]
    return min(severities, key=SEVERITIES.index) if severities else ""


def view(outcome: FileOutcome, index: int, lang: str) -> FileView:
    """The ``index``-th file of a run (from 0) as the page shows it."""
    result = outcome.result
    shown = FileView(outcome.path, outcome.error)
    if result is None:
        return shown
    zh = lang == "zh"
    shown.year = result.years.year
    shown.encoding = result.source.encoding
    if result.template is not None:
        shown.template = result.template.name if zh else result.template.name_en
    matched = list(result.match.tables.values()) if result.match else []
    by_first_row = {mt.table.rows[0].span: mt for mt in matched}
    report = result.report
    views: list[BlockView] = []
    for block in report.blocks:
        if isinstance(block, Table):
            mt = by_first_row.get(block.rows[0].span)
            if mt is not None:
                shown.tables.append((mt.spec.name, block.span.line, block.span.end_line))
            views.append(_table(block, mt, lang))
        else:
            views.append(_text(block, report.lines))
    shown.blocks = views
    placer = _Placer(views, report.blocks, f"f{index}")
    for number, d in enumerate(outcome.diagnostics, 1):
        at = placer.place(number, d.span, related=False, anchor=d.anchor)
        for r in d.related:
            if r.span != d.span:
                placer.place(number, r.span, related=True, label=r.label_en if not zh and r.label_en else r.label)
        shown.findings.append(FindingView(number, d, outcome.place(d), at))
    placer.cut()
    return shown
