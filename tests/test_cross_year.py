"""Checks across two years: carried-over figures, 上一年项目数量, repeated prose, with
--previous or with both reports in one folder."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from conftest import CORPUS, line_of
from test_rules import CLEAN_2019, CLEAN_2021, cells

from gio_lint.command import runner

Cli = Callable[..., tuple[int, str, str]]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def found(out: str, code: str) -> list[tuple[str, int, int]]:
    return [(Path(f["path"]).name, d["location"]["line"], d["location"]["column"])
            for f in json.loads(out)["files"] for d in f["diagnostics"] if d["code"] == code]


CARRIED = line_of(CLEAN_2021, "二、上年结转")
CARRIED_NATURAL_AND_LEGAL = [("2024.txt", CARRIED, 18), ("2024.txt", CARRIED, 27)]  # 自然人, 法律服务机构


def last_year_2023(forwarded: list[str]) -> str:
    """The 2021-format example as if for 2023, forwarding ``forwarded`` to 2024."""
    return cells(CLEAN_2021.replace("2024年", "2023年"), r"^四、结转下年度", forwarded)


def test_carry_over_column_by_column(cli: Cli, tmp_path: Path) -> None:
    this = write(tmp_path, "2024.txt", CLEAN_2021)
    wrong = write(tmp_path, "wrong-2023.txt", last_year_2023(["30", "0", "0", "0", "4", "0", "34"]))
    code, out, _ = cli("--format", "json", "--select", "Y010", "--previous", str(wrong), str(this))
    assert code == 1 and found(out, "Y010") == CARRIED_NATURAL_AND_LEGAL
    right = write(tmp_path, "right-2023.txt", last_year_2023(["34", "0", "0", "0", "0", "0", "34"]))
    assert cli("--select", "Y010", "--previous", str(right), str(this))[0] == 0


def test_reports_of_consecutive_years_in_a_folder_are_paired(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, "2024.txt", CLEAN_2021)
    write(tmp_path, "2023.txt", last_year_2023(["30", "0", "0", "0", "4", "0", "34"]))
    code, out, _ = cli("--format", "json", "--select", "Y010", str(tmp_path))
    assert code == 1 and found(out, "Y010") == CARRIED_NATURAL_AND_LEGAL
    # another agency's report of 2023 is not last year's report
    other = last_year_2023(["30", "0", "0", "0", "4", "0", "34"]).replace("淮安市人民政府", "扬州市人民政府")
    write(tmp_path, "2023.txt", other)
    assert found(cli("--format", "json", "--select", "Y010", str(tmp_path))[1], "Y010") == []


def test_items_follow_last_years_figure_plus_its_change(cli: Cli, tmp_path: Path) -> None:
    last = write(tmp_path, "2019.txt", CLEAN_2019)  # 行政许可: 4 items, 减4
    this = write(tmp_path, "2020.txt", CLEAN_2019.replace("2019年", "2020年"))
    code, out, _ = cli("--format", "json", "--select", "Y011", "--previous", str(last), str(this))
    assert code == 1 and found(out, "Y011") == [("2020.txt", 31, 8)]  # 4, where 4 + (-4) = 0 was due
    fixed = write(tmp_path, "fixed-2020.txt", CLEAN_2019.replace("2019年", "2020年").replace(
        "行政许可 | 4 | 减4 | 28 |", "行政许可 | 0 | 0 | 28 |"))
    assert cli("--select", "Y011", "--previous", str(last), str(fixed))[0] == 0


def test_prose_repeated_from_last_year(cli: Cli, tmp_path: Path) -> None:
    this = write(tmp_path, "2024.txt", CLEAN_2021)
    same = write(tmp_path, "2023.txt", CLEAN_2021.replace("2024年", "2023年").replace("3119", "2890"))
    code, out, _ = cli("--select", "Y012", "--previous", str(same), str(this))
    assert code == 1 and "Y012 正文中 100% 的句子" in out
    other = CORPUS / "2019-shanghai-office-tabs.txt"
    assert cli("--select", "Y012", "--previous", str(other), str(this))[0] == 0


def test_a_report_of_another_year_is_not_last_years(cli: Cli, tmp_path: Path) -> None:
    this = write(tmp_path, "2024.txt", CLEAN_2021)
    same_year = write(tmp_path, "also-2024.txt", CLEAN_2021.replace("3119", "2800"))
    assert cli("--select", "X002,Y010,Y012", "--previous", str(same_year), str(this))[0] == 0


def _counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = runner.lint_path

    def counted(path: str, *args: Any, **kwargs: Any) -> Any:
        reads.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(runner, "lint_path", counted)
    return reads


def _three_years(folder: Path, names: tuple[str, str, str]) -> tuple[Path, Path, Path]:
    """The 2021-format example for 2022, 2023 (forwarding other figures than 2024 carries
    over) and 2024, under ``names``."""
    return (write(folder, names[0], CLEAN_2021.replace("2024年", "2022年")),
            write(folder, names[1], last_year_2023(["30", "0", "0", "0", "4", "0", "34"])),
            write(folder, names[2], CLEAN_2021))


def _each_pair(cli: Cli, *years: Path) -> list[tuple[str, int, int]]:
    """The Y010 findings of each consecutive pair of ``years``, linted with --previous."""
    return [hit for last, this in pairwise(years) for hit in found(
        cli("--format", "json", "--select", "Y010", "--previous", str(last), str(this))[1], "Y010")]


def test_years_in_a_row_are_compared_as_they_are_linted(cli: Cli, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """An archive lists an agency's years in order: each report is compared with the one
    linted just before it, and no report is read twice."""
    each = _each_pair(cli, *_three_years(tmp_path, ("2022.txt", "2023.txt", "2024.txt")))
    assert len(each) >= 4
    reads = _counting_reads(monkeypatch)
    code, out, _ = cli("--format", "json", "--select", "Y010", "--jobs", "1", str(tmp_path))
    assert code == 1 and found(out, "Y010") == each
    assert sorted(reads) == ["2022.txt", "2023.txt", "2024.txt"]


def test_a_year_between_two_others_is_read_once_for_both_pairs(cli: Cli, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Years listed latest first are paired after the first pass: 2023 is the later year
    of one pair and the earlier of the next, and the pairing pass reads it once; the
    findings are those of each pair on its own."""
    y2022, y2023, y2024 = _three_years(tmp_path, ("c-2022.txt", "b-2023.txt", "a-2024.txt"))
    each = _each_pair(cli, y2022, y2023, y2024)
    reads = _counting_reads(monkeypatch)
    code, out, _ = cli("--format", "json", "--select", "Y010", "--jobs", "1", str(tmp_path))
    assert code == 1 and sorted(found(out, "Y010")) == sorted(each)
    assert sorted(reads) == ["a-2024.txt", "a-2024.txt", "b-2023.txt", "b-2023.txt", "c-2022.txt", "c-2022.txt"]


