"""The rules on the examples as agencies publish them: a clean report of each format is
quiet, and layouts and values found in real reports (or once reported wrongly) are read as
they are meant. Each rule firing and staying quiet is in rules/cases/ (test_rule_cases.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from conftest import CORPUS, EXAMPLE_2019, EXAMPLE_2021, SAMPLE_2021, codes, lint_text, replace_line

# The 2021 example as the template writes it out (conftest.SAMPLE_2021): the example's words
# and figures, every row the template has.
CLEAN_2021 = SAMPLE_2021
LEGACY_2017 = (CORPUS / "003_3f04eaaf78960c11.txt").read_text(encoding="utf-8")  # all six items, no findings
LEGACY_2011 = (CORPUS / "001_8cc903ddc07bfa89.txt").read_text(encoding="utf-8")  # five 附表; one finding (P001)
# The 2019 example lacks its 规章 row (T002); add it to get a clean 2019 report.
CLEAN_2019 = replace_line(
    EXAMPLE_2019.read_text(encoding="utf-8"),
    r"^规范性文件 \(有规范性文件登记号\)",
    "规章 | 0 | 0 | 0 |\n规范性文件 (有规范性文件登记号) | 3 | 3 | 3 |",
)


def cells(text: str, pattern: str, values: list[str]) -> str:
    """Set the tab-separated cells after the label of the line matching ``pattern``."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if re.search(pattern, line))
    parts = lines[i].split("\t")
    labels = [p for p in parts if p and not re.fullmatch(r"[\d.,]+", p)]
    lines[i] = "\t".join([*labels, *values])
    return "\n".join(lines)


def with_prose(sentence: str) -> str:
    """The clean 2021 report with a sentence of prose under the heading of section 三."""
    heading = "三、收到和处理政府信息公开申请情况"
    return replace_line(CLEAN_2021, f"^{heading}$", f"{heading}\n{sentence}")


T3_NEW = r"^一、本年新收"


@pytest.mark.parametrize("name,text", [("2021", EXAMPLE_2021.read_text(encoding="utf-8")), ("2021-sample", CLEAN_2021),
                                       ("2019", CLEAN_2019), ("2017", LEGACY_2017)])
def test_clean_reports_are_quiet(name: str, text: str) -> None:
    assert lint_text(text) == []


QUIET = [
    # blanks that, read as 0, keep every sum: V002 only, no K100
    ("blank-but-balanced", lambda: cells(CLEAN_2021, r"^3\.要求提供公开出版物", ["", "", "", "", "", "", ""]),
     ["V002"]),
    ("thousands-separators", lambda: cells(CLEAN_2021, T3_NEW, ["3,001", "53", "0", "0", "61", "4", "3,119"]), []),
    ("full-width-digits", lambda: cells(CLEAN_2021, r"^2\.重复申请", ["２５", "0", "0", "0", "0", "0", "２５"]), []),
    ("signed-delta", lambda: CLEAN_2019.replace("| 减4 |", "| -4 |").replace("| 2 | 0 | 590 |", "| 2 | +3 | 590 |"),
     []),
    ("money-with-unit", lambda: CLEAN_2019.replace("政府集中采购 | 0 | 0 |", "政府集中采购 | 6 | 251000元 |"), []),
    ("money-wan-yuan", lambda: CLEAN_2019.replace("政府集中采购 | 0 | 0 |", "政府集中采购 | 6 | 160.5964万元 |"), []),
    ("heading-variant", lambda: CLEAN_2021.replace("四、政府信息公开行政复议、行政诉讼情况",
                                                   "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况"), []),
    ("half-width-punctuation", lambda: CLEAN_2021.replace("（", "(").replace("）", ")").replace("“", '"')
     .replace("”", '"'), []),
    ("trailing-merged-cells", lambda: CLEAN_2019.replace("| 2 | 0 | 0 | 0 | 0 | 0 | 2 | ||",
                                                        "| 2 | 0 | 0 | 0 | 0 | 0 | 2 | | | | |"), []),
]


@pytest.mark.parametrize("name,make,expected", QUIET, ids=[q[0] for q in QUIET])
def test_rules_stay_quiet(name: str, make: Callable[[], str], expected: list[str]) -> None:
    assert codes(lint_text(make())) == expected


BIG = 10**28


def huge(extra: int) -> str:
    """表三 with 29-digit figures that balance (plus ``extra`` on 一 × 自然人 and 总计); the
    paragraph that restates the old figures is cut short."""
    text = replace_line(CLEAN_2021, r"^（二）依申请公开情况", "（二）依申请公开情况。")
    text = cells(text, T3_NEW, [str(BIG + 3001 + extra), "53", "0", "0", "61", "4", str(BIG + 3119 + extra)])
    text = cells(text, r"^（七）总计", [str(BIG + 2932), "53", "0", "0", "61", "4", str(BIG + 3050)])
    return cells(text, r"^3\.其他\t", [str(BIG + 108), "2", "0", "0", "0", "0", str(BIG + 110)])


