"""Every rule fires on a report that breaks it, at the right place, and stays quiet on one
that keeps it: the cases in rules/cases/, one file per rule, run here and by
`gio-lint test-rules DIR` for an agency's rule folder."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT

from gio_lint.rules.cases import Case, Finding, Outcome, load_cases, run_case
from gio_lint.rules.rulebook import load_rules
from gio_lint.tomlload import DataError

Cli = Callable[..., tuple[int, str, str]]
CASES_DIR = ROOT / "rules" / "cases"
CASES = [case for path in sorted(CASES_DIR.glob("*.toml")) for case in load_cases(path)]

# Rules a case file cannot show, each fired in a test of its own.
FIRED_ELSEWHERE = {"T011": "test_published_tables.py::test_spans_that_disagree_with_the_header (needs a grid)",
                   "F004": "test_hostile.py::test_a_file_past_the_limit_is_not_read (needs a size limit)",
                   "F005": "test_hostile.py::test_mixed_encodings (needs bytes that are not UTF-8)",
                   "F007": "test_hostile.py::test_lone_surrogates (needs bytes that are not UTF-8)",
                   "F008": "test_hardening.py::test_a_backtracking_rule_pattern_is_stopped_and_said (needs a bad rule)"}


def _shown(findings: tuple[Finding, ...]) -> list[str]:
    return [f"{f.code} {f.anchor} {f.at!r}" for f in sorted(findings)]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule_case(case: Case) -> None:
    outcome = run_case(case, load_rules())
    assert outcome.passed, f"{case.about}\nexpected {_shown(case.expect)}\nfound    {_shown(outcome.found)}"


def test_every_rule_has_a_case_that_fires_and_one_that_stays_quiet() -> None:
    codes = {r.code for r in load_rules()}
    files = {c.path.stem for c in CASES}
    assert files <= codes, f"case files for no rule: {files - codes}"
    assert codes - files == set(FIRED_ELSEWHERE), "rules without a case file"
    for code in files:
        mine = [c for c in CASES if c.path.stem == code]
        assert any(c.fires for c in mine), f"{code}: no case fires it"
        assert any(not c.fires for c in mine), f"{code}: no case where it stays quiet"


def test_a_case_fails_on_another_finding_a_missing_one_or_another_place() -> None:
    (case,) = [c for c in CASES if c.name == "V001#1"]
    (v001,) = [f for f in case.expect if f.code == "V001"]
    assert v001.at == "0.5"
    found = run_case(case, load_rules()).found
    assert Outcome(case, found).passed
    assert not Outcome(case, tuple(f for f in found if f.code != "V001")).passed  # its finding missing
    assert not Outcome(case, (*found, Finding("V001", "t3:三(五)2 重复申请:natural", "0"))).passed  # one more
    assert Outcome(case, (*found, Finding("T007", "t3"))).passed  # a rule the case does not name: not its business
    moved = tuple(f._replace(at="0") if f.code == "V001" else f for f in found)
    assert not Outcome(case, moved).passed  # the right finding marking another cell


@pytest.mark.parametrize("template,year", [("2019", 2019), ("2021", 2024), ("legacy", 2015)])
def test_the_report_a_case_starts_from_keeps_every_rule(template: str, year: int) -> None:
    """The sample a case changes one thing of is clean for every rule, not only the case's."""
    (case,) = load_cases_from_text(f'[[case]]\nabout = "x"\ntemplate = "{template}"\nyear = {year}\nexpect = []\n')
    assert run_case(case, load_rules()).found == ()


def load_cases_from_text(text: str) -> list[Case]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "K001.toml"
        path.write_text(text, encoding="utf-8")
        return load_cases(path)