def test_of_two_reports_for_last_year_the_pairs_go_by_the_one_listed_before(cli: Cli, tmp_path: Path) -> None:
    """Two reports of the same agency and year: this year's is compared with the one
    listed last before it (its findings are out as soon as it is linted), or else, with
    none before it, with the first listed after it."""
    first = last_year_2023(["30", "0", "0", "0", "4", "0", "34"])
    second = last_year_2023(["33", "1", "0", "0", "0", "0", "34"])
    this = write(tmp_path, "this.txt", CLEAN_2021)
    with_first, with_second = (found(cli("--format", "json", "--select", "Y010", "--previous", str(last), str(this))[1],
                                     "Y010") for last in (write(tmp_path, "first.txt", first),
                                                          write(tmp_path, "second.txt", second)))
    assert with_first != with_second and with_second
    for folder, names, expected in (("before", ("a-2023.txt", "b-2023.txt", "c-2024.txt"), with_second),
                                    ("after", ("x-2024.txt", "y-2023.txt", "z-2023.txt"), with_first)):
        (tmp_path / folder).mkdir()
        for name, text in zip(names, (first, second, CLEAN_2021) if folder == "before" else (CLEAN_2021, first, second),
                              strict=True):
            write(tmp_path / folder, name, text)
        out = cli("--format", "json", "--select", "Y010", "--jobs", "1", str(tmp_path / folder))[1]
        assert [(line, col) for name, line, col in found(out, "Y010") if "2024" in name] == [
            (line, col) for _, line, col in expected]


