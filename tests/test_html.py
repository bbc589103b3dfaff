"""The HTML page (`--format html`): every finding of the other formats is on it, each
highlighted where it is in the report as read (a table's cell, a sentence), its tables
drawn with the official form's merged cells, everything from the report escaped, nothing
fetched from the network."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from conftest import EXAMPLE_2019, EXAMPLE_2021, SAMPLE_2021
from official_form import wrong_sum_drafts

pytest.importorskip("docx")
pytest.importorskip("reportlab")

Page = lxml.html.HtmlElement
Cli = Callable[..., tuple[int, str, str]]


def page_of(cli: Cli, tmp_path: Path, *args: str) -> Page:
    out = tmp_path / "out.html"
    code, _, err = cli("--format", "html", "-o", str(out), *args)
    assert code in (0, 1) and not err, err
    return lxml.html.document_fromstring(out.read_text(encoding="utf-8"))


def findings_of(cli: Cli, *args: str) -> list[tuple[str, int, int]]:
    doc = json.loads(cli("--format", "json", *args)[1])
    return [(d["code"], d["location"]["line"], d["location"]["column"]) for f in doc["files"] for d in f["diagnostics"]]


def placed(page: Page, item: Page) -> Page:
    """The element a finding's 「在报告中查看」 link goes to."""
    [link] = item.find_class("goto")
    target = link.get("href")
    assert target.startswith("#")
    [element] = page.xpath(f"//*[@id='{target[1:]}']")
    return element


