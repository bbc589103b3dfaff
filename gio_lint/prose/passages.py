"""Statements in report prose: the text lines of a report grouped into passages, and
rule patterns whose placeholders ({n}, {part}, {pct}, {base}) stand for numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import NamedTuple

from gio_lint.numbering import NUMERAL, PART
from gio_lint.prose.budget import PatternMatch, RulePattern, rule_pattern
from gio_lint.prose.numbers import NUMBER_PATTERN, Number, fold_width, read_numbers
from gio_lint.prose.regex_safety import regex_problem
from gio_lint.prose.required import Need, meets, requirements
from gio_lint.structure.model import Heading, Paragraph, Report, Span
from gio_lint.structure.run_together import run_together

# What a number placeholder matches (the reader's own pattern); the text it matches is
# then read by read_numbers.
_NUM = NUMBER_PATTERN
PLACEHOLDER = re.compile(r"\{(\w+)\}")
_BREAKS = ",，;；。！？!?"
_CLAUSE_BREAK = re.compile(f"[{_BREAKS}]")
_SENTENCE_BREAKS = "。；;！？!?"
_SHORT_CLAUSE = 6


def _start(text: str, pos: int, breaks: str) -> int:
    """Where the stretch of text containing ``pos`` starts: after the last break before
    it (scanning back only as far as needed, so long lines stay linear)."""
    for i in range(min(pos, len(text)) - 1, -1, -1):
        if text[i] in breaks:
            return i + 1
    return 0


def clause_start(text: str, pos: int) -> int:
    return _start(text, pos, _BREAKS)


def sentence_start(text: str, pos: int) -> int:
    return _start(text, pos, _SENTENCE_BREAKS)


class Line(NamedTuple):
    """One line of prose (a paragraph, or a heading that carries text) and the passage it
    belongs to: the lines since the last heading."""

    text: str  # full-width ASCII folded to half-width, for matching (offsets unchanged)
    span: Span
    passage: int
    raw: str = ""  # as written, for quoting

    def span_of(self, start: int, end: int) -> Span:
        return Span(self.span.line, self.span.col + start, self.span.line, self.span.col + end)

    def quote(self, start: int, end: int) -> str:
        return (self.raw or self.text)[start:end].strip()

    def clause(self, start: int, end: int) -> str:
        """The clause around ``start``–``end`` (between commas, semicolons or sentence
        ends), with the clause before it when that one is short (「其中，…」)."""
        before = clause_start(self.text, start)
        m = _CLAUSE_BREAK.search(self.text, end)
        after = m.start() if m else len(self.text)
        previous = clause_start(self.text, before - 1) if before else 0
        if before and before - previous <= _SHORT_CLAUSE:
            before = previous
        return self.text[before:after]


class Found(NamedTuple):
    """A number a placeholder matched, where it is, and the line it is in."""

    number: Number
    line: Line

    @property
    def span(self) -> Span:
        return self.line.span_of(self.number.start, self.number.end)


def prose(report: Report) -> list[Line]:
    """The report's text lines, in order, each with its passage number."""
    cached = _PROSE.get(id(report))
    if cached is not None and cached[0] is report:
        return cached[1]
    out: list[Line] = []
    passage = 0
    together = run_together(report)
    for block in report.blocks:
        if together is not None and block.span.line <= together.line <= block.span.end_line:
            # a page on one line (read as whatever block): its text is prose, cut into
            # passages at the headings it runs together
            text = report.line(together.line)
            for start, end in _passages(text):
                passage += 1
                span = Span(together.line, 1 + start, together.line, 1 + end)
                out.append(Line(fold_width(text[start:end]), span, passage, text[start:end]))
            together = None
            continue
        if not isinstance(block, Heading | Paragraph):
            continue
        passage += isinstance(block, Heading)
        out.append(Line(fold_width(block.text), block.span, passage, block.text))
    _PROSE.clear()  # keep only the report being linted
    _PROSE[id(report)] = (report, out)
    return out


_PROSE: dict[int, tuple[Report, list[Line]]] = {}
# a heading in running text: 「二、」 or 「（三）」 after a sentence's end, a colon or a space
_HEADING_IN_TEXT = re.compile(
    rf"(?<=[。；;！？!?：:\s])\s*(?={NUMERAL}、|{PART})")


def _passages(text: str) -> list[tuple[int, int]]:
    """Where a line that holds a whole page is cut into passages: at each heading."""
    cuts = [0, *(m.end() for m in _HEADING_IN_TEXT.finditer(text) if m.end() > 0), len(text)]
    return [(a, b) for a, b in pairwise(cuts) if b > a]


