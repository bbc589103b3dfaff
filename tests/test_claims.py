"""X003: statements in words that the tables decide (rules/claims.toml, kind claim)."""

from __future__ import annotations

import pytest
from conftest import lint_text
from test_rules import CLEAN_2021, cells, with_prose

T4 = r"^72\t64\t178\t37\t351"  # the 2021 example's 表四: every column more than 0
EXAMPLE_T4 = ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]
REVIEW_UPHELD_ONLY = ["72", "0", "0", "0", "72", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]
ALL_UPHELD = ["72", "0", "0", "0", "72", "13", "0", "0", "0", "13", "12", "0", "0", "0", "12"]
NONE = ["0"] * 15


def x003(text: str) -> list[tuple[str, int, list[str]]]:
    """Each X003: the line it is on, its column, and the labels of the cells it names."""
    lines = text.split("\n")
    return [(lines[d.span.line - 1], d.span.col, [r.label for r in d.related])
            for d in lint_text(text) if d.code == "X003"]


def t4(*columns: str) -> list[str]:
    """The example's 表四 cells of these columns, as a finding names them."""
    values = dict(zip([f"{group} {c}" for group in ("行政复议", "未经复议直接起诉", "复议后起诉")
                       for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")],
                      EXAMPLE_T4, strict=True))
    return [f"案件数 × {c} = {values[c]}" for c in columns]


NOT_UPHELD = [f"{group} {c}" for group in ("行政复议", "未经复议直接起诉", "复议后起诉")
              for c in ("结果纠正", "其他结果", "尚未审结")]
DENIED = ["三(三)1 属于国家秘密 × 总计 = 2", "三(三)2 其他法律行政法规禁止公开 × 总计 = 31",
          "三(三)3 危及三安全一稳定 × 总计 = 5", "三(三)4 保护第三方合法权益 × 总计 = 6",
          "三(三)5 属于三类内部事务信息 × 总计 = 8", "三(三)6 属于四类过程性信息 × 总计 = 12",
          "三(三)7 属于行政执法案卷 × 总计 = 9", "三(三)8 属于行政查询事项 × 总计 = 105"]


@pytest.mark.parametrize("sentence,col,named", [
    ("本年度行政复议、行政诉讼案件均获维持。", 6, t4(*NOT_UPHELD)),
    ("被申请行政复议72件，均获维持。", 6, t4(*NOT_UPHELD[:3])),
    ("行政诉讼案件全部维持。", 3, t4(*NOT_UPHELD[3:])),
    ("全年未发生因政府信息公开引起的行政复议、行政诉讼案件。", 3, t4("行政复议 总计", "未经复议直接起诉 总计",
                                                                  "复议后起诉 总计")),
    ("本年度没有行政诉讼。", 4, t4("未经复议直接起诉 总计", "复议后起诉 总计")),
    ("无行政复议案件。", 1, t4("行政复议 总计")),
    ("收到的申请均予以公开。", 4, DENIED),
])
def test_each_claim_fires_against_its_cells(sentence: str, col: int, named: list[str]) -> None:
    assert x003(with_prose(sentence)) == [(sentence, col, named)]


@pytest.mark.parametrize("sentence,row", [
    ("本年度行政复议、行政诉讼案件均获维持。", ALL_UPHELD),
    ("被申请行政复议72件，均获维持。", REVIEW_UPHELD_ONLY),  # litigation is not what it speaks of
    ("全年未发生因政府信息公开引起的行政复议、行政诉讼案件。", NONE),
    ("上年行政复议案件均获维持。", None),  # another year
    ("2023年行政复议案件均获维持。", None),
    ("未发生因政府信息公开被行政复议纠错的情况。", None),  # not a claim of no reviews
    ("行政复议维持率100%。", None),
    ("主动公开的文件全部予以公开。", None),  # not about applications
])
def test_claims_that_hold_or_are_not_claims_stay_quiet(sentence: str, row: list[str] | None) -> None:
    text = with_prose(sentence)
    assert x003(text if row is None else cells(text, T4, row)) == []


def test_a_blank_cell_is_not_a_zero_nor_more_than_zero() -> None:
    blank_pending = ["72", "0", "0", "", "72", *ALL_UPHELD[5:]]
    text = cells(with_prose("行政复议案件均获维持。"), T4, blank_pending)
    assert x003(text) == []
    assert x003(cells(with_prose("行政复议案件均获维持。"), T4, ["72", "0", "", "3", "75", *ALL_UPHELD[5:]])) == [
        ("行政复议案件均获维持。", 3, ["案件数 × 行政复议 尚未审结 = 3"])]


def test_the_clean_example_is_quiet() -> None:
    assert x003(CLEAN_2021) == []
