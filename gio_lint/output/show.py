"""`gio-lint show`: what was understood — the template, the sections and every table,
laid out as rich tables so a user can see why a rule fired."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from gio_lint.output.console import console
from gio_lint.output.outcome import FileOutcome, Tally
from gio_lint.rules.lint import Result
from gio_lint.structure.indicators import Item, read_indicators
from gio_lint.structure.model import Heading, Paragraph, Table
from gio_lint.templates.forms import SectionSpec
from gio_lint.templates.table_reader import MatchedTable

if TYPE_CHECKING:
    from gio_lint.output import Sink

_WIDE = 8  # tables with more columns are shown transposed
_LABEL = 22  # display width kept of a row label


def _cell_text(mt: MatchedTable, row_id: str, col_id: str, lang: str) -> Text:
    if row_id not in mt.rows:
        return Text("—", style="red")
    cell = mt.cell(row_id, col_id)
    if cell is None:
        return Text("?", style="red")
    if cell.blank:
        return Text("（空白）" if lang == "zh" else "(blank)", style="yellow")
    return Text(cell.text)


def _matched(mt: MatchedTable, lang: str) -> RichTable:
    span = mt.table.span
    title = (f"{mt.spec.name}（第 {span.line}–{span.end_line} 行）" if lang == "zh"
             else f"{mt.spec.name} (lines {span.line}–{span.end_line})")
    t = RichTable(title=title, title_justify="left")
    rows, columns = mt.spec.rows, mt.spec.columns
    if len(columns) > _WIDE:  # 表四: one row of fifteen numbers, shown one per line
        t.add_column("列" if lang == "zh" else "column", no_wrap=True)
        for row in rows:
            t.add_column(row.label, justify="right")
        for col in columns:
            t.add_row(col.label, *[_cell_text(mt, row.id, col.id, lang) for row in rows])
        return t
    t.add_column("行" if lang == "zh" else "row", no_wrap=True, max_width=_LABEL, overflow="ellipsis")
    for col in columns:
        t.add_column(col.label, justify="right", overflow="fold", min_width=4)
    for row_id, label, stand_in in mt.shown_rows():  # a stand-in: a group filled in as one row
        style = "yellow" if stand_in else "red" if row_id not in mt.rows else ""
        t.add_row(Text(label, style=style), *[_cell_text(mt, row_id, col.id, lang) for col in columns])
    return t


def _lines(table: Table, lang: str) -> str:
    span = table.span
    return f"第 {span.line}–{span.end_line} 行" if lang == "zh" else f"lines {span.line}–{span.end_line}"


def _indicators(table: Table, items: list[Item], name: str, lang: str) -> RichTable:
    """A 指标 / 单位 / 数量 附表 with its hierarchy shown by indentation."""
    zh = lang == "zh"
    t = RichTable(title=f"{name}（{_lines(table, lang)}）" if zh else f"{name} ({_lines(table, lang)})",
                  title_justify="left")
    t.add_column("指标" if zh else "indicator", overflow="fold")
    t.add_column("单位" if zh else "unit")
    t.add_column("数量" if zh else "value", justify="right")
    for item in items:
        value = Text(item.value.text) if not item.value.blank else Text("（空白）" if zh else "(blank)", style="yellow")
        t.add_row("  " * item.depth + item.name, item.unit, value)
    return t


def _raw(table: Table, lang: str) -> RichTable:
    caption = f"「{table.caption.text}」" if table.caption else ""
    title = (f"未对应模板的表格{caption}（{_lines(table, lang)}，{table.layout}）" if lang == "zh" else
             f"table not matched to the template {caption} ({_lines(table, lang)}, {table.layout})")
    width = max(len(r.cells) for r in table.rows)
    t = RichTable(title=title, title_justify="left", show_header=False)
    for _ in range(width):
        t.add_column(overflow="fold")
    for row in table.rows:
        t.add_row(*[c.text for c in row.cells], *[""] * (width - len(row.cells)))
    return t


def _tables(result: Result, lang: str) -> list[RenderableType]:
    """Every table as it was understood: matched to its template table, read as a 附表 of
    indicators, or raw."""
    out: list[RenderableType] = []
    matched = list(result.match.tables.values()) if result.match else []
    shown: set[int] = set()
    for mt in matched:
        if mt.spec.kind != "indicator":
            out.append(_matched(mt, lang))
            shown.update(r.span.line for r in mt.table.rows)
    blocks = result.report.blocks
    for i, table in enumerate(blocks):
        if not isinstance(table, Table) or any(r.span.line in shown for r in table.rows):
            continue
        items = read_indicators(table)
        if items is None:
            out.append(_raw(table, lang))
            continue
        before = blocks[i - 1] if i else None
        spec = next((mt.spec for mt in matched if mt.table.rows[0].span == table.rows[0].span), None)
        if isinstance(before, Paragraph) and before.text.startswith("附表"):
            name = before.text.split()[0] + " " + " ".join(before.text.split()[1:2])
        else:
            name = spec.name if spec else ("附表" if lang == "zh" else "annex table")
        out.append(_indicators(table, items, name.strip(), lang))
    return out


def _section_name(spec: SectionSpec) -> str:
    joiner = "" if spec.number.endswith(("）", ")")) else "、"
    return f"{spec.number}{joiner}{spec.title}"


def render(result: Result, lang: str) -> RenderableType:
    zh = lang == "zh"
    parts: list[RenderableType] = []
    year = result.years.year
    if result.template is not None:
        template = result.template.name if zh else result.template.name_en
    elif year is None:
        template = "无（未能确定报告年度）" if zh else "none (the reporting year is unknown)"
    else:
        template = "无（2019年以前的报告）" if zh else "none (a report before 2019)"
    parts.append(Text(f"{result.source.path}", style="bold"))
    parts.append(Text(f"{'报告年度' if zh else 'reporting year'}: {year or '?'}    "
                      f"{'模板' if zh else 'template'}: {template}    "
                      f"{'编码' if zh else 'encoding'}: {result.source.encoding}"))
    sections = RichTable(title="章节" if zh else "sections", title_justify="left")
    sections.add_column("行" if zh else "line", justify="right")
    sections.add_column("级别" if zh else "level", justify="right")
    sections.add_column("标题" if zh else "heading", no_wrap=True, max_width=32, overflow="ellipsis")
    sections.add_column("对应模板部分" if zh else "template section")
    found = result.match.sections if result.match else []
    matched = {id(s.heading): s.spec for s in found if s.heading}
    rows = [(h.span.line, str(h.level), h.text, matched.get(id(h))) for h in result.report.blocks
            if isinstance(h, Heading) and h.level <= 2]
    mentioned = "（无标题，正文中提及）" if zh else "(no heading; mentioned in the text)"
    rows += [(s.span.line, "", mentioned, s.spec) for s in found if s.heading is None]
    for line, level, text, spec in sorted(rows, key=lambda r: r[0]):
        sections.add_row(str(line), level, text, _section_name(spec) if spec else "")
    parts.append(sections)
    parts.extend(_tables(result, lang))
    return Group(*parts)


class Writer:
    """`gio-lint show` as a format: each report as read, printed when it is linted."""

    def __init__(self, console: Console, lang: str) -> None:
        self.console, self.lang = console, lang

    @classmethod
    def on(cls, sink: Sink) -> Writer:
        return cls(console(sink.color, sink.stream), sink.lang)

    def file(self, outcome: FileOutcome) -> None:
        if outcome.result is not None:
            self.console.print(render(outcome.result, self.lang))

    def later(self, index: int, outcome: FileOutcome) -> None:
        """What the pairing pass adds are findings, which show does not print."""

    def end(self, tally: Tally) -> None:
        """Nothing closes what show prints."""
