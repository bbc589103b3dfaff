"""Statements in report prose: the text lines of a report grouped into passages, and
rule patterns whose placeholders ({n}, {part}, {pct}, {base}) stand for numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from gio_lint.model import Heading, Paragraph, Report, Span
from gio_lint.numbers import Number, fold_width, read_numbers

# What a number placeholder matches; the text it matches is then read by read_numbers.
_NUM = (r"(?:近|约|大约|将近|逾|超过|超|不足|不到|多达)?\s*"
        r"(?:\d[\d,]*(?:\.\d+)?\s*(?:万|亿)?(?:余|多)?\s*[%‰]?"
        r"|百分之[零〇一二两三四五六七八九十百点]+"
        r"|[零〇一二两三四五六七八九十百千]+(?:余|多)?)")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Line:
    """One line of prose (a paragraph, or a heading that carries text) and the passage it
    belongs to: the lines since the last heading."""

    text: str
    span: Span
    passage: int

    def span_of(self, start: int, end: int) -> Span:
        return Span(self.span.line, self.span.col + start, self.span.line, self.span.col + end)


@dataclass(frozen=True)
class Found:
    """A number a placeholder matched, where it is, and the line it is in."""

    number: Number
    line: Line

    @property
    def span(self) -> Span:
        return self.line.span_of(self.number.start, self.number.end)


def prose(report: Report) -> list[Line]:
    """The report's text lines, in order, each with its passage number."""
    out: list[Line] = []
    passage = 0
    for block in report.blocks:
        if isinstance(block, Heading):
            passage += 1
            out.append(Line(fold_width(block.text), block.span, passage))
        elif isinstance(block, Paragraph):
            out.append(Line(fold_width(block.text), block.span, passage))
    return out


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A rule pattern with its placeholders made into named number groups. Spaces around
    a number are allowed (PDF text writes 「3119 件」). Prose is matched with full-width
    punctuation folded to half-width, and so is the pattern."""
    return re.compile(PLACEHOLDER.sub(lambda m: rf"\s*(?P<{m.group(1)}>{_NUM})\s*", fold_width(pattern)))


def placeholders(pattern: str) -> set[str]:
    return set(PLACEHOLDER.findall(pattern))


def number_at(line: Line, match: re.Match[str], group: str) -> Found | None:
    """The number a placeholder group matched, with offsets in the line."""
    start = match.start(group)
    number = next(read_numbers(match.group(group)), None)
    if number is None:
        return None
    shifted = Number(number.text, start + number.start, start + number.end, number.value, number.low, number.high,
                     number.decimals, number.kind, number.approximate, number.unit)
    return Found(shifted, line)


def matches(pattern: str, line: Line) -> Iterator[re.Match[str]]:
    yield from compile_pattern(pattern).finditer(line.text)