# Cases found in review: each was once reported wrongly.
REGRESSIONS = [
    # a leading tab would shift 表四 one column right: refuse to assign the cells
    ("t4-leading-blank", lambda: CLEAN_2021.replace("72\t64\t178\t37\t351\t13\t4\t8\t1\t26\t12\t1\t1\t6\t20",
                                                    "\t72\t64\t178\t37\t351\t13\t4\t8\t1\t26\t12\t1\t1\t6\t20\t"),
     ["K100", "T007"]),
    # a one-line 表三 header placing every column: rows with a group label before their own are read in order
    ("t3-one-line-header", lambda: replace_line(replace_line(replace_line(
        CLEAN_2021, r"^（本列数据", "项目\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"),
        r"^自然人\t法人", ""), r"^商业企业\t科研", ""), []),
    # a labelled 表四 row is read, not reported missing
    ("t4-labelled", lambda: CLEAN_2021.replace("72\t64\t178", "案件数\t72\t64\t178"), []),
    # sums beyond 28 digits are still exact: balanced, then one off at the 29th digit
    ("huge-numbers-balanced", lambda: huge(0), []),
    ("huge-numbers-off-by-one", lambda: huge(1), ["K001", "K001"]),
    # text in the first value cell is a value (V001), not the row's label
    ("text-in-value-cell", lambda: CLEAN_2021.replace("行政强制\t88283", "行政强制\t无"), ["V001"]),
    # a row of blanks whose label is also a column label (总计) is a row, not a header
    ("blank-total-row", lambda: cells(CLEAN_2021, r"^（七）总计", ["", "", "", "", "", "", ""]),
     ["K100", "K100", "V002"]),
    # another table in section 三 with a 总计 row does not join 表三
    ("unrelated-table", lambda: replace_line(
        CLEAN_2021, r"^四、政府信息公开行政复议",
        "附：申请方式\n申请方式\t件数\n网上申请\t2\n总计\t2\n四、政府信息公开行政复议、行政诉讼情况"), []),
    # Arabic caption numbers and another label-column header
    ("arabic-caption", lambda: CLEAN_2021.replace("第二十条第（五）项", "第20条第(5)项").replace(
        "信息内容\t本年制发件数", "项目\t本年制发件数"), []),
    # a caption with no table under it is not lost: its table is unreadable, not missing
    ("caption-without-table", lambda: replace_line(replace_line(CLEAN_2021, r"^信息内容\t本年处理决定数量$", ""),
                                                   r"^行政许可\t", "行政许可447228"), ["F001"]),
    # minus signs and invisible characters
    ("unicode-minus", lambda: CLEAN_2019.replace("| 减4 |", "| \u22124 |").replace("| 64 | 0 |", "| 64 | 0\u200b |"),
     ["F006"]),  # the zero-width space is reported, and does not break the number it follows
    # a long paragraph that mentions 之一、 is not a page run together
    ("long-paragraph", lambda: CLEAN_2021.replace("2024年，市政府严格落实", "统一、唯一、之一、" + "文" * 1600), []),
    # a year in a publication date before the title is not the reporting year
    ("date-before-title", lambda: "发布时间：2025年1月20日\n" + CLEAN_2021, []),
    # 统计 followed by a date that is not the statistics period
    ("other-statistics-date", lambda: CLEAN_2021.replace(
        "2024年，市政府严格落实", "依据统计法规定，2020年1月1日起施行。2024年，市政府严格落实"), []),
]


@pytest.mark.parametrize("name,make,expected", REGRESSIONS, ids=[r[0] for r in REGRESSIONS])
def test_review_regressions(name: str, make: Callable[[], str], expected: list[str]) -> None:
    assert codes(lint_text(make())) == expected


def test_a_blank_part_is_labelled_in_both_languages() -> None:
    """A 附表 total whose parts exceed it with one part blank: the blank part is named as
    blank in Chinese and in English, the others by their value in both."""
    text = LEGACY_2011.replace("\n498 |\n", "\n600 |\n").replace("传真申请数 |\n条 |\n3 |\n", "传真申请数 |\n条 |\n|\n")
    (k010,) = [d for d in lint_text(text) if d.code == "K010"]
    assert (k010.span.line, k010.span.col) == (62, 1)
    labels = {r.label: r.label_en or r.label for r in k010.related}
    assert labels["传真申请数 = （空白）"] == "传真申请数 = (blank)"
    assert labels["当面申请数 = 600"] == "当面申请数 = 600"
