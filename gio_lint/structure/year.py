"""The reporting year, as the title, the opening and the statistics period state it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gio_lint.structure.fold import fold
from gio_lint.structure.model import Report, Span
from gio_lint.vocabulary import PERIOD_WORDS, REPORT_NAMES, REPORT_WORDS

# 「2019年…年度报告」 with no other year in between (a title may wrap onto a second line).
_TITLE = re.compile(rf"(\d{{4}})\s*年度?(?:(?!\d{{4}}\s*年)[^。]){{0,40}}?(?:{REPORT_NAMES})")
# 「统计期限自2019年1月1日」: the period's own words must be there, not any 统计 + a date.
_PERIOD = re.compile(rf"统计(?:{PERIOD_WORDS})[^。；\d]{{0,12}}?(\d{{4}})\s*年\s*1\s*月\s*1\s*日")
_TITLE_LINES = 12
_AGENCY_KEY = 40  # characters of the title kept as the agency's key
_AGENCY_TEXT = 400  # characters of the title line read for it


@dataclass(frozen=True)
class YearMention:
    year: int
    span: Span
    where: str
    where_en: str


@dataclass(frozen=True)
class Years:
    title: YearMention | None
    period: YearMention | None

    @property
    def year(self) -> int | None:
        first = self.title or self.period
        return first.year if first else None


def _span(text: str, start: int, end: int) -> Span:
    """The span of ``text[start:end]`` (on one line)."""
    line_start = text.rfind("\n", 0, start) + 1
    line = text.count("\n", 0, line_start) + 1
    return Span(line, start - line_start + 1, line, end - line_start + 1)


def _line_start(text: str, number: int) -> int:
    """Where line ``number`` starts (the last line, when there are fewer)."""
    pos = 0
    for _ in range(number - 1):
        after = text.find("\n", pos)
        if after < 0:
            return pos
        pos = after + 1
    return pos


_REPORT_WORDS = re.compile(REPORT_WORDS)


def agency(report: Report, years: Years) -> str:
    """Who the report is by, as a matching key: its title without the year and the words
    every report's title has (「2019年上海市人民政府办公厅政府信息公开工作年度报告」 →
    上海市人民政府办公厅). Empty when there is no title."""
    if years.title is None:
        return ""
    span = years.title.span
    line = report.line(span.line)
    rest = line[: span.col - 1] + re.sub(r"^\s*年度?", "", line[span.end_col - 1 :])
    # the key is its first 40 characters: of a long line (a page on one line), only the
    # start is folded, unless that leaves too few (a line of punctuation)
    key = fold(_REPORT_WORDS.sub("", rest[:_AGENCY_TEXT]))
    if len(key) <= _AGENCY_KEY + 20 and len(rest) > _AGENCY_TEXT:
        key = fold(_REPORT_WORDS.sub("", rest))
    return key[:_AGENCY_KEY]


def read_years(report: Report) -> Years:
    text = report.text
    first_h1 = next((h.span.line for h in report.headings(1)), len(report.lines) + 1)
    head_end = _line_start(text, min(first_h1, _TITLE_LINES + 1)) if "\n" in text else len(text)
    title = None
    m = _TITLE.search(text, 0, max(head_end, min(len(text), 400)))
    if m:
        span = _span(text, m.start(1), m.end(1))
        title = YearMention(int(m.group(1)), span, "标题或开头", "the title or opening")
    period = None
    p = _PERIOD.search(text)
    if p:
        period = YearMention(int(p.group(1)), _span(text, p.start(1), p.end(1)), "统计期限",
                             "the statistics period")
    return Years(title, period)


