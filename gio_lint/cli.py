"""Command line: ``gio-lint PATH…``, ``gio-lint rule CODE``, ``gio-lint rules``,
``gio-lint show PATH``. Exit codes: 0 no findings, 1 findings, 2 usage or input error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gio_lint import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from gio_lint.ruleset import Rule

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("full", "concise", "json")
COMMANDS = ("rule", "rules", "show")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit code 2, no usage dump
        raise UsageError(message)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language (default: zh)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour output")


def _lint_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gio-lint", description="政府信息公开工作年度报告检查工具 (lint annual reports). "
                "Other commands: gio-lint rule CODE | gio-lint rules | gio-lint show PATH")
    p.add_argument("paths", nargs="*", metavar="PATH", help="report files; - reads standard input")
    p.add_argument("--format", choices=FORMATS, default="full", help="output format (default: full)")
    p.add_argument("--select", default="", help="only these rule codes or prefixes, comma-separated")
    p.add_argument("--ignore", default="", help="skip these rule codes or prefixes, comma-separated")
    p.add_argument("--previous", metavar="REPORT", help="last year's report, for year-on-year statements (X002)")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    _common(p)
    return p


def _command_parser(command: str) -> argparse.ArgumentParser:
    p = _Parser(prog=f"gio-lint {command}")
    if command == "rule":
        p.add_argument("code", help="a rule code, e.g. K001")
    elif command == "rules":
        p.add_argument("--format", choices=("full", "json"), default="full")
    else:
        p.add_argument("path", help="a report file; - reads standard input")
    _common(p)
    return p


def _console(color: str, stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    force = {"always": True, "never": False}.get(color)
    return Console(file=stream, highlight=False, soft_wrap=True, force_terminal=force,
                   no_color=color == "never", emoji=False, markup=False)


def _select(rules: Sequence[Rule], select: str, ignore: str) -> tuple[Rule, ...]:
    def codes(text: str) -> list[str]:
        return [c.strip().upper() for c in text.split(",") if c.strip()]

    chosen, skipped = codes(select), codes(ignore)
    known = {r.code for r in rules}
    for c in (*chosen, *skipped):
        if c != "ALL" and not any(k.startswith(c) for k in known):
            raise UsageError(f"未知的规则代码或前缀「{c}」 (unknown rule code or prefix)")

    def matches(code: str, selectors: list[str]) -> bool:
        return any(s == "ALL" or code.startswith(s) for s in selectors)

    return tuple(r for r in rules if (not chosen or matches(r.code, chosen)) and not matches(r.code, skipped))


def _lint(args: argparse.Namespace) -> int:
    from gio_lint.lint import lint
    from gio_lint.read import InputError, read
    from gio_lint.render import FileOutcome, machine_formats
    from gio_lint.render import text as text_out
    from gio_lint.ruleset import load_rules

    if not args.paths:
        raise UsageError("请指定要检查的报告文件 (no report given; see gio-lint --help)")
    rules = _select(load_rules(), args.select, args.ignore)
    previous = lint(read(args.previous), ()) if args.previous else None
    out, err = _console(args.color), _console(args.color, stderr=True)
    outcomes: list[FileOutcome] = []
    for path in args.paths:
        try:
            source = read(path)
        except InputError as exc:
            err.print(f"gio-lint: {exc}")
            outcomes.append(FileOutcome(path, None, str(exc)))
            continue
        outcome = FileOutcome(source.path, lint(source, rules, previous))
        outcomes.append(outcome)
        if args.format in ("full", "concise"):
            assert outcome.result is not None
            for d in outcome.diagnostics:
                out.print(text_out.headline(source.path, d, args.lang) if args.format == "concise"
                          else text_out.full(source.path, outcome.result.report, d, args.lang))
    everything = [d for o in outcomes for d in o.diagnostics]
    failed = sum(1 for o in outcomes if o.error)
    if args.format in ("full", "concise"):
        out.print(text_out.summary(everything, len(outcomes), failed, args.lang))
    else:
        sys.stdout.write(machine_formats()[args.format](outcomes, args.lang))
    if failed:
        return EXIT_ERROR
    return EXIT_FINDINGS if everything else EXIT_CLEAN


def _rule(args: argparse.Namespace) -> int:
    from rich.text import Text

    from gio_lint.ruleset import find_rule

    rule = find_rule(args.code)
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
                shown = f"{item['pattern']}  →  {' | '.join(item['means'])}" if isinstance(item, dict) else item
                t.append(f"    - {shown}\n")
    out.print(t)
    return EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    import json

    from rich.table import Table

    from gio_lint.ruleset import load_rules

    rules = load_rules()
    en = args.lang == "en"
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


def _show(args: argparse.Namespace) -> int:
    from gio_lint.lint import lint
    from gio_lint.read import read
    from gio_lint.show import show

    show(lint(read(args.path)), _console(args.color), args.lang)
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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _ensure_utf8_output()
    from gio_lint.read import InputError
    from gio_lint.tomlload import DataError

    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser(argv[0]).parse_args(argv[1:])
            return {"rule": _rule, "rules": _rules, "show": _show}[argv[0]](args)
        args = _lint_parser().parse_args(argv)
        if args.version:
            sys.stdout.write(f"gio-lint {__version__}\n")
            return EXIT_CLEAN
        return _lint(args)
    except (UsageError, InputError, DataError) as exc:
        sys.stderr.write(f"gio-lint: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("gio-lint: 已中断 (interrupted)\n")
        return EXIT_ERROR
    except Exception as exc:  # never a traceback for the user; say what broke in one line
        sys.stderr.write(f"gio-lint: 内部错误 (internal error): {type(exc).__name__}: {exc}\n")
        return EXIT_ERROR
