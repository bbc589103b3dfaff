"""gio-lint's speed, measured on demand (never in the tests): `python benchmarks/bench.py`.

Reports are generated from the fixtures with varied figures (so that nearly every sum
fails: the most findings to build), as an archive holds them (each agency's reports for
two consecutive years, which the command pairs for the rules that compare years), then
linted in one process and on all cores; the fixtures as published are linted in one
process too. Beside them, in the same run, the
floor: a loop that only reads, decodes and regex-scans the same files. Start-up of
`gio-lint --version` and of one report is compared with a bare `import lark`. A report
ten times longer shows whether any step grows faster than the report. `--write` puts the
table in docs/performance.md."""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gio_lint.command.runner import settle  # noqa: E402
from gio_lint.input.read import read  # noqa: E402
from gio_lint.rules.lint import lint  # noqa: E402
from gio_lint.structure.layout import build_report  # noqa: E402
from gio_lint.structure.year import read_years  # noqa: E402

SOURCES = [ROOT / "examples" / "2024-huaian-city.txt", ROOT / "examples" / "2019-laoshan-hrss.txt",
           *sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.txt"))]
_NUMBER = re.compile(r"(?<![\d.])\d{1,6}(?![\d.])")
# what is not a figure: a year, a date, a list marker (「2021年」, 「3月」, 「1、」), a part
# of a dashed date or a time (「2018-01-23 08:51」)
_NOT_FIGURE = re.compile(r"(?:19|20)\d\d|\d+(?=\s*(?:年|月|日|号|、)|[-:])")


def _moved(m: re.Match[str], rng: random.Random) -> str:
    """A figure moved a little (never below 0); years, dates, times and list markers stay."""
    text, start = m.string, m.start()
    if _NOT_FIGURE.fullmatch(m.group(0)) or _NOT_FIGURE.match(text, start) or text[start - 1 : start] in ("-", ":"):
        return m.group(0)
    return str(max(0, int(m.group(0)) + rng.randint(-3, 3)))


def _letters(n: int) -> str:
    """A mark for the n-th agency, with no figure in it: A, B, …, Z, BA, BB, …"""
    out = ""
    while True:
        n, r = divmod(n, 26)
        out = chr(ord("A") + r) + out
        if not n:
            return out


def _by_agency(text: str, n: int, later: bool) -> str:
    """The report as agency ``n`` would write it (a mark of its own at the start of its
    title), for its own year or, ``later``, for the year after (every 「2019年」 or 「2019 年」
    then says 2020: the same format, since each fixture's year and the next use the same one)."""
    years = read_years(build_report("", text))
    if years.title is None:
        return text
    lines = text.split("\n")
    at = years.title.span.line - 1
    lines[at] = f"{_letters(n)} {lines[at]}"
    text = "\n".join(lines)
    year = years.title.year
    return re.sub(rf"(?<!\d){year}(?=\s*年)", str(year + 1), text) if later else text


def generate(folder: Path, count: int, seed: int = 2026, vary: bool = True) -> list[Path]:
    """``count`` reports made from the fixtures, every figure moved a little (unless
    ``vary`` is false: then the fixtures as published, over and over). Years, dates and
    list markers stay, so each report keeps its format. The varied reports come as an
    archive does: each agency's report for a year and the next, which the command pairs
    for the rules that compare two years."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    paths = []
    for i in range(count):
        text = texts[(i // 2) % len(texts)]
        if vary:
            text = _by_agency(_NUMBER.sub(lambda m: _moved(m, rng), text), i // 2, later=i % 2 == 1)
        path = folder / f"report-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


PASSES = 3  # each throughput is the best of this many passes over the reports
FLOOR_PASSES = 15  # the floor's pass is short (a tenth of a second), so one hiccup would count


def best_rate(paths: list[Path], one: Callable[[Path], object], passes: int = PASSES) -> float:
    """Reports per second of ``one`` over ``paths``: this process's CPU time (time the
    machine gives to others does not count), the best of ``passes`` passes (other load
    only ever slows a pass down)."""
    times = []
    for _ in range(passes):
        start = time.process_time()
        for p in paths:
            one(p)
        times.append(time.process_time() - start)
    return len(paths) / min(times)


def floor(paths: list[Path]) -> float:
    return best_rate(paths, lambda p: _NUMBER.findall(p.read_bytes().decode("utf-8")), FLOOR_PASSES)


def one_process(paths: list[Path]) -> float:
    settle()  # as the command does before a run: rules, templates and parser built once
    return best_rate(paths, lambda p: lint(read(str(p))))


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "gio_lint", *args]


def wall(cmd: list[str], repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def scaling() -> tuple[float, float]:
    """Seconds to lint the 2021 example, and a report ten times longer (its prose ten times)."""
    base = (ROOT / "examples" / "2024-huaian-city.txt").read_text(encoding="utf-8")
    lines = base.split("\n")
    prose = "\n".join(line for line in lines[:10] if "\t" not in line)
    long = base + ("\n" + prose) * 9 * max(1, len(base) // max(1, len(prose)))
    with tempfile.TemporaryDirectory() as d:
        a, b = Path(d, "a.txt"), Path(d, "b.txt")
        a.write_text(base, encoding="utf-8")
        b.write_text(long[: len(base) * 10], encoding="utf-8")
        lint(read(str(a)))
        timings = []
        for p in (a, b):
            start = time.process_time()
            for _ in range(5):
                lint(read(str(p)))
            timings.append((time.process_time() - start) / 5)
    return timings[0], timings[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--write", action="store_true", help="write docs/performance.md")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as d:
        paths = generate(Path(d), args.count)
        size = statistics.mean(p.stat().st_size for p in paths) / 1024
        rates = {"floor": floor(paths), "one": one_process(paths)}
        start = time.perf_counter()
        subprocess.run(command("--format", "json", "--jobs", str(cores), d), cwd=ROOT, capture_output=True,
                       check=False)
        rates["all"] = len(paths) / (time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as d:
        rates["published"] = one_process(generate(Path(d), args.count, vary=False))
    version = wall(command("--version"), 10)
    bare = wall([sys.executable, "-c", "import lark"], 10)
    single = wall(command(str(ROOT / "examples" / "2019-laoshan-hrss.txt")), 5)
    short, long = scaling()
    rows = [
        ("floor: read, decode, regex-scan", f"{rates['floor']:.0f} reports/s", "1"),
        ("gio-lint, one process", f"{rates['one']:.0f} reports/s", f"1/{rates['floor'] / rates['one']:.0f}"),
        ("the same in reports of 15 kB (by bytes)", f"{rates['one'] * size / 15:.0f} reports/s", ""),
        ("gio-lint, one process, the fixtures as published", f"{rates['published']:.0f} reports/s",
         f"1/{rates['floor'] / rates['published']:.0f}"),
        (f"gio-lint, {cores} processes (CLI, with start-up)", f"{rates['all']:.0f} reports/s",
         f"1/{rates['floor'] / rates['all']:.0f}"),
        ("`import lark` (bare interpreter)", f"{bare * 1000:.0f} ms", ""),
        ("`gio-lint --version`", f"{version * 1000:.0f} ms", f"{version / bare:.2f} × import lark"),
        ("`gio-lint` on one report", f"{single * 1000:.0f} ms", ""),
        ("one report / ten times longer", f"{short * 1000:.1f} ms / {long * 1000:.1f} ms", f"× {long / short:.1f}"),
    ]
    table = "\n".join(["| measure | result | against |", "|---|---|---|",
                       *(f"| {a} | {b} | {c} |" for a, b, c in rows)])
    header = (f"{args.count} reports generated from the fixtures (mean {size:.1f} kB), "
              f"Python {sys.version.split()[0]}, {cores} cores.\n")
    print(header)
    print(table)
    if args.write:
        doc = ROOT / "docs" / "performance.md"
        text = doc.read_text(encoding="utf-8") if doc.exists() else ""
        marker = "<!-- results -->"
        before = text.split(marker)[0] if marker in text else text
        doc.write_text(before + marker + "\n\n" + header + "\n" + table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
