"""Matching a parsed report against a template: which heading is which section, which
table is which template table, and which cell is which (row, column).

Everything that deviates from the template is recorded as an :class:`Issue`; the rule
set (rules/*.toml) decides which issues are reported, with what code and severity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from gio_lint.fold import fold, label_key
from gio_lint.model import Cell, Heading, Paragraph, Report, Row, Span, Table
from gio_lint.templates import ColumnSpec, SectionSpec, TableSpec, Template
from gio_lint.values import is_number

_NOTE = "勾稽关系"
_HEADER_FIRST = {fold("信息内容")}
# Text run together with no line breaks: a whole page on one line.
_RUN_TOGETHER_LINE = 1500
_SECTION_NUMBERS = re.compile(r"[一二三四五六][、.．]")

# A table's labels spread over this many short lines still count as one unreadable table.
_TRACE_WINDOW = 8
_TRACE_LINE = 120

ColumnLike = ColumnSpec | None  # None: a column the template does not know


@dataclass(frozen=True)
class Issue:
    kind: str
    span: Span
    table: TableSpec | None = None
    data: dict[str, str] = field(default_factory=dict)
    related: tuple[Span, ...] = ()


@dataclass(frozen=True)
class SectionMatch:
    spec: SectionSpec
    heading: Heading


@dataclass
class MatchedTable:
    spec: TableSpec
    table: Table
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    rows: dict[str, Row] = field(default_factory=dict)

    def cell(self, row_id: str, col_id: str) -> Cell | None:
        return self.cells.get((row_id, col_id))


@dataclass
class Match:
    template: Template
    sections: list[SectionMatch] = field(default_factory=list)
    tables: dict[str, MatchedTable] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def run_together(report: Report) -> Span | None:
    """The span of a line that holds several sections run together (a crawled page)."""
    for number, line in enumerate(report.lines, 1):
        if len(line) > _RUN_TOGETHER_LINE and len(_SECTION_NUMBERS.findall(line)) >= 3:
            return Span.on_line(number, 1, len(line))
    return None


def match_sections(report: Report, template: Template) -> list[SectionMatch]:
    found: list[SectionMatch] = []
    used: set[str] = set()
    for h in report.headings(1):
        for spec in template.sections:
            if spec.id not in used and spec.matches(h.title):
                found.append(SectionMatch(spec, h))
                used.add(spec.id)
                break
    return found


def _table_text(table: Table) -> str:
    parts = [c.text for r in table.rows for c in r.cells]
    if table.caption:
        parts.append(table.caption.text)
    return fold("".join(parts))


def _identifies(spec: TableSpec, table: Table) -> bool:
    if spec.caption and table.caption is not None:
        return fold(table.caption.text) == fold(spec.caption)
    text = _table_text(table)
    return bool(spec.anchors) and all(fold(a) in text for a in spec.anchors)


def _trace(spec: TableSpec, report: Report, sections: Sequence[SectionMatch]) -> Span | None:
    """Where a template table's labels occur in text that was not read as a table: one
    short line, or a few consecutive ones (a table whose cells could not be told apart).
    Section headings are not part of any table."""
    needles = [fold(spec.caption)] if spec.caption else [fold(a) for a in spec.anchors]
    headings = {id(s.heading) for s in sections}
    texts = [(fold(b.text), b.span) if isinstance(b, Paragraph | Heading) else (_table_text(b), b.span)
             for b in report.blocks if id(b) not in headings]
    for i, (text, span) in enumerate(texts):
        if needles[0] not in text:
            continue
        window = "".join(t for t, _ in texts[i : i + _TRACE_WINDOW] if len(t) <= _TRACE_LINE) if len(
            text) <= _TRACE_LINE else text
        if all(n in window for n in needles):
            return span
    return None


def _is_header_row(spec: TableSpec, row: Row) -> bool:
    if any(is_number(c.text) for c in row.cells):
        return False
    keys = {label_key(c.text) for c in row.cells if not c.blank}
    header = {k for col in spec.columns for k in col.label_keys()} | {fold(h) for h in spec.header_labels}
    for col in spec.columns:  # 表四 columns are 「group label」: accept each word
        header.update(fold(w) for w in col.label.split())
    return bool(keys & (header | _HEADER_FIRST)) or any(_NOTE in fold(c.text) for c in row.cells)


def _split_labels(row: Row) -> tuple[list[Cell], list[Cell]]:
    """Leading label cells (blank leftovers of merged cells skipped) and value cells."""
    cells = list(row.cells)
    while cells and cells[0].blank:
        cells.pop(0)
    labels: list[Cell] = []
    while cells and not cells[0].blank and not is_number(cells[0].text):
        labels.append(cells.pop(0))
    return labels, cells


def _fit(values: list[Cell], expected: int) -> list[Cell] | None:
    """The value cells of a row, merged-cell leftovers (trailing blanks) dropped; None if
    the row does not hold exactly ``expected`` cells."""
    while len(values) > expected and values[-1].blank:
        values.pop()
    return values if len(values) == expected else None


class _TableMatcher:
    def __init__(self, spec: TableSpec, table: Table, issues: list[Issue]) -> None:
        self.spec, self.table, self.issues = spec, table, issues
        self.out = MatchedTable(spec, table)
        self.row_keys = {k: r for r in spec.rows for k in r.label_keys()}
        self.group_keys = {fold(g) for g in spec.groups}

    def issue(self, kind: str, span: Span, **data: str) -> None:
        self.issues.append(Issue(kind, span, self.spec, {"table": self.spec.name, **data}))

    def run(self) -> MatchedTable:
        body = [r for r in self.table.rows if not _is_header_row(self.spec, r)]
        headers = [r for r in self.table.rows if _is_header_row(self.spec, r)]
        if self.spec.kind == "list":
            columns = self._list_columns(headers)
            self._rows(body, columns)
        else:
            self._check_header_labels(headers)
            if self.spec.kind == "single-row":
                self._single(body)
            else:
                self._rows(body, list(self.spec.columns))
        return self.out

    def _check_header_labels(self, headers: Sequence[Row]) -> None:
        if not headers:
            return
        text = fold("".join(c.text for r in headers for c in r.cells))
        for col in self.spec.columns:
            words = col.label.split()
            if not all(fold(w) in text for w in words):
                self.issue("column-missing", headers[0].span, column=col.label)

    def _list_columns(self, headers: Sequence[Row]) -> list[ColumnLike]:
        if not headers:
            return list(self.spec.columns)
        header = headers[0]
        labels, rest = _split_labels(header)
        cells = [*labels[1:], *rest] if labels and label_key(labels[0].text) in _HEADER_FIRST else labels + rest
        while cells and cells[-1].blank:
            cells.pop()
        columns: list[ColumnLike] = []
        seen: set[str] = set()
        for c in cells:
            spec = next((col for col in self.spec.columns if label_key(c.text) in col.label_keys()), None)
            if spec is None:
                self.issue("column-unknown", c.span, column=c.text or "（空白）")
                columns.append(None)
            elif spec.id in seen:
                self.issue("column-duplicate", c.span, column=spec.label)
                columns.append(None)
            else:
                columns.append(spec)
                seen.add(spec.id)
        for col in self.spec.columns:
            if col.id not in seen:
                self.issue("column-missing", header.span, column=col.label)
        return columns

    def _rows(self, body: Sequence[Row], columns: Sequence[ColumnLike]) -> None:
        unlabelled: list[Row] = []
        for row in body:
            labels, values = _split_labels(row)
            if not labels:
                unlabelled.append(row)
                continue
            label = labels[-1]
            key = label_key(label.text)
            spec = self.row_keys.get(key)
            if spec is None:
                if all(v.blank for v in values):
                    continue  # a header fragment or a group label: no figures are lost
                kind = "row-group-with-values" if key in self.group_keys else "row-unknown"
                self.issue(kind, label.span, row=label.text)
                continue
            if spec.id in self.out.rows:
                self.issue("row-duplicate", label.span, row=spec.display)
                continue
            self.out.rows[spec.id] = row
            fitted = _fit(values, len(columns))
            if fitted is None:
                found = len([v for v in values if not v.blank]) if len(values) > len(columns) else len(values)
                self.issue("cell-count", row.span, row=spec.display, expected=str(len(columns)), found=str(found))
                continue
            for col, cell in zip(columns, fitted, strict=True):
                if col is not None:
                    self.out.cells[(spec.id, col.id)] = cell
        if unlabelled:
            self.issues.append(Issue(
                "row-unlabelled", unlabelled[0].span, self.spec,
                {"table": self.spec.name, "count": str(len(unlabelled))},
                tuple(r.span for r in unlabelled[1:]),
            ))
        for spec in self.spec.rows:
            if spec.id not in self.out.rows:
                self.issue("row-missing", self._missing_row_span(spec.id), row=spec.display, row_id=spec.id)

    def _missing_row_span(self, row_id: str) -> Span:
        """Point at the row before which the missing row belongs."""
        ids = [r.id for r in self.spec.rows]
        for later in ids[ids.index(row_id) + 1 :]:
            if later in self.out.rows:
                return self.out.rows[later].span
        return self.table.span

    def _single(self, body: Sequence[Row]) -> None:
        data = [r for r in body if all(c.blank or is_number(c.text) for c in r.cells)]
        if not data:
            self.issue("row-missing", self.table.span, row="数据行", row_id=self.spec.rows[0].id)
            return
        row = data[0]
        fitted = _fit(list(row.cells), len(self.spec.columns))
        spec = self.spec.rows[0]
        self.out.rows[spec.id] = row
        if fitted is None:
            self.issue("cell-count", row.span, row="数据行", expected=str(len(self.spec.columns)),
                       found=str(len(row.cells)))
            return
        for col, cell in zip(self.spec.columns, fitted, strict=True):
            self.out.cells[(spec.id, col.id)] = cell


def _after_trace(spec: TableSpec, blocks: Sequence[object], positions: Sequence[int], used: set[int],
                 trace: Span | None) -> int | None:
    """A one-row table (表四) whose header labels a conversion pulled out into text: the
    next table after those labels, before the next section, holding one row of exactly
    the template's number of figures."""
    if trace is None or spec.kind != "single-row":
        return None
    for i in positions:
        table = blocks[i]
        assert isinstance(table, Table)
        if i in used or table.span.line < trace.line:
            continue
        between = [b for b in blocks[:i] if isinstance(b, Heading) and b.level == 1 and b.span.line > trace.line]
        if between:
            return None
        rows = [r for r in table.rows if all(c.blank or is_number(c.text) for c in r.cells)
                and len([c for c in r.cells if not c.blank]) == len(spec.columns)]
        return i if rows else None
    return None


