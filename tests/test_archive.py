"""Archives of many reports: a folder run's memory does not grow with the number of files,
its output comes as it goes, and an interrupted run stops, workers and all, leaving no
partial output file."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLE_2021, ROOT, alive, children, sample

CELL = re.compile(r"(?<=\t)\d{1,3}(?=\t|$)", re.M)  # a figure of a table row


def archive(folder: Path, count: int) -> Path:
    """``count`` reports made from the 2021 example, each with its tables' figures moved
    a little (so that most sums fail: many findings to keep, or not to keep)."""
    text = EXAMPLE_2021.read_text(encoding="utf-8")
    folder.mkdir()
    for i in range(count):
        moved = CELL.sub(lambda m, i=i: str(int(m.group()) + (m.start() + i) % 3), text)  # type: ignore[misc]
        (folder / f"{i:05d}.txt").write_text(moved, encoding="utf-8")
    return folder


# the command in a process that says, when it ends, its own peak memory and its largest
# worker's (kB). Its own is VmHWM: ru_maxrss would count what the process that started it
# held (Linux carries it over an exec); the workers, forked from it, are its children.
MEASURED = ("import re, resource, sys\n"
            "from pathlib import Path\n"
            "from gio_lint.command.cli import main\n"
            "code = main(sys.argv[1:])\n"
            "own = re.search(r'VmHWM:\\s*(\\d+)', Path('/proc/self/status').read_text()).group(1)\n"
            "print(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(code)\n")


def peaks(*args: str) -> tuple[int, int]:
    done = subprocess.run([sys.executable, "-c", MEASURED, *args], capture_output=True, text=True, cwd=ROOT,
                          check=False)
    assert done.returncode == 1, done.stderr
    parent, worker = done.stderr.splitlines()[-1].split()
    return int(parent), int(worker)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("fmt", sample(["json-lines", "json", "full"], 3))
def test_memory_does_not_grow_with_the_number_of_files(tmp_path: Path, fmt: str) -> None:
    """The same reports, 60 and then 400 of them: the parent and each worker peak at
    about the same memory (a run that kept each report's outcome grew by ~80 MB)."""
    sizes = {}
    for count in (60, 400):
        folder = archive(tmp_path / str(count), count)
        out = tmp_path / f"{count}.out"
        sizes[count] = peaks("--jobs", "2", "--format", fmt, "-o", str(out), str(folder))
        assert f"{count - 1:05d}.txt" in out.read_text(encoding="utf-8")  # every file linted
    (small_parent, small_worker), (large_parent, large_worker) = sizes[60], sizes[400]
    assert large_parent - small_parent < 16_000, sizes
    assert large_worker - small_worker < 16_000, sizes


def _finds(folder: Path, *args: str) -> subprocess.Popen[str]:
    """The command on ``folder`` in a session of its own (so that Ctrl-C can be sent to
    it and its workers, as a terminal does)."""
    return subprocess.Popen([sys.executable, "-m", "gio_lint", "--jobs", "2", *args, str(folder)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_findings_come_out_while_the_run_goes_on_and_ctrl_c_stops_it(tmp_path: Path) -> None:
    folder = archive(tmp_path / "a", 1500)
    run = _finds(folder, "--format", "json-lines")
    assert run.stdout is not None and run.stderr is not None
    first = run.stdout.readline()
    assert '"path":' in first and str(folder / "00000.txt") in first
    # the first file's findings are out while its workers still lint the others
    assert run.poll() is None and sum(map(alive, children(run.pid))) >= 2
    os.killpg(run.pid, signal.SIGINT)  # Ctrl-C: to the command and its workers
    assert run.wait(30) == 2
    assert run.stderr.read() == "gio-lint: 已中断 (interrupted)\n"


def test_an_interrupted_run_leaves_no_output_file(tmp_path: Path) -> None:
    folder = archive(tmp_path / "a", 1500)
    target = tmp_path / "out.sarif"
    run = _finds(folder, "--format", "sarif", "-o", str(target))
    assert run.stderr is not None
    while not list(tmp_path.glob(".out.sarif-*")):  # the output is being written
        assert run.poll() is None
        time.sleep(0.01)
    os.killpg(run.pid, signal.SIGINT)
    code, err = run.wait(30), run.stderr.read()
    assert (code, err) == (2, "gio-lint: 已中断 (interrupted)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"], err


def test_ctrl_c_inside_an_exec_still_exits_with_2(tmp_path: Path) -> None:
    """Ctrl-C landing while a module being imported makes a dataclass (whose methods are
    made by exec() of a string) once made the run end by SIGINT at exit (code -2), after
    its one line: CPython remembers an interruption that went through an exec(). Here it (a real SIGINT)
    lands in one on purpose, in a run started as ``python -m`` is."""
    (tmp_path / "interrupted.py").write_text(
        "from gio_lint.command import cli\n"
        "cli._lint = lambda args: exec('import os, signal, time\\n'\n"
        "                              'os.kill(os.getpid(), signal.SIGINT)\\ntime.sleep(9)')\n"
        "raise SystemExit(cli.main(['report.txt']))\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "interrupted"], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert (run.returncode, run.stderr) == (2, "gio-lint: 已中断 (interrupted)\n")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("source,joined,times", [
    ("2021-pingtan-crawler-oneline.txt", True, 8),  # a crawled page on one line (F002): measured ~6×
    # a paragraph a line with tab tables: every value a cell, a row and a span of the report's model: ~12×
    ("2019-shanghai-office-tabs.txt", False, 14),
])
def test_a_huge_report_costs_a_few_times_its_size(tmp_path: Path, source: str, joined: bool, times: int) -> None:
    """A report of 6 MB (the same page over and over, as a broken crawl makes it): the
    command's peak memory stays within a few times the report's size above what it takes
    for a small one (a 19 MB page once took 956 MB, fifty times its size)."""
    text = (CORPUS / source).read_text(encoding="utf-8")
    text = text.replace("\n", "") if joined else text
    big = tmp_path / "big.txt"
    big.write_text(text * (6_000_000 // len(text.encode("utf-8"))), encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text(text, encoding="utf-8")
    base, _ = peaks("--format", "json-lines", "-o", str(tmp_path / "small.out"), str(small))
    peak, _ = peaks("--format", "json-lines", "-o", str(tmp_path / "big.out"), str(big))
    assert peak - base < times * big.stat().st_size // 1024, (base, peak)
