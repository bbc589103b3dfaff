"""GitHub Actions workflow commands: one annotation per finding (docs/output-formats.md).

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message``; info findings are
notices. Values are escaped as the Actions toolkit does. GitHub shows only the first ten
annotations of each level in a step, so when a level has more, a closing notice says how
many there were and points to the SARIF output."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from gio_lint.output.outcome import FileOutcome, Tally
from gio_lint.rules.diagnostics import Diagnostic

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
SHOWN_PER_LEVEL = 10
_DATA = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY = {**_DATA, ":": "%3A", ",": "%2C"}
_LEVEL_NAMES = {
    "zh": {"error": "错误", "warning": "警告", "notice": "提示"},
    "en": {"error": "errors", "warning": "warnings", "notice": "notices"},
}


def _escape(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in text)


def escape_data(text: str) -> str:
    return _escape(text, _DATA)


def escape_property(text: str) -> str:
    return _escape(text, _PROPERTY)


def command(name: str, message: str, properties: Sequence[tuple[str, str | int]] = ()) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _properties(path: str, d: Diagnostic) -> list[tuple[str, str | int]]:
    span = d.span
    props: list[tuple[str, str | int]] = [("file", path), ("line", span.line)]
    if span.line == span.end_line:  # GitHub takes columns only within one line
        props += [("col", span.col), ("endLine", span.end_line), ("endColumn", span.end_col)]
    else:
        props += [("endLine", span.end_line)]
    return [*props, ("title", d.code)]


def annotation(path: str, d: Diagnostic, lang: str) -> str:
    return command(COMMANDS[d.severity], d.text(lang), _properties(path, d))


def _overflow(counts: dict[str, int], lang: str) -> str | None:
    over = [(level, counts[level]) for level in COMMANDS.values() if counts[level] > SHOWN_PER_LEVEL]
    if not over:
        return None
    names = _LEVEL_NAMES["en" if lang == "en" else "zh"]
    if lang == "en":
        given = ", ".join(f"{n} {names[level]}" for level, n in over)
        return (f"gio-lint gave {given}; GitHub shows at most {SHOWN_PER_LEVEL} annotations of each level "
                "per step. Upload the SARIF output (--format sarif) to code scanning to see them all.")
    given = "、".join(f"{n} 条{names[level]}" for level, n in over)
    return (f"gio-lint 给出了 {given}；GitHub 每个步骤每种级别最多显示 {SHOWN_PER_LEVEL} 条注释。"
            "请上传 SARIF 输出（--format sarif）到代码扫描以查看全部结果。")


class Writer:
    """Each file's annotations as soon as it is linted; the closing notice at the end."""

    def __init__(self, stream: TextIO, lang: str) -> None:
        self.stream, self.lang = stream, lang

    def file(self, outcome: FileOutcome) -> None:
        lines = [command("error", outcome.error, [("file", outcome.path)])] if outcome.error is not None else []
        lines += [annotation(outcome.path, d, self.lang) for d in outcome.diagnostics]
        self.stream.write("".join(f"{line}\n" for line in lines))

    def later(self, index: int, outcome: FileOutcome) -> None:
        self.file(outcome)

    def end(self, tally: Tally) -> None:
        # an unreadable file's line is an error annotation too
        counts = {"error": tally.severities["error"] + tally.unreadable, "warning": tally.severities["warning"],
                  "notice": tally.severities["info"]}
        notice = _overflow(counts, self.lang)
        if notice:
            self.stream.write(command("notice", notice) + "\n")
