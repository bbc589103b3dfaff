"""Matching a parsed report against a template: which heading is which section and
which table is which template table. Tables are then read cell by cell by
gio_lint.templates.table_reader.

Everything that deviates from the template is recorded as an Issue; the rule set
(rules/*.toml) decides which issues are reported, with what code and severity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from gio_lint.numbering import NUMERAL
from gio_lint.prose.passages import prose
from gio_lint.structure.captions import caption_key
from gio_lint.structure.fold import fold, label_key
from gio_lint.structure.model import Block, Heading, Paragraph, Report, Span, Table
from gio_lint.templates.detect import table_text
from gio_lint.templates.forms import SectionSpec, TableSpec, Template
from gio_lint.templates.table_reader import Issue, MatchedTable, TableReader, numeric

# A table's labels spread over this many short lines still count as one unreadable table.
_TRACE_WINDOW = 8
_TRACE_LINE = 120
# Row labels this short (总计, 其他) do not show that a fragment continues a table.
_GENERIC_LABEL = 2
# A heading inside running text: its number, and its title up to the first number or clause mark.
_RUNNING_HEADING = re.compile(f"({NUMERAL})、([^0-9０-９。，,；;：:（(]{{1,40}})")

__all__ = ["Issue", "Match", "MatchedTable", "SectionMatch", "match"]


@dataclass(frozen=True)
class SectionMatch:
    """A template section found in the report: under a heading of its own, or (for topic
    templates) only mentioned in a sentence."""

    spec: SectionSpec
    heading: Heading | None
    span: Span


@dataclass
class Match:
    template: Template
    sections: list[SectionMatch] = field(default_factory=list)
    tables: dict[str, MatchedTable] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def running_headings(report: Report, template: Template, line: int) -> list[Heading]:
    """The level-one headings of a page whose text runs together on ``line`` (a crawled
    page): a heading's number (「二、」) followed by a section's key words before the first
    number or clause mark after it (「二、主动公开政府信息情况 第二十条…」, 「一、总体情况2021年，…」),
    as a heading on a line of its own would be matched. A table row's label runs into its
    numbers (「四、结转下年度继续办理1000001」), so its words stop there."""
    if template.topics:
        return []  # topics come in any order under any number: found by the sentences that mention them
    text = report.line(line)
    out = []
    for m in _RUNNING_HEADING.finditer(text):
        title = m.group(2)
        if any(spec.matches(title) for spec in template.sections):
            out.append(Heading(1, m.group(1), title, Span(line, m.start() + 1, line, m.end() + 1), m.group(0)))
    return out


def match_sections(report: Report, template: Template, headings: Sequence[Heading] | None = None) -> list[SectionMatch]:
    """Each template section at the first level-one heading (of ``headings``, by default
    the report's) that matches it, in document order. For topic templates, a section
    without a heading of its own counts as present when a sentence mentions it, and a
    catch-all section takes the first heading no other section claimed."""
    found: list[SectionMatch] = []
    used: set[str] = set()
    unclaimed: list[Heading] = []
    for h in report.headings(1) if headings is None else headings:
        spec = next((s for s in template.sections if s.id not in used and s.matches(h.title)), None)
        if spec is None:
            unclaimed.append(h)
            continue
        found.append(SectionMatch(spec, h, h.span))
        used.add(spec.id)
    if not template.topics:
        return found
    texts = [(line.span, line.text) for line in prose(report)]  # folded to half-width, as the rules read it
    for spec in template.sections:
        if spec.id in used:
            continue
        if spec.catch_all and unclaimed:
            found.append(SectionMatch(spec, unclaimed[0], unclaimed[0].span))
            continue
        where = next((span for span, text in texts if spec.mentioned(text)), None)
        if where is not None:
            found.append(SectionMatch(spec, None, where))
    return sorted(found, key=lambda m: (m.span.line, m.span.col))


def _identifies(spec: TableSpec, table: Table) -> bool:
    """A table is a template table by its caption (「第二十条第（一）项」, compared by article
    and item number), or, without a caption, by labels only that table carries."""
    if spec.caption and table.caption is not None:
        return caption_key(table.caption.text) == caption_key(spec.caption)
    text = table_text(table)
    return bool(spec.anchors) and all(fold(a) in text for a in spec.anchors)


def _texts(blocks: Sequence[Block], sections: Sequence[SectionMatch]) -> list[tuple[str, Span]]:
    """The folded text of every block but the section headings (which are part of no table)."""
    headings = {id(s.heading) for s in sections if s.heading is not None}
    return [(table_text(b), b.span) if isinstance(b, Table) else (fold(b.text), b.span)
            for b in blocks if id(b) not in headings]


def _trace(spec: TableSpec, texts: Sequence[tuple[str, Span]]) -> Span | None:
    """Where a template table's labels occur in text that was not read as that table
    (``texts``, from _texts): one short line, or a few consecutive ones (a table whose
    cells could not be told apart)."""
    needles = [fold(spec.caption)] if spec.caption else [fold(a) for a in spec.anchors]
    for i, (text, span) in enumerate(texts):
        if needles[0] not in text:
            continue
        if len(text) <= _TRACE_LINE:
            text = "".join(t for t, _ in texts[i : i + _TRACE_WINDOW] if len(t) <= _TRACE_LINE)
        if all(n in text for n in needles):
            return span
    return None


def _after_trace(spec: TableSpec, blocks: Sequence[Block], used: set[int], trace: Span | None) -> int | None:
    """A one-row table (表四) whose header labels a conversion pulled out into text: the
    next table after those labels, in the same section, holding one row of exactly the
    template's number of figures."""
    if trace is None or spec.kind != "single-row":
        return None
    for i, b in enumerate(blocks):
        if b.span.line <= trace.line:
            continue
        if isinstance(b, Heading) and b.level == 1:
            return None
        if isinstance(b, Table) and i not in used:
            fits = any(numeric(r.cells) and sum(not c.blank for c in r.cells) == len(spec.columns) for r in b.rows)
            return i if fits else None
    return None


def _continues(spec: TableSpec, table: Table) -> bool:
    """A fragment that goes on a template table (split by a page break or a conversion):
    it names one of the template's rows (other than 总计/其他), or holds only figures."""
    keys = spec.derive("specific-keys", lambda: {k for r in spec.rows for k in r.label_keys if len(k) > _GENERIC_LABEL})
    named = any(label_key(c.text) in keys for r in table.rows for c in r.cells if not c.blank)
    return named or all(numeric(r.cells) for r in table.rows)


def _gather(spec: TableSpec, template: Template, blocks: Sequence[Block], start: int, used: set[int],
            sections: Sequence[SectionMatch]) -> Table:
    """The table at ``start`` joined with the fragments that continue it, up to the next
    section heading or the next template table. (A row label set vertically, one
    character a line, can look like a heading: 「三、」 「本」 「年」….)"""
    first = blocks[start]
    assert isinstance(first, Table)
    rows = list(first.rows)
    headings = {id(s.heading) for s in sections if s.heading is not None}
    for i in range(start + 1, len(blocks)):
        b = blocks[i]
        if id(b) in headings:
            break
        if isinstance(b, Table):
            if any(_identifies(other, b) for other in template.tables):
                break
            if _continues(spec, b):
                used.add(i)
                rows.extend(b.rows)
    return Table(tuple(rows), first.layout, first.caption)


def _region(blocks: Sequence[Block], span: Span) -> list[tuple[str, Span]]:
    """The folded text lines inside a table's span (labels a conversion pulled out of it)."""
    return [(fold(b.text), b.span) for b in blocks
            if isinstance(b, Paragraph | Heading) and span.line <= b.span.line <= span.end_line]


def _absent(spec: TableSpec, trace: Span | None, sections: Sequence[SectionMatch]) -> Issue:
    """A template table that was not read: unreadable where its labels are in the text,
    else missing (pointing at its section's heading)."""
    if trace is not None:
        return Issue("table-unreadable", trace, spec, {"table": spec.name})
    where = next((s.span for s in sections if s.spec.id == spec.section), Span(1, 1, 1, 1))
    return Issue("table-missing", where, spec, {"table": spec.name})


def _read(spec: TableSpec, table: Table, blocks: Sequence[Block]) -> tuple[MatchedTable, list[Issue]]:
    matched, issues = TableReader(spec, table).run()
    region: list[tuple[str, Span]] | None = None  # folded when a row is missing
    labels_lost = any(i.kind == "row-unlabelled" for i in issues)
    out = []
    for issue in issues:
        # A row is missing only when its label is nowhere in the table's region and no
        # row of the table lost its label; otherwise it could not be read.
        if issue.kind == "row-missing":
            region = _region(blocks, table.span) if region is None else region
            keys = spec.row(issue.data["row_id"]).label_keys
            label_at = next((where for text, where in region if any(k in text for k in keys)), None)
            if label_at is not None or labels_lost:
                issue = Issue("row-unreadable", label_at or issue.span, spec, issue.data)
        out.append(issue)
    return matched, out


def match(report: Report, template: Template) -> Match:
    result = Match(template)
    result.sections = match_sections(report, template)
    blocks = report.blocks
    used: set[int] = set()
    texts: list[tuple[str, Span]] | None = None  # folded once, when a table is not found
    for spec in template.tables:
        found = next((i for i, b in enumerate(blocks)
                      if isinstance(b, Table) and i not in used and _identifies(spec, b)), None)
        trace = None
        if found is None:
            texts = _texts(blocks, result.sections) if texts is None else texts
            trace = _trace(spec, texts)
            found = _after_trace(spec, blocks, used, trace)
        if found is None:
            if not spec.optional:
                result.issues.append(_absent(spec, trace, result.sections))
            continue
        used.add(found)
        matched, issues = _read(spec, _gather(spec, template, blocks, found, used, result.sections), blocks)
        result.tables[spec.id] = matched
        result.issues.extend(issues)
    return result