@pytest.fixture(scope="module")
def wrong_t3(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 2021 form with 表三「（一）予以公开」 × 商业企业 made 9: 总计 1362 no longer adds
    up (K002) and the 总计 row's 商业企业 neither (K003), in Word and PDF."""
    return wrong_sum_drafts(tmp_path_factory.mktemp("t3"))


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_sum_that_does_not_add_up_is_marked_on_its_cell(cli: Cli, tmp_path: Path, wrong_t3: dict[str, Path],
                                                          kind: str) -> None:
    page = page_of(cli, tmp_path, str(wrong_t3[kind]))
    items = page.find_class("finding")
    assert [(i.get("data-code"), i.get("data-line"), i.get("data-col")) for i in items] == [
        (code, str(line), str(col)) for code, line, col in findings_of(cli, str(wrong_t3[kind]))]
    [k002] = [i for i in items if i.get("data-code") == "K002"]
    where = k002.find_class("where")[0].text_content()
    assert where.startswith("原文档中的位置：") and "表" in where and f"第 {k002.get('data-line')} 行" not in where
    cell = placed(page, k002)
    assert cell.tag == "td" and cell.text == "1362" and {"at", "sev-error"} <= set(cell.classes)
    assert "三(一) 予以公开 × 总计" in cell.get("title")
    assert cell.xpath(".//a[@class='badge sev-error']/@href") == [f"#{k002.get('id')}"]  # and back to the list
    row = cell.getparent()
    related = [c.text for c in row if "rel" in c.classes]
    assert related == ["1288", "9", "0", "0", "50", "3"]  # the terms of the sum, dashed
    assert "三(一) 予以公开 × 商业企业 = 9" in row[related.index("9") - len(related) - 1].get("title")


def test_tables_are_drawn_with_the_forms_merged_cells(cli: Cli, tmp_path: Path, wrong_t3: dict[str, Path]) -> None:
    page = page_of(cli, tmp_path, str(wrong_t3["docx"]))
    t3 = next(f for f in page.xpath("//figure") if "表三" in f.findtext("figcaption/span"))
    header = t3.xpath(".//tr[1]/th")
    assert [(h.text, h.get("colspan"), h.get("rowspan")) for h in header][1] == ("申请人情况", "7", None)
    results = next(h for h in t3.xpath(".//th") if (h.text or "").startswith("三、本年度办理结果"))
    assert int(results.get("rowspan")) == 22  # 三、 merged down its 22 rows of results, as the form merges it
    t4 = next(f for f in page.xpath("//figure") if "表四" in f.findtext("figcaption/span"))
    assert [(h.text, h.get("colspan")) for h in t4.xpath(".//tr[1]/th")] == [("行政复议", "5"), ("行政诉讼", "10")]
    assert t4.xpath(".//tr[3]/th/text()")[:2] == ["结果维持", "结果纠正"]  # the second level under 行政诉讼's halves
    facts = dict(zip(page.xpath("//dl/dt/text()"), [dd.text_content() for dd in page.xpath("//dl/dd")], strict=True))
    assert facts["报告年度"] == "2024" and "2021年格式" in facts["模板"] and "表三" in facts["读到的表格"]


def test_every_finding_of_a_text_report_is_in_place(cli: Cli, tmp_path: Path) -> None:
    text = EXAMPLE_2021.read_text(encoding="utf-8")
    report = tmp_path / "2024-huaian-city.txt"
    report.write_text(text.replace("\t3119\n", "\t3120\n", 1), encoding="utf-8")  # 表三's 总计 of 一、本年新收
    page = page_of(cli, tmp_path, str(report))
    items = page.find_class("finding")
    assert len(items) == len(findings_of(cli, str(report))) >= 2
    for item in items:
        element = placed(page, item)
        assert element.xpath("ancestor::div[@class='report']")
        line = int(item.get("data-line"))
        holder = element.xpath("ancestor-or-self::*[@data-line][1]")[0]
        assert int(holder.get("data-line")) <= line
    marks = {i.get("data-code"): placed(page, i) for i in items}
    assert marks["X001"].tag == "mark" and marks["X001"].text == "3119"  # the sentence's number, not the block
    # a table written as text is drawn as its template lays it out, the values as read
    assert marks["K002"].tag == "td" and marks["K002"].text == "3120"
    assert marks["K002"].get("title").startswith("一 本年新收政府信息公开申请数量 × 总计")
    t3 = marks["K002"].xpath("ancestor::figure")[0]
    assert "drawn" in t3.classes and [th.text_content() for th in t3.xpath(".//tr[1]/th")][1:] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert [r.xpath("th/text()")[0] for r in t3.xpath(".//tr")[1:4]] == [
        "一 本年新收政府信息公开申请数量", "二 上年结转政府信息公开申请数量", "三(一) 予以公开"]


def test_what_the_report_says_is_shown_as_text(cli: Cli, tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = EXAMPLE_2019.read_text(encoding="utf-8")
    text = text.replace("规范性文件 (有规范性文件登记号)", f"规范性文件{hostile}", 1)
    text = text.replace("一、概述", f"一、概述{hostile}", 1)
    report = tmp_path / f"a{hostile[:8]}.txt"
    report.write_text(text, encoding="utf-8")
    out = tmp_path / "out.html"
    cli("--format", "html", "-o", str(out), str(report))
    raw = out.read_text(encoding="utf-8")
    assert "<script" not in raw and "<img" not in raw and "&lt;script&gt;" in raw
    page = lxml.html.document_fromstring(raw)
    assert page.xpath("//*[@src or @onerror]") == [] and not page.xpath("//link | //iframe | //object")
    assert all(href.startswith("#") for href in page.xpath("//a/@href"))  # nothing leaves the page
    assert any(hostile in (e.text_content() or "") for e in page.xpath("//th | //td | //p | //h4"))


def test_a_missing_row_is_drawn_where_the_template_has_it(cli: Cli, tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(EXAMPLE_2019.read_text(encoding="utf-8"), encoding="utf-8")
    page = page_of(cli, tmp_path, str(report))
    [t002] = page.xpath("//li[@data-code='T002']")
    row = placed(page, t002)  # the row the report lacks, drawn where the template has it
    assert row.tag == "tr" and row.xpath("th/text()") == ["规章（缺）"] and {"at", "sev-error"} <= set(row.classes)
    assert row.xpath("td/text()") == ["—", "—", "—"] and row.xpath("td[@class='rowmark']/a/@href") == ["#f0-1"]
    after = row.getnext()  # the row the finding's line is on stays as it is
    assert after.xpath("th/text()") == ["规范性文件"] and "at" not in after.classes


def test_english_and_a_folder_of_reports(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(EXAMPLE_2019.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(SAMPLE_2021, encoding="utf-8")
    (tmp_path / "c.docx").write_bytes(b"not a zip")
    out = tmp_path / "out" / "run.html"
    out.parent.mkdir()
    code, _, err = cli("--format", "html", "--lang", "en", "-o", str(out), "--jobs", "1", str(tmp_path))
    assert code == 2 and "c.docx" in err
    page = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    assert page.get("lang") == "en" and page.findtext(".//h1").startswith("Government information")
    rows = page.xpath("//table[@class='files']/tbody/tr")
    assert [r.xpath("td[1]/a/@href")[0] for r in rows] == ["#f0", "#f1", "#f2"]
    assert [Path(r.findtext("td[1]/a")).name for r in rows] == ["a.txt", "b.txt", "c.docx"]
    assert rows[0].xpath("td[3]/text()") == ["1"] and rows[1].xpath("td[3]/text()") == ["0"]
    assert "unreadable" in rows[2].classes and page.find_class("unreadable-file")
    [t002] = page.xpath("//section[@id='f0']//li[@data-code='T002']")
    assert "lacks the row" in t002.findtext("div/span[@class='msg']")
    assert page.xpath("//article[@id='rule-T002']") and page.xpath("//section[@id='f1']//p[@class='clean']")


def test_findings_spooled_for_the_pairing_pass_come_back_whole() -> None:
    from gio_lint.output.html import _dumped, _loaded
    from gio_lint.rules.diagnostics import Diagnostic, Related
    from gio_lint.structure.model import Span

    d = Diagnostic("Y010", "error", "结转不符", "carry-over", Span(30, 18, 30, 20),
                   (Related(Span(1, 2, 1, 3), "三(一) × 自然人 = 2", "3(1) × natural = 2"),), "34", "30",
                   "改为 34", "make it 34", ("注一",), ("note one",), "t3/forwarded/natural")
    assert _loaded(_dumped((d, d._replace(related=(), expected=None)))) == (d, d._replace(related=(), expected=None))
