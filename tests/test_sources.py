"""Readers for .docx, .html and .pdf reports: the text layout the parser reads, and places.

Every fixture is made here, in tmp_path: Word files with python-docx, PDFs with reportlab.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from gio_lint.errors import InputError
from gio_lint.input.sources import Extracted, extract

ROOT = Path(__file__).resolve().parent.parent
HUAIAN = ROOT / "examples" / "2024-huaian-city.txt"

HEADING = "三、收到和处理政府信息公开申请情况"


def blocks(text: str) -> list[str | list[list[str]]]:
    """Lines of a TAB-layout report: a paragraph per line, a table per run of TAB lines."""
    out: list[str | list[list[str]]] = []
    for line in text.rstrip("\n").split("\n"):
        if "\t" not in line:
            out.append(line)
        elif out and isinstance(out[-1], list):
            out[-1].append(line.split("\t"))
        else:
            out.append([line.split("\t")])
    return out


# ---------------------------------------------------------------- Word


def write_docx(path: Path, text: str) -> None:
    """A paragraph per line; a Word table per run of TAB lines. A row with fewer cells than
    the table has columns ends early (w:gridAfter), as Word writes a short row."""
    docx = pytest.importorskip("docx")
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for block in blocks(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(row) for row in block)
        table = document.add_table(rows=len(block), cols=width)
        for row, cells in zip(table.rows, block, strict=True):
            for cell, value in zip(row.cells, cells, strict=False):
                cell.text = value
            if len(cells) < width:
                for tc in row._tr.tc_lst[len(cells):]:
                    row._tr.remove(tc)
                after = OxmlElement("w:gridAfter")
                after.set(qn("w:val"), str(width - len(cells)))
                row._tr.get_or_add_trPr().append(after)
    document.save(str(path))


def test_docx_paragraphs_and_a_table_with_merged_cells(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("某某局2024年政府信息公开工作年度报告")
    document.add_paragraph("")  # empty: skipped, not counted
    document.add_paragraph("　　本报告依据《条例》编制。")
    document.add_heading(HEADING, level=1)
    table = document.add_table(rows=4, cols=4)
    values = [
        ["本列数据", "申请人情况", "", ""],
        ["三、本年度办理结果", "（一）予以公开", "5", "1"],
        ["", "（二）部分公开", "2", "0"],
        ["四、结转下年度继续办理", "", "3", "0"],
    ]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(0, 0).add_paragraph("（勾稽关系）")  # a second paragraph in a cell joins the first
    table.cell(0, 1).merge(table.cell(0, 3))  # gridSpan 3
    table.cell(1, 0).merge(table.cell(2, 0))  # vMerge restart / continue
    document.add_paragraph("共收到申请7件，\t办结7件。")  # a tab in a paragraph is no cell separator
    path = tmp_path / "report.docx"
    document.save(str(path))

    got = extract(path)
    assert got is not None
    assert got.text == (
        "某某局2024年政府信息公开工作年度报告\n"
        "本报告依据《条例》编制。\n"
        f"{HEADING}\n"
        "本列数据（勾稽关系）\t申请人情况\t\t\n"
        "三、本年度办理结果\t（一）予以公开\t5\t1\n"
        "\t（二）部分公开\t2\t0\n"
        "四、结转下年度继续办理\t\t3\t0\n"
        "共收到申请7件， 办结7件。\n"
    )
    assert got.places == ("第1段", "第2段", "第3段", "第1个表格 第1行", "第1个表格 第2行", "第1个表格 第3行",
                          "第1个表格 第4行", "第4段")
    assert got.cell_place(5, 1) == "第1个表格 第2行 第1列"
    assert got.cell_place(5, 11) == "第1个表格 第2行 第2列"  # just after the TAB
    assert got.cell_place(6, 1) == "第1个表格 第3行 第1列"  # the merged cell's empty continuation
    assert got.cell_place(6, 2) == "第1个表格 第3行 第2列"
    assert got.cell_place(3, 4) == "第3段"
    assert got.cell_place(99, 1) == ""


def test_docx_frame_line_break_and_grid_before(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)  # one column: a frame, read as paragraphs
    frame.cell(0, 0).text = "一、总体情况"
    frame.cell(0, 0).add_paragraph("本年度新收申请3件。")
    paragraph = document.add_paragraph("第一行")
    paragraph.add_run().add_break()  # a manual line break: a line of its own, same place
    paragraph.add_run("第二行")
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["信息内容", "本年", "总计"], strict=True):
        cell.text = value
    second = table.rows[1]._tr
    second.remove(second.tc_lst[0])  # the row starts one grid column in
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    second.get_or_add_trPr().append(before)
    table.rows[1].cells[0].text = "3"
    path = tmp_path / "frame.docx"
    document.save(str(path))
    got = extract(path)
    assert got is not None
    assert got.text == "一、总体情况\n本年度新收申请3件。\n第一行\n第二行\n信息内容\t本年\t总计\n\t3\t\n"
    assert got.places == ("第1段", "第2段", "第3段", "第3段", "第1个表格 第1行", "第1个表格 第2行")


# ---------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html><head><meta charset="gb2312"><title>年报_某某网</title>
<style>p { color: red }</style></head>
<body>
<div class="top-nav"><a href="/">首页</a></div>
<nav><ul><li>政务公开</li><li>年报</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 年报</div>
<div class="article">
<h1>某某局2024年政府信息公开
    工作年度报告</h1>
<p>&nbsp;&nbsp;一、总体情况</p>
<p>本机关共收到申请<b>7</b>件，<br>办结7件。</p>
<script>document.write("<p>不是正文</p>");</script>
<p>第二十条第（一）项</p>
<table border="1">
<tr><th rowspan="2">信息内容</th><th colspan="2">本年</th><th rowspan="2">现行有效件数</th></tr>
<tr><td>制发件数</td><td>废止件数</td></tr>
<tr><td>规章<p>（件）</p></td><td>1</td><td>0</td><td>11</td></tr>
<tr><td></td><td></td><td></td><td></td></tr>
<tr><td>行政规范性文件</td><td>8</td><td>26</td></tr>
</table>
<p>Hello
world</p>
</div>
<footer>版权所有 某某局</footer>
<div id="page-footer">联系我们</div>
</body></html>
"""


