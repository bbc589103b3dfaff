"""What gio-lint says about each real report of the corpus, and why."""

from __future__ import annotations

from conftest import CORPUS

from gio_lint.input.read import read
from gio_lint.rules.context import Context
from gio_lint.rules.kinds.percent import evaluate
from gio_lint.rules.lint import lint
from gio_lint.rules.rulebook import find_rule, load_rules


def findings(name: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.col) for d in lint(read(str(CORPUS / name))).diagnostics]


def percentages(name: str) -> list[tuple[str, str, str, bool]]:
    """(part, base, stated, holds) of every percentage statement read in a report."""
    result = lint(read(str(CORPUS / name)))
    ctx = Context(result.report, None, None, None, result.years, None, load_rules())
    rule = find_rule("P001")
    assert rule is not None
    return [(c.part.number.text, c.base.text, c.pct.number.text, c.rounds) for c in evaluate(rule, ctx)]


def test_seed_001_reports_the_5_percent_and_nothing_else() -> None:
    assert [f for f in findings("001_8cc903ddc07bfa89.txt") if f[0][0] == "P"] == [("P001", 22, 202)]
    read_ = percentages("001_8cc903ddc07bfa89.txt")
    assert ("43", "766", "5%", False) in read_ and sum(1 for *_, holds in read_ if holds) == 7


def test_seed_000_reads_every_percentage_and_each_holds() -> None:
    assert percentages("000_16d2a36eddcdf96f.txt") == [
        ("225", "14,730", "1.53%", True), ("0", "14,730", "0%", True), ("14,117", "14,730", "95.84%", True),
        ("599", "705", "85.8%", False),  # 「报道705篇(次)…其中…599篇，占比85.8%」: 84.96%
        ("38", "77", "49%", True), ("8", "77", "10%", True), ("2", "77", "3%", True), ("5", "77", "6%", True),
        ("11", "77", "14%", True), ("11", "77", "14%", True), ("2", "77", "3%", True),
    ]
    assert [f for f in findings("000_16d2a36eddcdf96f.txt") if f[0][0] in "PX"] == [("P001", 66, 221)]


def test_shanghai_prose_against_its_tables() -> None:
    found = findings("2019-shanghai-office-tabs.txt")
    assert [f for f in found if f[0] == "X001"] == [("X001", 14, 114), ("X001", 14, 155)]  # 258 vs 275, 265 vs 337
    # 「占33.9%」 fits neither 859 受理 nor 805 答复; 「占4.34%」 fits 805 only truncated
    assert [f[:2] for f in found if f[0][0] == "P"] == [("P001", 14), ("P002", 14)]
    # 「行政复议7件，诉讼9件，均获维持」, while 表四 has 2 reviews and 1 suit still pending
    assert [f for f in found if f[0] == "X003"] == [("X003", 14, 197)]


def enumerations(name: str) -> list[tuple[str, str, list[str]]]:
    """(source, total, parts) of every total with parts the report lists."""
    from gio_lint.prose.enumerations import prose_enumerations, table_enumerations, words_for
    from gio_lint.rules.rulebook import find_rule
    from gio_lint.structure.layout import build_report

    rule = find_rule("K012")
    assert rule is not None
    words = words_for(tuple(rule.params["units"]), tuple(rule.params["change_words"]))
    report = build_report(name, (CORPUS / name).read_text(encoding="utf-8"))
    return [(e.source, str(e.total.value), [str(p.value) for p in e.parts])
            for e in table_enumerations(report) + prose_enumerations(report, words)]


LEGACY = ["000_16d2a36eddcdf96f.txt", "001_8cc903ddc07bfa89.txt", "002_eaf82badb4e235a2.txt",
          "003_3f04eaaf78960c11.txt", "2017-pingtan-crawler-oneline.txt"]


def test_no_table_rule_of_the_2019_or_2021_format_fires_before_2019() -> None:
    for name in LEGACY:
        result = lint(read(str(CORPUS / name)))
        assert result.template is not None and result.template.id == "legacy"
        table_rules = ("K001", "K002", "K003", "K004")
        assert not [d.code for d in result.diagnostics if d.code[0] in "TV" or d.code in table_rules]


def test_seed_002_lacks_fees_and_appeals_and_nothing_else_structural() -> None:
    assert [(c, line) for c, line, _ in findings("002_eaf82badb4e235a2.txt")] == [("S003", 1), ("S003", 1)]
    messages = [d.message for d in lint(read(str(CORPUS / "002_eaf82badb4e235a2.txt"))).diagnostics]
    assert "收费及减免" in messages[1] and "行政复议" in messages[0]


def test_seed_003_has_all_six_items_and_its_sums_hold() -> None:
    result = lint(read(str(CORPUS / "003_3f04eaaf78960c11.txt")))
    assert result.match is not None
    assert {s.spec.id for s in result.match.sections} == {"active", "requests", "fees", "appeals", "problems", "other"}
    assert result.diagnostics == ()
    assert ("prose", "864", ["1", "5", "41", "817"]) in enumerations("003_3f04eaaf78960c11.txt")
    assert ("prose", "25", ["14", "11"]) in enumerations("003_3f04eaaf78960c11.txt")


