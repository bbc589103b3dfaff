"""Command line: ``gio-lint PATH…``, ``gio-lint rule CODE``, ``gio-lint rules``,
``gio-lint show PATH``. Exit codes: 0 no findings, 1 findings, 2 usage or input error."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from gio_lint import __version__
from gio_lint.command.config import ROUNDINGS
from gio_lint.rules.diagnostics import SEVERITIES

if TYPE_CHECKING:
    from rich.console import Console

    from gio_lint.command.runner import Overrides
    from gio_lint.output.outcome import FileOutcome
    from gio_lint.rules.lint import Result


T = TypeVar("T")
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "junit", "html")
COMMANDS = ("check", "rule", "rules", "kinds", "show", "serve", "test-rules")


class UsageError(Exception):
    pass


class _Findings:
    """Writing to standard output so that a closed pipe (``| head``) or a full disk never
    costs the error messages or the exit code: after a write fails nothing more goes
    there, while errors still go to stderr; a full disk is itself an error."""

    def __init__(self) -> None:
        self.closed = False
        self.failure = ""  # why a write failed, other than a closed pipe

    def write(self, action: Callable[[], object]) -> None:
        if self.closed:
            return
        try:
            action()
        except BrokenPipeError:
            self.closed = True
        except OSError as exc:
            self.closed, self.failure = True, exc.strerror or str(exc)

    def end(self, stream: TextIO) -> None:
        """Flush what is left; after a closed pipe, let nothing more reach it (not even
        the interpreter's own flush at exit)."""
        self.write(stream.flush)
        if self.closed and stream is sys.stdout:
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


class _Parser(argparse.ArgumentParser):
    """One-line errors; no abbreviated flags (a future flag must not change what an old
    script's `--sel` means)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_abbrev=False, **kwargs)

    def error(self, message: str) -> Any:  # one line, exit code 2, no usage dump
        raise UsageError(message)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language (default: zh)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour output")


def _lint_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gio-lint", description="政府信息公开工作年度报告检查工具 (lint annual reports). "
                "Commands: gio-lint [check] PATH… (lint; `check` lints a path named like a command) | "
                "gio-lint rule CODE (explain a rule) | gio-lint rules (list them) | "
                "gio-lint kinds (the rule kinds and their parameters) | "
                "gio-lint show PATH (what was understood) | gio-lint serve (a local web page to check a report in) | "
                "gio-lint test-rules DIR (run a rule folder's cases)")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="report files, or folders of them; - reads standard input")
    p.add_argument("--format", "--output-format", dest="format", choices=FORMATS, default="full",
                   help="output format (default: full)")
    p.add_argument("--select", default="", help="only these rule codes or prefixes, comma-separated (or ALL)")
    p.add_argument("--extend-select", default="", help="add these codes or prefixes to the configured selection")
    p.add_argument("--ignore", default="", help="skip these rule codes or prefixes, comma-separated")
    p.add_argument("--template", choices=("2019", "2021", "legacy"), help="check against this format")
    p.add_argument("--rounding", choices=ROUNDINGS, help="how stated percentages may round (default: half-up)")
    p.add_argument("--max-bytes", type=_positive, metavar="N",
                   help="files larger than N bytes are not read (F004; default 20 MB)")
    p.add_argument("--previous", metavar="REPORT", help="last year's report, for year-on-year statements (X002)")
    p.add_argument("--fail-on", choices=SEVERITIES, default="warning",
                   help="exit 1 when a finding of this severity or worse is reported (default: warning)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    p.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    p.add_argument("--write-baseline", metavar="FILE", help="record today's findings in FILE and exit 0")
    p.add_argument("--output-file", "-o", metavar="FILE", help="write the output to FILE, atomically")
    p.add_argument("--show-settings", action="store_true", help="print the settings that apply and exit")
    p.add_argument("--config", metavar="FILE", help="take the settings of FILE (gio-lint.toml or pyproject.toml) "
                   "for every report, not the nearest settings file's")
    p.add_argument("--isolated", action="store_true", help="ignore every settings file")
    p.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                   help="in folders, leave out what this gitignore-style pattern names (repeatable)")
    p.add_argument("--no-ignore", action="store_true",
                   help="in folders, lint also what .gitignore, .ignore and the excludes leave out")
    p.add_argument("--stdin-filename", metavar="NAME", help="the name of the report read from - (standard input), "
                   "for its settings and in the output")
    p.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--statistics", action="store_true", help="count the findings per rule instead of listing them")
    p.add_argument("--version", "-V", action="store_true", help="print the version and exit")
    p.add_argument("--lang", choices=("zh", "en"), help="message language (default: zh, or the configured one)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour output")
    return p


def _command_parser(command: str) -> argparse.ArgumentParser:
    p = _Parser(prog=f"gio-lint {command}")
    if command == "rule":
        p.add_argument("code", help="a rule code, e.g. K001")
    elif command == "test-rules":
        p.add_argument("folder", help="a rule folder whose cases/ holds its cases (rules/ for the built-in ones)")
    elif command in ("rules", "kinds"):
        p.add_argument("--format", choices=("full", "json", "markdown"), default="full")
    elif command == "serve":
        p.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
        p.add_argument("--port", type=int, default=0, help="port (default: a free one, printed at start)")
        p.add_argument("--max-bytes", type=_positive, metavar="N", help="largest upload in bytes (default 20 MB)")
    else:
        p.add_argument("path", help="a report file; - reads standard input")
    _common(p)
    return p


def _console(color: str, stderr: bool = False, stream: TextIO | None = None) -> Console:
    from gio_lint.output.console import console

    return console(color, stream or (sys.stderr if stderr else sys.stdout))


def _writing(path: str, write: Callable[[Path], T]) -> T:
    """An output file written, or a one-line error saying why it could not be."""
    try:
        return write(Path(path))
    except OSError as exc:
        raise UsageError(f"{path}: 无法写入 ({exc.strerror or exc})") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数: {text}")
    return int(text)


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in text.split(",") if c.strip())


def _overrides(args: argparse.Namespace) -> Overrides:
    from gio_lint.command.runner import Overrides
    from gio_lint.output import needs

    if args.config and args.isolated:
        raise UsageError("--config 与 --isolated 不能同时使用 (--config and --isolated exclude each other)")
    return Overrides(_codes(args.select), _codes(args.extend_select), _codes(args.ignore), args.template or "",
                     args.rounding or "", args.lang or "", args.max_bytes or 0, args.config or "", args.isolated,
                     tuple(args.exclude), args.no_ignore, args.stdin_filename or "", needs(args.format))


def _lint(args: argparse.Namespace) -> int:
    from gio_lint.command import runner

    overrides = _overrides(args)
    if args.show_settings:
        shown = runner.settings(args.paths[0] if args.paths else os.path.join(".", "x"), overrides)
        sys.stdout.write(json.dumps(shown.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return EXIT_CLEAN
    if not args.paths:
        raise UsageError("请指定要检查的报告文件或目录 (no report given; see gio-lint --help)")
    notes: list[str] = []
    outputs = [p for p in (args.output_file, args.write_baseline) if p]
    list(_not_written(iter(p for p in (args.previous, args.baseline) if p), outputs))
    paths = _not_written(runner.expand(args.paths, notes, overrides), outputs)
    head = list(itertools.islice(paths, 2))  # one file is linted here; several, in worker processes
    paths = itertools.chain(head, paths)
    first = head[0] if head else args.paths[0]
    lang = args.lang or runner.settings(args.stdin_filename if first == "-" and args.stdin_filename else first,
                                        overrides).lang
    previous = runner.last_year(args.previous, overrides) if args.previous else None
    err = _console(args.color, stderr=True)
    jobs = 1 if len(head) < 2 or "-" in args.paths else args.jobs or os.cpu_count() or 1
    runner.settle()
    try:
        if not args.output_file:
            return _run(args, paths, jobs, overrides, previous, lang, sys.stdout, err)
        from gio_lint.command.atomic import open_atomic

        try:
            with open_atomic(Path(args.output_file)) as sink:
                code = _run(args, paths, jobs, overrides, previous, lang, sink, err)
        except (_Failed, OSError) as exc:
            reason = exc.args[0] if isinstance(exc, _Failed) else exc.strerror or exc
            raise UsageError(f"{args.output_file}: 无法写入 ({reason})") from None
        if err.is_terminal:  # a person who wrote the output to a file is told where it is
            err.print(f"gio-lint: 结果已写入 {args.output_file} (written)")
        return code
    finally:
        for note in notes:  # what the folders held that was left aside, known once they are walked
            err.print(f"gio-lint: {note}")


def _not_written(paths: Iterator[str], outputs: list[str]) -> Iterator[str]:
    """The inputs, stopping the run at one that an output file would overwrite."""
    names = {os.path.basename(p): os.path.realpath(p) for p in outputs}
    for path in paths:
        if path != "-" and names.get(os.path.basename(path)) == os.path.realpath(path):
            raise UsageError(f"{path}: 输出文件不能是被检查的报告 (would overwrite an input)")
        yield path


class _Failed(Exception):
    """The output file could not be written (the reason is the argument): it stays as it was."""


def _run(args: argparse.Namespace, paths: Iterator[str], jobs: int, overrides: Overrides,
         previous: Result | None, lang: str, sink: TextIO, err: Console) -> int:
    """The run's outcomes, file by file as they are linted, through the baseline into the
    counts and the output format; then the pairing pass's findings; then the end."""
    from gio_lint.command import baseline, runner
    from gio_lint.output import Sink, writers
    from gio_lint.output.outcome import Tally

    color = "never" if args.output_file else args.color
    out = _console(color, stream=sink)
    shown_as = "statistics" if args.statistics and args.format in ("full", "concise") else args.format
    writer = writers()[shown_as](Sink(sink, lang, color))
    known = baseline.Filter(baseline.load(Path(args.baseline)), Path(args.baseline)) if args.baseline else None
    recorder = baseline.Recorder(Path(args.write_baseline)) if args.write_baseline else None
    tally, pairing, findings = Tally(), runner.Pairing(), _Findings()

    def shown(outcome: FileOutcome) -> FileOutcome:
        outcome = known.keep(outcome) if known is not None else outcome
        if recorder is not None:
            recorder.add(outcome)
        return outcome

    with _progress(out, err, args, jobs > 1 or len(args.paths) > 1) as advance:
        for index, outcome in enumerate(runner.run(paths, overrides, previous, jobs)):
            if outcome.error:
                err.print(f"gio-lint: {outcome.error}")
            outcome = shown(outcome)
            tally.add(outcome)
            if previous is None:
                pairing.note(index, outcome)
            if recorder is None:
                findings.write(partial(writer.file, outcome))
            advance()
    for later in pairing.findings(overrides, jobs):
        outcome = shown(later.outcome)
        tally.add_later(later.before, outcome.diagnostics)
        if recorder is None:
            findings.write(partial(writer.later, later.index, outcome))
    if recorder is not None:
        count = _writing(args.write_baseline, lambda target: recorder.write())
        err.print(f"gio-lint: 已将 {count} 个问题记入基线 {args.write_baseline} (baseline written)")
        return EXIT_ERROR if tally.unreadable else EXIT_CLEAN
    if known is not None:
        for path, code, anchor in known.stale():
            err.print(f"gio-lint: 基线条目已不再出现（可从基线中删除）: {path} {code} {anchor} (no longer occurs)")
    findings.write(partial(writer.end, tally))
    findings.end(sink)
    if findings.failure and args.output_file:
        raise _Failed(findings.failure)
    if findings.failure:
        err.print(f"gio-lint: 无法写出结果 (cannot write the output: {findings.failure})")
        return EXIT_ERROR
    if tally.unreadable:
        return EXIT_ERROR
    threshold = SEVERITIES.index(args.fail_on)
    failing = any(n and SEVERITIES.index(severity) <= threshold for severity, n in tally.severities.items())
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


@contextlib.contextmanager
def _progress(out: Console, err: Console, args: argparse.Namespace, several: bool) -> Iterator[Callable[[], None]]:
    """A progress line for a person at a terminal linting several files (on the console
    the findings go to when that is the terminal, so they print above it)."""
    console = out if out.is_terminal else err
    if args.format not in ("full", "concise") or not console.is_terminal or not several:
        yield lambda: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("gio-lint {task.completed} 个文件 (files)"), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("gio-lint", total=None)
        yield lambda: bar.advance(task)


def _rule(args: argparse.Namespace) -> int:
    from rich.text import Text

    from gio_lint.command.config import all_rules
    from gio_lint.command.runner import Overrides, settings
    from gio_lint.output.rulesdoc import cells_of

    # the built-in rules and those of the rule folders the settings here name (an agency's own)
    here = settings(os.path.join(".", "x"), Overrides())
    rule = next((r for r in all_rules(here) if r.code == args.code.upper()), None)
    if rule is None:
        raise UsageError(f"没有规则 {args.code} (no such rule; gio-lint rules lists them)")
    out = _console(args.color)
    en = args.lang == "en"
    t = Text()
    t.append(f"{rule.code} {rule.name}", style="bold")
    t.append(f"  [{rule.severity}]  kind={rule.kind}  ({rule.source})\n\n")
    t.append(("message: " if en else "消息：") + (rule.message_en if en else rule.message) + "\n\n")
    t.append((rule.doc_en or rule.doc) if en else rule.doc)
    if rule.params:
        t.append("\n\n" + ("parameters:" if en else "参数：") + "\n", style="bold")
        for k, v in rule.params.items():
            if not isinstance(v, list):
                t.append(f"  {k} = {v}\n")
                continue
            t.append(f"  {k}:\n")
            for item in v:
                shown = f"{item['pattern']}  →  {' | '.join(cells_of(item))}" if isinstance(item, dict) else item
                t.append(f"    - {shown}\n")
    out.print(t)
    return EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    import json

    from rich.table import Table

    from gio_lint.rules.rulebook import load_rules

    rules = load_rules()
    en = args.lang == "en"
    if args.format == "markdown":
        from gio_lint.output.rulesdoc import markdown

        sys.stdout.write(markdown(rules))
        return EXIT_CLEAN
    if args.format == "json":
        sys.stdout.write(json.dumps([
            {"code": r.code, "name": r.name, "kind": r.kind, "severity": r.severity,
             "message": r.message, "message_en": r.message_en, "doc": r.doc, "doc_en": r.doc_en}
            for r in rules], ensure_ascii=False, indent=2) + "\n")
        return EXIT_CLEAN
    table = Table("code", "name", "severity")
    table.add_column("summary", overflow="fold")
    for r in rules:
        table.add_row(r.code, r.name, r.severity, r.summary("en" if en else "zh"))
    _console(args.color).print(table)
    return EXIT_CLEAN


def _kinds(args: argparse.Namespace) -> int:
    from gio_lint.output import kindsdoc
    from gio_lint.rules.rulebook import load_rules

    if args.format == "json":
        sys.stdout.write(json.dumps(kindsdoc.records(load_rules()), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write((kindsdoc.markdown if args.format == "markdown" else kindsdoc.text)(load_rules()))
    return EXIT_CLEAN


def _test_rules(args: argparse.Namespace) -> int:
    from gio_lint.command.config import Settings, all_rules
    from gio_lint.output.cases import print_cases
    from gio_lint.resources import resource_path
    from gio_lint.rules.cases import case_files, run_folder
    from gio_lint.rules.rulebook import load_rules

    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: 不是文件夹 (not a folder)")
    if not case_files(folder):
        raise UsageError(f"{folder}: 没有用例文件 {folder / 'cases'}/*.toml (no case files)")
    # the built-in rule files (a checkout's rules/, even with gio-lint installed from elsewhere)
    # are tested as they are; an agency's folder adds its rules to the built-in ones, as in a run
    names = {p.name for p in (folder.glob("*.toml"))}
    builtin = names == {p.name for p in resource_path("rules").glob("*.toml")}
    rules = load_rules(folder) if builtin else all_rules(Settings(rule_dirs=(folder,)))
    _, failed = print_cases(run_folder(folder, rules), _console(args.color), args.lang)
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def _show(args: argparse.Namespace) -> int:
    from gio_lint.command.runner import Overrides, run
    from gio_lint.output import Sink, needs, writers
    from gio_lint.output.outcome import Tally

    writer = writers()["show"](Sink(sys.stdout, args.lang, args.color))
    for outcome in run([args.path], Overrides(lang=args.lang, keeps=needs("show"))):
        if outcome.error:
            raise UsageError(outcome.error)
        writer.file(outcome)
    writer.end(Tally())
    return EXIT_CLEAN


def _serve(args: argparse.Namespace) -> int:
    try:
        from gio_lint.command.serve import serve
    except ImportError as exc:
        raise UsageError(f"gio-lint serve 需要网页组件，请安装：pip install \"gio-lint[serve]\" "
                         f"(the web extra is not installed: {exc.name})") from None
    from gio_lint.input.read import MAX_BYTES

    try:
        serve(args.host, args.port, args.max_bytes or MAX_BYTES)
    except OSError as exc:
        raise UsageError(f"{args.host}:{args.port}: 无法监听 ({exc.strerror or exc})") from None
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the way a server is stopped
        sys.stderr.write("gio-lint serve: 已停止 (stopped)\n")
    return EXIT_CLEAN


def _ensure_utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if encoding is None or not hasattr(stream, "reconfigure"):
            continue  # not a real text stream (a test's StringIO): nothing to do
        try:
            "政".encode(encoding)
        except (LookupError, UnicodeEncodeError):
            stream.reconfigure(encoding="utf-8")


def _asked_lang(argv: Sequence[str]) -> str:
    """The language the command line asks for (for an error met before or while reading
    the settings, which could say otherwise)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return "zh"


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, raised by the command's own handler. Not CPython's own
    KeyboardInterrupt, which CPython remembers when it passes through an exec() of a string
    (as a dataclass being made during an import runs one) and then, whatever the exit code,
    ends the process by SIGINT at exit: an interrupted run exits with code 2 wherever it
    was interrupted."""


def _interrupted(signum: int, frame: object) -> None:
    raise Interrupted  # SIGTERM (a timeout, a container stop, a CI cancel) ends the run as Ctrl-C does


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _ensure_utf8_output()
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        return _main(argv)
    stops = [signal.SIGTERM]
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored (nohup), nor a caller's own
        stops.append(signal.SIGINT)
    previous = {stop: signal.signal(stop, _interrupted) for stop in stops}
    try:
        return _main(argv)
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)


def _main(argv: list[str]) -> int:
    from gio_lint.errors import InputError
    from gio_lint.tomlload import DataError

    try:
        if argv and argv[0] == "check":
            argv = argv[1:]
        elif argv and argv[0] in COMMANDS:
            args = _command_parser(argv[0]).parse_args(argv[1:])
            return {"rule": _rule, "rules": _rules, "kinds": _kinds, "show": _show, "serve": _serve,
                    "test-rules": _test_rules}[argv[0]](args)
        args = _lint_parser().parse_args(argv)
        if args.version:
            sys.stdout.write(f"gio-lint {__version__}\n")
            return EXIT_CLEAN
        return _lint(args)
    except DataError as exc:
        sys.stderr.write(f"gio-lint: {exc.text(_asked_lang(argv))}\n")
        return EXIT_ERROR
    except (UsageError, InputError) as exc:
        sys.stderr.write(f"gio-lint: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("gio-lint: 已中断 (interrupted)\n")
        return EXIT_ERROR
    except Exception as exc:  # never a traceback for the user; say what broke in one line
        sys.stderr.write(f"gio-lint: 内部错误 (internal error): {type(exc).__name__}: {exc}\n")
        return EXIT_ERROR
