"""Running gio-lint over many inputs: directories expanded into the reports below them,
each report linted with the settings of its nearest config file, in worker processes
when there are several; results come back in input order whatever the job count."""

from __future__ import annotations

import gc
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from gio_lint.config import Settings, read_config, rules_for, settings_for
from gio_lint.diagnostics import Diagnostic
from gio_lint.lint import Options, Result, lint
from gio_lint.model import Report
from gio_lint.parse import parse_lines
from gio_lint.read import InputError, read
from gio_lint.render import FileOutcome
from gio_lint.ruleset import KINDS, Rule, load_rules
from gio_lint.selection import Ignored
from gio_lint.templates import load_templates
from gio_lint.tomlload import DataError
from gio_lint.year import Years, agency

T = TypeVar("T")
U = TypeVar("U")
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
    config: str = ""  # --config FILE: this file's settings for every report
    isolated: bool = False  # --isolated: no settings file at all
    exclude: tuple[str, ...] = ()  # --exclude: gitignore-style patterns a folder run leaves out
    no_ignore: bool = False  # --no-ignore: ignore files and excludes left aside
    stdin_filename: str = ""  # the name (and settings) of a report read from standard input


def settings(path: str, overrides: Overrides) -> Settings:
    """The settings for ``path`` (a report, or - for stdin): the nearest config file's,
    or --config's, or none (--isolated), with the command line on top."""
    if overrides.isolated:
        s = Settings()
    elif overrides.config:
        s = _config_file(overrides.config)
    else:
        s = settings_for(Path.cwd() if path == "-" else Path(os.path.abspath(path)).parent)
    if overrides.select:
        s = replace(s, select=overrides.select)
    s = replace(s, extend_select=(*s.extend_select, *overrides.extend_select), ignore=(*s.ignore, *overrides.ignore))
    for key in ("template", "rounding", "lang"):
        if getattr(overrides, key):
            s = replace(s, **{key: getattr(overrides, key)})
    return replace(s, max_bytes=overrides.max_bytes) if overrides.max_bytes else s


@lru_cache(maxsize=4)
def _config_file(path: str) -> Settings:
    found = read_config(Path(path))
    if found is None:
        raise DataError(f"{path}: 其中没有 [tool.gio-lint] 配置", f"{path}: has no [tool.gio-lint] table")
    return found


def expand(paths: Sequence[str], notes: list[str] | None = None, overrides: Overrides | None = None) -> Iterator[str]:
    """Files as given; directories as the reports below them, sorted. Hidden entries,
    linked folders (no loops), what is not a regular file (a named pipe would wait for a
    writer forever), what ignore files and excludes name (gio_lint.selection) and links
    to files outside the folders given are skipped — the last said once in ``notes``. A
    report name that cannot be read (a broken link, a link loop) and a folder that cannot
    be listed are yielded, for their one-line errors."""
    overrides = overrides or Overrides()
    given = [os.path.realpath(p) for p in paths if p != "-" and Path(p).is_dir()]
    outside = 0
    unlisted: list[str] = []
    for path in paths:
        if path == "-" or not Path(path).is_dir():
            yield path
            continue
        excludes = () if overrides.no_ignore else (
            *settings(os.path.join(path, "x"), overrides).exclude, *overrides.exclude)
        ignored = Ignored(path, excludes, not overrides.no_ignore)
        for folder, dirs, files in os.walk(path, onerror=lambda exc: unlisted.append(exc.filename)):
            yield from unlisted
            unlisted.clear()
            ignored.enter(folder)
            dirs[:] = sorted(d for d in dirs
                             if not d.startswith(".") and not ignored.skips(os.path.join(folder, d), folder=True))
            for name in sorted(files):
                full = os.path.join(folder, name)
                if name.startswith(".") or not name.lower().endswith(SUFFIXES) or ignored.skips(full):
                    continue
                if os.path.islink(full) and os.path.exists(full) and not _within(os.path.realpath(full), given):
                    outside += 1
                elif os.path.isfile(full) or not os.path.exists(full):  # not there: a broken link, a loop
                    yield full
        yield from unlisted
        unlisted.clear()
    if outside and notes is not None:
        notes.append(f"跳过了 {outside} 个指向所检查目录之外的符号链接，未读取其内容 "
                     f"(not following {outside} symbolic links out of the folders given)")


def _within(target: str, folders: Sequence[str]) -> bool:
    return any(os.path.commonpath([target, folder]) == folder for folder in folders)


