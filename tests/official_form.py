"""Reports whose tables are laid out as the official form lays them out, in four formats.

Test helper, not a test file: ``from official_form import clean, with_cell, write_pdf``.

One :class:`FormReport` describes a report: its prose and the cell texts of 表二, 表三 and 表四.
Each table becomes one abstract :class:`Grid` of cells (row, col, rowspan, colspan, text),
merged exactly as the official Word form (国办公开办函〔2021〕30号, see
/work/shared/corpus/published/2021-official-form-blank.docx) merges them, and every writer
renders that grid: Word (gridSpan, vMerge), HTML (colspan, rowspan), PDF (reportlab SPAN)
and TAB text (a merged cell's text once, on the row it starts in, as examples/2024-huaian-city.txt).

``sections`` holds (heading, paragraphs) in order; a section whose heading is "" is the
preamble before 一、总体情况 (printed without a heading). 表二, 表三 and 表四 follow the
paragraphs of the sections whose headings start 「二、」, 「三、」 and 「四、」.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Any

from gio_lint.templates.forms import load_templates

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"2019": ROOT / "examples" / "2019-laoshan-hrss.txt", "2021": ROOT / "examples" / "2024-huaian-city.txt"}
FONT = "STSong-Light"

T2Row = tuple[str, tuple[str, ...]]
T2Block = tuple[str, tuple[str, ...], tuple[T2Row, ...]]

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T4_LEAVES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

# 表二 as the form has it: (caption, value column labels, row labels), read from the template
# (the form prints a template's rows and columns as they are). The header row is 信息内容 | labels.
T2_FORM: dict[str, tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = {
    form: tuple((t.caption, tuple(c.label for c in t.columns), tuple(r.label for r in t.rows))
                for t in load_templates()[form].tables if t.section == "active")
    for form in ("2019", "2021")
}

# 表三's merged group labels, by id (usable as keys of FormReport.labels like row ids).
GROUPS = {
    "results": "三、本年度办理结果",
    "deny": "（三）不予公开",
    "unable": "（四）无法提供",
    "reject": "（五）不予处理",
    "other_handling": "（六）其他处理",
}


def _numbered(group: str, items: str) -> tuple[tuple[str, str, str], ...]:
    """Sub-rows of a group from 「id label; id label; …」: 1.label, 2.label, …"""
    pairs = [item.split(" ", 1) for item in items.split("; ")]
    return tuple((rid, f"{n}.{label}", group) for n, (rid, label) in enumerate(pairs, 1))


# 表三's rows: (row id as in rules/templates/*.toml, printed label, where the label sits). Where: "" for a row
# whose label spans the 3 label columns, "results" for a result row whose label spans 2, else the id of the group
# (in GROUPS) the row belongs to, its label in the third label column.
_T3_HEAD = (
    ("new", "一、本年新收政府信息公开申请数量", ""),
    ("carried", "二、上年结转政府信息公开申请数量", ""),
    ("public", "（一）予以公开", "results"),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "results"),
    *_numbered("deny", "deny_secret 属于国家秘密; deny_law 其他法律行政法规禁止公开; "
               "deny_security 危及“三安全一稳定”; deny_third_party 保护第三方合法权益; "
               "deny_internal 属于三类内部事务信息; deny_process 属于四类过程性信息; "
               "deny_enforcement 属于行政执法案卷; deny_query 属于行政查询事项"),
    *_numbered("unable", "unable_none 本机关不掌握相关政府信息; unable_create 没有现成信息需要另行制作; "
               "unable_unclear 补正后申请内容仍不明确"),
    *_numbered("reject", "reject_petition 信访举报投诉类申请; reject_repeat 重复申请; "
               "reject_publication 要求提供公开出版物; reject_mass 无正当理由大量反复申请; "
               "reject_confirm 要求行政机关确认或重新出具已获取信息"),
)
_T3_TAIL = (("results_total", "（七）总计", "results"), ("forwarded", "四、结转下年度继续办理", ""))
T3_ROWS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "2019": (*_T3_HEAD, ("other", "（六）其他处理", "results"), *_T3_TAIL),
    "2021": (*_T3_HEAD, *_numbered(
        "other_handling", "other_no_supplement 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请; "
        "other_no_fee 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请; other_other 其他"),
        *_T3_TAIL),
}


@dataclass(frozen=True)
class FormReport:
    form: str  # "2019" or "2021"
    title: str  # "" for none
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, paragraphs); heading "" = preamble
    t2: tuple[T2Block, ...]  # (caption, value column labels, ((row label, cell texts), ...))
    t3: dict[str, tuple[str, ...]]  # row id -> 7 cell texts; "" is a blank cell
    t4: tuple[str, ...]  # the 15 cell texts in form order
    labels: dict[str, str] = field(default_factory=dict)  # 表三 row or group id -> label printed instead


# ---------------------------------------------------------------- the abstract grid


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: str = "head"  # "caption", "head" (column headers), "label" (row labels) or "value"
    echo: bool = False  # the TAB text repeats this merged cell's text on each row it covers (as the example does)


@dataclass(frozen=True)
class Grid:
    widths: tuple[float, ...]  # relative column widths (the official form's, in twips)
    cells: tuple[Cell, ...]

    @property
    def height(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    def rows(self, echo: bool = False) -> list[list[Cell]]:
        """The cells that start in each grid row, left to right (a row may have none); with ``echo``, also
        the cells marked echo on each further row they cover."""
        out: list[list[Cell]] = [[] for _ in range(self.height)]
        for cell in sorted(self.cells, key=lambda c: c.col):
            for r in range(cell.row, cell.row + (cell.rowspan if echo and cell.echo else 1)):
                out[r].append(cell)
        return out


def t2_grid(report: FormReport) -> Grid:
    """One 4-column table: per block a caption row over the table, 信息内容 | labels, its rows. A block with
    fewer than 3 values lets its last value cell span the remaining columns."""
    cells: list[Cell] = []
    r = 0
    for caption, columns, rows in report.t2:
        cells.append(Cell(r, 0, caption, colspan=4, kind="caption"))
        for i, (label, values) in enumerate((("信息内容", columns), *rows)):
            cells.append(Cell(r + 1 + i, 0, label, kind="head" if i == 0 else "label"))
            for c, value in enumerate(values):
                span = 3 - c if c == len(values) - 1 else 1
                cells.append(Cell(r + 1 + i, 1 + c, value, colspan=span, kind="head" if i == 0 else "value"))
        r += 2 + len(rows)
    return Grid((2435,) * 4, tuple(cells))


def t3_grid(report: FormReport) -> Grid:
    rows = T3_ROWS[report.form]
    label = report.labels.get
    cells = [
        Cell(0, 0, NOTE, rowspan=3, colspan=3), Cell(0, 3, "申请人情况", colspan=7),
        Cell(1, 3, APPLICANTS[0], rowspan=2), Cell(1, 4, "法人或其他组织", colspan=5),
        Cell(1, 9, APPLICANTS[6], rowspan=2), *(Cell(2, 4 + i, t) for i, t in enumerate(APPLICANTS[1:6])),
    ]
    members: dict[str, list[int]] = {}
    for i, (_, _, where) in enumerate(rows):
        for group in dict.fromkeys(("results", where)) if where else ():
            members.setdefault(group, []).append(i)
    for i, (rid, text, where) in enumerate(rows):
        r = 3 + i
        for group in dict.fromkeys(("results", where)):
            if group in GROUPS and members[group][0] == i:
                col = 0 if group == "results" else 1
                cells.append(Cell(r, col, label(group, GROUPS[group]), rowspan=len(members[group]), kind="label"))
        col, span = {"": (0, 3), "results": (1, 2)}.get(where, (2, 1))
        cells.append(Cell(r, col, label(rid, text), colspan=span, kind="label"))
        cells.extend(Cell(r, 3 + c, v, kind="value") for c, v in enumerate(report.t3[rid]))
    return Grid((754, 921, 3271, *(685,) * 7), tuple(cells))


def t4_grid(report: FormReport) -> Grid:
    cells = [
        Cell(0, 0, "行政复议", colspan=5), Cell(0, 5, "行政诉讼", colspan=10),
        *(Cell(1, c, t, rowspan=2, echo=True) for c, t in enumerate(T4_LEAVES)),
        Cell(1, 5, "未经复议直接起诉", colspan=5), Cell(1, 10, "复议后起诉", colspan=5),
        *(Cell(2, 5 + c, t) for c, t in enumerate(T4_LEAVES * 2)),
        *(Cell(3, c, v, kind="value") for c, v in enumerate(report.t4)),
    ]
    return Grid((650,) * 15, tuple(cells))


TABLES: dict[str, Callable[[FormReport], Grid]] = {"二": t2_grid, "三": t3_grid, "四": t4_grid}


def blocks(report: FormReport) -> list[tuple[str, str | Grid]]:
    """The document in order: ("title" | "heading" | "para", text) and ("table", grid)."""
    out: list[tuple[str, str | Grid]] = [("title", report.title)] if report.title else []
    for heading, paragraphs in report.sections:
        if heading:
            out.append(("heading", heading))
        out += [("para", p) for p in paragraphs]
        grid = TABLES[heading[:1]](report) if heading[1:2] == "、" and heading[:1] in TABLES else None
        if grid and grid.cells:
            out.append(("table", grid))
    return out


# ---------------------------------------------------------------- building reports


def _parse(text: str, form: str) -> FormReport:
    """A report in the layout of the examples (tables as TAB- or |-separated lines) as a FormReport."""
    title, sections, tables = "", [("", list[str]())], dict[str, list[list[str]]]()
    for line in text.rstrip("\n").split("\n"):
        cells = [c for c in (c.strip() for c in re.split(r"[\t|]", line)) if c]
        if len(cells) > 1 or line.startswith("第二十条第"):
            tables.setdefault(sections[-1][0][:1], []).append(cells)
        elif re.match(r"[一二三四五六]、", line):
            sections.append((line, []))
        elif not title and not sections[0][1] and len(sections) == 1 and line.endswith("年度报告"):
            title = line
        else:
            sections[-1][1].append(line)
    number = re.compile(r"-?[\d.]+")
    t2_values = {re.sub(r"\s*[（(].*", "", row[0]): tuple(row[1:]) for row in tables["二"]}
    t2 = tuple(
        (caption, columns, tuple((r, t2_values.get(r, ("0",) * len(columns))) for r in rows))
        for caption, columns, rows in T2_FORM[form]
    )
    t3_values = [tuple(row[-7:]) for row in tables["三"] if all(number.fullmatch(c) for c in row[-7:])]
    ids = [rid for rid, _, _ in T3_ROWS[form]]
    assert len(t3_values) == len(ids), (form, len(t3_values))
    t4 = next(tuple(row) for row in tables["四"] if len(row) == 15 and all(number.fullmatch(c) for c in row))
    return FormReport(form, title, tuple((h, tuple(p)) for h, p in sections if h or p), t2,
                      dict(zip(ids, t3_values, strict=True)), t4)


def clean(form: str) -> FormReport:
    """A report the linter finds nothing in: for "2021" examples/2024-huaian-city.txt; for "2019" CLEAN_2019 of
    tests/test_rules.py (examples/2019-laoshan-hrss.txt, which has no title, with a 规章 row of zeros), its
    prose as written and its tables with the form's labels."""
    return _parse(EXAMPLES[form].read_text(encoding="utf-8"), form)


