"""Kinds percent and percent-truncated: a stated percentage against the counts it is
computed from, in exact arithmetic.

A statement pattern names the part and the percentage (「43件，占总数的5%」); the base is
the nearest total a base pattern finds in the same sentence (「在已经答复的766件申请中」),
else the only total the passage states (several different totals: ambiguous, quiet).
A percentage written with d decimals holds when part/base rounds half-up to it at d
decimals. One that fits only truncation is reported at info level (percent-truncated),
unless the report rounds its other percentages, which makes it an error. Parts listed
with percentages that fit their own sum but not the stated total make one finding about
the total (percent-parts), not one about each percentage."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain, groupby, islice
from typing import Any

from gio_lint.prose.budget import PatternMatch, rule_pattern
from gio_lint.prose.numbers import read_numbers
from gio_lint.prose.passages import (
    Found,
    Line,
    Scanner,
    number_at,
    pattern_problem,
    placeholders,
    prose,
    scanner,
    sentence_start,
)
from gio_lint.prose.regex_safety import regex_problem
from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic, Related
from gio_lint.rules.kinds.registry import Param, kind, notes
from gio_lint.rules.kinds.text_table import Reading, reading
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.model import Span
from gio_lint.structure.values import show
from gio_lint.vocabulary import SHARED_UNITS

_SENTENCE_END = re.compile(r"[。；;！？!?]")
_PERCENT = ("%", "‰", "百分之", "千分之")  # what every percentage is written with
_MOST_TOTALS = 8  # the nearest totals tried for one percentage
_MOST_LOOKED_AT = 64  # how far back the prose is searched for them


@dataclass(frozen=True)
class Check:
    sentence: Span
    part: Found
    base: Figure  # the total the verdict is about: one that fits, else the preferred one
    pct: Found
    ratio: Fraction  # exact percent
    rounds: bool  # half-up at the written precision, for some total the text allows
    truncates: bool
    # the other totals tried, with their ratios (for a percentage that does not round: the note lists them)
    others: tuple[tuple[Figure, Fraction], ...] = ()


@dataclass(frozen=True)
class Figure:
    """A total a percentage may be taken of: stated in the prose, or a cell of 表三."""

    text: str
    value: Fraction
    span: Span | None  # None for a table cell that is not in this line


def _fits(part: Fraction, base: Fraction, stated: Fraction, decimals: int) -> tuple[bool, bool]:
    """Whether 100 × part / base (base > 0) rounds half up to ``stated`` at ``decimals``
    decimals, and whether it truncates to it. In integers: with R = 10^d × ratio = num/den
    and S = 10^d × stated = sn/sd, rounding is S - 1/2 <= R < S + 1/2 and truncation
    S <= R < S + 1, both multiplied out by their (positive) denominators."""
    scale = 10**decimals
    num, den = 100 * scale * part.numerator * base.denominator, part.denominator * base.numerator
    sn, sd = stated.numerator * scale, stated.denominator
    return ((2 * sn - sd) * den <= 2 * num * sd < (2 * sn + sd) * den,
            sn * den <= num * sd < (sn + sd) * den)


def _bases(bases: Scanner, line: Line) -> list[Found]:
    found: list[Found] = []
    for _, m in bases.run(line):
        base = number_at(line, m, "base")
        if base is None:
            continue
        number = base.number
        if number.kind == "count" and number.low == number.high and number.value > 0:
            found.append(base)
    return sorted(found, key=lambda f: f.number.start)


def _table_totals(rule: Rule, ctx: Context) -> list[Figure]:
    """The totals the template's table gives (新收, 新收 + 结转, 办理结果总计…)."""
    out = []
    for expr in rule.params.get("table_bases", []):
        r = reading(expr, ctx.match) if ctx.match is not None else None
        if isinstance(r, Reading) and r.value.high == r.value.low and r.value.low > 0:
            out.append(Figure(show(r.value.low), r.value.low, None))
    return out


def evaluate(rule: Rule, ctx: Context) -> list[Check]:
    """Every percentage statement with a readable part and at least one total to take it of."""
    key = f"percent:{rule.code}"
    if key in ctx.memo:
        return ctx.memo[key]  # type: ignore[no-any-return]
    checks: list[Check] = []
    table = _table_totals(rule, ctx)
    bases, statements = scanner(tuple(rule.params["bases"])), scanner(tuple(rule.params["statements"]))
    for _, group in groupby(prose(ctx.report), key=lambda line: line.passage):
        lines = list(group)
        stating = [any(w in line.text for w in _PERCENT) for line in lines]
        if not any(stating):
            continue  # no percentage in the passage: its totals are never needed
        passage_bases: list[Found] = []
        for line, states in zip(lines, stating, strict=True):
            line_bases = _bases(bases, line)
            if states:
                parts_at: set[int] = set()  # where this line's percentages' parts are: not totals
                for _, m in statements.run(line):
                    check = _check(rule, m, line, line_bases, passage_bases, table, parts_at)
                    if check is not None:
                        checks.append(check)
            passage_bases.extend(line_bases)
    ctx.memo[key] = checks
    return checks


