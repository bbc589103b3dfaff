"""Numbers in prose: the number reader, percentages (P) and text against table (X).

The table-driven test puts each statement under the heading of section 三 of the clean
2021 report, whose 表三 has: 新收 3119, 结转 34, 予以公开 1362, 部分公开 454, 不予公开 178,
无法提供 781, 不予处理 88, 其他处理 187, 总计 3050, 结转下年度 103; 表四: 复议 351,
诉讼 46; 表二: 规章 制发 1 现行 11, 行政规范性文件 制发 8 现行 66."""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLE_2021, codes, lint_text
from test_rules import with_prose

from gio_lint.prose.numbers import read_numbers
from gio_lint.structure.numerals import chinese_numeral

TRUE = [
    "本年新收政府信息公开申请3119件。",
    "上年结转政府信息公开申请34件。",
    "共受理政府信息公开申请3119件。",
    "共受理政府信息公开申请3153件（含上年结转）。",
    "全年共收到3119件政府信息公开申请。",
    "予以公开1362件。",
    "同意公开1362件。",
    "部分公开454件。",
    "予以公开及部分公开1816件。",
    "不予公开178件。",
    "无法提供781件。",
    "不予处理88件。",
    "其他处理187件。",
    "答复政府信息公开申请3050件。",
    "另有103件顺延到下年度答复。",
    "结转下年度继续办理103件。",
    "政府信息公开行政复议351件。",
    "行政诉讼46件。",
    "直接提起行政诉讼26件，复议后提起行政诉讼20件。",
    "全年新增公开市政府规章1件。",
    "印发行政规范性文件8件。",
    "共受理政府信息公开申请3100余件。",
    "共受理政府信息公开申请近3200件。",
    "共受理政府信息公开申请3119件，其中予以公开1362件，占总数的43.7%。",
    "共受理政府信息公开申请3119件，部分公开454件，占总数的14.6%。",
    "共受理政府信息公开申请3119件，不予公开178件，占总数的5.7%。",
    "共受理政府信息公开申请3119件，无法提供781件，占总数的25%。",
    "共受理政府信息公开申请3119件，不予处理88件，占总数的2.8%。",
    "共受理政府信息公开申请3119件，其他处理187件，占总数的6%。",
    "在已经答复的3050件申请中，予以公开1362件，占总数的44.66%。",
    "共受理政府信息公开申请3119件，予以公开1362件，占比43.67%。",
    "主动公开政府信息5500条，其中规章11条，占总数的0.2%。",
    "共受理政府信息公开申请3119件，予以公开1362件，占到总数的43.7%。",
    "共受理政府信息公开申请3119件，予以公开1362件，所占比例为43.7%。",
    "在已经答复的3050件申请中，其他处理187件，占总数的6.1%。",
]

# Correct sentences about something other than this year's table figures (a subset, a
# change, another year, a running total): quiet.
OTHER_TOPICS = [
    "其中，通过网络收到申请2100件。",
    "受理当面申请300件。",
    "全年共受理咨询申请500件。",
    "全年共收到行政复议申请3件。",
    "新收申请同比增加284件。",
    "延期答复申请12件。",
    "逾期答复0件。",
    "电话答复500件。",
    "全部或部分公开1816件。",
    "同意公开或部分公开1816件。",
    "2023年受理申请2835件。",
    "截至2024年底，累计受理政府信息公开申请15000件。",
    "不予公开178件，其中属于国家秘密的不予公开2件。",
    "其中3件因需征求第三方意见转下年度办理。",
    "本年度行政复议案件351件，上年行政复议案件300件。",
    "上年受理申请2835件。",
]

# Lists under 其中 that are not (all) parts of the figure before them: quiet.
ENUMERATIONS = [
    "本年度共收到申请3119件，其中网上申请2800件、当面申请300件、信函申请19件。其中，予以公开1362件，部分公开454件。",
    "本年度新收申请较上年减少30件，其中网上申请减少50件，信函申请增加20件。",
    "本年度新收申请同比增加119件，其中自然人申请3001件。",
    "本年度共收到申请3119件，其中网上申请2000件，信函申请800件，当面申请300件，其他方式19件，上年结转34件。",
    "本年度共收到申请3119件，其中网上申请2000件，信函申请800件，当面申请300件，其他方式19件，同比增长284件。",
    "本年度共收到申请3119件，其中网上申请2000件，其他部门转来的申请100件。",
]

