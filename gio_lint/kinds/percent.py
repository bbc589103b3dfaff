"""Kinds percent and percent-truncated: a stated percentage against the counts it is
computed from, in exact arithmetic.

A statement pattern names the part and the percentage (「43件，占总数的5%」); the base is
the nearest total a base pattern finds in the same sentence (「在已经答复的766件申请中」),
else the only total the passage states (several different totals: ambiguous, quiet).
A percentage written with d decimals holds when part/base rounds half-up to it at d
decimals. One that fits only truncation is reported at info level (percent-truncated),
unless the report rounds its other percentages, which makes it an error."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gio_lint.context import Context, emit
from gio_lint.diagnostics import Diagnostic, Related
from gio_lint.kinds import kind
from gio_lint.model import Span
from gio_lint.prose import Found, Line, number_at, placeholders, prose, scanner
from gio_lint.ruleset import Rule
from gio_lint.values import show

_SENTENCE_END = re.compile(r"[。；;！？!?]")
_PERCENT = re.compile(r"[%‰]|百分之|千分之")


@dataclass(frozen=True)
class Check:
    sentence: Span
    part: Found
    base: Found
    pct: Found
    ratio: Fraction  # exact percent
    rounds: bool  # half-up at the written precision
    truncates: bool

    def rounded(self) -> Fraction:
        scale = 10**self.pct.number.decimals
        return Fraction(int(self.ratio * scale + Fraction(1, 2)), scale)


def _holds(ratio: Fraction, stated: Fraction, decimals: int) -> tuple[bool, bool]:
    unit = Fraction(1, 10**decimals)
    return stated - unit / 2 <= ratio < stated + unit / 2, stated <= ratio < stated + unit


def _bases(rule: Rule, line: Line) -> list[Found]:
    found = []
    for _, m in scanner(tuple(rule.params["bases"])).run(line):
        base = number_at(line, m, "base")
        if base is not None and base.number.kind == "count" and base.number.exact and base.number.value > 0:
            found.append(base)
    return sorted(found, key=lambda f: f.number.start)


def evaluate(rule: Rule, ctx: Context) -> list[Check]:
    """Every percentage statement with a readable part and an unambiguous base."""
    key = f"percent:{rule.code}"
    if key in ctx.memo:
        return ctx.memo[key]  # type: ignore[no-any-return]
    checks: list[Check] = []
    passage_bases: list[Found] = []
    passage = -1
    for line in prose(ctx.report):
        if line.passage != passage:
            passage, passage_bases = line.passage, []
        line_bases = _bases(rule, line)
        if not _PERCENT.search(line.text):
            passage_bases.extend(line_bases)
            continue  # no percentage in this line
        for _, m in scanner(tuple(rule.params["statements"])).run(line):
            check = _check(m, line, line_bases, passage_bases)
            if check is not None:
                checks.append(check)
        passage_bases.extend(line_bases)
    ctx.memo[key] = checks
    return checks


def _check(m: re.Match[str], line: Line, line_bases: list[Found], passage_bases: list[Found]) -> Check | None:
    part, pct = number_at(line, m, "part"), number_at(line, m, "pct")
    if part is None or pct is None or part.number.kind != "count" or pct.number.kind != "percent":
        return None
    if part.number.approximate or pct.number.approximate:
        return None
    start = m.start()
    sentence_start = max((e.end() for e in _SENTENCE_END.finditer(line.text, 0, start)), default=0)
    same = [b for b in line_bases if sentence_start <= b.number.start < start]
    if same:
        base = same[-1]
    else:
        earlier = passage_bases + [b for b in line_bases if b.number.start < start]
        if len({b.number.value for b in earlier}) != 1:
            return None  # no total, or several different ones: the base is ambiguous
        base = earlier[-1]
    ratio = 100 * part.number.value / base.number.value
    rounds, truncates = _holds(ratio, pct.number.value, pct.number.decimals)
    end = next((e.start() for e in _SENTENCE_END.finditer(line.text, m.end())), len(line.text))
    return Check(line.span_of(sentence_start, end), part, base, pct, ratio, rounds, truncates)


def _fields(c: Check) -> dict[str, str]:
    d = c.pct.number.decimals
    shown = Fraction(int(c.ratio * 10 ** (d + 2) + Fraction(1, 2)), 10 ** (d + 2))
    unit = Fraction(1, 10**d)
    return {"part": c.part.number.text, "base": c.base.number.text, "stated": c.pct.number.text,
            "ratio": show(shown), "rounded": show(c.rounded()), "low": show(c.pct.number.value - unit / 2),
            "high": show(c.pct.number.value + unit / 2)}


def _related(c: Check) -> list[Related]:
    return [Related(c.part.span, f"部分 {c.part.number.text}", f"part {c.part.number.text}"),
            Related(c.base.span, f"总数 {c.base.number.text}", f"base {c.base.number.text}")]


_FIELDS = {"part", "base", "stated", "ratio", "rounded", "low", "high"}
_NOTES: dict[str, type] = {"note_interval": str, "note_interval_en": str}
_PARAMS: dict[str, type] = {"statements": list, "bases": list, "note_rounding": str, "note_rounding_en": str, **_NOTES}


def _report(rule: Rule, c: Check, extra: str = "") -> Diagnostic:
    """The diagnostic for a percentage, with the interval its writing allows and any
    further note (by parameter name)."""
    fields = _fields(c)
    keys = ["note_interval", *([extra] if extra else [])]
    return emit(rule, c.pct.span, fields, related=_related(c), expected=f"{show(c.rounded())}%",
                found=c.pct.number.text, notes=[rule.params[k].format_map(fields) for k in keys],
                notes_en=[rule.params[k + "_en"].format_map(fields) for k in keys],
                anchor=f"percent:{c.part.number.text}/{c.base.number.text}")


def _check_params(params: dict[str, Any]) -> str | None:
    for key, needed in (("statements", {"part", "pct"}), ("bases", {"base"})):
        for pattern in params.get(key, []):
            if placeholders(pattern) != needed:
                return f"{key} 中的「{pattern}」应含占位符 {', '.join('{' + n + '}' for n in sorted(needed))}"
            try:
                re.compile(pattern)
            except re.error as exc:
                return f"{key} 中的正则表达式「{pattern}」无效: {exc}"
    return None


@kind("percent", params=_PARAMS, fields=_FIELDS, required={"statements", "bases", "note_rounding", *_NOTES},
      check=_check_params)
def percent(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    checks = evaluate(rule, ctx)
    rounds_elsewhere = any(c.rounds and not c.truncates for c in checks)
    lenient = ctx.rounding == "half-up-or-truncate"
    for c in checks:
        if c.rounds or (c.truncates and (lenient or not rounds_elsewhere)):
            continue
        yield _report(rule, c, "note_rounding" if c.truncates else "")


@kind("percent-truncated", params=_NOTES, required=set(_NOTES), fields=_FIELDS)
def percent_truncated(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    """Percentages that fit truncation but not rounding, in a report that gives no sign of
    rounding its other percentages."""
    if ctx.rounding == "half-up-or-truncate":
        return
    for source in ctx.rules_of_kind("percent"):
        checks = evaluate(source, ctx)
        if any(c.rounds and not c.truncates for c in checks):
            continue
        for c in checks:
            if c.truncates and not c.rounds:
                yield _report(rule, c)
