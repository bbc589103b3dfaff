"""Every output format renders the same hand-built findings on a small fixed report: the
snapshots change when a renderer changes, never because a rule was added or a reading
improved. Codes and positions are asserted directly as well."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import lxml.html
import pytest
from syrupy.assertion import SnapshotAssertion
from test_formats import check_code_scanning

from gio_lint import __version__
from gio_lint.input.read import decode
from gio_lint.output import machine_formats, render, writers
from gio_lint.output.outcome import FileOutcome
from gio_lint.rules.diagnostics import Diagnostic, Related
from gio_lint.rules.lint import lint
from gio_lint.structure.model import Span

PATH = "reports/2024-某某局.txt"
REPORT = """某某市某某局2024年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
全年共受理政府信息公开申请12件，其中予以公开10件，占90%。
项目\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计
一、本年新收政府信息公开申请数量\t10\t\t0\t0\t0\t2\t13
"""
ROW = 5
FINDINGS = (
    Diagnostic("P001", "error", "「90%」与计数不符：10 ÷ 12 = 83.33%，按四舍五入应为 83%",
               "「90%」 does not match its counts: 10 ÷ 12 = 83.33%, which rounds to 83%", Span(3, 29, 3, 32),
               related=(Related(Span(3, 14, 3, 16), "总数 12", "total 12"),), expected="83%", found="90%",
               notes=("按四舍五入（half-up）取整",), notes_en=("rounded half up",), anchor="percent:10/90%",
               name="percent-mismatch"),
    Diagnostic("K002", "error",
               "表三「一 本年新收政府信息公开申请数量」行：总计为 13，自然人与五类法人或其他组织之和为 12",
               "表三 row 「一 本年新收政府信息公开申请数量」: 总计 is 13, the applicants add up to 12",
               Span(ROW, 30, ROW, 32), related=(Related(Span(ROW, 18, ROW, 20), "一 × 自然人 = 10"),
                                                Related(Span(ROW, 28, ROW, 29), "一 × 其他 = 2")),
               expected="12", found="13", suggestion="按各项之和，总计应为 12", suggestion_en="the parts imply 12",
               anchor="t3:一 本年新收政府信息公开申请数量", name="t3-row-total"),
    Diagnostic("V002", "warning", "表三中有 1 个单元格空白；空白不等于 0，没有数据时应填 0",
               "表三 has 1 blank cell; blank is not 0, write 0 where there is nothing", Span(ROW, 21, ROW, 21),
               anchor="t3", name="blank-cells"),
    Diagnostic("Y003", "info", "未能从标题、开头或统计期限中读出报告年度",
               "the reporting year could not be read from the title, the opening or the 统计期限", Span(1, 1, 1, 24),
               anchor="year:unknown", name="year-unknown"),
)
UNREADABLE = FileOutcome("reports/损坏的.docx", None,
                         error="reports/损坏的.docx: 不是有效的 Word 文档 (not a Word document)")


def outcomes() -> list[FileOutcome]:
    result = lint(decode(REPORT.encode("utf-8"), PATH), selected=())
    assert result.diagnostics == ()  # no rule ran: the findings are the hand-built ones only
    found = tuple(sorted(FINDINGS, key=Diagnostic.sort_key))
    return [FileOutcome(PATH, replace(result, diagnostics=found)), UNREADABLE]


def test_the_findings_mark_what_they_say() -> None:
    lines = REPORT.split("\n")
    marked = {d.code: lines[d.span.line - 1][d.span.col - 1 : d.span.end_col - 1] for d in FINDINGS}
    assert marked == {"P001": "90%", "K002": "13", "V002": "", "Y003": REPORT.split("\n")[0]}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_human_formats(fmt: str, lang: str, snapshot: SnapshotAssertion) -> None:
    out = render(writers()[fmt], outcomes(), lang)
    heads = re.findall(rf"^{re.escape(PATH)}:(\d+):(\d+): (\w+)", out, re.M)
    assert heads == [("1", "1", "Y003"), ("3", "29", "P001"), ("5", "21", "V002"), ("5", "30", "K002")]
    assert out == snapshot


def test_statistics(snapshot: SnapshotAssertion) -> None:
    out = render(writers()["statistics"], outcomes(), "zh")
    assert [line.split()[:2] for line in out.splitlines()[:4]] == [
        ["1", "K002"], ["1", "P001"], ["1", "V002"], ["1", "Y003"]]
    assert out == snapshot


@pytest.mark.parametrize("fmt", ["json", "json-lines", "sarif", "github", "junit"])
def test_machine_formats(fmt: str, snapshot: SnapshotAssertion) -> None:
    out = machine_formats()[fmt](outcomes(), "zh")
    if fmt in ("json", "sarif"):
        doc = json.loads(out)
        if fmt == "sarif":
            check_code_scanning(doc)
            results = doc["runs"][0]["results"]
            assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
                ("Y003", 1), ("P001", 3), ("V002", 5), ("K002", 5)]
            driver = doc["runs"][0]["tool"]["driver"]
            driver["rules"] = [r for r in driver["rules"] if r["id"] in {r["ruleId"] for r in results}]
            for r in results:
                del r["ruleIndex"]  # changes whenever a rule is added
        else:
            assert [(d["code"], d["location"]["line"], d["location"]["column"])
                    for d in doc["files"][0]["diagnostics"]] == [("Y003", 1, 1), ("P001", 3, 29), ("V002", 5, 21),
                                                                 ("K002", 5, 30)]
        out = json.dumps(doc, ensure_ascii=False, indent=1).replace(__version__, "<version>")
    assert __version__ not in out
    assert out == snapshot


def test_the_html_page_lists_each_finding_and_links_it_to_its_place(snapshot: SnapshotAssertion) -> None:
    page = lxml.html.document_fromstring(machine_formats()["html"](outcomes(), "zh"))
    items = page.find_class("finding")
    assert [(i.get("data-code"), i.get("data-line"), i.get("data-col")) for i in items] == [
        ("Y003", "1", "1"), ("P001", "3", "29"), ("V002", "5", "21"), ("K002", "5", "30")]
    assert lxml.html.tostring(page.find_class("findings")[0], encoding="unicode") == snapshot