FALSE = [  # (statement, the figure that is wrong)
    ("本年新收政府信息公开申请3120件。", "3120"),
    ("上年结转政府信息公开申请35件。", "35"),
    ("共受理政府信息公开申请3000件。", "3000"),
    ("全年共收到3200件政府信息公开申请。", "3200"),
    ("予以公开1360件。", "1360"),
    ("部分公开450件。", "450"),
    ("予以公开及部分公开1362件。", "1362"),
    ("不予公开180件。", "180"),
    ("因本机关不掌握等原因无法提供769件。", "769"),
    ("不予处理90件。", "90"),
    ("其他处理110件。", "110"),
    ("答复政府信息公开申请3119件。", "3119"),
    ("另有100件顺延到下年度答复。", "100"),
    ("政府信息公开行政复议350件。", "350"),
    ("行政诉讼30件。", "30"),
    ("全年新增公开市政府规章2件。", "2"),
    ("印发行政规范性文件9件。", "9"),
    ("同意公开1000件。", "1000"),
    ("共受理政府信息公开申请3200余件。", "3200余"),
    ("共受理政府信息公开申请近3000件。", "3000"),
    ("共受理政府信息公开申请3119件，其中予以公开1362件，占总数的47%。", "47%"),
    ("共受理政府信息公开申请3119件，部分公开454件，占总数的14.5%。", "14.5%"),
    ("共受理政府信息公开申请3119件，不予公开178件，占总数的8%。", "8%"),
    ("共受理政府信息公开申请3119件，无法提供781件，占总数的24%。", "24%"),
    ("共受理政府信息公开申请3119件，不予处理88件，占总数的2%。", "2%"),
    ("共受理政府信息公开申请3119件，其他处理187件，占总数的5.5%。", "5.5%"),
    ("在已经答复的3050件申请中，予以公开1362件，占总数的44.65%。", "44.65%"),
    ("共受理政府信息公开申请3119件，予以公开1362件，占比43.6%。", "43.6%"),
    ("主动公开政府信息5500条，其中规章11条，占总数的2%。", "2%"),
    ("共受理政府信息公开申请3119件，予以公开1362件，占到总数的47%。", "47%"),
    ("共受理政府信息公开申请3119件，予以公开1362件，所占比例为47%。", "47%"),
    ("在已经答复的3050件申请中，其他处理187件，占总数的7%。", "7%"),
]


def prose_findings(sentence: str) -> list[tuple[str, str]]:
    text = with_prose(sentence)
    lines = text.split("\n")
    found = [d for d in lint_text(text) if d.code[0] in "PX"]
    assert all(lines[d.span.line - 1] == sentence for d in found)
    return [(d.code, sentence[d.span.col - 1 : d.span.end_col - 1]) for d in found]


@pytest.mark.parametrize("sentence", TRUE)
def test_true_statements_are_quiet(sentence: str) -> None:
    assert prose_findings(sentence) == []


@pytest.mark.parametrize("sentence", ENUMERATIONS)
def test_lists_that_are_not_parts_of_a_total_are_quiet(sentence: str) -> None:
    assert [d.code for d in lint_text(with_prose(sentence)) if d.code in ("K011", "K012")] == []


@pytest.mark.parametrize("sentence", [
    "本年度共收到申请3119件，其中网上申请2800件，当面申请300件，其他申请20件。",  # 3120, and 其他 claims completeness
    "本年度共收到申请3119件，其中网上申请3200件。",  # a part larger than its total
])
def test_lists_that_are_parts_of_a_total_are_checked(sentence: str) -> None:
    assert [d.code for d in lint_text(with_prose(sentence)) if d.code in ("K011", "K012")] in (["K012"], ["K011"])


@pytest.mark.parametrize("sentence", OTHER_TOPICS)
def test_statements_about_other_things_are_quiet(sentence: str) -> None:
    assert prose_findings(sentence) == []


@pytest.mark.parametrize("sentence,figure", FALSE)
def test_false_statements_are_reported_at_their_figure(sentence: str, figure: str) -> None:
    [(code, covered)] = prose_findings(sentence)
    assert code in ("X001", "P001", "P002") and covered == figure


