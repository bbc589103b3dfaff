from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLE_2019, ROOT

from gio_lint.output import Needs

Cli = Callable[..., tuple[int, str, str]]


def test_exit_codes(cli: Cli, tmp_path: Path, sample_2021: Path) -> None:
    assert cli(str(sample_2021))[0] == 0
    assert cli(str(EXAMPLE_2019))[0] == 1
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    code, _out, err = cli(str(binary))
    assert code == 2 and err.strip().count("\n") == 0 and "二进制" in err and "Traceback" not in err
    assert cli()[0] == 2
    code, out, err = cli(str(sample_2021), str(tmp_path / "missing.txt"))
    assert code == 2 and out.strip() == "2 个文件（1 个无法读取），未发现问题。无问题的文件 1 个，有错误的文件 0 个。"
    assert "文件不存在" in err
    assert cli("--format", "nope", str(EXAMPLE_2019))[0] == 2


def test_clean_report_says_so(cli: Cli, sample_2021: Path) -> None:
    code, out, _ = cli(str(sample_2021))
    assert code == 0 and out.strip() == "1 个文件，未发现问题。"


def test_english_messages(cli: Cli) -> None:
    _code, out, _ = cli("--lang", "en", str(EXAMPLE_2019))
    assert "T002 表二 第二十条第（一）项 lacks the row 「规章」" in out
    assert out.rstrip().splitlines()[-2:] == [
        "1 file(s): 1 problem(s) — errors: 1, warnings: 0, info: 0.",
        "Run `gio-lint rule CODE` for a rule's explanation, e.g. gio-lint rule T002"]


def test_concise_is_one_line_per_finding(cli: Cli) -> None:
    _code, out, _ = cli("--format", "concise", str(EXAMPLE_2019))
    assert out.splitlines()[0] == f"{EXAMPLE_2019}:27:1: T002 表二 第二十条第（一）项缺少「规章」行"


def test_json_has_only_the_payload(cli: Cli) -> None:
    code, out, err = cli("--format", "json", str(EXAMPLE_2019))
    doc = json.loads(out)
    assert code == 1 and err == ""
    assert doc["schema"] == "gio-lint/1"
    [entry] = doc["files"]
    assert (entry["year"], entry["template"], entry["encoding"]) == (2019, "2019", "utf-8")
    [d] = entry["diagnostics"]
    assert d["code"] == "T002" and d["location"] == {"line": 27, "column": 1, "end_line": 27, "end_column": 30}


