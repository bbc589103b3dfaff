"""The layouts of real reports all become rows of cells that keep their positions."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from gio_lint.structure.layout import build_report
from gio_lint.structure.model import Heading, Paragraph, Table


def tables(text: str) -> list[Table]:
    return build_report("r.txt", text).tables()


def test_headings_at_three_levels_and_paragraphs() -> None:
    report = build_report("r.txt", "一、总体情况\n（一）主动公开\n1.逐步扩大公开内容。\n正文一段。\n")
    kinds = [(type(b).__name__, getattr(b, "level", None)) for b in report.blocks]
    assert kinds == [("Heading", 1), ("Heading", 2), ("Heading", 3), ("Paragraph", None)]
    h = report.blocks[0]
    assert isinstance(h, Heading) and (h.number, h.title) == ("一", "总体情况")


def test_a_row_that_starts_like_a_heading_is_a_row() -> None:
    [t] = tables("一、本年新收政府信息公开申请数量 | 2 | 0 |\n二、上年结转 | 0 | 0 |\n")
    assert t.rows[0].texts() == ["一、本年新收政府信息公开申请数量", "2", "0"]


def test_pipe_rows_keep_cell_positions() -> None:
    [t] = tables("规章 | 13 | 1,024 |\n")
    cell = t.rows[0].cells[2]
    assert (cell.text, cell.span.line, cell.span.col, cell.span.end_col) == ("1,024", 1, 11, 16)


def test_markdown_table_drops_outer_pipes_and_rule() -> None:
    [t] = tables("| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n")
    assert [r.texts() for r in t.rows] == [["信息内容", "本年制发件数"], ["规章", "0"]]


def test_an_indented_row_starts_at_the_start_of_its_line() -> None:
    """A line's indentation belongs to the row (an indented Markdown row opens with a blank
    cell), after blank lines and at the start of the text alike; a paragraph's is dropped."""
    for text, row_at in (("标题\n\n  | 规章 | 0 |\n", 3), ("  | 规章 | 0 |\n", 1), ("\n \n  | 规章 | 0 |\n", 3)):
        report = build_report("r.txt", text + "  正文一段。\n")
        [t] = report.tables()
        assert t.rows[0].texts() == ["", "规章", "0"] and (t.rows[0].span.line, t.rows[0].span.col) == (row_at, 1)
        assert [(p.text, p.span.col) for p in report.paragraphs()][-1] == ("正文一段。", 3)
    [t] = tables("x\n \t1\n")
    assert [(c.text, c.span.col) for c in t.rows[0].cells] == [("", 1), ("1", 3)]


def test_tabs_keep_blank_cells_including_the_last() -> None:
    [t] = tables("（一）予以公开\t258\t\t1\t\n")
    assert t.rows[0].texts() == ["（一）予以公开", "258", "", "1", ""]
    assert t.rows[0].cells[2].span.col == 13  # a blank cell sits where it would be written


def test_caption_rows_split_tables() -> None:
    text = ("第二十条第(一)项 | |||\n信息内容 | 本年新制作数量 |\n规范性文件 | 3 |\n"
            "第二十条第(五)项 | |||\n行政许可 | 4 |\n")
    captions = [t.caption.text if t.caption else None for t in tables(text)]
    assert captions == ["第二十条第(一)项", "第二十条第(五)项"]


def test_one_cell_per_line_ending_in_a_pipe() -> None:
    text = "指标 |\n单位 |\n数量 |\n受理申请总数 |\n条 |\n766 |\n其中:1.当面申请数 |\n条 |\n498 |\n9.其他 |\n|\n36 |\n"
    [t] = tables(text)
    assert t.layout == "cell-per-line"
    assert [r.texts() for r in t.rows] == [
        ["指标", "单位", "数量"], ["受理申请总数", "条", "766"], ["其中:1.当面申请数", "条", "498"],
        ["9.其他", "", "36"]]
    assert t.rows[1].cells[2].span.line == 6


def test_cells_between_blank_lines() -> None:
    text = ("附表2 依申请公开情况统计\n\n指标\n\n数量\n\n申请总数\n\n77\n\n"
            "其中:1.网上申请数\n\n28\n\n2.信函申请数\n\n19\n")
    report = build_report("r.txt", text)
    [t] = report.tables()
    assert t.layout == "blank-separated"
    assert [r.texts() for r in t.rows] == [["指标", "数量"], ["申请总数", "77"], ["其中:1.网上申请数", "28"],
                                           ["2.信函申请数", "19"]]
    assert isinstance(report.blocks[0], Paragraph)


def test_short_lines_without_numbers_stay_paragraphs() -> None:
    report = build_report("r.txt", "引  言\n\n广州市人力资源和社会保障局\n\n2015年2月\n\n概述\n\n正文\n\n结束\n")
    assert report.tables() == []


@pytest.mark.parametrize("name,expected", [
    ("004_0e49c4abb83aa917.txt", ["pipe"] * 7),
    ("2019-shanghai-office-tabs.txt", ["tab"] * 7),
    ("001_8cc903ddc07bfa89.txt", ["cell-per-line"] * 5),
    ("000_16d2a36eddcdf96f.txt", ["blank-separated"] * 4),
])
def test_corpus_layouts(name: str, expected: list[str]) -> None:
    assert [t.layout for t in tables((CORPUS / name).read_text(encoding="utf-8"))] == expected


def test_the_grammar_numbers_headings_as_the_numbering_module_does() -> None:
    """grammars/report.lark cannot import Python: its heading tokens are held to
    gio_lint.numbering here, so the numbering is named in one place."""
    from gio_lint import numbering
    from gio_lint.resources import resource_path

    tokens = {line.split(":", 1)[0]: line for line in
              resource_path("grammars", "report.lark").read_text(encoding="utf-8").splitlines()
              if line.startswith(("H1", "H2", "H3"))}
    assert tokens["H1.4"].split(": /", 1)[1].startswith(numbering.NUMERAL + "(?:[、．.]")
    assert tokens["H2.4"].split(": /", 1)[1].startswith(numbering.PART)
    assert tokens["H3.4"].split(": /", 1)[1].startswith(numbering.ITEM)