def test_an_input_that_cannot_be_read_again_is_not_compared(cli: Cli, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Years are compared on reports that can be read again (as the pairing pass does):
    a report piped in on stdin is compared with no other, whatever the order of the inputs."""
    last = last_year_2023(["30", "0", "0", "0", "4", "0", "34"])
    this = write(tmp_path, "2024.txt", CLEAN_2021)
    before = write(tmp_path, "2023.txt", last)
    assert found(cli("--format", "json", "--select", "Y010", str(before), str(this))[1], "Y010")  # files: compared
    for args in (("-", str(this)), (str(this), "-")):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(last.encode("utf-8"))))
        assert found(cli("--format", "json", "--select", "Y010,Y012", *args)[1], "Y010") == []


def test_a_worker_compares_only_reports_of_the_same_run(tmp_path: Path) -> None:
    """A worker process outlives runs (and serves direct calls): the report it linted last
    in another run is read again, never taken as it was; in no run, nothing is compared."""
    last = write(tmp_path, "2023.txt", last_year_2023(["30", "0", "0", "0", "4", "0", "34"]))
    this = write(tmp_path, "2024.txt", CLEAN_2021)

    def codes(run: int | None, before: str = str(last)) -> set[str]:
        runner._job((str(last), None, runner.Overrides(), None, run))
        return {d.code for d in runner._job((str(this), before, runner.Overrides(), None, run)).diagnostics}

    assert "Y010" in codes(1) and "Y010" not in codes(None)
    runner._job((str(last), None, runner.Overrides(), None, 2))
    last.write_text(CLEAN_2019, encoding="utf-8")  # no longer last year's report
    assert "Y010" not in {d.code for d in runner._job((str(this), str(last), runner.Overrides(), None, 3)).diagnostics}


@pytest.mark.parametrize("fmt", ["full", "concise", "json", "json-lines", "sarif", "github", "junit", "html"])
def test_pairs_of_an_archive_come_out_the_same_at_any_job_count(cli: Cli, tmp_path: Path, fmt: str) -> None:
    """Twelve agencies' reports for 2023 and 2024, half listed in order (compared as each is
    linted, some across the batches that workers take) and half latest first (compared after
    the last file): every pair is compared, and the output does not depend on --jobs."""
    for k in range(3):  # another agency's first, so that a pair in order straddles two batches of 16
        write(tmp_path, f"-filler-{k}.txt", CLEAN_2019)
    for n in range(12):
        mark = "ABCDEFGHIJKL"[n]
        years = [("2023", last_year_2023(["30", "0", "0", "0", "4", "0", str(30 + n)])), ("2024", CLEAN_2021)]
        for i, (year, text) in enumerate(years if n % 2 == 0 else years[::-1]):
            write(tmp_path, f"{n:02d}-{i}-{year}.txt", re.sub(r"^淮安市", f"{mark}淮安市", text, count=1))
    one = cli("--format", fmt, "--jobs", "1", str(tmp_path))
    assert one == cli("--format", fmt, "--jobs", "2", str(tmp_path)) and one[0] == 1
    if fmt == "html":  # the pairs found after the last file are merged into their files' parts
        page = lxml.html.document_fromstring(one[1])
        compared = {Path(s.findtext("h2")).name for s in page.find_class("file") if s.xpath(".//li[@data-code='Y010']")}
        assert compared == {f"{n:02d}-{1 if n % 2 == 0 else 0}-2024.txt" for n in range(12)}
    if fmt == "json":
        compared = {name for name, _, _ in found(one[1], "Y010")}
        assert compared == {f"{n:02d}-{1 if n % 2 == 0 else 0}-2024.txt" for n in range(12)}
