"""Hardening, as an archive operator and a hostile user meet gio-lint: one bad file never
sinks a run, an output file never replaces what it should not, a .docx never inflates
past the limit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLE_2019, SAMPLE_2021, alive, children
from test_hostile import PERCENT_RULE

import gio_lint.command.runner

Cli = Callable[..., tuple[int, str, str]]
REPORT = SAMPLE_2021
HUGE = "9" * 5000


def _folder(tmp_path: Path, **texts: str) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _heads(out: str) -> list[str]:
    """The files named by the findings of a concise run, in order, once each."""
    names = [line.split(":")[0].rsplit("/", 1)[-1] for line in out.splitlines() if ".txt:" in line]
    return list(dict.fromkeys(names))


def test_a_number_of_5000_digits_stops_nothing(cli: Cli, tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        a_cell=REPORT.replace("3001\t53", f"{HUGE}\t53", 1),
        b_prose=REPORT.replace("三、收到和处理政府信息公开申请情况\n", "三、收到和处理政府信息公开申请情况\n"
                               f"全年共受理申请{HUGE}件，其中予以公开1362件。\n", 1),
        c_clean=EXAMPLE_2019.read_text(encoding="utf-8"),
    )
    code, out, err = cli("--format", "concise", str(folder))
    assert (code, err) == (1, "")
    assert _heads(out) == ["a_cell.txt", "c_clean.txt"]
    # the cell cannot be read: its sums are not checked, and no message prints 5,000 digits
    cell = [line for line in out.splitlines() if line.startswith(str(folder / "a_cell.txt"))]
    assert [line.split(" ")[1] for line in cell] == ["K100", "K100", "V001"]
    assert max(len(line) for line in out.splitlines()) < 400


def test_an_internal_error_on_one_report_is_that_reports_error(cli: Cli, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, a=REPORT, b=REPORT, c=EXAMPLE_2019.read_text(encoding="utf-8"))
    real = gio_lint.command.runner.lint

    def broken(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        if source.path.endswith("b.txt"):
            raise RuntimeError("a defect met on this report")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(gio_lint.command.runner, "lint", broken)
    code, out, err = cli("--format", "concise", "--jobs", "1", str(folder))
    assert code == 2
    assert err == (f"gio-lint: {folder / 'b.txt'}: 内部错误，未能检查此文件 "
                   "(internal error: RuntimeError: a defect met on this report)\n")
    assert _heads(out) == ["c.txt"] and "3 个文件" in out


# ---------------------------------------------------------------- -o never replaces what it should not

def test_output_onto_a_device_is_written_through(cli: Cli, sample_2021: Path) -> None:
    code, out, err = cli("--format", "json", "-o", "/dev/null", str(sample_2021))
    assert (code, out, err) == (0, "", "") and Path("/dev/null").is_char_device()
    code, _, err = cli("--format", "json", "-o", "/dev/full", str(sample_2021))
    assert code == 2 and err.startswith("gio-lint: /dev/full: 无法写入") and err.count("\n") == 1
    assert Path("/dev/full").is_char_device()


def test_output_through_a_link_and_into_a_pipe(cli: Cli, tmp_path: Path, sample_2021: Path) -> None:
    import os
    import threading

    real = tmp_path / "out.json"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o644)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert cli("--format", "json", "-o", str(link), str(sample_2021))[0] == 0
    assert link.is_symlink() and '"files"' in real.read_text(encoding="utf-8")
    assert real.stat().st_mode & 0o777 == 0o644  # the file keeps its permissions
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    assert cli("--format", "json", "-o", str(fifo), str(sample_2021))[0] == 0
    reader.join(10)
    assert fifo.is_fifo() and '"files"' in got[0]


def test_a_new_output_file_gets_the_umask_mode(cli: Cli, tmp_path: Path, sample_2021: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        assert cli("--format", "json", "-o", str(tmp_path / "new.json"), str(sample_2021))[0] == 0
    finally:
        os.umask(old)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o644


# ---------------------------------------------------------------- a .docx that inflates

def _docx_with(path: Path, body_start: bytes, body_end: bytes = b"", filler: int = 0) -> None:
    """The official blank form with XML put at the start of its body, and ``filler`` MB of
    text streamed into it (never held in memory)."""
    import zipfile

    from conftest import FIXTURES

    with zipfile.ZipFile(FIXTURES / "published" / "2021-official-form-blank.docx") as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != "word/document.xml":
                out.writestr(info, data)
                continue
            head, _, tail = data.partition(b"<w:body>")
            with out.open(info.filename, "w", force_zip64=True) as fh:
                fh.write(head + b"<w:body>" + body_start)
                for _ in range(filler):
                    fh.write(b"a" * 2**20)
                fh.write(body_end + tail)


def test_a_docx_zip_bomb_is_not_inflated(cli: Cli, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    _docx_with(bomb, b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>", filler=110)
    assert bomb.stat().st_size < 2**20
    code, _, err = cli("--format", "concise", str(bomb))
    assert code == 2 and err == (f"gio-lint: {bomb}: Word 文件解压后达 110 MB，超过上限 100 MB，未读取 "
                                 "(inflates past the limit: a zip bomb?)\n")


def test_a_docx_nested_too_deep_says_so(cli: Cli, tmp_path: Path) -> None:
    deep = tmp_path / "deep.docx"
    _docx_with(deep, b"<w:tbl><w:tr><w:tc>" * 300 + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * 300)
    code, _, err = cli("--format", "concise", str(deep))
    assert code == 2 and err.endswith("（表格或段落嵌套过深，超过 XML 解析器的层数上限 (nesting too deep)）\n")


# ---------------------------------------------------------------- output that cannot be written

def _folder_with_an_empty_file(tmp_path: Path) -> Path:
    folder = _folder(tmp_path, a=EXAMPLE_2019.read_text(encoding="utf-8"), b="")
    return folder


def test_a_full_disk_is_an_error_and_the_other_errors_still_show(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = _folder_with_an_empty_file(tmp_path)
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "gio_lint", "--format", "concise", str(folder)],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"gio-lint: {folder / 'b.txt'}: 文件为空 (empty file)",
                                        "gio-lint: 无法写出结果 (cannot write the output: No space left on device)"]


@pytest.mark.parametrize("fmt", ["full", "json"])
def test_a_closed_pipe_keeps_the_errors_and_the_exit_code(tmp_path: Path, fmt: str) -> None:
    import subprocess
    import sys

    folder = _folder_with_an_empty_file(tmp_path)
    run = subprocess.Popen([sys.executable, "-m", "gio_lint", "--format", fmt, str(folder)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert run.stdout is not None and run.stderr is not None
    run.stdout.close()  # the reader has gone, as `| head -0` does, before anything is written
    err = run.stderr.read()
    assert run.wait(60) == 2
    assert err.splitlines() == [f"gio-lint: {folder / 'b.txt'}: 文件为空 (empty file)"]


# ---------------------------------------------------------------- folders: nothing skipped in silence

def test_broken_links_and_loops_in_a_folder_are_errors(cli: Cli, tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=REPORT)
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    (folder / "loop1.txt").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop1.txt")
    code, out, err = cli("--format", "concise", str(folder))
    assert code == 2 and "4 个文件" in out
    assert err.splitlines() == [
        f"gio-lint: {folder / 'broken.txt'}: 符号链接指向的文件不存在 (broken symbolic link)",
        f"gio-lint: {folder / 'loop1.txt'}: 符号链接循环，无法读取 (symbolic link loop)",
        f"gio-lint: {folder / 'loop2.txt'}: 符号链接循环，无法读取 (symbolic link loop)"]


def test_a_folder_that_cannot_be_listed_is_an_error(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    folder = _folder(tmp_path, good=REPORT)
    locked = folder / "locked"
    locked.mkdir()
    (locked / "r.txt").write_text(REPORT, encoding="utf-8")
    real = os.scandir

    def scandir(path: object = ".") -> object:  # chmod 000 does not stop root, who runs CI
        if os.fspath(path) == str(locked):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = cli("--format", "concise", str(folder))
    assert code == 2 and "2 个文件" in out
    assert err == f"gio-lint: {locked}: 无权读取此目录，其中的报告未检查 (permission denied: not linted)\n"


def test_links_out_of_the_folder_are_not_followed(cli: Cli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n一、总体情况\n", encoding="utf-8")
    folder = _folder(tmp_path, good=REPORT)
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "inside.txt").symlink_to(folder / "good.txt")  # a link within the folder is a report
    code, out, err = cli("--format", "full", str(folder))
    assert code == 0 and "root:x" not in out + err and "2 个文件" in out
    assert err == ("gio-lint: 跳过了 1 个指向所检查目录之外的符号链接，未读取其内容 "
                   "(not following 1 symbolic links out of the folders given)\n")


# ---------------------------------------------------------------- workers stop with the command

@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_workers_stop_with_the_command(tmp_path: Path, signal_name: str) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = _folder(tmp_path, **{f"r{i:04d}": REPORT for i in range(3000)})
    run = subprocess.Popen([sys.executable, "-m", "gio_lint", "--jobs", "2", "--format", "concise", str(folder)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(workers := children(run.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) >= 2, "no workers started"
    os.kill(run.pid, getattr(signal, signal_name))
    assert run.wait(30) != 0  # generous: a loaded machine (CI) is slow to schedule the exit
    deadline = time.monotonic() + 10
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(alive, workers))
    if signal_name == "SIGTERM":
        assert run.returncode == 2 and run.stderr is not None and "已中断 (interrupted)" in run.stderr.read()


# ---------------------------------------------------------------- data files that are not files

def test_a_baseline_rule_file_or_settings_file_that_is_a_pipe_is_refused(cli: Cli, tmp_path: Path) -> None:
    import os

    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    pipe = tmp_path / "baseline.json"
    os.mkfifo(pipe)  # nobody ever writes to it: reading it would wait forever
    code, _, err = cli("--baseline", str(pipe), str(report))
    assert code == 2 and err == f"gio-lint: {pipe}: 不是普通文件（命名管道或设备等），未读取 (not a regular file)\n"
    agency = tmp_path / "agency"
    (agency / "rules").mkdir(parents=True)
    os.mkfifo(agency / "rules" / "own.toml")
    (agency / "gio-lint.toml").write_text('rule-dirs = ["rules"]\n', encoding="utf-8")
    (agency / "r.txt").write_text(REPORT, encoding="utf-8")
    code, _, err = cli(str(agency / "r.txt"))
    assert code == 2 and "不是普通文件" in err and err.count("\n") == 1


def test_a_settings_file_past_a_megabyte_is_refused(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "gio-lint.toml").write_text("# " + "x" * 2**20 + "\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    code, _, err = cli(str(tmp_path / "r.txt"))
    assert code == 2 and "文件过大" in err and err.count("\n") == 1


# ---------------------------------------------------------------- a rule pack cannot hang a run

@pytest.mark.parametrize("statement", [
    "{part}件" + ".*?," * 12 + "占{pct}",  # repeats split by literals: even the regex engine backtracks
    "{part}件" + "(?:.*?,)" * 12 + "占{pct}",  # a counted repeat of a repeat, written out
])
def test_a_backtracking_rule_pattern_is_stopped_and_said(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          statement: str) -> None:
    import time

    import gio_lint.prose.budget
    from gio_lint.prose.regex_safety import regex_problem

    assert regex_problem(statement) is None  # the static check lets it through
    monkeypatch.setattr(gio_lint.prose.budget, "FLOOR_SECONDS", 0.3)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "agency.toml").write_text(PERCENT_RULE.format(statement=statement), encoding="utf-8")
    (tmp_path / "gio-lint.toml").write_text('rule-dirs = ["rules"]\n', encoding="utf-8")
    hostile = "5%：共100件，其中5件" + "，" * 40 + "占"  # no figure after 占: the pattern cannot succeed
    heading = "三、收到和处理政府信息公开申请情况\n"
    (tmp_path / "r.txt").write_text(REPORT.replace(heading, f"{heading}{hostile}\n", 1), encoding="utf-8")
    started = time.monotonic()
    code, out, err = cli("--format", "concise", str(tmp_path / "r.txt"))
    assert time.monotonic() - started < 10
    assert (code, err) == (1, "")  # a warning, which fails the run by default
    assert [line.split(" ", 2)[1:] for line in out.splitlines() if line.startswith(str(tmp_path))] == [
        ["F008", "规则 P901 的正则表达式在本报告上运行超过 0.3 秒，已停止该规则的检查"]]