def lint_path(path: str, overrides: Overrides, previous: Result | None = None,
              only: Callable[[Rule], bool] = lambda rule: True,
              find_previous: Callable[[Report, Years], Result | None] | None = None) -> FileOutcome:
    """One report read and linted with its settings, with the rules ``only`` lets through
    (none: only read and matched against its template, to serve as last year's)."""
    named = overrides.stdin_filename if path == "-" and overrides.stdin_filename else ""
    s = settings(named or path, overrides)
    try:
        source = read(path, s.max_bytes)
    except InputError as exc:
        return FileOutcome(named or path, None, str(exc))
    if named:
        source = replace(source, path=named)
    everything = replace(s, select=("ALL",), ignore=(), per_file_ignores={})
    options = Options(s.template, s.rounding, rules_for(everything, source.path))
    selected = tuple(r for r in rules_for(s, source.path) if only(r))
    try:
        return FileOutcome(source.path, lint(source, selected, previous, options, find_previous))
    except Exception as exc:  # a defect met on this report: say so for this file, go on with the others
        return FileOutcome(source.path, None, f"{source.path}: 内部错误，未能检查此文件 (internal error: "
                                              f"{type(exc).__name__}: {str(exc)[:200]})")


def _key(report: Report, years: Years) -> tuple[str, int] | None:
    """(agency, year), which pairs a report with the same agency's of the year before."""
    if years.year is None:
        return None
    who = agency(report, years)
    return (who, years.year) if who else None


K = TypeVar("K")


@dataclass
class _Recent(Generic[K]):
    """The last few reports this process linted, by key (the oldest goes first), and the
    run they belong to."""

    most: int
    run: int | None = None
    by_key: dict[K, Result] = field(default_factory=dict)

    def keep(self, key: K, result: Result) -> None:
        self.by_key.pop(key, None)
        self.by_key[key] = result
        while len(self.by_key) > self.most:
            del self.by_key[next(iter(self.by_key))]


# the first pass's, by _key, to serve as last year's report of the ones that follow them
_LINTED: _Recent[tuple[str, int]] = _Recent(4)
_RUNS = itertools.count(1)


def _job(task: tuple[str, Overrides, Result | None, int | None]) -> FileOutcome:
    """One report linted, its result cut down to what output needs (its text, not its
    parsed structure: shipping that back from a worker costs more than linting), and the
    key that pairs it with the same agency's report of the year before.

    An archive lists an agency's years one after the other, and a worker takes inputs in
    runs, so last year's report has often just been linted here: the rules that compare
    two years then run now, and the pairing pass leaves this report alone. Only reports of
    the same run (the task's last item; None: no pairing here) and files that the pairing
    pass could read again (not stdin or a pipe) are paired so."""
    path, overrides, previous, run = task
    if run != _LINTED.run:
        _LINTED.by_key.clear()
        _LINTED.run = run
    pairs = run is not None and previous is None and path != "-" and os.path.isfile(path)
    used: list[Result] = []

    def find_previous(report: Report, years: Years) -> Result | None:
        key = _key(report, years)
        last = _LINTED.by_key.get((key[0], key[1] - 1)) if key is not None else None
        if last is not None:
            used.append(last)
        return last

    outcome = lint_path(path, overrides, previous, find_previous=find_previous if pairs else None)
    result = outcome.result
    if result is None:
        return outcome
    key = _key(result.report, result.years)
    if key is not None and pairs:
        _LINTED.keep(key, result)
    slim = replace(result, report=replace(result.report, blocks=()), match=None)
    return replace(outcome, result=slim, key=key, paired_with=used[0].source.path if used else None)


def _compares_years(rule: Rule) -> bool:
    return KINDS[rule.kind].compares_years


_RECENT: _Recent[str] = _Recent(2)  # the last reports read in this process's pairing pass, by path


def _read_again(path: str, overrides: Overrides, previous: Result | None = None,
                only: Callable[[Rule], bool] = lambda rule: False) -> Result | None:
    """A report read again for the pairing pass, with the rules ``only`` lets through.
    As last year's report only its structure counts, so the last ones read are kept:
    one agency's pairs come in a row, each year the later one of a pair and then the
    earlier one of the next."""
    result = _RECENT.by_key.get(path) if previous is None else None
    if result is None:
        result = lint_path(path, overrides, previous, only).result
        if result is not None:
            _RECENT.keep(path, result)
    return result


def _paired_job(task: tuple[str, str, Overrides]) -> tuple[Diagnostic, ...]:
    """The findings of the rules that compare two years, for a report and the same
    agency's report of the year before (that one only read and matched)."""
    path, before, overrides = task
    last = _read_again(before, overrides)
    result = _read_again(path, overrides, last, only=_compares_years)
    return result.diagnostics if result is not None and last is not None else ()


