"""Running gio-lint over many inputs: directories expanded into the reports below them,
each report linted with the settings of its nearest config file, in worker processes
when there are several; results come back in input order whatever the job count."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from gio_lint.config import Settings, rules_for, settings_for
from gio_lint.lint import Options, Result, compare, lint
from gio_lint.read import InputError, read
from gio_lint.render import FileOutcome
from gio_lint.year import agency

SUFFIXES = (".txt", ".docx", ".html", ".htm", ".pdf")


@dataclass(frozen=True)
class Overrides:
    """What the command line says on top of the config files."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    template: str = ""
    rounding: str = ""
    lang: str = ""
    max_bytes: int = 0  # 0: as the config says


def settings(path: str, overrides: Overrides) -> Settings:
    """The nearest config file's settings for ``path`` (a report, or - for stdin), with
    the command line on top."""
    s = settings_for(Path.cwd() if path == "-" else Path(os.path.abspath(path)).parent)
    if overrides.select:
        s = replace(s, select=overrides.select)
    s = replace(s, extend_select=(*s.extend_select, *overrides.extend_select), ignore=(*s.ignore, *overrides.ignore))
    for key in ("template", "rounding", "lang"):
        if getattr(overrides, key):
            s = replace(s, **{key: getattr(overrides, key)})
    return replace(s, max_bytes=overrides.max_bytes) if overrides.max_bytes else s


def expand(paths: Sequence[str]) -> Iterator[str]:
    """Files as given; directories as the reports below them, sorted, hidden entries and
    symbolic links to folders skipped (no loops)."""
    for path in paths:
        if path == "-" or not Path(path).is_dir():
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                    yield os.path.join(folder, name)


def lint_path(path: str, overrides: Overrides, previous: Result | None = None) -> FileOutcome:
    s = settings(path, overrides)
    try:
        source = read(path, s.max_bytes)
    except InputError as exc:
        return FileOutcome(path, None, str(exc))
    everything = replace(s, select=("ALL",), ignore=(), per_file_ignores={})
    options = Options(s.template, s.rounding, rules_for(everything, source.path))
    return FileOutcome(source.path, lint(source, rules_for(s, source.path), previous, options))


def _job(task: tuple[str, Overrides, Result | None]) -> FileOutcome:
    """One report linted, its result cut down to what output needs (its text, not its
    parsed structure: shipping that back from a worker costs more than linting), and the
    key that pairs it with the same agency's report of the year before."""
    outcome = lint_path(*task)
    result = outcome.result
    if result is None:
        return outcome
    key = (agency(result.report, result.years), result.years.year) if result.years.year is not None else None
    slim = replace(result, report=replace(result.report, blocks=()), match=None)
    return replace(outcome, result=slim, key=key if key and key[0] else None)


def pair_years(outcomes: list[FileOutcome], overrides: Overrides) -> list[FileOutcome]:
    """Reports of one agency for consecutive years, found among the inputs: each is
    compared with the year before (carry-over, repeated prose). Both are read again in
    full: pairs are few, and results come back from the workers without their structure."""
    by_key = {o.key: o.path for o in outcomes if o.key is not None}
    paired = []
    for o in outcomes:
        before = by_key.get((o.key[0], o.key[1] - 1)) if o.key is not None else None
        if before is None:
            paired.append(o)
            continue
        this, last = lint_path(o.path, overrides), lint_path(before, overrides)
        assert this.result is not None and last.result is not None
        s = settings(o.path, overrides)
        everything = replace(s, select=("ALL",), ignore=(), per_file_ignores={})
        options = Options(s.template, s.rounding, rules_for(everything, o.path))
        paired.append(replace(o, result=compare(this.result, last.result, rules_for(s, o.path), options)))
    return paired


def run(paths: Sequence[str], overrides: Overrides, previous: Result | None = None, jobs: int = 1,
        progress: Callable[[], None] | None = None) -> list[FileOutcome]:
    """Lint every path; with jobs > 1, in that many processes. ``progress`` is called once
    per finished file. Settings and rule files are checked once up front, so a broken one
    stops the run before any work."""
    for path in dict.fromkeys(p if p == "-" else os.path.dirname(os.path.abspath(p)) for p in paths):
        s = settings(path if path == "-" else os.path.join(path, "x"), overrides)
        rules_for(s, path)
    tasks = [(p, overrides, previous) for p in paths]
    if jobs <= 1 or len(paths) < 2 or "-" in paths:
        out = []
        for task in tasks:
            out.append(_job(task))
            if progress:
                progress()
        return out
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = []
        for outcome in pool.map(_job, tasks, chunksize=max(1, len(tasks) // (jobs * 8))):
            results.append(outcome)
            if progress:
                progress()
        return results
