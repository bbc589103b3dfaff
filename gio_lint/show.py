"""`gio-lint show`: what was understood — the template, the sections and every table,
laid out as rich tables so a user can see why a rule fired."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from gio_lint.lint import Result
from gio_lint.model import Heading, Table
from gio_lint.table_reader import MatchedTable

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
    for row in rows:
        style = "red" if row.id not in mt.rows else ""
        t.add_row(Text(row.display, style=style), *[_cell_text(mt, row.id, col.id, lang) for col in columns])
    return t


def _raw(table: Table, lang: str) -> RichTable:
    caption = f"「{table.caption.text}」" if table.caption else ""
    title = (f"未对应模板的表格{caption}（第 {table.span.line}–{table.span.end_line} 行，{table.layout}）"
             if lang == "zh" else
             f"table not matched to the template {caption} (lines {table.span.line}–{table.span.end_line}, "
             f"{table.layout})")
    width = max(len(r.cells) for r in table.rows)
    t = RichTable(title=title, title_justify="left", show_header=False)
    for _ in range(width):
        t.add_column(overflow="fold")
    for row in table.rows:
        t.add_row(*[c.text for c in row.cells], *[""] * (width - len(row.cells)))
    return t


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
    sections.add_column("标题" if zh else "heading", overflow="fold")
    sections.add_column("对应模板部分" if zh else "template section")
    matched = {id(s.heading): s.spec for s in result.match.sections if s.heading} if result.match else {}
    for h in result.report.blocks:
        if isinstance(h, Heading) and h.level <= 2:
            spec = matched.get(id(h))
            sections.add_row(str(h.span.line), str(h.level), h.text[:60],
                             f"{spec.number}、{spec.title}" if spec else "")
    parts.append(sections)
    shown: set[int] = set()
    if result.match:
        for mt in result.match.tables.values():
            parts.append(_matched(mt, lang))
            shown.update(r.span.line for r in mt.table.rows)
    for table in result.report.tables():
        if not any(r.span.line in shown for r in table.rows):
            parts.append(_raw(table, lang))
    return Group(*parts)


def show(result: Result, console: Console, lang: str) -> None:
    console.print(render(result, lang))