def _continuation(spec: TableSpec, table: Table) -> bool:
    """A table that goes on the template table before it (split by a page break or a
    conversion): it holds at least one of the template's row labels."""
    keys = {k for r in spec.rows for k in r.label_keys()}
    return any(label_key(c.text) in keys for r in table.rows for c in r.cells if not c.blank)


def _unlabelled(table: Table) -> bool:
    return all(c.blank or is_number(c.text) for r in table.rows for c in r.cells)


def _merge(tables: Sequence[Table]) -> Table:
    first = tables[0]
    return Table(tuple(r for t in tables for r in t.rows), first.layout, first.caption)


def _region(report: Report, span: Span) -> list[tuple[str, Span]]:
    """The folded text lines inside a table's span (labels a conversion pulled out of it)."""
    return [(fold(b.text), b.span) for b in report.blocks
            if isinstance(b, Paragraph | Heading) and span.line <= b.span.line <= span.end_line]


def _label_in(region: list[tuple[str, Span]], keys: set[str]) -> Span | None:
    return next((where for text, where in region if any(k in text for k in keys)), None)


def _absent(spec: TableSpec, trace: Span | None, sections: Sequence[SectionMatch]) -> Issue:
    """A template table that was not read: unreadable where its labels are in the text,
    else missing (pointing at its section's heading)."""
    if trace is not None:
        return Issue("table-unreadable", trace, spec, {"table": spec.name})
    where = next((s.heading.span for s in sections if s.spec.id == spec.section), Span(1, 1, 1, 1))
    return Issue("table-missing", where, spec, {"table": spec.name})


