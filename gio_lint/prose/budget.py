"""The regular expressions of rule files, run under a time budget.

Python's own engine backtracks and cannot be interrupted, so a rule pack with one
unlucky pattern (`(?:.*,){12}`, `.*a.*a.*a.*a.*!`) could hang a run on a few dozen
characters; gio_lint.prose.regex_safety refuses the shapes it knows on load, but no static check
knows them all. Rule patterns therefore run on the `regex` engine (the same syntax, with
possessive and atomic groups), which can stop a match: while a rule is checked (see
``within``), every match it runs shares that rule's budget, and a pattern that would
outrun it raises PatternTimeout — the rule stops for this report and says so (F008);
the run goes on."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

import regex

PatternMatch = regex.Match[str]

# seconds a rule may spend matching on one report: a floor, and more for a long report
FLOOR_SECONDS = 2.0
SECONDS_PER_MEGABYTE = 1.0

_DEADLINE: ContextVar[float] = ContextVar("gio_lint_rule_deadline", default=0.0)  # 0.0: no budget


class PatternTimeout(Exception):
    """A rule pattern that outran its rule's time budget."""

    def __init__(self, pattern: str) -> None:
        super().__init__(pattern)
        self.pattern = pattern


def seconds_for(characters: int) -> float:
    """The time budget of one rule on a report of ``characters``."""
    return max(FLOOR_SECONDS, SECONDS_PER_MEGABYTE * characters / 2**20)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Every rule pattern matched inside shares a budget of ``seconds``."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


class RulePattern:
    """A compiled rule pattern whose matching stops when the budget is spent."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled = regex.compile(pattern)

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self._compiled.groupindex)

    def _left(self) -> float | None:
        deadline = _DEADLINE.get()
        if not deadline:
            return None
        left = deadline - time.monotonic()
        if left <= 0:
            raise PatternTimeout(self.pattern)
        return left

    def finditer(self, text: str) -> Iterator[PatternMatch]:
        try:
            yield from self._compiled.finditer(text, timeout=self._left())
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def search(self, text: str) -> PatternMatch | None:
        try:
            return self._compiled.search(text, timeout=self._left())
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def fullmatch(self, text: str) -> PatternMatch | None:
        try:
            return self._compiled.fullmatch(text, timeout=self._left())
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None


@lru_cache(maxsize=1024)
def rule_pattern(pattern: str) -> RulePattern:
    """A rule file's pattern, compiled once."""
    return RulePattern(pattern)
