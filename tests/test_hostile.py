"""Hostile input: every case ends in a clean diagnostic or a one-line error, in bounded
time and memory (measured by benchmarks/bench.py, not here), and never writes anywhere."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLE_2019, EXAMPLE_2021, FULL, SAMPLE_2021, codes

from gio_lint.input.read import read
from gio_lint.rules.lint import lint

Cli = Callable[..., tuple[int, str, str]]
REPORT = SAMPLE_2021


def one_error(cli: Cli, path: Path | str, *args: str) -> str:
    """The single stderr line of a run that could not read its input."""
    code, _out, err = cli("--format", "concise", *args, str(path))
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1, err
    return err.strip()


def concise(cli: Cli, path: Path, *args: str) -> tuple[int, list[str]]:
    code, out, err = cli("--format", "concise", *args, str(path))
    assert "Traceback" not in err
    return code, [line for line in out.splitlines() if line.startswith(str(path))]


@pytest.mark.parametrize("data,message", [
    (b"", "文件为空 (empty file)"),
    (b"\x00", "不是文本文件，疑似二进制内容 (binary file, not text)"),
    (b"\xff", "无法识别的文本编码，不是 UTF-8 或 GB18030 (undecodable at line 1, byte 0)"),
    # a download cut short in its last character: the place UTF-8 stops at, not GB18030's first stumble
    ("一、总体情况".encode() * 3 + "中".encode()[:2],
     "无法识别的文本编码，不是 UTF-8 或 GB18030 (undecodable at line 1, byte 54)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40,
     "不是文本文件，疑似二进制内容 (binary file, not text)"),
    (EXAMPLE_2021.read_bytes() * 2 + b"\x00\n", "第 {nul} 行含 NUL 字节，文件可能已损坏 (NUL byte at line {nul})"),
])
def test_unreadable_bytes_are_one_line(cli: Cli, tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    nul = data.count(b"\n", 0, max(data.find(b"\x00"), 0)) + 1
    assert one_error(cli, path) == f"gio-lint: {path}: {message.format(nul=nul)}"


def test_one_readable_byte_is_linted(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(b"a")
    assert concise(cli, path) == (1, [f"{path}:1:1: Y003 未能从标题、开头或统计期限中读出报告年度"])


def test_a_file_past_the_limit_is_not_read(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:  # 50 MB, sparse: its size is all that is looked at
        fh.truncate(50 * 1024 * 1024)
    message = f"{path}:1:1: F004 文件过大（52428800 字节，上限 20971520 字节），未读取，也未做检查"
    assert concise(cli, path) == (1, [message])
    assert concise(cli, path, "--max-bytes", "60000000")[0] == 2  # read: 50 MB of NUL is binary
    small = tmp_path / "small.txt"
    small.write_text(REPORT, encoding="utf-8")
    size = small.stat().st_size
    assert concise(cli, small, "--max-bytes", "1000") == (
        1, [f"{small}:1:1: F004 文件过大（{size} 字节，上限 1000 字节），未读取，也未做检查"])
    configured = tmp_path / "configured"
    configured.mkdir()
    (configured / "gio-lint.toml").write_text("max-bytes = 1000\n", encoding="utf-8")
    (configured / "r.txt").write_text(REPORT, encoding="utf-8")
    assert concise(cli, configured / "r.txt")[1][0].endswith("上限 1000 字节），未读取，也未做检查")
    assert concise(cli, small, "--max-bytes", str(size)) == (0, [])


def test_stdin_past_the_limit(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORT.encode("utf-8"))))
    code, out, _ = cli("--format", "concise", "--max-bytes", "100", "-")
    assert code == 1
    assert out.splitlines()[0] == "<stdin>:1:1: F004 文件过大（>100 字节，上限 100 字节），未读取，也未做检查"


def test_a_bad_limit_is_refused(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "gio-lint.toml").write_text("max-bytes = -1\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    assert one_error(cli, tmp_path / "r.txt") == (
        f"gio-lint: {tmp_path / 'gio-lint.toml'}: max-bytes 应为正整数（字节数），如 20971520")


def test_a_single_5_mb_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    one_line = REPORT.replace("\n", " ")
    path.write_text(one_line * (5 * 1024 * 1024 // len(one_line.encode())), encoding="utf-8")
    f002 = "F002 全文没有换行，表格单元格连在一起，无法读取表格；未做表格检查（章节和正文的百分比已检查）"
    assert concise(cli, path) == (1, [f"{path}:1:1: {f002}"])


def test_100000_headings(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("2024年政府信息公开工作年度报告\n" + "".join(f"（{i}）小标题\n" for i in range(100_000)),
                    encoding="utf-8")
    assert sorted(codes(list(lint(read(str(path))).diagnostics))) == ["S001"] * 6 + ["T001"] * 6


def test_a_table_of_100000_rows(tmp_path: Path) -> None:
    """100,000 rows in a full run, 20,000 by default."""
    rows = 100_000 if FULL else 20_000
    path = tmp_path / "r.txt"
    head, tail = REPORT.split("行政许可\t", 1)
    path.write_text(head + "".join(f"事项{i}\t{i}\n" for i in range(rows)) + "行政许可\t" + tail,
                    encoding="utf-8")
    found = lint(read(str(path))).diagnostics
    assert {d.code for d in found} == {"T003"} and len(found) == 20  # one table's repeats: 20, then a count
    assert found[0].message == "表二 第二十条第（五）项中的「事项0」行不属于模板"
    assert found[-1].notes == (f"本表另有 {rows - 20} 处同类问题未逐一列出",)
    assert found[-1].notes_en == (f"{rows - 20} more of these in this table are not listed",)


def test_mixed_encodings(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    lines = REPORT.split("\n")
    path.write_bytes("\n".join(lines[:5]).encode("utf-8") + b"\n" + "\n".join(lines[5:]).encode("gb18030"))
    gb = sum(1 for line in lines[5:] if not line.isascii())
    code, found = concise(cli, path)
    assert found == [f"{path}:6:1: F005 文件中混有两种编码：{gb} 行是 GB18030/GBK，其余是 UTF-8；"
                     "已逐行读取，请统一保存为 UTF-8"] and gb > 50 and code == 1


def test_zero_width_and_bidi_controls(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT.replace("收到", "收\u200b到", 1).replace("申请", "\u202e申请", 1), encoding="utf-8")
    code, found = concise(cli, path)
    assert code == 1 and len(found) == 1
    assert found[0].split(": ", 1)[1] == (
        "F006 文中有 2 处不可见的控制字符（零宽字符或文字方向控制符），可能改变数字或文字的含义")


def test_every_invisible_character_is_counted_and_the_first_50_listed(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT.replace("\n", "\u200b\n"), encoding="utf-8")  # one at every line end
    [found] = lint(read(str(path))).diagnostics
    count = REPORT.count("\n")
    assert count > 50 and found.message == (
        f"文中有 {count} 处不可见的控制字符（零宽字符或文字方向控制符），可能改变数字或文字的含义")
    assert len(found.related) == 49


def test_lone_surrogates(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(REPORT.encode("utf-8").replace("收到".encode(), b"\xed\xa0\x80", 1))
    code, found = concise(cli, path)
    assert code == 1
    assert [f.split(": ", 1)[1] for f in found] == ["F007 文中有 1 处无效字符（编码了单独的代理项），已替换为 �"]


def test_a_folder_of_10000_files(cli: Cli, tmp_path: Path) -> None:
    """10,000 files in a full run, 2,000 by default; every thousandth one empty."""
    count = 10_000 if FULL else 2_000
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:05}.txt").write_bytes(b"" if i % 1000 == 0 else b"x")
    code, out, err = cli("--format", "json-lines", "--jobs", "2", str(folder))
    empty = count // 1000
    assert code == 2 and err.count("文件为空 (empty file)") == empty and err.count("\n") == empty
    assert out.count("\n") == count and out.count('"Y003"') == count - empty and out.count('"error":"') == empty


def test_unreadable_files(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "gone.txt")
    assert one_error(cli, broken) == f"gio-lint: {broken}: 符号链接指向的文件不存在 (broken symbolic link)"
    assert one_error(cli, tmp_path / "none.txt") == f"gio-lint: {tmp_path / 'none.txt'}: 文件不存在 (no such file)"
    locked = tmp_path / "locked.txt"
    locked.write_text(REPORT, encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)  # chmod 000 does not stop root, who runs CI
    assert one_error(cli, locked) == f"gio-lint: {locked}: 无权读取 (permission denied)"


def test_symlink_loops(cli: Cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    assert one_error(cli, a) == f"gio-lint: {a}: 符号链接循环，无法读取 (symbolic link loop)"
    folder = tmp_path / "tree"
    folder.mkdir()
    (folder / "loop").symlink_to(folder)
    (folder / "r.txt").write_text(REPORT, encoding="utf-8")
    code, out, _ = cli("--format", "concise", str(folder))
    assert code == 0 and out.strip() == "1 个文件，未发现问题。"


def test_a_pipe_is_read_up_to_the_limit(cli: Cli) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    code, out, _ = cli("--format", "concise", "--max-bytes", "1000", "/dev/zero")
    assert code == 1
    assert out.splitlines()[0] == "/dev/zero:1:1: F004 文件过大（>1000 字节，上限 1000 字节），未读取，也未做检查"


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*")}


def test_nothing_is_written_beside_the_inputs(cli: Cli, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for source in (EXAMPLE_2019, EXAMPLE_2021, *sorted(CORPUS.glob("*.txt"))[:3]):
        (inputs / source.name).write_bytes(source.read_bytes())
    before = _tree(inputs)
    for mode in (0o555, 0o755):  # a read-only tree works as well
        inputs.chmod(mode)
        out = tmp_path / f"out-{mode:o}"
        out.mkdir()
        assert cli("--format", "sarif", "-o", str(out / "r.sarif"), str(inputs))[0] == 1
        assert cli("--write-baseline", str(out / "b.json"), str(inputs))[0] == 0
        assert cli("--baseline", str(out / "b.json"), str(inputs))[0] == 0
        assert sorted(os.listdir(out)) == ["b.json", "r.sarif"]  # no temporary file left behind
    assert _tree(inputs) == before


def test_an_output_file_never_replaces_an_input(cli: Cli, tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    for option in ("-o", "--write-baseline"):
        assert one_error(cli, report, option, str(report)) == (
            f"gio-lint: {report}: 输出文件不能是被检查的报告 (would overwrite an input)")
    assert report.read_text(encoding="utf-8") == REPORT
    assert one_error(cli, report, "-o", str(tmp_path / "no" / "o.txt")) == (
        f"gio-lint: {tmp_path / 'no' / 'o.txt'}: 无法写入 (No such file or directory)")


PERCENT_RULE = """[[rule]]
code = "P901"
name = "agency-percent"
kind = "percent"
severity = "warning"
statements = ['{statement}']
bases = ["共{{base}}件"]
note_rounding = "-"
note_interval = "-"
note_interval_en = "-"
note_others = "-"
note_others_en = "-"
message = "-"
message_en = "-"
doc = "-"
"""
SUM_RULE = """# an agency's rule
[[rule]]
code = "K901"
name = "agency-sum"
kind = "{kind}"
table = "t2_5"
for_each = "row"
expr = "{expr}"
severity = "warning"
message = "-"
message_en = "-"
doc = "-"
"""


@pytest.mark.parametrize("pack,message", [
    (PERCENT_RULE.format(statement="{part}件(?:[^，]*。)*占{pct}"),
     "evil.toml:1: P901: statements 中的正则表达式「{part}件(?:[^，]*。)*占{pct}」含嵌套的重复（如 (a+)+），"
     "长行上可能匹配极慢；请改写，或用占有量词（*+ ++）/ 原子组 (?>…)"),
    (PERCENT_RULE.format(statement="{part}件(?:[^，]*+。)*占{pct}"), ""),  # possessive: cannot backtrack, accepted
    (PERCENT_RULE.format(statement="{part}件占{pct}") + 'skip_words = "(a+)+b"\n',
     "evil.toml:1: P901: skip_words: 正则表达式「(a+)+b」含嵌套的重复（如 (a+)+），"
     "长行上可能匹配极慢；请改写，或用占有量词（*+ ++）/ 原子组 (?>…)"),
    (PERCENT_RULE.format(statement="{part}件(?:占|占了)*{pct}"),
     "evil.toml:1: P901: statements 中的正则表达式「{part}件(?:占|占了)*{pct}」重复的分支可能以相同的字符开头"),
    (PERCENT_RULE.format(statement="{part}件[^，]*[^。]*\\s*占{pct}"),
     "evil.toml:1: P901: statements 中的正则表达式「{part}件[^，]*[^。]*\\s*占{pct}」相邻的重复过多"),
    (PERCENT_RULE.format(statement="{part}件占{pct}").replace("statements = ['{part}件占{pct}']", "statements = [1]"),
     "evil.toml:1: P901: 参数的取值类型不对（请对照内置规则文件的写法）"),
    ("rule = 1\n", "evil.toml: rule 应写成一个或多个 [[rule]] 表"),
    (SUM_RULE.format(kind="sum", expr="__import__('os').system('touch pwned') == 0"),
     "evil.toml:2: K901: 表达式「__import__('os').system('touch pwned') == 0」无法解析: "
     "Unexpected token Token('LPAR', '(') at line 1, column 11."),
    (SUM_RULE.format(kind="sum", expr="decisions.__class__ == 0"),
     "evil.toml:2: K901: 表达式「decisions.__class__ == 0」无法解析: "
     "Unexpected token Token('DOT', '.') at line 1, column 10."),
    (SUM_RULE.format(kind="os.system", expr="decisions == 0"), "evil.toml:2: K901: 未知的规则类型 kind=「os.system」"),
])
def test_a_rule_pack_is_data(cli: Cli, tmp_path: Path, pack: str, message: str) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "evil.toml").write_text(pack, encoding="utf-8")
    (tmp_path / "gio-lint.toml").write_text('rule-dirs = ["rules"]\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    code, _out, err = cli("--format", "concise", str(tmp_path / "r.txt"))
    if not message:
        assert code == 0 and err == ""
        return
    assert code == 2 and err.startswith(f"gio-lint: {tmp_path / 'rules' / message}") and err.count("\n") == 1
    assert sorted(os.listdir(tmp_path)) == ["gio-lint.toml", "r.txt", "rules"]


def test_the_package_never_evaluates_or_imports_by_name() -> None:
    """Rule files reach Python only through the kinds registry and the expression grammar:
    nothing in gio_lint evaluates text or imports a module named at run time."""
    import ast

    import gio_lint

    builtins = {"eval", "exec", "compile", "__import__"}
    modules = {"subprocess", "importlib", "pickle", "marshal", "ctypes", "shelve"}
    found = []
    for module in Path(gio_lint.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in builtins:
                found.append(f"{module.name}:{node.lineno} {node.func.id}()")
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{module.name}:{node.lineno} import {n}" for n in names if n.split(".")[0] in modules]
            if isinstance(node, ast.Attribute) and node.attr in ("system", "popen"):
                found.append(f"{module.name}:{node.lineno} {ast.unparse(node)}")
    assert found == []


@pytest.mark.parametrize("pattern,danger", [
    ("(?>(a+)+b)", "含嵌套的重复"),  # inside an atomic group the inner repeats still backtrack
    ("(?:(?:a+)+b)*+", "含嵌套的重复"),
    ("(?:a{1,99})*b", "含嵌套的重复"),
    ("(a|a)*b", "重复的分支可能以相同的字符开头"),
    ("(?:\\d|\\d)*x", "重复的分支可能以相同的字符开头"),
    ("\\s*\\s*\\s*x", "相邻的重复过多"),
    ("(a+)++", ""), ("(?>a+)+", ""), ("(?:是|为了)+", ""), ("(?:,\\d{3})*", ""), ("\\d+\\d+", ""),
])
def test_backtracking_shapes(pattern: str, danger: str) -> None:
    from gio_lint.prose.regex_safety import regex_problem

    problem = regex_problem(pattern) or ""
    assert (danger in problem) if danger else problem == ""
    assert bool(problem) == bool(danger)


def test_a_named_pipe_in_a_folder_is_skipped(cli: Cli, tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")  # nobody will ever write to it: reading it would wait forever
    code, out, _ = cli("--format", "concise", "--jobs", "1", str(tmp_path))
    assert code == 0 and out.strip() == "1 个文件，未发现问题。"


def test_last_years_report_and_the_baseline_are_inputs_too(cli: Cli, tmp_path: Path) -> None:
    report, last, base = tmp_path / "r.txt", tmp_path / "last.txt", tmp_path / "base.json"
    report.write_text(REPORT, encoding="utf-8")
    last.write_text(REPORT, encoding="utf-8")
    assert cli("--write-baseline", str(base), str(report))[0] == 0
    for args, target in ((("--previous", str(last), "-o"), last), (("--previous", str(last), "--write-baseline"), last),
                         (("--baseline", str(base), "-o"), base)):
        assert one_error(cli, report, *args, str(target)) == (
            f"gio-lint: {target}: 输出文件不能是被检查的报告 (would overwrite an input)")
    assert last.read_text(encoding="utf-8") == REPORT


@pytest.mark.parametrize("name,content,message", [
    ("gio-lint.toml", b"rule-dirs = [1]\n", "rule-dirs 应为目录的列表"),
    ("gio-lint.toml", b"\xff = 1\n", "不是 UTF-8 编码的 TOML 文件 (not UTF-8)"),
    ("pyproject.toml", b"tool = 1\n", ""),
])
def test_odd_config_files(cli: Cli, tmp_path: Path, name: str, content: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    if message:
        assert one_error(cli, tmp_path / "r.txt") == f"gio-lint: {tmp_path / name}: {message}"
    else:
        assert cli(str(tmp_path / "r.txt"))[0] == 0


def test_more_encodings(cli: Cli, tmp_path: Path) -> None:
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes(REPORT.encode("utf-16"))
    assert concise(cli, utf16, "--max-bytes", str(utf16.stat().st_size)) == (0, [])  # the file's own size counts
    both = tmp_path / "both.txt"
    lines = REPORT.split("\n")
    both.write_bytes(lines[0].encode() + b"\n\xed\xa0\x80" + lines[1].encode() + b"\n"
                     + "\n".join(lines[2:]).encode("gb18030"))
    code, found = concise(cli, both)
    assert [f.split(": ", 1)[1].split()[0] for f in found] == ["F007", "F005"] and code == 1
    assert found[0].startswith(f"{both}:2:1: F007")
    for blank in (b"\xef\xbb\xbf", "\u3000\u00a0\n".encode()):
        (tmp_path / "blank.txt").write_bytes(blank)
        assert one_error(cli, tmp_path / "blank.txt") == f"gio-lint: {tmp_path / 'blank.txt'}: 文件为空 (empty file)"