_STARTS: dict[int, tuple[list[Found], list[int]]] = {}


def _starts(bases: list[Found]) -> list[int]:
    """Where each base starts (computed once per line)."""
    cached = _STARTS.get(id(bases))
    if cached is None or cached[0] is not bases:
        _STARTS.clear()
        cached = (bases, [b.number.start for b in bases])
        _STARTS[id(bases)] = cached
    return cached[1]


_UNIT = re.compile(rf"\s*({SHARED_UNITS})")
_MOST_BEFORE = 400  # how far back in the paragraph a total of the same unit is looked for (characters)


def _same_unit(line: Line, part: Found, before: int, parts_at: set[int]) -> Iterator[Found]:
    """The counts of the part's unit earlier in the paragraph, before ``before`` (the
    sentence the part is in), that are not smaller than the part and are not themselves
    parts of percentages (at ``parts_at``), nearest first: the total a 「其中」 or 「占比」
    refers back to is one of them."""
    unit = _UNIT.match(line.text, part.number.end)
    if unit is None:
        return
    start = max(0, before - _MOST_BEFORE)
    numbers = [n for n in read_numbers(line.text[start:before])
               if n.unit == unit.group(1) and n.kind == "count" and n.exact and n.value >= part.number.value
               and n.start + start not in parts_at]
    for n in reversed(numbers):
        yield Found(n._replace(start=n.start + start, end=n.end + start), line)


def _figure(f: Found) -> Figure:
    return Figure(f.number.text, f.number.value, f.span)


def _check(rule: Rule, m: PatternMatch, line: Line, line_bases: list[Found], passage_bases: list[Found],
           table: list[Figure], parts_at: set[int]) -> Check | None:
    part, pct = number_at(line, m, "part"), number_at(line, m, "pct")
    if part is None or pct is None or part.number.kind != "count" or pct.number.kind != "percent":
        return None
    parts_at.add(part.number.start)
    if part.number.approximate or pct.number.approximate:
        return None
    words = rule.params.get("skip_words", "")
    if words and rule_pattern(words).search(line.clause(part.number.start, part.number.end)):
        return None  # the part is a change or another year's figure, not a share
    start = m.start()
    begin = sentence_start(line.text, start)
    starts = _starts(line_bases)
    first, last = bisect_left(starts, begin), bisect_left(starts, start)
    # nearest first: this sentence's totals, the paragraph's earlier figures of the part's
    # unit that could hold it (「报道705篇…其中…599篇，占比…」), the line's and passage's
    # totals before it, then the table's (a few at most; read lazily, so long lines stay linear)
    nearest = chain((line_bases[i] for i in range(last - 1, first - 1, -1)),
                    _same_unit(line, part, begin, parts_at),
                    (line_bases[i] for i in range(first - 1, -1, -1)), reversed(passage_bases))
    candidates: list[Figure] = []
    seen: set[Fraction] = set()
    for figure in chain(map(_figure, islice(nearest, _MOST_LOOKED_AT)), table):
        if figure.value not in seen:
            seen.add(figure.value)
            candidates.append(figure)
            if len(candidates) == _MOST_TOTALS:
                break
    if not candidates:
        return None
    verdicts = [(c, *_fits(part.number.value, c.value, pct.number.value, pct.number.decimals)) for c in candidates]
    best = next((v for v in verdicts if v[1]), None) or next((v for v in verdicts if v[2]), None) or verdicts[0]
    base, rounds, truncates = best
    end_m = _SENTENCE_END.search(line.text, m.end())
    sentence = line.span_of(begin, end_m.start() if end_m else len(line.text))
    ratio = 100 * part.number.value / base.value
    others = () if rounds else tuple((c, 100 * part.number.value / c.value) for c in candidates if c is not base)
    return Check(sentence, part, base, pct, ratio, rounds, truncates, others)


def _fixed(value: Fraction, decimals: int) -> str:
    """``value`` (>= 0) rounded half up and written with exactly ``decimals`` decimals."""
    scale = 10**decimals
    units = (2 * value.numerator * scale + value.denominator) // (2 * value.denominator)
    whole, frac = divmod(units, scale)
    return f"{whole}.{frac:0{decimals}d}" if decimals else str(whole)


def _shown(ratio: Fraction, decimals: int) -> str:
    """A ratio with two more decimals than the stated percentage has."""
    return _fixed(ratio, decimals + 2)


def _fields(c: Check) -> dict[str, str]:
    d = c.pct.number.decimals
    unit = Fraction(1, 10**d)
    others = "；".join(f"{c.part.number.text} ÷ {b.text} = {_shown(r, d)}%" for b, r in c.others)
    return {"part": c.part.number.text, "base": c.base.text, "stated": c.pct.number.text,
            "ratio": _shown(c.ratio, d), "rounded": _fixed(c.ratio, d), "low": show(c.pct.number.value - unit / 2),
            "high": show(c.pct.number.value + unit / 2), "others": others}


def _related(c: Check) -> list[Related]:
    out = [Related(c.part.span, f"部分 {c.part.number.text}", f"part {c.part.number.text}")]
    if c.base.span is not None:
        out.append(Related(c.base.span, f"总数 {c.base.text}", f"base {c.base.text}"))
    return out