@pytest.mark.parametrize("share,reported", [("43.7%", False), ("44.7%", False), ("43.2%", False), ("50%", True)])
def test_a_percentage_is_reported_only_when_no_total_fits(share: str, reported: bool) -> None:
    # 1362 of 3119 (受理) is 43.67%, of 3050 (答复) 44.66%, of 3153 (新收 + 结转) 43.20%
    sentence = f"共受理政府信息公开申请3119件；答复政府信息公开申请3050件；予以公开1362件，占{share}。"
    assert prose_findings(sentence) == ([("P001", share)] if reported else [])


def test_blank_cells_are_not_zero_for_text_checks() -> None:
    # 三(一) 予以公开 with a blank 总计: the total is at least the sum of its parts (1362)
    text = with_prose("予以公开1000件。").replace("1288\t21\t0\t0\t50\t3\t1362", "1288\t21\t0\t0\t50\t3\t")
    assert [d.code for d in lint_text(text) if d.code == "X001"] == ["X001"]
    text = with_prose("予以公开1362件。").replace("1288\t21\t0\t0\t50\t3\t1362", "1288\t21\t0\t0\t50\t3\t")
    assert [d.code for d in lint_text(text) if d.code == "X001"] == []


@pytest.mark.parametrize("text,value,low,high,kind,approximate", [
    ("14,730条", 14730, 14730, 14730, "count", False),
    ("1.16亿", 116000000, 115500000, 116500000, "count", False),
    ("2336万", 23360000, 23355000, 23365000, "count", False),
    ("近2336万次", 23360000, None, 23360000, "count", True),
    ("5500余条", 5500, 5500, None, "count", True),
    ("１２３件", 123, 123, 123, "count", False),
    ("二十五件", 25, 25, 25, "count", False),
    ("百分之四十九", 49, Fraction(97, 2), Fraction(99, 2), "percent", False),
    ("49％", 49, Fraction(97, 2), Fraction(99, 2), "percent", False),
    ("33.9%", Fraction(339, 10), Fraction(677, 20), Fraction(679, 20), "percent", False),
    ("1.5‰", Fraction(3, 2), Fraction(29, 20), Fraction(31, 20), "permille", False),
    ("约60%", 60, None, None, "percent", True),
])
def test_number_reader(text: str, value: Fraction, low: Fraction | None, high: Fraction | None, kind: str,
                       approximate: bool) -> None:
    [n] = list(read_numbers(text))
    assert (n.value, n.low, n.high, n.kind, n.approximate) == (value, low, high, kind, approximate)


def test_number_reader_keeps_positions_and_skips_dates_and_list_markers() -> None:
    text = "2014年1月1日，其中1.组织机构30条，规章2.5件"
    assert [(n.text, text[n.start : n.end]) for n in read_numbers(text)] == [("30", "30"), ("2.5", "2.5")]


@pytest.mark.parametrize("numeral,value", [("二十五", 25), ("一千二百", 1200), ("三万五千", 35000), ("两百", 200),
                                           ("十五", 15), ("一百零五", 105), ("二〇二四", 2024),
                                           ("三五", None), ("一两", None), ("万", None)])
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert chinese_numeral(numeral) == value


def _previous_year(tmp_path: Path) -> Path:
    """Last year's report: the 2021 example for 2023, with 2835 new applications."""
    text = with_prose("").replace("2024年", "2023年")
    text = text.replace("3001\t53\t0\t0\t61\t4\t3119", "2717\t53\t0\t0\t61\t4\t2835").replace("\t351\t", "\t300\t")
    path = tmp_path / "2023.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("sentence,expected", [
    ("共受理政府信息公开申请3119件，较上年增长10%。", []),          # (3119 - 2835) / 2835 = 10.02%
    ("共受理政府信息公开申请3119件，较上年增长10.0%。", []),
    ("共受理政府信息公开申请3119件，较上年增加284件。", []),
    ("共受理政府信息公开申请3119件，比去年增长20%。", ["20%"]),
    ("共受理政府信息公开申请3119件，同比下降10%。", ["10%"]),      # it went up
    ("共受理政府信息公开申请3119件，较上年增加300件。", ["300"]),
    ("行政复议案件较上年增长17%。", []),                           # 351 / 300 = +17%
    ("行政复议案件较上年增长27%。", ["27%"]),
    ("共受理政府信息公开申请3119件，其中网上申请2100件，同比增长50%。", []),  # a subset's change
    ("共受理政府信息公开申请3119件，纠错率较上年下降5个百分点。", []),
])
def test_year_on_year(sentence: str, expected: list[str], tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
                      ) -> None:
    report = tmp_path / "2024.txt"
    report.write_text(with_prose(sentence), encoding="utf-8")
    code, out, _ = cli("--format", "json", "--select", "X002", "--previous", str(_previous_year(tmp_path)),
                       str(report))
    found = json.loads(out)["files"][0]["diagnostics"]
    assert code == (1 if expected else 0)
    line = sentence
    assert [line[d["location"]["column"] - 1 : d["location"]["end_column"] - 1] for d in found] == expected


