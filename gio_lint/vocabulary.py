"""The words reports are written in, named once, for every stage that reads them (how a
report numbers its headings is numbering.py's). What a rule checks is data in rules/; this
is how reports are worded, which the stages before the rules need to read them at all."""

from __future__ import annotations

# what a report's title calls it: 「…2019年政府信息公开工作年度报告」, 「…年报」
REPORT_NAMES = "年度报告|年报|工作报告"
# the words of a title every report's has, around the agency's name
REPORT_WORDS = r"(?:政府信息公开|信息公开|政务公开)?(?:年度)?(?:工作)?(?:年度)?(?:年报|报告)"
# what follows 统计 when a report states its statistics period: 「统计期限自2019年1月1日」
PERIOD_WORDS = "期限|周期|时限|时间|区间|相关数据|数据"
# measure words after a count in prose: 「766件」「12条」「3人次」
MEASURE_WORDS = "件|条|个|项|次|人|份|期|篇|场|家|名"
# the units a percentage's part and its total share (「其中…5件，占…」 looks back for a total in 件):
# counts of things a report enumerates, not of people or issues of a publication
SHARED_UNITS = "人次|件|条|项|个|次|篇"