def with_cell(report: FormReport, table: str, row: str, column: int, text: str) -> FormReport:
    """The report with one cell of 表三 (``row`` id, column 0..6) or 表四 (``row`` ignored, column 0..14) changed."""
    cells = list(report.t3[row] if table == "t3" else report.t4 if table == "t4" else ())
    if not 0 <= column < len(cells):
        raise IndexError(f"no cell {table} {row} {column}")
    cells[column] = text
    if table == "t3":
        return replace(report, t3={**report.t3, row: tuple(cells)})
    return replace(report, t4=tuple(cells))


def with_label(report: FormReport, row: str, text: str) -> FormReport:
    """The report with 表三's label of ``row`` (a row id or a GROUPS id) printed as ``text``."""
    return replace(report, labels={**report.labels, row: text})


def t3_t4_cells(report: FormReport) -> list[tuple[str, str, int]]:
    """Every (table, row id, column) of 表三 and 表四, in form order (表四's row is "cases")."""
    t3 = [("t3", rid, c) for rid, _, _ in T3_ROWS[report.form] for c in range(7)]
    return t3 + [("t4", "cases", c) for c in range(15)]


# ---------------------------------------------------------------- writers


def to_text(report: FormReport) -> str:
    """TAB text as examples/2024-huaian-city.txt writes it: a merged cell's text once, on its first row."""
    lines: list[str] = []
    for _, content in blocks(report):
        if isinstance(content, Grid):
            lines += ["\t".join(c.text for c in cells) for cells in content.rows(echo=True)]
        else:
            lines.append(content)
    return "\n".join(lines) + "\n"


