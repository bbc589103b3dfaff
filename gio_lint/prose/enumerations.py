"""Totals and the parts listed under them (「其中」), from the 附表 of reports before 2019
and from prose anywhere: 「受理申请766件，其中当面申请498件，传真申请3件……」."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache

from gio_lint.prose.budget import PatternMatch, RulePattern
from gio_lint.prose.numbers import Number, read_numbers
from gio_lint.prose.passages import Line, compile_pattern, number_at, prose, sentence_start
from gio_lint.structure.indicators import read_indicators
from gio_lint.structure.model import Paragraph, Report, Span, Table
from gio_lint.structure.values import read_value


@dataclass(frozen=True)
class Figure:
    name: str
    value: Fraction | None  # None: blank
    span: Span
    unit: str


@dataclass(frozen=True)
class Enumeration:
    total: Figure
    parts: tuple[Figure, ...]
    source: str  # "table" or "prose"

    def complete(self, words: list[str], sets: list[list[str]]) -> bool:
        """Whether the parts claim to be all of the total: one of them is a catch-all (its
        name is 其他… and short: 其他申请, 其它形式申请数; not 其他部门转来的申请), or
        together they name a known complete set (全职 + 兼职)."""
        names = [p.name.strip("“”\"「」 ") for p in self.parts]
        catch_all = any(n.startswith(w) and len(n) <= _CATCH_ALL for w in words for n in names)
        return catch_all or any(all(any(w in n for n in names) for w in s) for s in sets)


_CATCH_ALL = 8  # a catch-all part's name is short
_MOST_PARTS = 40  # a list under 其中 longer than this is not one list
_LONGEST_SENTENCE = 2000  # where a sentence has not ended by then, it is cut there


def _same_unit(a: str, b: str) -> bool:
    return not a or not b or a == b


def table_enumerations(report: Report) -> list[Enumeration]:
    """Every item of a 指标/数量 附表 that has parts, with the parts in the same unit."""
    out = []
    blocks = report.blocks
    for i, table in enumerate(blocks):
        if not isinstance(table, Table):
            continue
        before = blocks[i - 1] if i else None
        caption = table.caption.text if table.caption else before.text if isinstance(before, Paragraph) else ""
        items = read_indicators(table, caption) or []
        figures = [Figure(it.name, read_value(it.value.text, "money").number, it.value.span, it.unit) for it in items]
        for k, item in enumerate(items):
            parts = tuple(figures[j] for j, it in enumerate(items)
                          if it.parent == k and _same_unit(it.unit, item.unit))
            if parts and not item.value.blank:
                out.append(Enumeration(figures[k], parts, "table"))
    return out


_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.．、]|[(（]\d{1,2}[)）])?\s*(?P<name>\D{1,40}?)\s*$")


# Clause separators; a comma between digits (14,117) is a thousands separator.
_SEPARATOR = re.compile(r"(?<!\d)[,，]|[,，](?!\d{3})|[;；]")


@dataclass(frozen=True)
class Words:
    """The vocabulary of prose enumerations, from the rule files: the units a count may
    take, and the words that make a clause a change rather than a part (同比, 增加…)."""

    units: tuple[str, ...]
    changes: tuple[str, ...]

    @cached_property
    def total(self) -> RulePattern:
        return compile_pattern(rf"{{n}}(?P<unit>{self._units})(?:(?P<stop>。)|[,，;；])?\s*其中\s*[,，:：]?")

    @cached_property
    def clause(self) -> RulePattern:
        return compile_pattern(rf".*?{{n}}(?P<unit>{self._units})\s*")

    @cached_property
    def change(self) -> re.Pattern[str]:
        return re.compile("|".join(map(re.escape, self.changes)) or "(?!)")

    @property
    def _units(self) -> str:
        return "|".join(map(re.escape, sorted(self.units, key=len, reverse=True)))


@lru_cache(maxsize=16)
def words_for(units: tuple[str, ...], changes: tuple[str, ...]) -> Words:
    return Words(units, changes)


def _parts(line: Line, start: int, end: int, unit: str, words: Words) -> list[Figure]:
    """The clauses after 「其中」 that each state a part, up to the first that does not. The
    list keeps the separator its first part ends with (「，」 or 「；」); a clause that opens
    its own 「其中」 was a new total, not a part. Clauses are read one at a time, only as
    far as the list goes."""
    parts: list[Figure] = []
    kind = ""
    pos = start
    while pos < end and len(parts) < _MOST_PARTS:
        sep = _SEPARATOR.search(line.text, pos, end)
        stop = sep.start() if sep else end
        clause = line.text[pos:stop]
        if clause.lstrip().startswith("其中"):
            if parts:
                parts.pop()
            break
        m = words.clause.fullmatch(clause)
        found = _exact_count(line, m, pos) if m else None
        head = _ITEM.match(clause[: m.start("n")]) if m else None
        if found is None or head is None or (unit and m and m.group("unit") != unit) or words.change.search(clause):
            break
        parts.append(Figure(head.group("name"), found[0], found[1], unit))
        if sep is None:
            break
        group = "；" if sep.group(0) in (";", "；") else "，"
        if kind and group != kind:
            break
        kind = kind or group
        pos = sep.end()
    return parts


def _exact_count(line: Line, m: PatternMatch, offset: int) -> tuple[Fraction, Span] | None:
    """The exact count a clause states, and its span (offset: where the clause starts)."""
    found = number_at(line, m, "n")
    number = found.number if found else None
    if number is None or number.kind != "count" or number.low != number.high:
        return None
    return number.value, line.span_of(offset + number.start, offset + number.end)


_SENTENCE_END = re.compile(r"[。！？!?]")


def _counts(text: str) -> list[Number]:
    return [n for n in read_numbers(text) if n.kind == "count"]


def prose_enumerations(report: Report, words: Words) -> list[Enumeration]:
    """「…共X件，其中A件，B件……」 in the prose: the total and the parts it lists."""
    out = []
    for line in prose(report):
        if "其中" not in line.text:
            continue
        for m in words.total.finditer(line.text):
            total = _exact_count(line, m, 0)
            if total is None or words.change.search(line.clause(m.start("n"), m.end("n"))):
                continue  # a change (同比增加119件，其中…) is not a total
            if m.group("stop"):
                begin = max(sentence_start(line.text, m.start()), m.start() - _LONGEST_SENTENCE)
                if len(_counts(line.text[begin : m.end("n")])) != 1:
                    continue  # across 「。」 only a sentence that states nothing but the total
            limit = min(len(line.text), m.end() + _LONGEST_SENTENCE)
            end_m = _SENTENCE_END.search(line.text, m.end(), limit)
            end = end_m.start() if end_m else limit
            parts = _parts(line, m.end(), end, m.group("unit"), words)
            if parts:
                out.append(Enumeration(Figure("", total[0], total[1], m.group("unit")), tuple(parts), "prose"))
    return out
