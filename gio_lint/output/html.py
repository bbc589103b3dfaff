"""The HTML format: one self-contained page (styles inline, no script needed, no network)
showing each report as gio-lint read it, its tables drawn with their merged cells, every
finding highlighted in place and listed with its message, expected and found values,
notes and the rule's explanation. Several files make one page with a file list.

Each file's part is rendered as the file is linted and spooled to an unnamed temporary
file, with its findings beside it; the page is assembled at the end, a file's
part rendered again when the pairing pass adds findings to it. Memory holds one report
and a line of counts per file, never the run's reports."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, TextIO

from jinja2 import Environment, PackageLoader, select_autoescape

from gio_lint import __version__
from gio_lint.output.outcome import FileOutcome, Tally
from gio_lint.output.page import FileView, severity_of, view
from gio_lint.rules.diagnostics import Diagnostic, Related
from gio_lint.rules.rulebook import find_rule
from gio_lint.rules.ruleset import unwrap
from gio_lint.structure.model import Span

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "政府信息公开工作年度报告检查结果", "file": "文件", "year": "报告年度",
        "template": "模板", "none": "无", "encoding": "格式", "tables": "读到的表格", "no_tables": "未读到模板表格",
        "lines": "第 {0}–{1} 行", "findings": "问题", "error": "错误", "warning": "警告", "info": "提示",
        "clean": "未发现问题。", "unreadable": "无法读取", "report": "报告原文（按 gio-lint 的读法）",
        "list": "问题清单", "expected": "应为", "found": "实为", "suggestion": "建议", "notes": "说明",
        "related": "相关单元格", "show": "在报告中查看", "rule": "规则说明", "rules": "规则说明",
        "line": "第 {0} 行 第 {1} 列",
        "summary": "{files} 个文件，发现 {n} 个问题：错误 {error} 个，警告 {warning} 个，"
        "提示 {info} 个。", "unread_files": "{0} 个文件无法读取。", "made": "由 gio-lint {0} 生成",
        "again": "检查另一份报告", "own": "本机关自定义的规则，说明见其规则文件（gio-lint rule {0}）",
        "colon": "：", "gap": "　", "sep": "；", "open": "（", "close": "）",
        "in_document": "原文档中的位置：",
    },
    "en": {
        "title": "Government information disclosure annual report: lint results", "file": "File",
        "year": "Reporting year", "template": "Template", "none": "none", "encoding": "Format",
        "tables": "Tables read", "no_tables": "No template table was read", "lines": "lines {0}–{1}",
        "findings": "Findings", "error": "error", "warning": "warning", "info": "info",
        "clean": "No findings.", "unreadable": "Unreadable", "report": "The report as gio-lint read it",
        "list": "Findings", "expected": "expected", "found": "found", "suggestion": "suggestion", "notes": "notes",
        "related": "related cells", "show": "show in the report", "rule": "about the rule", "rules": "Rules",
        "line": "line {0}, column {1}", "summary": "{files} file(s), {n} finding(s): {error} error(s), "
        "{warning} warning(s), {info} info.", "unread_files": "{0} file(s) could not be read.",
        "made": "made by gio-lint {0}", "again": "Check another report",
        "own": "an agency's own rule, explained in its rule file (gio-lint rule {0})",
        "colon": ": ", "gap": "   ", "sep": "; ", "open": " (", "close": ")",
        "in_document": "in the document: ",
    },
}


def _dumped(found: tuple[Diagnostic, ...]) -> bytes:
    return json.dumps(found, ensure_ascii=False).encode("utf-8")  # named tuples go as lists


def _loaded(data: bytes) -> tuple[Diagnostic, ...]:
    out = []
    for code, severity, message, message_en, span, related, *rest in json.loads(data):
        expected, found, suggestion, suggestion_en, notes, notes_en, anchor, name = rest
        out.append(Diagnostic(code, severity, message, message_en, Span(*span),
                              tuple(Related(Span(*r[0]), *r[1:]) for r in related), expected, found,
                              suggestion, suggestion_en, tuple(notes), tuple(notes_en), anchor, name))
    return tuple(out)


@cache
def environment() -> Environment:
    """The page templates (gio_lint/output/templates), everything from a report escaped."""
    env = Environment(loader=PackageLoader("gio_lint.output", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["severity_of"] = severity_of
    env.globals["find_rule"] = find_rule
    env.globals["version"] = __version__
    env.filters["paragraphs"] = unwrap
    env.filters["label"] = lambda r, lang: r.label_en if lang == "en" and r.label_en else r.label
    return env


@dataclass(frozen=True)
class Listed:
    """A file's line in the page's file list."""

    path: str
    error: str | None
    year: int | None
    counts: tuple[int, int, int]  # errors, warnings, infos


class Writer:
    """The HTML page, written at the end of the run from the spooled parts."""

    def __init__(self, stream: TextIO, lang: str, back: str = "") -> None:
        self.stream, self.lang, self.back = stream, lang, back  # back: where a link back to the start goes (serve)
        self.words = LABELS["en" if lang == "en" else "zh"]
        # unnamed temporary file (closed by end()): parts and findings (JSON), by offset
        self.spool = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        self.parts: list[tuple[int, int]] = []
        self.found: list[tuple[int, int]] = []
        self.listed: list[Listed] = []
        self.codes: set[str] = set()

    def _put(self, data: bytes) -> tuple[int, int]:
        offset = self.spool.seek(0, 2)
        self.spool.write(data)
        return offset, len(data)

    def _get(self, where: tuple[int, int]) -> bytes:
        self.spool.seek(where[0])
        return self.spool.read(where[1])

    def _part(self, outcome: FileOutcome, index: int) -> tuple[int, int]:
        shown = view(outcome, index, self.lang)
        self.codes.update(f.diagnostic.code for f in shown.findings)
        listed = Listed(shown.path, shown.error, shown.year,
                        (shown.count("error"), shown.count("warning"), shown.count("info")))
        if index < len(self.listed):
            self.listed[index] = listed
        else:
            self.listed.append(listed)
        text = environment().get_template("file.html.j2").render(f=shown, index=index, t=self.words, lang=self.lang)
        return self._put(text.encode("utf-8"))

    def file(self, outcome: FileOutcome) -> None:
        index = len(self.parts)
        self.found.append(self._put(_dumped(outcome.diagnostics)))
        self.parts.append(self._part(outcome, index))

    def later(self, index: int, outcome: FileOutcome) -> None:
        before = _loaded(self._get(self.found[index]))
        both = tuple(sorted((*before, *outcome.diagnostics), key=Diagnostic.sort_key))
        assert outcome.result is not None
        merged = replace(outcome, result=replace(outcome.result, diagnostics=both))
        self.found[index] = self._put(_dumped(both))
        self.parts[index] = self._part(merged, index)

    def end(self, tally: Tally) -> None:
        env = environment()
        context: dict[str, Any] = {"t": self.words, "lang": self.lang, "tally": tally, "listed": self.listed,
                                   "several": len(self.listed) != 1, "back": self.back}
        try:
            self.stream.write(env.get_template("head.html.j2").render(**context))
            for where in self.parts:
                self.stream.write(self._get(where).decode("utf-8"))
            rules = [r for r in (find_rule(c) for c in sorted(self.codes)) if r is not None]
            own = [(c, tally.names.get(c, "")) for c in sorted(self.codes) if find_rule(c) is None]
            self.stream.write(env.get_template("tail.html.j2").render(rules=rules, own=own, **context))
        finally:
            self.spool.close()


def page(outcomes: list[FileOutcome], lang: str, back: str = "") -> str:
    """A whole page for outcomes already at hand (``gio-lint serve``), with a link to ``back``."""
    from gio_lint.output import render

    return render(lambda sink: Writer(sink.stream, sink.lang, back), outcomes, lang)


__all__ = ["LABELS", "FileView", "Writer", "page"]
