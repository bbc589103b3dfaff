"""Rule cases: what a rule must find and where it must stay quiet, as data beside the rules.

A rule folder's ``cases/CODE.toml`` holds the cases of its rule CODE. Each ``[[case]]`` is a
report and the findings expected of it. The report is made from a template (``template``,
``year``; figures by cell in ``cells``, a whole row by ``table.row``; the paragraph under a
section in ``prose``; tables and rows left out in ``omit``; exact text swapped in
``replace``) or written out whole (``text``). ``expect`` lists the findings of the rule and
of every other rule it names, by code and anchor and, where given, the text it marks (empty
for a case where the rule must stay quiet); findings of rules it does not name are not its
business, so that adding a rule changes no other rule's cases.
``previous`` is last year's report, made the same way, for the rules that compare the two.
tests/test_rule_cases.py runs the built-in cases; ``gio-lint test-rules DIR`` runs a folder's.

In: a folder of case files and the rule set to run. Out: each case with what was found."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from gio_lint.input.read import decode
from gio_lint.rules.lint import Options, Result, lint
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.model import Report, Span
from gio_lint.templates.forms import Template, load_templates
from gio_lint.templates.sample import Sample, SampleError, sample_text
from gio_lint.tomlload import DataError, load_toml

_REPORT_KEYS = {"template", "year", "cells", "prose", "omit", "replace", "text"}
_CASE_KEYS = _REPORT_KEYS | {"about", "expect", "previous"}


class Finding(NamedTuple):
    """A finding as a case names it: its code, its anchor and the text it marks (for an
    expected finding, "" when the case does not say)."""

    code: str
    anchor: str
    at: str = ""

    def fits(self, found: Finding) -> bool:
        return (self.code, self.anchor) == (found.code, found.anchor) and self.at in ("", found.at)


@dataclass(frozen=True)
class Case:
    path: Path
    number: int  # 1-based, in its file
    about: str
    text: str
    previous: str | None
    expect: tuple[Finding, ...]

    @property
    def name(self) -> str:
        return f"{self.path.stem}#{self.number}"

    @property
    def rule(self) -> str:
        """The code of the rule the case is for (its file's name)."""
        return self.path.stem

    @property
    def fires(self) -> bool:
        """Whether its rule is expected to fire."""
        return any(e.code == self.rule for e in self.expect)

    @property
    def codes(self) -> set[str]:
        """The rules whose findings the case is about: its own and those it names."""
        return {self.rule} | {e.code for e in self.expect}


@dataclass(frozen=True)
class Outcome:
    case: Case
    found: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        """Each expected finding found (those that name the text they mark first), and no
        other finding of the rules the case is about."""
        left = [f for f in self.found if f.code in self.case.codes]
        for expected in sorted(self.case.expect, key=lambda e: e.at == ""):
            match = next((f for f in left if expected.fits(f)), None)
            if match is None:
                return False
            left.remove(match)
        return not left


def case_files(folder: Path) -> list[Path]:
    return sorted((folder / "cases").glob("*.toml"))


def load_cases(path: Path) -> list[Case]:
    data = load_toml(path)
    unknown = set(data) - {"case"}
    if unknown or not isinstance(data.get("case"), list) or not data["case"]:
        raise DataError(f"{path}: 用例文件应由 [[case]] 组成 (a case file is a list of [[case]])")
    return [_case(path, i, entry) for i, entry in enumerate(data["case"], 1)]


def _case(path: Path, number: int, entry: Any) -> Case:
    where = f"{path}: 第 {number} 个用例 (case {number})"
    if not isinstance(entry, dict):
        raise DataError(f"{where}: 应为表 (not a table)")
    _known(entry, _CASE_KEYS, where)
    about, expect = entry.get("about"), entry.get("expect")
    if not isinstance(about, str) or not about:
        raise DataError(f"{where}: 缺少 about（用一句话说明这个用例） (about is missing)")
    if not isinstance(expect, list) or not all(
            isinstance(e, dict) and {"code", "anchor"} <= set(e) <= {"code", "anchor", "at"}
            and all(isinstance(v, str) for v in e.values()) for e in expect):
        raise DataError(f"{where}: expect 应为 [{{ code = \"…\", anchor = \"…\", at = \"标出的文字（可省）\" }}, …]，"
                        "不出问题时为 [] (expect lists every finding by code, anchor and optionally the text it marks)")
    previous = entry.get("previous")
    if previous is not None and not isinstance(previous, dict):
        raise DataError(f"{where}: previous 应为表 (previous is a table)")
    if previous is not None:
        _known(previous, _REPORT_KEYS, f"{where} previous")
    return Case(path, number, about, _report(entry, where),
                None if previous is None else _report(previous, f"{where} previous"),
                tuple(Finding(e["code"], e["anchor"], e.get("at", "")) for e in expect))


def _known(entry: dict[str, Any], keys: set[str], where: str) -> None:
    for key in entry:
        if key not in keys:
            near = difflib.get_close_matches(key, sorted(keys), n=1)
            hint = f"，是否应为 {near[0]}？ (did you mean {near[0]}?)" if near else ""
            raise DataError(f"{where}: 未知的键 {key}{hint} (unknown key {key})")


def _report(entry: dict[str, Any], where: str) -> str:
    if "text" in entry:
        if set(entry) & {"template", "year", "cells", "prose", "omit"}:
            raise DataError(f"{where}: text 与 template/year/cells/prose/omit 不能同时使用 (text is the whole report)")
        text = entry["text"]
    else:
        text = _from_template(entry, where)
    if not isinstance(text, str):
        raise DataError(f"{where}: text 应为字符串 (text is a string)")
    for pair in entry.get("replace", []):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise DataError(f"{where}: replace 应为 [[\"原文\", \"新文\"], …] (replace is a list of pairs)")
        old, new = pair
        if old not in text:
            raise DataError(f"{where}: 报告中没有「{old}」，无法替换 (not in the report)")
        text = text.replace(old, new)
    return text


def _from_template(entry: dict[str, Any], where: str) -> str:
    templates = load_templates()
    template = templates.get(str(entry.get("template", "")))
    if template is None:
        raise DataError(f"{where}: template 应为 {'、'.join(templates)} 之一，或给出 text "
                        "(a template id, or the whole text)")
    year, cells, prose = entry.get("year", template.first_year), entry.get("cells", {}), entry.get("prose", {})
    omit = entry.get("omit", [])
    if not (isinstance(year, int) and isinstance(cells, dict) and isinstance(prose, dict) and isinstance(omit, list)):
        raise DataError(f"{where}: year 应为整数，cells 与 prose 应为表，omit 应为列表 "
                        "(year is a number, cells and prose tables, omit a list)")
    try:
        return sample_text(Sample(template, year, _cells(template, cells), {k: str(v) for k, v in prose.items()},
                                  omit=frozenset(str(o) for o in omit)))
    except SampleError as exc:
        raise DataError(f"{where}: {exc}") from None


def _cells(template: Template, given: dict[str, Any]) -> dict[str, str]:
    """Cells by ``table.row.column``; a whole row by ``table.row``, its cells in column order."""
    out: dict[str, str] = {}
    for ref, value in given.items():
        if ref.count(".") != 1:
            out[ref] = str(value)
            continue
        table_id = ref.partition(".")[0]
        table = next((t for t in template.tables if t.id == table_id), None)
        if table is None or not isinstance(value, list) or len(value) != len(table.columns):
            raise SampleError(f"「{ref}」: 整行应列出该表全部 {len(table.columns) if table else '?'} 列 "
                              "(a whole row lists every column of its table)")
        out |= {f"{ref}.{column.id}": str(v) for column, v in zip(table.columns, value, strict=True)}
    return out


def _lint(text: str, name: str, rules: tuple[Rule, ...], previous: Result | None = None) -> Result:
    return lint(decode(text.encode("utf-8"), name), previous=previous, options=Options(rules=rules))


def run_case(case: Case, rules: tuple[Rule, ...]) -> Outcome:
    previous = None if case.previous is None else _lint(case.previous, f"{case.name}-previous.txt", rules)
    result = _lint(case.text, f"{case.name}.txt", rules, previous)
    return Outcome(case, tuple(Finding(d.code, d.anchor, _marked(result.report, d.span)) for d in result.diagnostics))


def _marked(report: Report, span: Span) -> str:
    """The text a span marks on its first line."""
    line = report.line(span.line)
    end = span.end_col if span.end_line == span.line else len(line) + 1
    return line[span.col - 1 : end - 1]


def run_folder(folder: Path, rules: tuple[Rule, ...]) -> Iterator[Outcome]:
    for path in case_files(folder):
        for case in load_cases(path):
            yield run_case(case, rules)