def _gather(spec: TableSpec, template: Template, blocks: Sequence[object], start: int, used: set[int]) -> Table:
    """The table at ``start`` joined with the fragments that continue it, up to the next
    section heading or the next template table."""
    parts = [blocks[start]]
    for i in range(start + 1, len(blocks)):
        b = blocks[i]
        if isinstance(b, Heading) and b.level == 1:
            break
        if isinstance(b, Table):
            if any(_identifies(other, b) for other in template.tables):
                break
            if _continuation(spec, b) or _unlabelled(b):
                used.add(i)
                parts.append(b)
    return _merge([p for p in parts if isinstance(p, Table)])


def _read_table(spec: TableSpec, table: Table, report: Report) -> tuple[MatchedTable, list[Issue]]:
    issues: list[Issue] = []
    matched = _TableMatcher(spec, table, issues).run()
    region = _region(report, table.span)
    labels_lost = any(i.kind == "row-unlabelled" for i in issues)
    out = []
    for issue in issues:
        # A row is missing only when its label is nowhere in the table's region and no
        # row of the table lost its label; otherwise it could not be read.
        if issue.kind == "row-missing":
            label_at = _label_in(region, spec.row(issue.data["row_id"]).label_keys())
            if label_at is not None or labels_lost:
                issue = Issue("row-unreadable", label_at or issue.span, spec, issue.data)
        out.append(issue)
    return matched, out


def match(report: Report, template: Template) -> Match:
    result = Match(template)
    result.sections = match_sections(report, template)
    blocks = report.blocks
    positions = [i for i, b in enumerate(blocks) if isinstance(b, Table)]
    used: set[int] = set()
    for spec in template.tables:
        found = next((i for i in positions if i not in used and _identifies(spec, blocks[i])), None)  # type: ignore[arg-type]
        trace = None
        if found is None:
            trace = _trace(spec, report, result.sections)
            found = _after_trace(spec, blocks, positions, used, trace)
        if found is None:
            result.issues.append(_absent(spec, trace, result.sections))
            continue
        used.add(found)
        matched, issues = _read_table(spec, _gather(spec, template, blocks, found, used), report)
        result.tables[spec.id] = matched
        result.issues.extend(issues)
    return result


def detect_template(report: Report, templates: dict[str, Template]) -> Template | None:
    """The template whose marker labels occur most in the report's tables, if any."""
    text = "".join(_table_text(t) for t in report.tables())
    text += "".join(fold(p.text) for p in report.paragraphs() if len(p.text) < 200)
    scores = {tid: sum(fold(m) in text for m in t.markers) for tid, t in templates.items() if t.markers}
    best = max(scores.values(), default=0)
    if best == 0:
        return None
    winners = [tid for tid, s in scores.items() if s == best]
    return templates[winners[0]] if len(winners) == 1 else None