def test_html_grid_and_page_chrome(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(PAGE.encode("gbk"))
    got = extract(path)
    assert got is not None
    assert got.text == (
        "某某局2024年政府信息公开工作年度报告\n"
        "一、总体情况\n"
        "本机关共收到申请7件，\n"
        "办结7件。\n"
        "第二十条第（一）项\n"
        "信息内容\t本年\t\t现行有效件数\n"
        "\t制发件数\t废止件数\t\n"
        "规章（件）\t1\t0\t11\n"
        "行政规范性文件\t8\t26\n"
        "Hello world\n"
    )
    assert got.places == (
        "第1段", "第2段", "第3段", "第4段", "第5段",
        "第1个表格 第1行", "第1个表格 第2行", "第1个表格 第3行", "第1个表格 第5行", "第6段",
    )
    assert got.cell_place(7, 1) == "第1个表格 第2行 第1列"
    assert got.cell_place(7, 2) == "第1个表格 第2行 第2列"


@pytest.mark.parametrize("suffix,data", [
    (".htm", "<p>一、总体情况</p>".encode("gb18030")),  # no charset: UTF-8 fails, GB18030 reads it
    (".html", "<meta charset='utf-8'><p>一、总体情况</p>".encode()),
    (".HTML", b"\xef\xbb\xbf" + "<p>一、总体情况</p>".encode()),
])
def test_html_encodings(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"r{suffix}"
    path.write_bytes(data)
    assert extract(path) == Extracted("一、总体情况\n", ("第1段",), ("",))


def test_html_layout_table_is_read_as_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "layout.html"
    path.write_text(
        "<table><tr><td class='menu'>菜单</td><td><p>一、总体情况</p>"
        "<table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>",
        encoding="utf-8",
    )
    got = extract(path)
    assert got is not None
    assert got.text == "一、总体情况\n规章\t1\n"
    assert got.places == ("第1段", "第1个表格 第1行")


# ---------------------------------------------------------------- PDF


def pdf_tools() -> Any:
    """reportlab with the Chinese CID font registered; skip when reportlab or pdfplumber is missing."""
    pytest.importorskip("pdfplumber")
    reportlab = pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return reportlab


def build_pdf(path: Path, story: list[Any], encrypt: str | None = None) -> None:
    """Build ``story`` on A4 pages with the page number centred in the footer: 「-1-」."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    def footer(canvas: Any, document: Any) -> None:
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(A4[0] / 2, 40, f"-{document.page}-")

    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=40, rightMargin=40, encrypt=encrypt).build(
        story, onFirstPage=footer, onLaterPages=footer
    )


def styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK",
                          firstLineIndent=24)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontSize=16, leading=28, alignment=1, firstLineIndent=0),
        "cell": ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK"),
    }


def pdf_table(rows: list[list[str]], widths: list[float] | None = None, spans: tuple[Any, ...] = ()) -> Any:
    """A reportlab table with ruling lines round each cell a row has: a short row stays short."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell = styles()["cell"]
    width = max(len(row) for row in rows)
    data = [[Paragraph(value, cell) for value in row] + [""] * (width - len(row)) for row in rows]
    grid = [("GRID", (0, r), (len(row) - 1, r), 0.5, colors.black) for r, row in enumerate(rows)]
    padding = [("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    table = Table(data, colWidths=widths, repeatRows=0)
    table.setStyle(TableStyle([*grid, *padding, *spans]))
    return table


def test_pdf_paragraphs_tables_and_page_numbers(tmp_path: Path) -> None:
    pdf_tools()
    from reportlab.platypus import PageBreak, Paragraph

    s = styles()
    story = [
        Paragraph("某某局2024年政府信息公开工作年度报告", s["title"]),
        Paragraph("本报告根据《中华人民共和国政府信息公开条例》规定编制，报告所列数据的统计期限自2024年1月1日"
                  "至2024年12月31日，如对本报告有疑问，请与本局办公室联系。", s["body"]),
        Paragraph(HEADING, s["body"]),
        pdf_table([["信息内容", "本年办理结果", "自然人", "总计"],
                   ["三、本年度办理结果", "（一）予以公开", "5", "5"],
                   ["", "（二）部分公开", "2", "2"]],
                  [150, 120, 60, 60], spans=(("SPAN", (0, 1), (0, 2)),)),
        PageBreak(),
        Paragraph("四、政府信息公开行政复议、行政诉讼情况", s["body"]),
        pdf_table([["行政复议", "结果维持", "结果纠正", "总计"], ["", "0", "0", "0"], ["合计", "0"]],
                  [150, 120, 60, 60]),
        Paragraph("共收到申请7件。", s["body"]),
    ]
    path = tmp_path / "report.pdf"
    build_pdf(path, story)
    got = extract(path)
    assert got is not None
    assert got.text == (
        "某某局2024年政府信息公开工作年度报告\n"
        "本报告根据《中华人民共和国政府信息公开条例》规定编制，报告所列数据的统计期限自2024年1月1日"
        "至2024年12月31日，如对本报告有疑问，请与本局办公室联系。\n"
        f"{HEADING}\n"
        "信息内容\t本年办理结果\t自然人\t总计\n"
        "三、本年度办理结果\t（一）予以公开\t5\t5\n"
        "\t（二）部分公开\t2\t2\n"  # the merged label is read once
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "行政复议\t结果维持\t结果纠正\t总计\n"
        "\t0\t0\t0\n"  # an empty cell with ruling lines round it
        "合计\t0\n"  # a short row: no cells after its last one
        "共收到申请7件。\n"
    )
    assert got.places == (
        "第1页 第1段", "第1页 第2段", "第1页 第3段",
        "第1页 第1个表格 第1行", "第1页 第1个表格 第2行", "第1页 第1个表格 第3行",
        "第2页 第1段", "第2页 第1个表格 第1行", "第2页 第1个表格 第2行", "第2页 第1个表格 第3行", "第2页 第2段",
    )
    assert got.cell_place(6, 1) == "第1页 第1个表格 第3行 第1列"
    assert got.cell_place(6, 3) == "第1页 第1个表格 第3行 第2列"


def test_pdf_running_header_footer_and_a_paragraph_across_pages(tmp_path: Path) -> None:
    pdf_tools()
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    def chrome(canvas: Any, document: Any) -> None:
        canvas.setFont("STSong-Light", 10)
        canvas.drawString(40, A4[1] - 40, "淮安市人民政府办公室")
        canvas.drawRightString(A4[0] - 40, A4[1] - 40, f"{document.page}/3")
        canvas.drawCentredString(A4[0] / 2, 40, f"第 {document.page} 页 共 3 页")

    body = styles()["body"]
    long = "本机关坚持以公开为常态、不公开为例外，" * 12 + "全面推进政务公开。"
    path = tmp_path / "running.pdf"
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=40, rightMargin=40).build(
        [Paragraph("一、总体情况", body), Spacer(1, 600), Paragraph(long, body), PageBreak(),
         Paragraph("二、主动公开政府信息情况", body)],
        onFirstPage=chrome, onLaterPages=chrome,
    )
    got = extract(path)
    assert got is not None
    assert got.text == f"一、总体情况\n{long}\n二、主动公开政府信息情况\n"
    assert got.places == ("第1页 第1段", "第1页 第2段", "第3页 第1段")


def write_pdf(path: Path, text: str) -> None:
    """A paragraph per line; a ruled table per run of TAB lines, columns as wide as their text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph

    s = styles()
    usable = A4[0] - 80
    story: list[Any] = []
    for block in blocks(text):
        if isinstance(block, str):
            story.append(Paragraph(block, s["body"]))
            continue
        width = max(len(row) for row in block)
        need = [max(min(len(row[c]), 14) if c < len(row) else 1 for row in block) + 1.0 for c in range(width)]
        widths = [usable * n / sum(need) for n in need]
        story.append(pdf_table(block, widths))
    build_pdf(path, story)


# ---------------------------------------------------------------- round trip


def write_html(path: Path, text: str) -> None:
    from html import escape

    parts = ["<html><head><meta charset='utf-8'></head><body>"]
    for block in blocks(text):
        if isinstance(block, str):
            parts.append(f"<p>{escape(block)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>\n" for row in block)
            parts.append(f"<table border='1'>\n{rows}</table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


@pytest.mark.parametrize("suffix,writer", [(".docx", write_docx), (".html", write_html)])
def test_round_trip(tmp_path: Path, suffix: str, writer: Any) -> None:
    original = HUAIAN.read_text(encoding="utf-8")
    path = tmp_path / f"huaian{suffix}"
    writer(path, original)
    got = extract(path)
    assert got is not None
    assert got.text.split("\n") == original.split("\n")
    assert len(got.places) == original.count("\n")


def test_round_trip_pdf(tmp_path: Path) -> None:
    pdf_tools()
    original = HUAIAN.read_text(encoding="utf-8")
    path = tmp_path / "huaian.pdf"
    write_pdf(path, original)
    got = extract(path)
    assert got is not None
    want_rows = [line for line in original.split("\n") if "\t" in line]
    got_rows = [line for line in got.text.split("\n") if "\t" in line]
    assert got_rows == want_rows
    assert got.text.split("\n") == original.split("\n")


# ---------------------------------------------------------------- errors


def test_other_suffixes_are_not_read_here(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("一、总体情况\n", encoding="utf-8")
    assert extract(path) is None


def _zip_without_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a Word document")


@pytest.mark.parametrize("name,make,message", [
    ("bad.docx", lambda p: p.write_bytes(b"PK\x03\x04 broken"), "无法读取 Word 文件（文件已损坏或不是 .docx）"),
    ("zip.docx", _zip_without_document, "无法读取 Word 文件（文件已损坏或不是 .docx）"),
    ("old.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "旧版 .doc"),
    ("bad.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj <<>>\ntrailer <<>>\n%%EOF"), "无法读取 PDF 文件"),
    ("text.pdf", lambda p: p.write_text("不是 PDF", encoding="utf-8"), "无法读取 PDF 文件"),
    ("empty.html", lambda p: p.write_text("<html><script>x()</script></html>", encoding="utf-8"), "没有可提取的文字"),
    ("bin.htm", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "二进制"),
    ("missing.docx", lambda p: None, "文件不存在"),
])
def test_unreadable_files_are_one_line_errors(tmp_path: Path, name: str, make: Any, message: str) -> None:
    if name.endswith(".pdf"):
        pytest.importorskip("pdfplumber")
    else:
        pytest.importorskip("docx")
    path = tmp_path / name
    make(path)
    with pytest.raises(InputError) as exc:
        extract(path)
    assert str(exc.value).startswith(f"{path}: ")
    assert message in str(exc.value) and "\n" not in str(exc.value)


def test_encrypted_pdf_is_one_line_error(tmp_path: Path) -> None:
    pdf_tools()
    from reportlab.platypus import Paragraph

    path = tmp_path / "secret.pdf"
    build_pdf(path, [Paragraph("一、总体情况", styles()["body"])], encrypt="secret")
    with pytest.raises(InputError) as exc:
        extract(path)
    assert str(exc.value) == f"{path}: PDF 文件已加密，无法读取（需要打开密码）"


def test_pdf_without_text_is_one_line_error(tmp_path: Path) -> None:
    pdf_tools()
    from reportlab.platypus import Spacer

    path = tmp_path / "scan.pdf"
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    SimpleDocTemplate(str(path), pagesize=A4).build([Spacer(10, 10)])
    with pytest.raises(InputError) as exc:
        extract(path)
    assert "PDF 中没有可提取的文字" in str(exc.value)


def test_the_core_install_reads_text_and_web_pages_only() -> None:
    import tomllib

    from conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(project["dependencies"])
    assert "docx" not in core and "pdfplumber" not in core
    assert project["optional-dependencies"]["documents"] == ["python-docx>=1.1", "pdfplumber>=0.11"]


@pytest.mark.parametrize("suffix,package", [(".docx", "python-docx"), (".pdf", "pdfplumber")])
def test_a_document_without_its_reader_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            suffix: str, package: str) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "docx" if suffix == ".docx" else "pdfplumber", None)  # not installed
    path = tmp_path / f"r{suffix}"
    path.write_bytes(b"PK\x03\x04" if suffix == ".docx" else b"%PDF-1.4\n")
    with pytest.raises(InputError) as caught:
        extract(path)
    assert str(caught.value) == (f"{path}: 读取此类文件需要安装 {package}：pip install 'gio-lint[documents]' "
                                 f"(needs {package}: install gio-lint[documents])")