def test_stdin(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    data = EXAMPLE_2019.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = cli("-")
    assert code == 1 and out.startswith("<stdin>:27:1: T002")


def test_select_and_ignore(cli: Cli) -> None:
    assert cli("--ignore", "T", str(EXAMPLE_2019))[0] == 0
    assert cli("--select", "K,S", str(EXAMPLE_2019))[0] == 0
    code, _, err = cli("--select", "Q9", str(EXAMPLE_2019))
    assert code == 2 and "Q9" in err


def test_rule_explains_a_rule(cli: Cli) -> None:
    code, out, _ = cli("rule", "k001")
    assert code == 0 and out.startswith("K001 t3-column-balance") and "本列数据的勾稽关系" in out
    assert "expr = new + carried == results_total + forwarded" in out
    assert cli("rule", "Z999")[0] == 2


def test_rules_lists_every_rule(cli: Cli) -> None:
    code, out, _ = cli("rules", "--format", "json")
    listed = json.loads(out)
    assert code == 0 and {"S001", "T002", "K001", "K100", "Y002"} <= {r["code"] for r in listed}
    assert all(r["message"] and r["message_en"] and r["doc"] for r in listed)


def test_show_displays_every_number_of_tables_three_and_four(cli: Cli) -> None:
    code, out, _ = cli("show", str(EXAMPLE_2019))
    assert code == 0
    assert "2019年格式" in out and "表三 收到和处理政府信息公开申请情况" in out
    table3 = out[out.index("表三 收到"):out.index("表四 政府")]
    rows = [line for line in table3.splitlines() if line.startswith("│")]
    assert len(rows) == 23 and all(len(line.split("│")) == 10 for line in rows)
    table4 = out[out.index("表四 政府"):]
    assert len([line for line in table4.splitlines() if line.startswith("│")]) == 15


def test_show_reads_standard_input_once_and_says_why_a_path_cannot_be_shown(cli: Cli) -> None:
    done = subprocess.run([sys.executable, "-m", "gio_lint", "show", "-"], input=EXAMPLE_2019.read_bytes(),
                          capture_output=True, cwd=ROOT, check=False)
    assert done.returncode == 0 and "报告年度: 2019" in done.stdout.decode("utf-8")
    folder = ROOT / "examples"
    assert cli("show", str(folder)) == (2, "", f"gio-lint: {folder}: 是目录，不是报告文件 (is a directory)\n")


def test_version_is_quick_and_imports_no_parser_and_no_rule() -> None:
    code = ("import sys; from gio_lint.command.cli import main; main(['--version']); "
            "print(sorted({'lark', 'gio_lint.rules.ruleset', 'gio_lint.rules.kinds'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split("\n")[:2] == ["gio-lint 0.1.0", "[]"]


def test_no_traceback_on_any_corpus_file(cli: Cli) -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        code, _out, err = cli(str(path))
        assert code in (0, 1) and err == "", path


def test_show_displays_the_annex_tables_of_a_legacy_report(cli: Cli) -> None:
    code, out, _ = cli("show", str(CORPUS / "000_16d2a36eddcdf96f.txt"))
    assert code == 0 and "2007年条例" in out
    for title in ("附表1", "附表2", "附表3", "附表4"):
        assert title in out
    assert "│   其他信息" in out and "14,117" in out  # a part under 主动公开信息数, indented


@pytest.mark.parametrize("command,doc", [("rules", "rules.md"), ("kinds", "kinds.md")])
def test_docs_are_generated_from_the_rules_and_kinds(cli: Cli, command: str, doc: str) -> None:
    code, out, _ = cli(command, "--format", "markdown")
    assert code == 0
    assert (ROOT / "docs" / doc).read_text(encoding="utf-8") == out, (
        f"docs/{doc} is stale: run `gio-lint {command} --format markdown > docs/{doc}`")


def test_kinds_lists_every_kind_with_its_parameters(cli: Cli) -> None:
    from gio_lint.rules.kinds import ENGINES
    from gio_lint.rules.rulebook import load_rules

    code, out, _ = cli("kinds", "--format", "json")
    kinds = json.loads(out)
    assert code == 0 and [k["kind"] for k in kinds] == sorted(ENGINES)
    assert all(k["doc"] and all(p["doc"] and p["type"] in ("str", "int", "list") for p in k["params"]) for k in kinds)
    assert {c for k in kinds for c in k["rules"]} == {r.code for r in load_rules()}  # every built-in rule's kind
    [structure] = [k for k in kinds if k["kind"] == "structure"]
    assert [(p["name"], p["required"], "row-missing" in p["choices"]) for p in structure["params"]] == [
        ("issue", True, True), ("most", False, False)]
    text = cli("kinds")[1]
    assert "sum: a 勾稽关系" in text and "for_each (str; optional; one of row, column; default row)" in text


def test_a_folder_of_reports_ends_with_its_summary(cli: Cli) -> None:
    code, out, err = cli("--jobs", "2", str(CORPUS))
    assert code == 1 and err == ""
    assert out.rstrip().splitlines()[-2].startswith("10 个文件，发现 ")
    assert out.rstrip().splitlines()[-1].startswith("查看某条规则的说明：gio-lint rule 规则代码，例如 gio-lint rule ")
    assert "无问题的文件 2 个" in out  # seed 003, and Huaian read from its PDF text


@pytest.mark.parametrize("fmt", ["full", "concise", "json", "json-lines", "sarif", "github", "junit"])
def test_output_does_not_depend_on_the_job_count(cli: Cli, fmt: str) -> None:
    one = cli("--format", fmt, "--jobs", "1", str(CORPUS), str(EXAMPLE_2019))
    two = cli("--format", fmt, "--jobs", "2", str(CORPUS), str(EXAMPLE_2019))
    assert one == two and one[0] == 1


@pytest.mark.parametrize(("keeps", "lines", "blocks"), [("findings", False, False), ("lines", True, False),
                                                       ("structure", True, True)])
def test_a_worker_sends_back_only_what_the_format_shows(keeps: Needs, lines: bool, blocks: bool) -> None:
    """JSON and the other formats that show no source line get a report's findings alone
    from a worker process; the full format gets its lines too; HTML the parsed report."""
    import pickle

    from gio_lint.command.runner import Overrides, _job
    from gio_lint.output import needs

    assert (needs("json"), needs("full"), needs("html")) == ("findings", "lines", "structure")
    whole = _job((str(EXAMPLE_2019), None, Overrides(keeps="structure"), None, None)).result
    shipped = pickle.loads(pickle.dumps(_job((str(EXAMPLE_2019), None, Overrides(keeps=keeps), None, None))))
    assert whole is not None and shipped.result is not None
    assert shipped.diagnostics == whole.diagnostics and shipped.result.years == whole.years
    assert (shipped.result.report.line(5) == whole.report.line(5) != "") is lines
    assert (shipped.result.report.blocks == whole.report.blocks != ()) is blocks


def test_statistics_count_findings_per_rule(cli: Cli) -> None:
    code, out, _ = cli("--statistics", str(CORPUS))
    lines = out.splitlines()
    assert code == 1 and lines[0].split()[:2] == ["10", "F003"] and "T002" in out
    assert not any(":27:1:" in line for line in lines)  # the findings themselves are not listed


def test_a_run_settles_the_garbage_collector(cli: Cli, sample_2021: Path) -> None:
    """Before a run, what lives for the whole run is frozen out of the collector's sight
    and young collections are made rarer (gio_lint.command.runner.settle)."""
    before = gc.get_threshold()
    try:
        code, _, _ = cli("--jobs", "1", str(sample_2021))
        assert code == 0
        assert gc.get_threshold()[0] == 10_000 and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_flags_are_never_abbreviated(cli: Cli) -> None:
    code, _, err = cli("--sel", "K", str(EXAMPLE_2019))
    assert code == 2 and err == "gio-lint: unrecognized arguments: --sel\n"
    code, out, _ = cli("--output-format", "json", str(EXAMPLE_2019))
    assert code == 1 and out.startswith('{"schema"')
    assert cli("-V")[1].startswith("gio-lint ")


def test_check_lints_a_path_named_like_a_command(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.txt").write_text(EXAMPLE_2019.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", "rules", "--format", "concise")
    assert code == 1 and out.startswith("rules/r.txt:27:1: T002 ")
    from gio_lint.command.cli import _lint_parser

    assert "gio-lint [check] PATH" in _lint_parser().format_help()


def test_no_color_is_honoured_on_a_terminal() -> None:
    import os
    import pty

    for env, coloured in (({"NO_COLOR": "1"}, False), ({}, True), ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False)):
        leader, follower = pty.openpty()
        done = subprocess.run([sys.executable, "-m", "gio_lint", str(EXAMPLE_2019)], stdout=follower,
                              stderr=subprocess.DEVNULL, env={**os.environ, "TERM": "xterm", **env}, timeout=60)
        os.close(follower)
        out = os.read(leader, 1 << 16)
        os.close(leader)
        assert done.returncode == 1 and (b"\x1b[" in out) == coloured, (env, out[:200])