def test_year_on_year_needs_last_years_report(tmp_path: Path) -> None:
    assert prose_findings("共受理政府信息公开申请3119件，比去年增长20%。") == []


def test_a_total_stated_sentences_before_its_part() -> None:
    """Seed 000: 「…发布报道705篇(次)。其中，国家级报刊35篇稿件…其中，主动新闻共发布599篇，占比85.8%」:
    the 其中 refers back to the 705 of the paragraph (599 ÷ 705 = 84.96%); the 35, 217, 372
    and 222 篇 between are smaller than the part, so not its total."""
    text = (CORPUS / "000_16d2a36eddcdf96f.txt").read_text(encoding="utf-8")
    [d] = [d for d in lint_text(text) if d.code == "P001"]
    assert (d.span.line, d.span.col, d.expected) == (66, 221, "85.0%")
    assert [r.label for r in d.related] == ["部分 599", "总数 705"]


PARTS = "本年度主动公开政府信息{total}条，其中市直各单位公开{a}条，占{pa}；各镇{b}条，占{pb}。"


@pytest.mark.parametrize("total,a,pa,b,pb,expected", [
    # the percentages fit 1500 + 1000, not 1200: one finding, about the total
    ("1200", "1500", "60.0%", "1000", "40.0%", [("P003", 2, 12, "2500")]),
    ("2500", "1500", "60.0%", "1000", "40.0%", []),  # they fit the total
    # one of them is off whatever the total: each percentage for itself
    ("2500", "1500", "62.0%", "1000", "40.0%", [("P001", 2, 34, "60.0%")]),
])
def test_parts_against_their_total(total: str, a: str, pa: str, b: str, pb: str,
                                   expected: list[tuple[str, int, int, str]]) -> None:
    text = "一、总体情况\n" + PARTS.format(total=total, a=a, pa=pa, b=b, pb=pb) + "\n"
    assert [(d.code, d.span.line, d.span.col, d.expected) for d in lint_text(text)
            if d.code.startswith("P")] == expected


ONE_LINE_SOURCES = sorted(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("path", ONE_LINE_SOURCES, ids=[p.stem for p in ONE_LINE_SOURCES])
def test_a_page_on_one_line_gets_the_sections_and_percentages_of_its_lines(path: Path) -> None:
    """A report with its line breaks taken out (as crawled pages come): its sections are
    found by the headings in the running text, and the page is cut into passages at them,
    so each percentage takes its total from its own passage, as in the original, never from
    another part of the page. (Its tables cannot be read: the rules that compare text with
    tables stay quiet, and F002 says so.)"""
    text = path.read_text(encoding="utf-8")

    def found(t: str) -> list[tuple[str, str, str]]:
        return [(d.code, d.anchor, d.message) for d in lint_text(t) if d.code.startswith(("P", "S"))]

    assert found("".join(text.split("\n"))) == found(text)


def test_a_page_on_one_line_is_checked_for_its_sections() -> None:
    text = "".join(EXAMPLE_2021.read_text(encoding="utf-8").split("\n"))
    assert codes(lint_text(text)) == ["F002"]  # the tables unread, the six sections found
    lost = text.replace("五、存在的主要问题及改进情况", "")
    [s001] = [d for d in lint_text(lost) if d.code.startswith("S")]
    assert s001.code == "S001" and s001.anchor == "section:problems"
    assert lost[s001.span.col - 1:].startswith("六、其他需要报告的事项")  # pointing at the next section's heading
    swapped = text.replace("五、存在的主要问题及改进情况", "五、其他需要报告的事项X")
    swapped = swapped.replace("六、其他需要报告的事项", "六、存在的主要问题及改进情况")
    assert [d.code for d in lint_text(swapped) if d.code.startswith("S")] == ["S002"]
    # 「四、结转下年度继续办理1…」 is a table row, no heading
    table_rows = text.replace("四、政府信息公开行政复议、行政诉讼情况", "")
    assert [d.anchor for d in lint_text(table_rows) if d.code.startswith("S")] == ["section:appeals"]
