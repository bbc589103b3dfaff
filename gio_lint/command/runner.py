"""Running gio-lint over many inputs: directories expanded into the reports below them,
each report linted with the settings of its nearest config file, in worker processes
when there are several; results come back in input order whatever the job count."""

from __future__ import annotations

import gc
import itertools
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from gio_lint.command.config import Settings, read_config, rules_for, settings_for
from gio_lint.command.interrupts import held, unheld
from gio_lint.command.selection import Ignored
from gio_lint.errors import InputError
from gio_lint.input.read import read
from gio_lint.output import NEEDS, Needs
from gio_lint.output.outcome import FileOutcome, Shown
from gio_lint.rules.kinds import KINDS
from gio_lint.rules.lint import Options, Result, lint
from gio_lint.rules.rulebook import load_rules
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.model import Report
from gio_lint.structure.parse import parse_lines
from gio_lint.structure.year import Years, agency
from gio_lint.templates.forms import load_templates
from gio_lint.tomlload import DataError

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
    keeps: Needs = "lines"  # what outcomes keep of a report besides its findings


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
    writer forever), what ignore files and excludes name (gio_lint.command.selection) and links
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


def last_year(path: str, overrides: Overrides) -> Result:
    """Last year's report named on the command line (--previous): read with its settings
    and matched to its template, no rule run. An unreadable one is an InputError."""
    outcome = lint_path(path, overrides, only=lambda rule: False)
    if outcome.result is None:
        raise InputError(outcome.error or path)
    return outcome.result


def _key(report: Report, years: Years) -> tuple[str, int] | None:
    """(agency, year), which pairs a report with the same agency's of the year before."""
    if years.year is None:
        return None
    who = agency(report, years)
    return (who, years.year) if who else None


def _rereadable(path: str) -> bool:
    """A file the pairing pass could read again (not standard input or a pipe)."""
    return path != "-" and os.path.isfile(path)


@dataclass
class _Last:
    """The report this process linted last, and the run it belongs to."""

    run: int | None = None
    path: str = ""
    result: Result | None = None


_LAST = _Last()
_RUNS = itertools.count(1)
Task = tuple[str, str | None, Overrides, Result | None, int | None]


def _job(task: Task) -> FileOutcome:
    """One report linted, its result cut down to what output needs (``_shipped``), and the
    key that pairs it with the same agency's report of the year before.

    An archive lists an agency's years one after the other: when the input just before
    this one (``before``; None for the first) is the same agency's report of the year
    before, the rules that compare two years run now, and the pairing pass leaves this
    report alone. That input has most often just been linted here; when it was linted
    elsewhere (by another worker) it is read again, so which reports are paired now does
    not depend on the job count. Only inputs of the same run (the task's last item; None:
    no pairing here) that can be read again (not stdin or a pipe) are paired so."""
    path, before, overrides, previous, run = task
    if run != _LAST.run:
        _LAST.run, _LAST.path, _LAST.result = run, "", None
    pairs = run is not None and previous is None and before is not None and _rereadable(path) and _rereadable(before)
    used: list[Result] = []

    def find_previous(report: Report, years: Years) -> Result | None:
        key = _key(report, years)
        if key is None or before is None:
            return None
        last = _LAST.result if _LAST.path == before else lint_path(before, overrides, only=lambda rule: False).result
        if last is None or _key(last.report, last.years) != (key[0], key[1] - 1):
            return None
        used.append(last)
        return last

    outcome = lint_path(path, overrides, previous, find_previous=find_previous if pairs else None)
    result = outcome.result
    _LAST.path, _LAST.result = path, result
    if result is None:
        return outcome
    return replace(outcome, result=_shipped(result, overrides), key=_key(result.report, result.years),
                   paired_with=used[0].source.path if used else None)


def _compares_years(rule: Rule) -> bool:
    return KINDS[rule.kind].compares_years


K = TypeVar("K")


@dataclass
class _Recent(Generic[K]):
    """The last few results kept, by key (the oldest goes first)."""

    most: int
    by_key: dict[K, Result] = field(default_factory=dict)

    def keep(self, key: K, result: Result) -> None:
        self.by_key.pop(key, None)
        self.by_key[key] = result
        while len(self.by_key) > self.most:
            del self.by_key[next(iter(self.by_key))]


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


def _paired_job(task: tuple[str, str, Overrides]) -> FileOutcome | None:
    """The findings of the rules that compare two years, for a report and the same
    agency's report of the year before (that one only read and matched)."""
    path, before, overrides = task
    last = _read_again(before, overrides)
    result = _read_again(path, overrides, last, only=_compares_years)
    if result is None or last is None or not result.diagnostics:
        return None
    return FileOutcome(result.source.path, _shipped(result, overrides))


def _shipped(result: Result, overrides: Overrides) -> Result:
    """A result cut down to what output needs (``Overrides.keeps``): the parsed structure
    only when asked for (shipping it back from a worker costs more than linting), the text
    only when it is shown."""
    assert overrides.keeps in NEEDS, overrides.keeps
    if overrides.keeps == "structure":
        return result
    if overrides.keeps == "lines":
        return replace(result, report=replace(result.report, blocks=()), match=None)
    return replace(result, source=replace(result.source, text=""), report=Report(result.report.path, "", ()),
                   match=None)


@dataclass(frozen=True)
class Later:
    """Findings the pairing pass adds to the ``index``-th input, whose own findings (as
    shown) were ``before``."""

    index: int
    outcome: FileOutcome
    before: Shown


@dataclass(frozen=True)
class _Keyed:
    index: int
    path: str
    key: tuple[str, int]
    before: Shown


