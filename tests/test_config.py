"""Configuration, rule selection, severities, an agency's own rules, exit codes and
baselines: what adopting gio-lint on an archive needs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from conftest import EXAMPLE_2019, EXAMPLE_2021

from gio_lint.command.config import settings_for
from gio_lint.rules.rulebook import load_rules

Cli = Callable[..., tuple[int, str, str]]

AGENCY_RULE = """
[[rule]]
code = "K901"
name = "licensing-decisions-within-items"
kind = "sum"
table = "t2_5"
for_each = "row"
expr = "decisions == last_year_items"
severity = "warning"
message = "本机关规定：{row}的处理决定数量（{left}）应等于上一年项目数量（{right}）"
message_en = "agency rule: decisions of {row} ({left}) should equal last year's items ({right})"
doc = "一个机关自己的规则，用来演示 rule-dirs。"
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A folder of report drafts with a pyproject.toml that configures gio-lint."""
    (tmp_path / "agency-rules").mkdir()
    (tmp_path / "agency-rules" / "custom.toml").write_text(AGENCY_RULE, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "drafts"\n\n[tool.gio-lint]\nignore = ["T002"]\nrule-dirs = ["agency-rules"]\n',
        encoding="utf-8")
    (tmp_path / "reports").mkdir()
    shutil.copy(EXAMPLE_2019, tmp_path / "reports" / "2019.txt")
    return tmp_path


def test_an_agency_rule_is_named_and_explained_like_a_built_in_one(cli: Cli, repo: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    report = str(repo / "reports" / "2019.txt")
    doc = json.loads(cli("--format", "json", report)[1])
    assert {d["name"] for f in doc["files"] for d in f["diagnostics"]} == {"licensing-decisions-within-items"}
    sarif = json.loads(cli("--format", "sarif", report)[1])
    assert {"id": "K901", "name": "licensing-decisions-within-items"} in sarif["runs"][0]["tool"]["driver"]["rules"]
    assert "2 K901 licensing-decisions-within-items" in " ".join(cli("--statistics", report)[1].split())
    page = cli("--format", "html", report)[1]  # its findings link to an entry that names it and says where it is
    assert '<article class="rule" id="rule-K901">' in page and "licensing-decisions-within-items" in page
    assert "gio-lint rule K901" in page
    monkeypatch.chdir(repo)  # where the settings naming the rule folder are
    code, out, _ = cli("rule", "k901")
    assert code == 0 and "licensing-decisions-within-items" in out and "一个机关自己的规则" in out
    monkeypatch.chdir(repo.parent)
    assert cli("rule", "K901")[0] == 2  # elsewhere no settings name it


def codes_of(out: str) -> list[str]:
    return [d["code"] for f in json.loads(out)["files"] for d in f["diagnostics"]]


def test_config_ignores_a_code_and_adds_an_agency_rule(cli: Cli, repo: Path) -> None:
    code, out, err = cli("--format", "json", str(repo / "reports" / "2019.txt"))
    assert codes_of(out) == ["K901", "K901"] and code == 1, err  # T002 ignored, the agency's rule fires
    # the command line adds to the file's ignores, and its --select replaces the file's select
    assert codes_of(cli("--format", "json", "--ignore", "K901", str(repo / "reports" / "2019.txt"))[1]) == []
    (repo / "pyproject.toml").write_text('[tool.gio-lint]\nselect = ["S"]\n', encoding="utf-8")
    settings_for.cache_clear()
    assert codes_of(cli("--format", "json", str(repo / "reports" / "2019.txt"))[1]) == []
    assert codes_of(cli("--format", "json", "--select", "T", str(repo / "reports" / "2019.txt"))[1]) == ["T002"]


def test_a_broken_agency_rule_is_one_line_and_exit_2(cli: Cli, repo: Path) -> None:
    (repo / "agency-rules" / "custom.toml").write_text(AGENCY_RULE.replace("decisions ==", "nonsense =="),
                                                       encoding="utf-8")
    code, out, err = cli(str(repo / "reports" / "2019.txt"))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "custom.toml" in err and "「nonsense」不是表 t2_5 的列" in err


def test_an_agency_rule_may_not_take_a_builtin_code(cli: Cli, repo: Path) -> None:
    (repo / "agency-rules" / "custom.toml").write_text(AGENCY_RULE.replace("K901", "K001"), encoding="utf-8")
    code, _, err = cli(str(repo / "reports" / "2019.txt"))
    assert code == 2 and "K001 与内置规则重复" in err


def test_gio_lint_toml_severity_per_file_ignores_and_show_settings(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "gio-lint.toml").write_text(
        'severity = { T002 = "info" }\nlang = "en"\n[per-file-ignores]\n"old/*.txt" = ["T"]\n', encoding="utf-8")
    (tmp_path / "old").mkdir()
    shutil.copy(EXAMPLE_2019, tmp_path / "2019.txt")
    shutil.copy(EXAMPLE_2019, tmp_path / "old" / "2019.txt")
    code, out, _ = cli("--format", "json", str(tmp_path / "2019.txt"))
    [d] = json.loads(out)["files"][0]["diagnostics"]
    assert (d["code"], d["severity"], code) == ("T002", "info", 0)  # info does not fail by default
    assert d["message"].startswith("表二 第二十条第（一）项 lacks")  # lang from the config
    assert cli("--fail-on", "info", str(tmp_path / "2019.txt"))[0] == 1
    assert codes_of(cli("--format", "json", str(tmp_path / "old" / "2019.txt"))[1]) == []
    code, out, _ = cli("--show-settings", str(tmp_path / "2019.txt"))
    shown = json.loads(out)
    assert code == 0 and shown["config"] == str(tmp_path / "gio-lint.toml") and shown["severity"] == {"T002": "info"}


@pytest.mark.parametrize("content,message", [
    ('selct = ["K"]\n', "未知的配置项「selct」，是否应为 select？"),
    ('select = "K"\n', "select 应为规则代码的列表"),
    ('rounding = "banker"\n', "rounding「banker」无效"),
    ('select = ["Q7"]\n', "未知的规则代码或前缀「Q7」"),
    ('rule-dirs = ["nowhere"]\n', "rule-dirs 中的目录不存在"),
])
def test_a_broken_config_is_one_line_and_exit_2(cli: Cli, tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "gio-lint.toml").write_text(content, encoding="utf-8")
    shutil.copy(EXAMPLE_2021, tmp_path / "r.txt")
    settings_for.cache_clear()
    code, _, err = cli(str(tmp_path / "r.txt"))
    assert code == 2 and message in err and err.count("\n") == 1


def test_exit_zero_and_fail_on(cli: Cli) -> None:
    assert cli(str(EXAMPLE_2019))[0] == 1
    assert cli("--exit-zero", str(EXAMPLE_2019))[0] == 0
    assert cli("--fail-on", "error", str(EXAMPLE_2019))[0] == 1  # T002 is an error


def test_baseline_round_trip(cli: Cli, tmp_path: Path) -> None:
    report = tmp_path / "2019.txt"
    shutil.copy(EXAMPLE_2019, report)
    base = tmp_path / "gio-lint-baseline.json"
    code, _, err = cli("--write-baseline", str(base), str(report))
    assert code == 0 and "1 个问题记入基线" in err
    assert json.loads(base.read_text(encoding="utf-8"))["entries"] == [
        {"path": "2019.txt", "code": "T002", "anchor": "t2_1:rules", "count": 1}]
    assert cli("--baseline", str(base), str(report))[0] == 0  # unchanged: nothing new
    # move text around: still nothing new (anchors, not lines)
    report.write_text("\n\n" + report.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli("--baseline", str(base), str(report))[0] == 0
    # change one cell: exactly that new finding
    report.write_text(report.read_text(encoding="utf-8").replace("(七)总计 | 2 | 0", "(七)总计 | 3 | 0"),
                      encoding="utf-8")
    code, out, _ = cli("--format", "json", "--baseline", str(base), "--select", "K001,T", str(report))
    assert code == 1 and codes_of(out) == ["K001"]
    # fix the old finding: the baseline entry is listed as gone
    fixed = report.read_text(encoding="utf-8").replace(
        "规范性文件 (有规范性文件登记号) | 3 | 3 | 3 |", "规章 | 0 | 0 | 0 |\n规范性文件 | 3 | 3 | 3 |")
    report.write_text(fixed, encoding="utf-8")
    code, _, err = cli("--baseline", str(base), "--select", "T", str(report))
    assert code == 0 and "2019.txt T002 t2_1:rules" in err and "no longer occurs" in err


def test_a_broken_baseline_is_one_line(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")
    code, _, err = cli("--baseline", str(tmp_path / "b.json"), str(EXAMPLE_2021))
    assert code == 2 and "不是 gio-lint 基线文件" in err


def test_unknown_codes_and_keys_say_what_they_are_close_to(cli: Cli, tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(EXAMPLE_2019.read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / "gio-lint.toml"
    # nothing is close to P999: the first codes of its family are offered (P001, P002, P003 today)
    family = sorted(r.code for r in load_rules() if r.code[0] == "P")[:6]
    config.write_text('severity = {P999 = "warning"}\n', encoding="utf-8")
    assert cli(str(report)) == (
        2, "", f"gio-lint: 未知的规则代码（severity 中须写完整代码）「P999」，是否应为 {'、'.join(family)}？\n")
    assert cli("--lang", "en", str(report))[2] == (
        f"gio-lint: unknown rule code (severity takes whole codes) 'P999'; did you mean {', '.join(family)}?\n")
    config.write_text('selct = ["K"]\n', encoding="utf-8")
    settings_for.cache_clear()  # settings are read once per folder and run
    assert cli("--lang", "en", str(report))[2] == f"gio-lint: {config}: unknown setting 'selct'; did you mean select?\n"
    config.unlink()
    settings_for.cache_clear()
    # the three codes nearest K00L (K100, K010, K004 today): whichever rules there are, three
    # that exist, none of them farther than a code not offered
    code, _, err = cli("--select", "K00l", str(report))
    head, tail = "gio-lint: 未知的规则代码或前缀「K00L」，是否应为 ", "？\n"
    assert code == 2 and err.startswith(head) and err.endswith(tail)
    offered = err[len(head):-len(tail)].split("、")
    known = {r.code for r in load_rules()}
    near = {c: SequenceMatcher(None, "K00L", c).ratio() for c in known}
    assert len(offered) == 3 and all(c in known and near[c] >= 0.6 for c in offered)
    assert min(near[c] for c in offered) >= max(near[c] for c in known - set(offered))


def test_extend_config_and_isolated(cli: Cli, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "gio-lint.toml").write_text('lang = "en"\nselect = ["T", "K"]\n', encoding="utf-8")
    agency = tmp_path / "agency"
    agency.mkdir()
    report = agency / "r.txt"
    report.write_text(EXAMPLE_2019.read_text(encoding="utf-8"), encoding="utf-8")
    own = agency / "gio-lint.toml"
    own.write_text('extend = "../shared/gio-lint.toml"\nignore = ["T002"]\n', encoding="utf-8")
    code, out, _ = cli("--show-settings", str(report))
    shown = json.loads(out)
    assert (shown["config"], shown["lang"], shown["select"], shown["ignore"]) == (str(own), "en", ["T", "K"], ["T002"])
    assert cli("--format", "concise", str(report))[1] == "1 file(s): no problems found.\n"
    # --isolated: no settings file at all; --config: one file's for every report
    assert cli("--isolated", "--format", "concise", str(report))[1].startswith(f"{report}:27:1: T002 表二")
    assert cli("--config", str(shared / "gio-lint.toml"), "--format", "concise", str(report))[1].startswith(
        f"{report}:27:1: T002 表二 第二十条第（一）项 lacks")
    assert cli("--config", "x.toml", "--isolated", str(report))[0] == 2
    own.write_text('extend = "gio-lint.toml"\n', encoding="utf-8")
    settings_for.cache_clear()  # settings are read once per folder and run
    code, _, err = cli(str(report))
    assert code == 2 and "extend 形成循环" in err and err.count("\n") == 1
