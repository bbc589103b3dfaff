"""Text output in the style of ruff and rustc, printed as the run goes.

full:     ``path:line:col: CODE message``, then the source line with the span underlined,
          then expected / found / the terms of a sum / a suggestion.
concise:  the first line only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from gio_lint.output.console import console
from gio_lint.output.outcome import FileOutcome, Tally
from gio_lint.output.snippet import underline
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.structure.model import Report

if TYPE_CHECKING:
    from gio_lint.output import Sink

SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
WORDS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "expected": "期望", "found": "实际",
           "related": "相关", "help": "建议", "note": "说明", "more": "另有 {n} 处"},
    "en": {"error": "error", "warning": "warning", "info": "info", "expected": "expected", "found": "found",
           "related": "related", "help": "help", "note": "note", "more": "{n} more"},
}
MAX_RELATED = 12
MAX_NOTES = 6


def headline(path: str, d: Diagnostic, lang: str, place: str = "") -> Text:
    """``path:line:col: CODE message``; for a Word, web or PDF document, the place in it
    follows in brackets (lines and columns count the text extracted from it)."""
    t = Text()
    t.append(f"{path}:{d.span.line}:{d.span.col}: ", style="bold")
    t.append(d.code, style=SEVERITY_STYLE[d.severity])
    t.append(" " + d.text(lang))
    if place:
        t.append(f" [{place}]", style="cyan")
    return t


def full(path: str, report: Report, d: Diagnostic, lang: str, place: str = "") -> Text:
    words = WORDS[lang]
    line_no = str(d.span.line)
    pad = " " * len(line_no)
    t = headline(path, d, lang, place)
    t.append("\n")
    if report.text:  # a file too large to read has no line to show
        end_col = d.span.end_col if d.span.end_line == d.span.line else len(report.line(d.span.line)) + 1
        shown, marks = underline(report.line(d.span.line), d.span.col, end_col)
        t.append(f"{pad} |\n", style="blue")
        t.append(f"{line_no} | ", style="blue")
        t.append(shown + "\n")
        t.append(f"{pad} | ", style="blue")
        t.append(marks, style=SEVERITY_STYLE[d.severity])
        t.append(" " + words[d.severity] + "\n", style=SEVERITY_STYLE[d.severity])

    def note(key: str, value: str) -> None:
        t.append(f"{pad} = ", style="blue")
        t.append(f"{words[key]}: ", style="bold")
        t.append(value + "\n")

    if d.expected is not None:
        note("expected", d.expected)
    if d.found is not None:
        note("found", d.found)
    for r in d.related[:MAX_RELATED]:
        label = r.label_en if lang == "en" and r.label_en else r.label
        note("related", f"{r.span.line}:{r.span.col}" + (f" {label}" if label else ""))
    if len(d.related) > MAX_RELATED:
        note("related", words["more"].format(n=len(d.related) - MAX_RELATED))
    notes = d.notes_en if lang == "en" else d.notes
    for n in notes[:MAX_NOTES]:
        note("note", n)
    if len(notes) > MAX_NOTES:
        note("note", words["more"].format(n=len(notes) - MAX_NOTES) + ("（--format json 列出全部）" if lang == "zh"
                                                                       else " (--format json lists all)"))
    suggestion = d.suggestion_en if lang == "en" else d.suggestion
    if suggestion:
        note("help", suggestion)
    return t


def statistics(tally: Tally) -> Table:
    """Counts per rule, most frequent first (ruff's --statistics), each with its rule's name."""
    table = Table(box=None, show_header=False, pad_edge=False)
    for code, n in sorted(tally.codes.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(str(n), code, tally.names.get(code, ""))
    return table


def summary(tally: Tally, lang: str) -> Text:
    """The closing line: files, problems by severity, and for several files how many
    were clean, had errors, or could not be read."""
    counts, total = tally.severities, tally.diagnostics
    files, unreadable, clean, erring = tally.files, tally.unreadable, tally.clean, tally.erring
    style = "bold red" if unreadable else "bold green" if not total else "bold"
    if lang == "en":
        head = f"{files} file(s)" + (f", {unreadable} unreadable" if unreadable else "")
        body = ("no problems found." if not total else f"{total} problem(s) — errors: {counts['error']}, "
                f"warnings: {counts['warning']}, info: {counts['info']}.")
        tail = f" Clean files: {clean}; files with errors: {erring}." if files > 1 else ""
        return Text(f"{head}: {body}{tail}", style=style)
    head = f"{files} 个文件" + (f"（{unreadable} 个无法读取）" if unreadable else "")
    body = ("未发现问题。" if not total else f"发现 {total} 个问题：错误 {counts['error']} 个，"
            f"警告 {counts['warning']} 个，提示 {counts['info']} 个。")
    tail = f"无问题的文件 {clean} 个，有错误的文件 {erring} 个。" if files > 1 else ""
    return Text(f"{head}，{body}{tail}", style=style)


def explain_hint(code: str, lang: str) -> Text:
    """The full output's last line: where a rule's explanation is, with a code it showed."""
    if lang == "en":
        return Text(f"Run `gio-lint rule CODE` for a rule's explanation, e.g. gio-lint rule {code}", style="dim")
    return Text(f"查看某条规则的说明：gio-lint rule 规则代码，例如 gio-lint rule {code}", style="dim")


def _plain(text: Text) -> str:
    """A text as a console that is not a terminal prints it (soft-wrapped: lines as they are)."""
    if "\t" in text.plain:
        text = text.copy()
        text.expand_tabs()
    return text.plain + "\n"


class Writer:
    """`full` or `concise`, printed on a rich console file by file as the run goes (the
    pairing pass's findings after the last file), then the summary; with ``statistics``,
    only the counts per rule and the summary."""

    def __init__(self, console: Console, lang: str, concise: bool = False, statistics: bool = False) -> None:
        self.console, self.lang, self.concise, self.statistics = console, lang, concise, statistics

    @classmethod
    def on(cls, sink: Sink, concise: bool = False, statistics: bool = False) -> Writer:
        return cls(console(sink.color, sink.stream), sink.lang, concise, statistics)

    def file(self, outcome: FileOutcome) -> None:
        if self.statistics or outcome.result is None:
            return
        report = outcome.result.report
        texts = [headline(outcome.path, d, self.lang, outcome.place(d)) if self.concise
                 else full(outcome.path, report, d, self.lang, outcome.place(d)) for d in outcome.diagnostics]
        if self.console.is_terminal:
            for text in texts:
                self.console.print(text)
        else:  # no styles to show: what rich would print, without its rendering (half a folder run's time)
            self.console.file.write("".join(_plain(text) for text in texts))

    def later(self, index: int, outcome: FileOutcome) -> None:
        self.file(outcome)

    def end(self, tally: Tally) -> None:
        if self.statistics:
            self.console.print(statistics(tally))
        self.console.print(summary(tally, self.lang))
        if not self.concise and tally.first_code and not self.statistics:
            self.console.print(explain_hint(tally.first_code, self.lang))