def test_seed_000_reads_its_four_annex_tables_and_their_sums_hold() -> None:
    result = lint(read(str(CORPUS / "000_16d2a36eddcdf96f.txt")))
    assert len(result.report.tables()) == 4
    assert [e for e in enumerations("000_16d2a36eddcdf96f.txt") if e[0] == "table"] == [
        ("table", "14730", ["30", "0", "16", "191", "369", "0", "4", "2", "0", "1", "14117"]),
        ("table", "77", ["28", "19", "30", "0", "0"]),
        ("table", "77", ["38", "0", "8", "2", "16", "0", "11", "2"]),
    ]
    # no word on fees anywhere in the report; and the 85.8% of 705
    assert [c for c, *_ in findings("000_16d2a36eddcdf96f.txt")] == ["S003", "P001"]


def test_seed_001_reads_its_five_annex_tables_and_their_sums_hold() -> None:
    result = lint(read(str(CORPUS / "001_8cc903ddc07bfa89.txt")))
    assert len(result.report.tables()) == 5
    found = enumerations("001_8cc903ddc07bfa89.txt")
    assert ("table", "766", ["498", "3", "13", "220", "28", "4"]) in found
    assert ("table", "766", ["427", "44", "7", "79", "66", "85", "7", "15", "36"]) in found
    assert ("table", "15", ["15", "None", "None", "None", "None", "None"]) in found
    assert ("table", "2", ["1", "1"]) in found
    assert [c for c, *_ in findings("001_8cc903ddc07bfa89.txt")] == ["P001"]


def test_legacy_prose_is_checked_against_its_annex_tables() -> None:
    from conftest import lint_text

    seed_001 = (CORPUS / "001_8cc903ddc07bfa89.txt").read_text(encoding="utf-8")
    seed_000 = (CORPUS / "000_16d2a36eddcdf96f.txt").read_text(encoding="utf-8")
    changed = [
        (seed_001.replace("受理政府信息公开申请766件", "受理政府信息公开申请767件"), (19, "767")),  # 附表: 766
        (seed_000.replace("“同意公开”的38件", "“同意公开”的39件"), (75, "39")),
        (seed_000.replace("行政复议案3件", "行政复议案4件"), (95, "4")),
    ]
    for text, (line, figure) in changed:
        found = [(d.span.line, text.split("\n")[d.span.line - 1][d.span.col - 1 : d.span.end_col - 1])
                 for d in lint_text(text) if d.code == "X001"]
        assert found == [(line, figure)]
    # a running total is not this year's figure: 「累计主动公开政府信息15506条」 stays quiet
    assert [d for d in lint_text(seed_001) if d.code == "X001"] == []


def test_huaian_pdftotext_tables_are_read_and_every_sum_checked() -> None:
    result = lint(read(str(CORPUS / "2024-huaian-city-pdftotext.txt")))
    assert result.match is not None and result.template is not None and result.template.id == "2021"
    sizes = {k: len(v.cells) for k, v in result.match.tables.items()}
    assert sizes == {"t2_1": 6, "t2_5": 1, "t2_6": 2, "t2_8": 1, "t3": 25 * 7, "t4": 15}
    t3 = result.match.tables["t3"]
    assert t3.cell("partial", "total") is not None and t3.cell("partial", "total").text == "454"  # a wrapped label
    assert t3.cell("other_no_fee", "natural") is not None and t3.cell("other_no_fee", "natural").text == "6"
    assert result.diagnostics == ()  # every sum holds: nothing unchecked (no K100)


def test_legacy_items_mentioned_in_a_sentence_count() -> None:
    from conftest import lint_text

    seed_002 = (CORPUS / "002_eaf82badb4e235a2.txt").read_text(encoding="utf-8")
    told = seed_002.replace("五、存在问题和下步工作打算",
                            "本厅提供政府信息均免费。未发生因政府信息公开引起的复议、诉讼案件。\n五、存在问题和下步工作打算")
    assert [d.code for d in lint_text(told)] == []
    assert [d.code for d in lint_text(seed_002)] == ["S003", "S003"]


def test_a_finding_about_the_whole_report_points_at_its_title_not_the_page_above_it() -> None:
    """Seed 000 is a crawled page: 「政府信息公开 规章库」 (the site's navigation) comes first,
    the title on line 7. The missing 收费 item (S003, true: no heading or sentence mentions
    fees) points at the title."""
    s003 = [f for f in findings("000_16d2a36eddcdf96f.txt") if f[0] == "S003"]
    assert s003 == [("S003", 7, 1)]
    assert (CORPUS / "000_16d2a36eddcdf96f.txt").read_text(encoding="utf-8").split("\n")[6].startswith(
        "名称: 2014年广州市人力资源和社会保障局政府信息公开年度报告")
