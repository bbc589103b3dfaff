"""A report written out from a template: its six sections in order, each with a sentence, and
its tables laid out as reports write them (TAB between cells), every figure 0 unless given.
It keeps every rule, so a rule's cases start from it and change one thing; and since it is
made from the template, a row added to a template is in it at once.

In: a template, a year, the figures to give (``{"t3.new.natural": "5"}``: table, row and
column ids), the paragraphs to put under sections (by section id) and the tables or rows to
leave out (``t4``, ``t2_1.rules``). Out: the text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from gio_lint.numbering import NUMERALS
from gio_lint.templates.forms import RowSpec, TableSpec, Template

# a row's short name in the template: 「三(三)1」 is item 1 of part (三) of section 三
_SHORT = re.compile(rf"(?P<section>[{NUMERALS}]+)(?:\((?P<part>[{NUMERALS}]+)\)(?P<item>\d*))?")


class SampleError(ValueError):
    """A figure given for a cell, or a table or row left out, that the template does not have."""


@dataclass(frozen=True)
class Sample:
    """What to write: ``cells`` maps ``table.row.column`` ids to the cell's text; ``prose``
    maps a section id to the paragraph under its heading (a default sentence otherwise);
    ``omit`` names tables (``t4``) and rows (``t2_1.rules``) to leave out; ``opening`` is
    what stands between the title and the first section (the statistics period by default)."""

    template: Template
    year: int
    cells: Mapping[str, str]
    prose: Mapping[str, str]
    agency: str = "某某市某某局"
    omit: frozenset[str] = frozenset()
    opening: str = ""


def sample_text(sample: Sample) -> str:
    _check_cells(sample)
    template, year = sample.template, sample.year
    lines = [f"{sample.agency}{year}年政府信息公开工作年度报告",
             sample.opening or f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"]
    for i, section in enumerate(template.sections):
        lines.append(f"{NUMERALS[i]}、{section.title}")
        paragraph = sample.prose.get(section.id, f"本机关{year}年{section.title}如下。")
        lines.extend([paragraph] if paragraph else [])  # "": no paragraph under the heading
        for table in template.tables:
            if table.section == section.id and not table.optional and table.id not in sample.omit:
                lines.extend(_table(table, sample.cells, sample.omit))
    return "\n".join(lines) + "\n"


def _check_cells(sample: Sample) -> None:
    tables = {t.id: t for t in sample.template.tables}
    for ref in sample.cells:  # table.row.column
        table_id, row_id, col_id = [*ref.split(".", 2), "", ""][:3]
        table = tables.get(table_id)
        if table is None or not table.has_row(row_id) or not table.has_column(col_id):
            raise _unknown(ref, sample.template)
    for ref in sample.omit:  # table, or table.row
        table_id, _, row_id = ref.partition(".")
        table = tables.get(table_id)
        if table is None or (row_id and not table.has_row(row_id)):
            raise _unknown(ref, sample.template)


def _unknown(ref: str, template: Template) -> SampleError:
    return SampleError(f"「{ref}」: 模板 {template.id} 中没有这个单元格、行或表 "
                       "(no such cell, row or table in the template)")


def _values(table: TableSpec, row: RowSpec, cells: Mapping[str, str]) -> list[str]:
    return [cells.get(f"{table.id}.{row.id}.{c.id}", "0") for c in table.columns]


def _table(table: TableSpec, cells: Mapping[str, str], omit: frozenset[str]) -> list[str]:
    rows = [r for r in table.rows if f"{table.id}.{r.id}" not in omit]
    if table.kind == "list":
        head = [table.caption] if table.caption else []
        head.append("\t".join([table.label_header or "项目", *(c.label for c in table.columns)]))
        return head + ["\t".join([r.label, *_values(table, r, cells)]) for r in rows]
    if table.kind == "single-row":
        return [*_header(table), *("\t".join(_values(table, row, cells)) for row in rows)]
    lines = _header(table)
    started: set[str] = set()
    for row in rows:
        labels = [*_group_labels(row, started), _numbered(row.short, row.label)]
        lines.append("\t".join([*labels, *_values(table, row, cells)]))
    return lines


def _header(table: TableSpec) -> list[str]:
    """The header as the form writes it, or one row: 项目 and the column labels."""
    if table.header:
        return ["\t".join(row) for row in table.header]
    return ["\t".join(["项目", *(c.label for c in table.columns)])]


def _numbered(short: str, label: str) -> str:
    """「三(三)1」 → 「1.」 before the label, 「三(一)」 → 「（一）」, 「一」 → 「一、」."""
    m = _SHORT.fullmatch(short)
    if m is None:
        return label
    if m["item"]:
        return f"{m['item']}.{label}"
    return f"（{m['part']}）{label}" if m["part"] else f"{m['section']}、{label}"


def _group_labels(row: RowSpec, started: set[str]) -> list[str]:
    """The merged group cell written beside the first row of its group: 「三、本年度办理结果」
    beside 「（一）予以公开」, 「（三）不予公开」 beside 「1.属于国家秘密」."""
    m = _SHORT.fullmatch(row.short)
    if m is None or not row.group or row.group in started:
        return []
    started.add(row.group)
    return [f"（{m['part']}）{row.group}" if m["item"] else f"{m['section']}、{row.group}"]