def write_text(report: FormReport, path: Path) -> None:
    path.write_text(to_text(report), encoding="utf-8")


def write_docx(report: FormReport, path: Path) -> None:
    """Word: paragraphs (headings bold), one Word table per grid merged with gridSpan / vMerge."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, Twips

    document = docx.Document()
    for kind, content in blocks(report):
        if isinstance(content, Grid):
            table = document.add_table(rows=content.height, cols=len(content.widths))
            table.style = "Table Grid"
            table.autofit = False
            for column, width in zip(table.columns, content.widths, strict=True):
                column.width = Twips(int(width * 9740 / sum(content.widths)))
            at = table._cells  # before merging: one cell per grid position (table.cell() is O(cells) a call)
            for cell in content.cells:
                target = at[cell.row * len(content.widths) + cell.col]
                target.text = cell.text
                if cell.rowspan > 1 or cell.colspan > 1:
                    end = (cell.row + cell.rowspan - 1) * len(content.widths) + cell.col + cell.colspan - 1
                    target = target.merge(at[end])
                if cell.kind != "label":
                    target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            document.add_paragraph()
            continue
        paragraph = document.add_paragraph()
        paragraph.add_run(content).bold = kind != "para"
        if kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.paragraph_format.first_line_indent = Pt(24)
    document.save(str(path))


_TD = "border:1px solid #000;text-align:center"
_SPAN = "font-family:宋体;font-size:10.5pt"


def _html_table(grid: Grid) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">', "<tbody>"]
    for cells in grid.rows():
        tds = []
        for cell in cells:
            spans = "".join(f' {name}="{n}"' for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan))
                            if n > 1)
            text = escape(cell.text) or "&nbsp;"
            inner = text if cell.kind == "value" else f'<span style="{_SPAN}">{text}</span>'
            tds.append(f'<td{spans} style="{_TD}"><p>{inner}</p></td>')
        out.append("<tr>" + "".join(tds) + "</tr>")
    return "\n".join([*out, "</tbody>", "</table>"])


def write_html(report: FormReport, path: Path) -> None:
    """A government site's page: a TRS_Editor div, prose in indented <p>, tables with rowspan/colspan."""
    body = []
    for kind, content in blocks(report):
        if isinstance(content, Grid):
            body.append(_html_table(content))
        elif kind == "title":
            body.insert(0, f'<h1 class="title" style="text-align:center">{escape(content)}</h1>')
        else:
            text = f"<strong>{escape(content)}</strong>" if kind == "heading" else escape(content)
            body.append(f'<p style="text-indent:2em">{text}</p>')
    head = f'<meta charset="utf-8"><title>{escape(report.title or "政府信息公开工作年度报告")}</title>'
    page = [f"<!DOCTYPE html>\n<html><head>{head}</head><body>", '<div class="article">',
            *(b for b in body if b.startswith("<h1")), '<div class="TRS_Editor">',
            *(b for b in body if not b.startswith("<h1")), "</div></div>", "</body></html>\n"]
    path.write_text("\n".join(page), encoding="utf-8")