@lru_cache(maxsize=256)
def expand_pattern(pattern: str) -> str:
    """A rule pattern as it runs: its placeholders made into named number groups."""
    return PLACEHOLDER.sub(lambda m: rf"\s*+(?P<{m.group(1)}>{_NUM})\s*+", fold_width(pattern))


def compile_pattern(pattern: str) -> RulePattern:
    """A rule pattern with its placeholders made into named number groups, run under its
    rule's time budget (gio_lint.prose.budget). Spaces around a number are allowed (PDF text
    writes 「3119 件」). Prose is matched with full-width punctuation folded to
    half-width, and so is the pattern."""
    return rule_pattern(expand_pattern(pattern))


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with a rule pattern, as compiled (gio_lint.prose.regex_safety), or None."""
    return regex_problem(expand_pattern(pattern), pattern)


def placeholders(pattern: str) -> set[str]:
    return set(PLACEHOLDER.findall(pattern))


@lru_cache(maxsize=4096)
def _first_number(text: str) -> Number | None:
    """The first number read from a placeholder's text (the same few texts, 「766」 or
    「5%」, come up over and over)."""
    return next(read_numbers(text), None)


def number_at(line: Line, match: PatternMatch, group: str) -> Found | None:
    """The number a placeholder group matched, with offsets in the line."""
    start = match.start(group)
    number = _first_number(match.group(group))
    if number is None:
        return None
    shifted = Number(number.text, start + number.start, start + number.end, number.value, number.low, number.high,
                     number.decimals, number.kind, number.approximate, number.unit)
    return Found(shifted, line)


_GROUPS = re.compile(r"\((?:[^()\\]|\\.)*\)|\[(?:[^\]\\]|\\.)*\]|\{\w+\}|\\.")
_LITERAL = re.compile(r"[\u4e00-\u9fff]{2,}")


@lru_cache(maxsize=256)
def literals(pattern: str) -> tuple[str, ...]:
    """Runs of Chinese characters that every match of ``pattern`` contains: those outside
    any group, class or quantified atom, when the pattern has no top-level alternative.
    These are a statement's own key words (the 上年 of 上年结转), which do not count as
    the rule's skip words. (What the scanner tests lines for is gio_lint.prose.required.)"""
    rest = pattern
    while True:
        stripped = _GROUPS.sub(" ", rest)
        if stripped == rest:
            break
        rest = stripped
    if "|" in rest:
        return ()
    # a character followed by a quantifier is optional or repeated: not a fixed literal
    rest = re.sub(r".[?*+]|.\{\d*,?\d*\}", " ", rest)
    return tuple(fold_width(run) for run in _LITERAL.findall(rest))


_MOST_GATE_SETS = 4096  # sets of gate strings remembered with the patterns they allow


@dataclass(frozen=True)
class Scanner:
    """Patterns applied line by line, each only to the lines that hold what its matches
    require (gio_lint.prose.required): first its most telling string (one substring test per
    string for the whole scanner), then the rest of its needs."""

    patterns: tuple[RulePattern, ...]
    gates: tuple[str, ...]  # each pattern's longest required string ("": none)
    needs: tuple[tuple[Need, ...], ...]  # each pattern's other needs
    by_gates: dict[frozenset[str], tuple[int, ...]] = field(default_factory=dict, compare=False)

    def run(self, line: Line) -> Iterator[tuple[int, PatternMatch]]:
        """(pattern index, match) on a line, patterns in order."""
        text = line.text
        present = frozenset(g for g in self.every if g in text)
        candidates = self.by_gates.get(present)
        if candidates is None:
            if len(self.by_gates) >= _MOST_GATE_SETS:
                self.by_gates.clear()  # a hostile text could make ever new sets
            candidates = self.by_gates[present] = tuple(
                i for i, g in enumerate(self.gates) if not g or g in present)
        for i in candidates:
            if meets(text, self.needs[i]):
                for m in self.patterns[i].finditer(text):
                    yield i, m

    @cached_property
    def every(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.gates) - {""}))


def _gate(needs: tuple[Need, ...]) -> tuple[str, tuple[Need, ...]]:
    """A pattern's longest required string, and its other needs."""
    single = [need for need in needs if len(need) == 1]
    if not single:
        return "", needs
    gate = max(single, key=lambda need: len(next(iter(need))))
    return next(iter(gate)), tuple(need for need in needs if need is not gate)


@lru_cache(maxsize=64)
def scanner(patterns: tuple[str, ...]) -> Scanner:
    compiled = tuple(compile_pattern(p) for p in patterns)
    gated = [_gate(requirements(rx.pattern)) for rx in compiled]
    return Scanner(compiled, tuple(g for g, _ in gated), tuple(rest for _, rest in gated))