@pytest.mark.parametrize("body,problem", [
    ('[[case]]\ntemplate = "2021"\nexpect = []\n', "about"),
    ('[[case]]\nabout = "x"\ntemplate = "2021"\nexpect = []\ncels = {}\n', "cells"),
    ('[[case]]\nabout = "x"\ntemplate = "2031"\nexpect = []\n', "template"),
    ('[[case]]\nabout = "x"\ntemplate = "2021"\nexpect = [{ code = "K001" }]\n', "expect"),
    ('[[case]]\nabout = "x"\ntemplate = "2021"\nexpect = []\n[case.cells]\n"t3.new.nobody" = 1\n', "t3.new.nobody"),
    ('[[case]]\nabout = "x"\ntemplate = "2021"\nexpect = []\n[case.cells]\n"t3.new" = [1, 2]\n', "t3.new"),
    ('[[case]]\nabout = "x"\ntemplate = "2021"\nexpect = []\nomit = ["t9"]\n', "t9"),
    ('[[case]]\nabout = "x"\ntemplate = "2021"\nexpect = []\nreplace = [["没有的文字", ""]]\n', "没有的文字"),
    ('[[case]]\nabout = "x"\ntext = "x"\ntemplate = "2021"\nexpect = []\n', "text"),
])
def test_a_broken_case_is_refused_with_its_file_and_what_is_wrong(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "K001.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_cases(path)
    assert str(path) in str(err.value) and problem in str(err.value)


AGENCY_RULE = """[[rule]]
code = "K904"
name = "t3-natural-persons-only"
kind = "sum"
table = "t3"
for_each = "row"
expr = "total == natural"
primary = "total"
severity = "warning"
message = "表三「{row}」行：总计为 {left}，自然人为 {right}"
message_en = "表三 row 「{row}」: 总计 is {left}, natural persons {right}"
doc = "本机关只受理自然人的申请：每一行的总计应等于自然人一列。"
"""

AGENCY_CASES = """[[case]]
about = "有一件申请来自商业企业"
template = "2021"
year = 2024
expect = [
  { code = "K904", anchor = "t3:一 本年新收政府信息公开申请数量", at = "5" },
  { code = "K904", anchor = "t3:三(一) 予以公开", at = "5" },
  { code = "K904", anchor = "t3:三(七) 总计", at = "MARK" },
]
[case.cells]
"t3.new" = [4, 1, 0, 0, 0, 0, 5]
"t3.public" = [4, 1, 0, 0, 0, 0, 5]
"t3.results_total" = [4, 1, 0, 0, 0, 0, 5]

[[case]]
about = "申请全部来自自然人"
template = "2021"
year = 2024
expect = []
[case.cells]
"t3.new" = [5, 0, 0, 0, 0, 0, 5]
"t3.public" = [5, 0, 0, 0, 0, 0, 5]
"t3.results_total" = [5, 0, 0, 0, 0, 0, 5]
"""


def _agency(tmp_path: Path, mark: str) -> Path:
    folder = tmp_path / "agency-rules"
    (folder / "cases").mkdir(parents=True)
    (folder / "natural.toml").write_text(AGENCY_RULE, encoding="utf-8")
    (folder / "cases" / "K904.toml").write_text(AGENCY_CASES.replace("MARK", mark), encoding="utf-8")
    return folder


def test_an_agency_runs_the_cases_of_its_own_rule_folder(tmp_path: Path, cli: Cli) -> None:
    code, out, err = cli("test-rules", str(_agency(tmp_path, "5")), "--color", "never")
    assert (code, err) == (0, "")
    assert "✓ #1 有一件申请来自商业企业" in out and "✓ #2 申请全部来自自然人" in out
    assert out.rstrip().endswith("2 个用例：通过 2 个，未通过 0 个。")


def test_a_failing_case_says_what_was_expected_and_what_was_found(tmp_path: Path, cli: Cli) -> None:
    code, out, _ = cli("test-rules", str(_agency(tmp_path, "4")), "--color", "never", "--lang", "en")
    assert code == 1
    assert "✗ #1 有一件申请来自商业企业" in out and "✓ #2" in out
    same = "K904 t3:一 本年新收政府信息公开申请数量 「5」; K904 t3:三(一) 予以公开 「5」; "
    assert f"expected: {same}K904 t3:三(七) 总计 「4」" in out
    assert f"found:    {same}K904 t3:三(七) 总计 「5」" in out
    assert out.rstrip().endswith("2 cases: 1 passed, 1 failed.")


def test_the_built_in_cases_pass_from_the_command_line(cli: Cli) -> None:
    code, out, _ = cli("test-rules", str(CASES_DIR.parent), "--color", "never")
    assert code == 0 and out.rstrip().endswith(f"{len(CASES)} 个用例：通过 {len(CASES)} 个，未通过 0 个。")


def test_a_copy_of_the_built_in_rules_is_tested_as_it_is(tmp_path: Path, cli: Cli) -> None:
    """A checkout's rules/ with gio-lint installed from elsewhere: its rules are tested, not
    refused as doubles of the installed ones; an edit to them shows."""
    copy = tmp_path / "rules"
    shutil.copytree(CASES_DIR.parent, copy)
    sums = copy / "sums.toml"
    sums.write_text(sums.read_text(encoding="utf-8").replace(
        'expr = "new + carried == results_total + forwarded"', 'expr = "new == results_total + forwarded"'),
        encoding="utf-8")
    code, out, err = cli("test-rules", str(copy), "--color", "never")
    assert code == 1 and err == ""
    assert "✗ #2 上年结转的申请在本年办结一部分，各列平衡" in out  # the carried-over case no longer balances


@pytest.mark.parametrize("make,message", [
    (lambda p: p / "nothing-here", "不是文件夹"),
    (lambda p: p, "没有用例文件"),
])
def test_test_rules_on_a_folder_without_cases_is_a_one_line_error(tmp_path: Path, cli: Cli,
                                                                   make: Callable[[Path], Path], message: str) -> None:
    code, out, err = cli("test-rules", str(make(tmp_path)))
    assert (code, out) == (2, "") and message in err and err.count("\n") == 1