def pair_years(outcomes: list[FileOutcome], overrides: Overrides, jobs: int = 1) -> list[FileOutcome]:
    """Reports of one agency for consecutive years, found among the inputs: the rules that
    compare two years run on each such pair, in ``jobs`` processes, and their findings join
    the report's own. A pair the first pass already compared (the two came one after the
    other) is left as it is. For the others, both reports are read again (results come
    back from the first pass without their structure); pairs go by agency and year, so
    that a report read as the later year of one pair serves as the earlier year of the next."""
    by_key = {o.key: o.path for o in outcomes if o.key is not None}
    pairs = sorted((o.key, i, (o.path, last, overrides)) for i, o in enumerate(outcomes)
                   if o.key is not None and (last := by_key.get((o.key[0], o.key[1] - 1))) is not None
                   and last != o.paired_with)
    _RECENT.by_key.clear()  # files may have changed since an earlier run in this process
    found = dict(zip((i for _, i, _ in pairs), _map(_paired_job, [task for _, _, task in pairs], jobs), strict=True))
    _RECENT.by_key.clear()
    out = []
    for i, o in enumerate(outcomes):
        if i in found and o.result is not None:
            # compared by the first pass with another report of the same agency and year:
            # that report's findings give way to those with the one the pairs go by
            own = o.result.diagnostics if o.paired_with is None else _without_year_rules(o, overrides)
            merged = tuple(sorted((*own, *found[i]), key=Diagnostic.sort_key))
            o = replace(o, result=replace(o.result, diagnostics=merged))
        out.append(o)
    return out


def _without_year_rules(outcome: FileOutcome, overrides: Overrides) -> tuple[Diagnostic, ...]:
    codes = {r.code for r in rules_for(settings(outcome.path, overrides), outcome.path) if _compares_years(r)}
    return tuple(d for d in outcome.diagnostics if d.code not in codes)


_YOUNG_OBJECTS = 10_000  # allocations between young collections (Python's default: 700)


def settle() -> None:
    """Ready this process for a long run, once: what lives for the whole run (rules,
    templates, the parser) is built now and then kept out of the garbage collector's
    sight, and young collections are made rarer, since a report's many small objects go
    by reference counting when it is done. A tenth less time on a folder of reports.
    For the command and its workers only: it changes the whole process."""
    if gc.get_threshold()[0] == _YOUNG_OBJECTS:
        return  # settled already
    load_rules()
    load_templates()
    parse_lines("")  # builds the parser
    gc.collect()
    gc.freeze()
    gc.set_threshold(_YOUNG_OBJECTS, 10, 10)


def run(paths: Sequence[str], overrides: Overrides, previous: Result | None = None, jobs: int = 1,
        progress: Callable[[], None] | None = None) -> list[FileOutcome]:
    """Lint every path; with jobs > 1, in that many processes. ``progress`` is called once
    per finished file. Settings and rule files are checked once up front, so a broken one
    stops the run before any work."""
    for path in dict.fromkeys(p if p == "-" else os.path.dirname(os.path.abspath(p)) for p in paths):
        s = settings(path if path == "-" else os.path.join(path, "x"), overrides)
        rules_for(s, path)
    run = next(_RUNS)
    try:
        return _map(_job, [(p, overrides, previous, run) for p in paths], 1 if "-" in paths else jobs, progress)
    finally:
        _LINTED.by_key.clear()  # in this process (jobs = 1): the reports need not stay in memory


def _map(job: Callable[[T], U], tasks: list[T], jobs: int, progress: Callable[[], None] | None = None) -> list[U]:
    """``job`` over ``tasks`` in order, in ``jobs`` processes (here, for one)."""
    if jobs <= 1 or len(tasks) < 2:
        out = []
        for task in tasks:
            out.append(job(task))
            if progress:
                progress()
        return out
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker, initargs=(os.getpid(),)) as pool:
        results = []
        try:
            for outcome in pool.map(job, tasks, chunksize=max(1, len(tasks) // (jobs * 8))):
                results.append(outcome)
                if progress:
                    progress()
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): the workers stop now, not after every task
            for process in list((pool._processes or {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        return results


def _worker(parent: int) -> None:
    """A worker process, settled for the run, that ends when its parent does (even one
    killed outright, which could not stop it)."""
    settle()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


_WATCH = 0.5  # seconds between a worker's looks at its parent
