"""Tables as agencies publish them: the official form, merged cells and all, in Word, HTML and
PDF (ruled grids, a table running on over a page break, frames around prose) is read exactly
as the same report written as text; and the PDF an agency published gives its real problems
and nothing else."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SAMPLE_2021, codes, line_of, lint_text, sample
from official_form import (
    FormReport,
    clean,
    t3_t4_cells,
    to_text,
    with_cell,
    with_label,
    write_docx,
    write_html,
    write_pdf,
)
from syrupy.assertion import SnapshotAssertion

from gio_lint.input.read import read
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.lint import lint
from gio_lint.structure.layout import build_report
from gio_lint.templates.forms import load_templates
from gio_lint.templates.match import match
from gio_lint.templates.table_reader import TableReader

pytest.importorskip("docx")
pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

HONGZE = FIXTURES / "published" / "2023-hongze-district.pdf"

Writer = Callable[[FormReport, Path], None]
FORMATS: dict[str, tuple[str, Writer]] = {
    "docx": (".docx", write_docx),
    "html": (".html", write_html),
    "pdf": (".pdf", write_pdf),
    "pdf-framed": (".pdf", partial(write_pdf, framed=True)),  # a ruled box round every page's body
    "pdf-bands": (".pdf", partial(write_pdf, bands=True)),  # prose over white boxes a line high, as Word draws them
}


def lint_file(path: Path) -> list[Diagnostic]:
    return list(lint(read(str(path))).diagnostics)


def said(found: list[Diagnostic]) -> list[tuple[str, str]]:
    """What the findings say, whatever the line numbers of the format."""
    return sorted((d.code, d.message) for d in found)


def as_published(report: FormReport, fmt: str, folder: Path, name: str = "report") -> list[Diagnostic]:
    suffix, writer = FORMATS[fmt]
    path = folder / f"{name}{suffix}"
    writer(report, path)
    return lint_file(path)


# ---------------------------------------------------------------- the PDF as published

def test_the_published_pdf_gives_its_four_real_problems(tmp_path: Path, snapshot: SnapshotAssertion,
                                                        cli: Callable[..., tuple[int, str, str]]) -> None:
    # ../shared/corpus/published/README.md: 表四's two totals, the misspelt label, （六） without its sub-rows
    found = lint_file(HONGZE)
    assert [(d.code, d.span.line, d.span.col) for d in found] == [
        ("T012", 36, 3), ("T009", 51, 2), ("K004", 58, 10), ("K004", 58, 30)]
    assert found[0].message.endswith("应为「其他法律行政法规禁止公开」")
    assert [d.found for d in found[2:]] == ["行政复议 总计 = 0", "复议后起诉 总计 = 0"]
    # every sum of 表三 was checked: nothing unread, （六） standing for its three sub-rows
    result = lint(read(str(HONGZE)))
    assert result.match is not None
    t3 = result.match.tables["t3"]
    assert [s.name for s in t3.stand_ins.values()] == ["三(六)"]
    assert len(t3.cells) == (25 - 3 + 1) * 7
    shutil.copy(HONGZE, tmp_path / "hongze.pdf")
    code, out, err = cli(str(tmp_path / "hongze.pdf"))
    assert (code, err) == (1, "")
    assert out.replace(str(tmp_path), "<tmp>") == snapshot


def test_the_published_pdf_shows_every_cell(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("show", str(HONGZE))
    assert code == 0 and "?" not in out and "三(六) 其他处理" in out


# ---------------------------------------------------------------- the official form, every format

def faulty(form: str) -> FormReport:
    """A report with what reviewers reject: a misspelt label, a 表三 row whose 总计 is off, a blank
    cell, and a 表四 total that does not add up."""
    report = clean(form)
    report = with_label(report, "deny_law", "2.其他法律行政止公开")
    total = report.t3["reject_repeat"][6]
    report = with_cell(report, "t3", "reject_repeat", 6, str(int(total) + 1))
    report = with_cell(report, "t3", "public", 2, "")
    return with_cell(report, "t4", "cases", 4, str(int(report.t4[4]) + 2))


def piped(text: str) -> str:
    """Tab-separated rows written with pipes instead, 「a | b | c |」, as Markdown-ish text has them."""
    return "\n".join(" | ".join(line.split("\t")) + " |" if "\t" in line else line for line in text.split("\n"))


@pytest.mark.parametrize("form,fmt", sample([(form, fmt) for form in ("2019", "2021") for fmt in FORMATS], 2))
def test_the_form_reads_as_its_text(form: str, fmt: str, tmp_path: Path,
                                    cli: Callable[..., tuple[int, str, str]]) -> None:
    assert lint_text(to_text(clean(form))) == lint_text(piped(to_text(clean(form)))) == []
    assert as_published(clean(form), fmt, tmp_path) == []
    code, shown, _ = cli("show", str(tmp_path / f"report{FORMATS[fmt][0]}"))
    assert code == 0 and "?" not in shown and "表三" in shown  # every cell of every table read
    expected = lint_text(to_text(faulty(form)))
    assert said(lint_text(piped(to_text(faulty(form))))) == said(expected)
    assert {"T012", "K002", "K004", "V002"} <= set(codes(expected))
    assert said(as_published(faulty(form), fmt, tmp_path)) == said(expected)


def _caught(job: tuple[str, str, str, str, int, str]) -> str | None:
    """One mutant: a cell of 表三 or 表四 raised by one, written in a format and linted; the cell's
    name when no sum finding (K, not K100) names it. As PDF, the report keeps its headings and
    tables but not its prose (two pages, not five, to read; 表三 still runs on over a page break)."""
    form, fmt, table, row, column, folder = job
    report = clean(form)
    if fmt == "pdf":
        report = replace(report, sections=tuple((heading, ()) for heading, _ in report.sections))
    cells = report.t3[row] if table == "t3" else report.t4
    mutant = with_cell(report, table, row, column, str(int(cells[column]) + 1))
    found = as_published(mutant, fmt, Path(folder), f"{form}-{table}-{row}-{column}")
    sums = [d for d in found if d.code.startswith("K") and d.code != "K100"]
    return None if sums else f"{table}.{row}.{column}: {codes(found)}"


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
@pytest.mark.parametrize("form", ["2019", "2021"])
def test_every_cell_raised_by_one_draws_a_sum_finding(form: str, fmt: str, tmp_path: Path) -> None:
    cells = t3_t4_cells(clean(form))
    assert len(cells) == (23 if form == "2019" else 25) * 7 + 15
    jobs = [(form, fmt, table, row, column, str(tmp_path))
            for table, row, column in sample(cells, 10, offset=len(form + fmt))]
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        missed = [m for m in pool.map(_caught, jobs, chunksize=8) if m is not None]
    assert missed == []


# ---------------------------------------------------------------- spans that disagree with the header

def _html(rows: str) -> str:
    return f"<html><body><p>二、主动公开政府信息情况</p><table border='1'>{rows}</table></body></html>"


T2_5_HEADER = ("<tr><td colspan='4'>第二十条第（五）项</td></tr>"
               "<tr><td>信息内容</td><td>上一年项目数量</td><td colspan='2'>本年增/减</td><td>处理决定数量</td></tr>")


def test_spans_that_disagree_with_the_header(tmp_path: Path) -> None:
    report = (ROOT / "examples" / "2019-laoshan-hrss.txt").read_text(encoding="utf-8")
    head = report.split("二、主动公开政府信息情况")[0]
    # the header spans 本年增/减 over two columns, the data row spans the value before it: read as the header means
    read_right = T2_5_HEADER + ("<tr><td>行政许可</td><td colspan='2'>4</td><td>-4</td><td>28</td></tr>"
                                "<tr><td>其他对外管理服务事项</td><td>0</td><td colspan='2'>0</td><td>0</td></tr>")
    path = tmp_path / "right.html"
    path.write_text(f"<p>{head}</p>" + _html(read_right), encoding="utf-8")
    result = lint(read(str(path)))
    assert result.match is not None
    t2_5 = result.match.tables["t2_5"]
    assert {k: c.text for k, c in t2_5.cells.items()} == {
        ("licensing", "last_year_items"): "4", ("licensing", "change"): "-4", ("licensing", "decisions"): "28",
        ("other_services", "last_year_items"): "0", ("other_services", "change"): "0",
        ("other_services", "decisions"): "0"}
    assert not {"T007", "T011", "V002"} & set(codes(list(result.diagnostics)))
    # a figure spanning two columns that no other figure fills: which one is it? The row says so.
    unclear = T2_5_HEADER + ("<tr><td>行政许可</td><td>4</td><td colspan='3'>28</td></tr>"
                             "<tr><td>其他对外管理服务事项</td><td>0</td><td colspan='2'>0</td><td>0</td></tr>")
    path = tmp_path / "unclear.html"
    path.write_text(_html(unclear), encoding="utf-8")
    found = [d for d in lint_file(path) if d.code == "T011"]
    assert [(d.span.line, d.span.col) for d in found] == [(4, 1)]  # the 行政许可 row
    assert "行政许可" in found[0].message and "本年增/减、处理决定数量" in found[0].message
    # a figure merged down over two rows: whose is it? The lower row says it cannot tell.
    merged_down = T2_5_HEADER + ("<tr><td>行政许可</td><td rowspan='2'>0</td><td colspan='2'>0</td><td>0</td></tr>"
                                 "<tr><td>其他对外管理服务事项</td><td colspan='2'>0</td><td>0</td></tr>")
    path = tmp_path / "down.html"
    path.write_text(_html(merged_down), encoding="utf-8")
    found = [d for d in lint_file(path) if d.code == "T011"]
    assert [(d.span.line, "其他对外管理服务事项" in d.message, "上一年项目数量" in d.message) for d in found] == [
        (5, True, True)]


def test_a_label_spanning_fewer_columns_and_a_value_more(tmp_path: Path) -> None:
    """表三 in HTML with the label block three columns wide in the header, but a data row whose
    label spans two and whose first figure spans two: 258 is 自然人's, not 商业企业's."""
    text = to_text(clean("2021"))
    report = clean("2021")
    path = tmp_path / "r.html"
    write_html(report, path)
    page = path.read_text(encoding="utf-8")
    first = report.t3["new"]
    cells = "".join(f"<td>{v}</td>" for v in first[1:])
    old_row = page[page.index("<tr>", page.index("本年新收") - 200):]
    old_row = old_row[: old_row.index("</tr>") + 5]
    new_row = (f"<tr><td colspan='2'>一、本年新收政府信息公开申请数量</td><td colspan='2'>{first[0]}</td>{cells}</tr>")
    path.write_text(page.replace(old_row, new_row), encoding="utf-8")
    result = lint(read(str(path)))
    assert result.match is not None
    assert result.match.tables["t3"].cell("new", "natural").text == first[0]  # type: ignore[union-attr]
    assert said(list(result.diagnostics)) == said(lint_text(text)) == []


# ---------------------------------------------------------------- the official Word form, filled in

BLANK_FORM = FIXTURES / "published" / "2021-official-form-blank.docx"


def fill_blank_form(report: FormReport, path: Path) -> None:
    """The blank 2021 form as circulated to agencies, its cells filled in with python-docx as a
    civil servant fills them: a title above it, every figure typed into its cell, nothing else
    touched (the merges are the form's own)."""
    import docx

    document = docx.Document(str(BLANK_FORM))
    document.paragraphs[0].text = report.title
    t2, t3, t4 = document.tables
    figures = {label: values for _, _, rows in report.t2 for label, values in rows}
    for row in t2.rows:
        values = figures.get(row.cells[0].text.strip(), ())
        for k, value in enumerate(values):
            row.cells[1 + k].text = value
    for row, values in zip(t3.rows[3:], report.t3.values(), strict=True):
        for k, value in enumerate(values):
            row.cells[3 + k].text = value
    for k, value in enumerate(report.t4):
        t4.rows[3].cells[k].text = value
    document.save(str(path))


def test_the_official_blank_form_filled_in(tmp_path: Path) -> None:
    path = tmp_path / "filled.docx"
    fill_blank_form(clean("2021"), path)
    result = lint(read(str(path)))
    assert result.match is not None
    assert {t: len(mt.cells) for t, mt in result.match.tables.items()} == {
        "t2_1": 6, "t2_5": 1, "t2_6": 2, "t2_8": 1, "t3": 25 * 7, "t4": 15}
    # the form's placeholder prose (（文字描述）) says nothing to check; the tables are clean
    assert not [d for d in result.diagnostics if d.code[0] in "TKV"]
    mutant = with_cell(with_cell(clean("2021"), "t3", "public", 0, "1289"), "t4", "cases", 4, "350")
    fill_blank_form(mutant, path)
    assert sorted(codes([d for d in lint_file(path) if d.code[0] in "TKV"])) == ["K002", "K003", "K004"]


# ---------------------------------------------------------------- parts of a table drawn on other grids

@pytest.mark.parametrize("name", [
    "2021-form-table-split-in-two.html",  # 表三 as two <table>s, the second without the 三、 column
    "2021-form-continued-after-xubiao.pdf",  # 表三 runs on over a page that opens with 「续表」
])
def test_a_part_of_a_table_on_another_grid_is_read_whole(name: str) -> None:
    result = lint(read(str(FIXTURES / "published" / name)))
    assert result.match is not None and len(result.match.tables["t3"].cells) == 25 * 7
    assert list(result.diagnostics) == []


# ---------------------------------------------------------------- a misspelt row label

MISSPELT = SAMPLE_2021.replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")


def _t3_issues(text: str, near_label: float | None = None) -> list[str]:
    report = build_report("r.txt", text)
    template = load_templates()["2021"]
    matched = match(report, template)
    spec = template.tables[[t.id for t in template.tables].index("t3")]
    if near_label is not None:
        spec = replace(spec, near_label=near_label)
    _, issues = TableReader(spec, matched.tables["t3"].table).run()
    return sorted(i.kind for i in issues)


def test_a_misspelt_label_is_one_finding_and_its_row_counts() -> None:
    found = lint_text(MISSPELT.replace("30\t1\t0\t0\t0\t0\t31", "30\t1\t0\t0\t0\t0\t32"))
    # its figures are 三(三)2's: its 总计 is checked along its row (K002) and down its column (K003)
    row, total = line_of(MISSPELT, "2.其他法律行政止公开"), line_of(MISSPELT, "（七）总计")
    assert [(d.code, d.span.line) for d in found] == [("T012", row), ("K002", row), ("K003", total)]
    assert _t3_issues(MISSPELT) == ["row-misspelt"]
    # near_label (rules/templates/2019.toml) decides how near is near enough; 0 turns it off
    assert load_templates()["2021"].near_label == 0.75
    assert _t3_issues(MISSPELT, near_label=0) == ["row-missing", "row-unknown"]


def test_a_label_near_a_row_that_is_there_is_not_that_row() -> None:
    # the row 其他法律行政法规禁止公开 is there: an added row with a near label is a row not in the template
    extra = SAMPLE_2021.replace("2.其他法律行政法规禁止公开\t30\t1\t0\t0\t0\t0\t31",
                               "2.其他法律行政法规禁止公开\t30\t1\t0\t0\t0\t0\t31\n其他法律行政法规限制公开\t0\t0\t0\t0\t0\t0\t0")
    assert codes(lint_text(extra)) == ["T003"]