_FIELDS = {"part", "base", "stated", "ratio", "rounded", "low", "high", "others"}
_NOTES = notes(note_interval="the note giving the range of counts the stated percentage allows",
               note_others="the note naming the other totals tried")
_PARAMS = {"statements": Param(list, "the sentences that state a percentage: each a `pattern` of its count and "
                                     "percentage", required=True),
           "bases": Param(list, "patterns of the text that state a total ({base}: 在办结的{base}件申请中)",
                          required=True),
           "table_bases": Param(list, "totals of the tables a percentage may be of (t3.new.total…)"),
           "skip_words": Param(str, "a pattern: a part whose clause has it (同比, 上年…) is a change, not a part"),
           "note_rounding": Param(str, "the note on how a percentage may round", required=True),
           "note_rounding_en": Param(str, "the same note in English (note_rounding)"),
           **_NOTES}


def _report(rule: Rule, c: Check, extra: str = "") -> Diagnostic:
    """The diagnostic for a percentage, with the interval its writing allows and any
    further note (by parameter name)."""
    fields = _fields(c)
    keys = ["note_interval", *(["note_others"] if c.others else []), *([extra] if extra else [])]
    return emit(rule, c.pct.span, fields, related=_related(c), expected=f"{_fixed(c.ratio, c.pct.number.decimals)}%",
                found=c.pct.number.text, notes=[rule.params[k].format_map(fields) for k in keys],
                notes_en=[rule.params[k + "_en"].format_map(fields) for k in keys],
                anchor=f"percent:{c.part.number.text}/{c.pct.number.text}")


def _check_params(params: dict[str, Any]) -> str | None:
    problem = regex_problem(params.get("skip_words", ""))
    if problem:
        return f"skip_words: {problem}"
    for key, needed in (("statements", {"part", "pct"}), ("bases", {"base"})):
        for pattern in params.get(key, []):
            if placeholders(pattern) != needed:
                return f"{key} 中的「{pattern}」应含占位符 {', '.join('{' + n + '}' for n in sorted(needed))}"
            problem = pattern_problem(pattern)
            if problem:
                return f"{key} 中的{problem}"
    return None


@dataclass(frozen=True)
class Parts:
    """Percentages listed one after another against one total, each of which fits not the
    total but the sum of the listed parts: the total (or a part) is what is off."""

    checks: tuple[Check, ...]
    total: Fraction  # the sum of the parts


def parts(checks: list[Check]) -> list[Parts]:
    """Runs of two or more percentages in one paragraph that none of the totals explains,
    taken of the same total, each of which rounds to its stated value when taken of the
    sum of the parts instead."""
    out = []
    for _, run in groupby((c for c in checks if not c.rounds and not c.truncates),
                          key=lambda c: (c.part.line.span, c.base)):
        listed = tuple(run)
        total = sum((c.part.number.value for c in listed), Fraction(0))
        if len(listed) > 1 and total != listed[0].base.value and all(
                _fits(c.part.number.value, total, c.pct.number.value, c.pct.number.decimals)[0] for c in listed):
            out.append(Parts(listed, total))
    return out


@kind("percent", "a stated percentage (占…%) is its count over its total, rounded as stated",
      params=_PARAMS, fields=_FIELDS, check=_check_params)
def percent(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    checks = evaluate(rule, ctx)
    rounds_elsewhere = any(c.rounds and not c.truncates for c in checks)
    lenient = ctx.rounding == "half-up-or-truncate"
    explained = {id(c) for p in parts(checks) for c in p.checks}  # said once, about their total (percent-parts)
    for c in checks:
        if c.rounds or (c.truncates and (lenient or not rounds_elsewhere)) or id(c) in explained:
            continue
        yield _report(rule, c, "note_rounding" if c.truncates else "")


@kind("percent-parts", "listed parts whose percentages fit their own sum, not the total they are said of",
      fields={"sum", "base", "stated", "parts"})
def percent_parts(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    """Listed parts whose percentages fit their own sum, not the total they are said of:
    one finding about the total, not one about each percentage."""
    for source in ctx.rules_of_kind("percent"):
        for p in parts(evaluate(source, ctx)):
            first, base = p.checks[0], p.checks[0].base
            fields = {"sum": show(p.total), "base": base.text, "stated": "、".join(c.pct.number.text for c in p.checks),
                      "parts": " + ".join(c.part.number.text for c in p.checks)}
            related = [r for c in p.checks for r in (
                Related(c.part.span, f"部分 {c.part.number.text}", f"part {c.part.number.text}"),
                Related(c.pct.span, f"百分比 {c.pct.number.text}", f"percentage {c.pct.number.text}"))]
            yield emit(rule, base.span or first.pct.span, fields, related=related, expected=show(p.total),
                       found=base.text, anchor=f"percent-parts:{base.text}/{fields['parts']}")


@kind("percent-truncated", "percentages cut off where the report's others are rounded", params=_NOTES,
      fields=_FIELDS)
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
