"""gio-lint over archives, measured on demand (never in the tests):
`python benchmarks/archive.py [--sizes 1000,10000,100000] [--write]`.

For each size, a folder of that many reports: 1,000 reports generated as benchmarks/bench.py
does (every figure moved a little, each agency's report for two consecutive years), linked
again under further sub-folders up to the size (files on disk cost nothing to make, and a
report's time does not depend on its name). The command lints it at ``--jobs 2`` in each
of the formats json-lines, json and full, with its output read from a pipe as a reader
would, and the benchmark notes:

- the time until the first byte of output, and until the end;
- the peak memory of the command (VmHWM) and of its largest worker (the run's children);
- beside them, the floor: a loop that only reads, decodes and regex-scans the same files.

`--write` puts the table in docs/performance.md, after the ``<!-- archive -->`` marker."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import floor, generate  # noqa: E402

DISTINCT = 1000  # reports generated; larger archives link them again
FORMATS = ("json-lines", "json", "full")
JOBS = 2
# the command, saying at its end its own peak memory and its largest worker's (kB)
MEASURED = ("import re, resource, sys\n"
            "from pathlib import Path\n"
            "from gio_lint.command.cli import main\n"
            "code = main(sys.argv[1:])\n"
            "own = re.search(r'VmHWM:\\s*(\\d+)', Path('/proc/self/status').read_text()).group(1)\n"
            "print(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(code)\n")


def archive(folder: Path, size: int, reports: list[Path]) -> Path:
    """``size`` reports under ``folder``: the generated ones, linked again as needed."""
    folder.mkdir()
    for n in range(size):
        copy, i = divmod(n, len(reports))
        sub = folder / f"part-{copy:04d}"
        if i == 0:
            sub.mkdir()
        os.link(reports[i], sub / reports[i].name)
    return folder


def measure(folder: Path, fmt: str) -> dict[str, float]:
    """Seconds to the first output and to the end; peak memory (MB) of the command and
    of its largest worker."""
    start = time.perf_counter()
    run = subprocess.Popen([sys.executable, "-c", MEASURED, "--jobs", str(JOBS), "--format", fmt, "--color", "never",
                            str(folder)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert run.stdout is not None and run.stderr is not None
    first = run.stdout.read(1)
    to_first = time.perf_counter() - start
    while run.stdout.read(1 << 20):
        pass
    err = run.stderr.read().decode("utf-8", "replace")
    run.wait()
    total = time.perf_counter() - start
    if not first or run.returncode not in (0, 1):
        raise SystemExit(f"gio-lint failed ({run.returncode}): {err[-500:]}")
    parent, worker = (int(kb) / 1024 for kb in err.splitlines()[-1].split())
    return {"first": to_first, "total": total, "parent": parent, "worker": worker}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000", help="archive sizes, comma-separated")
    parser.add_argument("--write", action="store_true", help="write docs/performance.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as d:
        generated = Path(d, "generated")
        generated.mkdir()
        reports = generate(generated, DISTINCT)
        rate_floor = floor(reports)
        for size in sizes:
            folder = archive(Path(d, f"archive-{size}"), size, reports)
            results = {fmt: measure(folder, fmt) for fmt in FORMATS}
            for fmt, r in results.items():
                rate = size / r["total"]
                rows.append((f"{size:,}", fmt, f"{r['first']:.2f} s", f"{r['total']:.1f} s", f"{rate:.0f}/s",
                             f"1/{rate_floor / rate:.0f}", f"{r['parent']:.0f} MB", f"{r['worker']:.0f} MB",
                             f"{r['total'] / results['json-lines']['total']:.2f} ×"))
                print(" | ".join(rows[-1]), flush=True)
    table = "\n".join([
        "| reports | format | first output | all | reports/s | against the floor | command's peak | worker's peak "
        "| time against json-lines |",
        "|---|---|---|---|---|---|---|---|---|",
        *(f"| {' | '.join(row)} |" for row in rows)])
    header = (f"`--jobs {JOBS}`, output read from a pipe; floor {rate_floor:.0f} reports/s; "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} cores.\n")
    print(header)
    print(table)
    if args.write:
        doc = ROOT / "docs" / "performance.md"
        text = doc.read_text(encoding="utf-8")
        marker, end = "<!-- archive -->", "<!-- /archive -->"
        before, _, rest = text.partition(marker)
        after = rest.partition(end)[2]
        doc.write_text(f"{before}{marker}\n\n{header}\n{table}\n\n{end}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