def write_pdf(report: FormReport, path: Path, framed: bool = False, bands: bool = False) -> None:
    """A4 pages: prose paragraphs, ruled tables merged with SPAN (they may break across pages, nothing
    repeated), the page number in the footer. ``framed`` draws a ruled box round the body on every page (one
    rectangle: pdfplumber's finder does not take a lone box for a table); ``bands`` sets every paragraph over
    unstroked white rectangles a line high, as 2023-hongze-district.pdf's pages 1–2 are (pdfplumber reads
    those as a one-column table of many rows round the prose, joined to a table set right below)."""
    from xml.sax.saxutils import escape as xml_escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    style = {
        "para": body,
        "heading": body,
        "title": ParagraphStyle("title", parent=body, fontSize=16, leading=28, alignment=1, firstLineIndent=0),
        "value": ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5, wordWrap="CJK", alignment=1),
    }
    style["label"] = ParagraphStyle("label", parent=style["value"], alignment=0)
    document = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=50, rightMargin=50, topMargin=60, bottomMargin=60)

    class Banded(Paragraph):  # type: ignore[misc]
        """A paragraph over unstroked white boxes a line high, as Word draws a framed paragraph
        (2023-hongze-district.pdf's pages 1–2): the last box touches a table set right below."""

        def draw(self) -> None:
            self.canv.saveState()
            self.canv.setFillColor(colors.white)
            leading = self.style.leading
            for k in range(round(self.height / leading)):
                self.canv.rect(-8, self.height - (k + 1) * leading, self.width + 16, leading, stroke=0, fill=1)
            self.canv.restoreState()
            super().draw()

    story: list[Any] = []
    for kind, content in blocks(report):
        if isinstance(content, Grid):
            data: list[list[Any]] = [[""] * len(content.widths) for _ in range(content.height)]
            commands: list[Any] = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
            for cell in content.cells:
                cell_style = style["label" if cell.kind in ("label", "caption") else "value"]
                data[cell.row][cell.col] = Paragraph(xml_escape(cell.text), cell_style)
                if cell.rowspan > 1 or cell.colspan > 1:
                    end = (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)
                    commands.append(("SPAN", (cell.col, cell.row), end))
            widths = [document.width * w / sum(content.widths) for w in content.widths]
            story += [Table(data, colWidths=widths, repeatRows=0, style=TableStyle(commands)), Spacer(1, 10)]
        else:
            story.append((Banded if bands else Paragraph)(xml_escape(content), style[kind]))

    def page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 10)
        canvas.drawCentredString(A4[0] / 2, 30, f"-{doc.page}-")
        x, y, width, height = doc.leftMargin - 8, doc.bottomMargin - 8, doc.width + 16, doc.height + 16
        if framed:
            canvas.setLineWidth(1)
            canvas.rect(x, y, width, height)
        canvas.restoreState()

    document.build(story, onFirstPage=page, onLaterPages=page)


WRITERS: dict[str, Callable[[FormReport, Path], None]] = {
    ".txt": write_text, ".docx": write_docx, ".html": write_html, ".pdf": write_pdf,
}


def write(report: FormReport, path: Path) -> None:
    """Write ``report`` in the format its suffix names (.txt, .docx, .html, .pdf)."""
    WRITERS[path.suffix](report, path)


def wrong_sum_drafts(folder: Path, stem: str = "wrong") -> dict[str, Path]:
    """The 2021 form with 表三「（一）予以公开」 × 商业企业 made 9, written as ``stem``.docx and
    ``stem``.pdf in ``folder``: its 总计 1362 no longer adds up (K002), nor the 总计 row's
    商业企业 (K003). By suffix without the dot."""
    report = with_cell(clean("2021"), "t3", "public", 1, "9")
    paths = {kind: folder / f"{stem}.{kind}" for kind in ("docx", "pdf")}
    for path in paths.values():
        write(report, path)
    return paths