class Pairing:
    """Reports of one agency for consecutive years, found among a run's inputs as they go
    by (keeping only each one's key): the rules that compare two years then run on each
    pair the first pass did not compare. Last year's report is the one of that agency and
    year listed last before this one, or else the first listed after it."""

    def __init__(self) -> None:
        self.keyed: list[_Keyed] = []

    def note(self, index: int, outcome: FileOutcome) -> None:
        """The ``index``-th input, as shown (after the baseline)."""
        if outcome.key is not None and outcome.paired_with is None and _rereadable(outcome.path):
            self.keyed.append(_Keyed(index, outcome.path, outcome.key, Shown.of(outcome.diagnostics)))

    def findings(self, overrides: Overrides, jobs: int = 1) -> Iterator[Later]:
        """The pairs' findings, in ``jobs`` processes, grouped by agency and year (so that
        a report read as the later year of one pair serves as the earlier of the next)."""
        first: dict[tuple[str, int], str] = {}
        for k in self.keyed:
            first.setdefault(k.key, k.path)
        last: dict[tuple[str, int], str] = {}
        pairs = []
        for k in self.keyed:
            previous = (k.key[0], k.key[1] - 1)
            before = last.get(previous) or first.get(previous)
            if before is not None:
                pairs.append((k.key, k.index, k, before))
            last[k.key] = k.path
        pairs.sort(key=lambda pair: pair[:2])
        jobs = jobs if len(pairs) > 1 else 1  # a pool to start only for several
        _RECENT.by_key.clear()  # files may have changed since an earlier run in this process
        try:
            found = _map(_paired_job, ((k.path, before, overrides) for _, _, k, before in pairs), jobs)
            for (_, _, k, _), outcome in zip(pairs, found, strict=True):
                if outcome is not None:
                    yield Later(k.index, outcome, k.before)
        finally:
            _RECENT.by_key.clear()


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


def run(paths: Iterable[str], overrides: Overrides, previous: Result | None = None,
        jobs: int = 1) -> Iterator[FileOutcome]:
    """Lint every path, as they come, in input order; with jobs > 1, in that many
    processes. The settings and rule files of each folder are checked before its first
    report is linted, so a broken one stops the run at once."""
    run = next(_RUNS)
    try:
        yield from _map(_job, _tasks(paths, overrides, previous, run), jobs)
    finally:
        _LAST.run, _LAST.path, _LAST.result = None, "", None  # (jobs = 1) the report need not stay in memory


def _tasks(paths: Iterable[str], overrides: Overrides, previous: Result | None, run: int) -> Iterator[Task]:
    checked: set[str] = set()
    before = None
    for path in paths:
        folder = path if path == "-" else os.path.dirname(os.path.abspath(path))
        if folder not in checked:
            rules_for(settings(folder if path == "-" else os.path.join(folder, "x"), overrides), folder)
            checked.add(folder)
        yield path, before, overrides, previous, run
        before = path


_BATCH = 16  # inputs a worker takes at a time
_AHEAD = 4  # batches per worker sent ahead of the one whose results are awaited


def _map(job: Callable[[T], U], tasks: Iterable[T], jobs: int) -> Iterator[U]:
    """``job`` over ``tasks`` in order, in ``jobs`` processes (here, for one), yielding
    each result as soon as it and those before it are done; only a few batches are
    under way at a time, so neither the tasks nor the results pile up in memory."""
    if jobs <= 1:
        yield from map(job, tasks)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker, initargs=(os.getpid(),)) as pool:
        under_way: deque[Future[list[U]]] = deque()
        try:
            for batch in _batched(tasks):
                with held():  # the first submit starts the workers
                    under_way.append(pool.submit(_batch, job, batch))
                if len(under_way) >= jobs * _AHEAD:
                    yield from under_way.popleft().result()
            while under_way:
                yield from under_way.popleft().result()
        except BaseException:  # interrupted (Ctrl-C, SIGTERM), or the output stopped: the workers stop now
            _abandon(pool)
            raise


def _abandon(pool: ProcessPoolExecutor) -> None:
    """The workers killed outright, and the pool left without waiting for their work.
    A worker may die halfway through sending a result: the pool's manager thread, reading
    it, would wait for the rest for ever (and the interpreter for that thread at exit),
    so this process's end of the result pipe is closed once the workers are gone, which
    ends the read; the thread then ends, and is waited for."""
    processes = list((pool._processes or {}).values())
    manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)
    for process in processes:
        process.kill()
    for process in processes:
        process.join(5)
    pool._result_queue._writer.close()  # type: ignore[attr-defined]
    pool.shutdown(wait=False, cancel_futures=True)
    if manager is not None:  # let it end now: at exit, Python would wake it as it closes (a race)
        manager.join(5)


def _batched(tasks: Iterable[T]) -> Iterator[tuple[T, ...]]:
    it = iter(tasks)
    while batch := tuple(itertools.islice(it, _BATCH)):
        yield batch


def _batch(job: Callable[[T], U], tasks: tuple[T, ...]) -> list[U]:
    return [job(task) for task in tasks]


def _worker(parent: int) -> None:
    """A worker process, settled for the run, that ends when its parent does (even one
    killed outright, which could not stop it). Ctrl-C at a terminal reaches the workers
    too: they leave it to the parent, which stops them (no traceback of theirs); SIGTERM
    ends them at once (not the parent's handler, inherited by the fork)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    unheld()  # started while the parent held them (gio_lint.command.interrupts)
    settle()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


_WATCH = 0.5  # seconds between a worker's looks at its parent
