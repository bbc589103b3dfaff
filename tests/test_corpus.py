"""What gio-lint says about each real report of the corpus, and why."""

from __future__ import annotations

from conftest import CORPUS

from gio_lint.context import Context
from gio_lint.kinds.percent import evaluate
from gio_lint.lint import lint
from gio_lint.read import read
from gio_lint.ruleset import find_rule, load_rules


def findings(name: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.col) for d in lint(read(str(CORPUS / name))).diagnostics]


def percentages(name: str) -> list[tuple[str, str, str, bool]]:
    """(part, base, stated, holds) of every percentage statement read in a report."""
    result = lint(read(str(CORPUS / name)))
    ctx = Context(result.report, None, None, None, result.years, None, load_rules())
    rule = find_rule("P001")
    assert rule is not None
    return [(c.part.number.text, c.base.number.text, c.pct.number.text, c.rounds) for c in evaluate(rule, ctx)]


def test_seed_001_reports_the_5_percent_and_nothing_else() -> None:
    assert [f for f in findings("001_8cc903ddc07bfa89.txt") if f[0][0] == "P"] == [("P001", 22, 202)]
    read_ = percentages("001_8cc903ddc07bfa89.txt")
    assert ("43", "766", "5%", False) in read_ and sum(1 for *_, holds in read_ if holds) == 7


def test_seed_000_reads_every_percentage_and_each_holds() -> None:
    assert percentages("000_16d2a36eddcdf96f.txt") == [
        ("225", "14,730", "1.53%", True), ("0", "14,730", "0%", True), ("14,117", "14,730", "95.84%", True),
        ("38", "77", "49%", True), ("8", "77", "10%", True), ("2", "77", "3%", True), ("5", "77", "6%", True),
        ("11", "77", "14%", True), ("11", "77", "14%", True), ("2", "77", "3%", True),
    ]
    assert [f for f in findings("000_16d2a36eddcdf96f.txt") if f[0][0] in "PX"] == []


def test_shanghai_prose_against_its_tables() -> None:
    found = findings("2019-shanghai-office-tabs.txt")
    assert [f for f in found if f[0] == "X001"] == [("X001", 14, 114), ("X001", 14, 155)]  # 258 vs 275, 265 vs 337
    # its percentages are taken of 859 受理 or of 805 答复: the base is ambiguous, so they stay quiet
    assert [f for f in found if f[0][0] == "P"] == []
