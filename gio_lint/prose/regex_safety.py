"""Regular expressions from rule and template files, checked before they are used.

Python's regex engine backtracks, and Python cannot stop a match that runs too long. Some
shapes take time exponential (or polynomial of high degree) in the line they are matched
against, so one rule file could hang a CI job on a single long line: a repeat of
something that itself repeats — ``(a+)+``, ``(.*，)*`` —, a repeated alternation whose
branches may start alike — ``(a|ab)*`` —, and three variable repeats in a row. These are
refused on load: rule files are data, and data must not be able to stop the linter. The
check is conservative (it looks at shapes, not at what the characters can be), and a
possessive quantifier (``(a+)++``) or an atomic group (``(?>…)``) makes a shape safe,
since those never give back what they matched."""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

_REPEAT = (sre.MAX_REPEAT, sre.MIN_REPEAT)
_RUN = 3  # this many backtracking repeats in a row: polynomial of that degree, refused


def _repeats(op: Any, av: Any) -> bool:
    """A repeat that can take a varying number of turns, more than one: it may give some
    back. ``?`` cannot nest badly, nor can a fixed count like ``\\d{3}``."""
    return op in _REPEAT and av[1] >= 2 and av[1] != av[0]


def _children(op: Any, av: Any, atomic: bool = True) -> list[Any]:
    """The sub-patterns of one parsed item; with ``atomic`` false, leaving out those that
    never give back what they matched (possessive repeats, atomic groups)."""
    if op in _REPEAT:
        return [av[2]]
    if op == sre.SUBPATTERN:
        return [av[3]]
    if op == sre.BRANCH:
        return list(av[1])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op == sre.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    if atomic and op == sre.POSSESSIVE_REPEAT:
        return [av[2]]
    if atomic and op == sre.ATOMIC_GROUP:
        return [av]
    return []


def _first(items: Any) -> set[int] | None:
    """The characters a sub-pattern can start with, or None when that is not simple."""
    if not items:
        return None
    op, av = items[0]
    if op == sre.LITERAL:
        return {av}
    if op == sre.SUBPATTERN:
        return _first(av[3])
    if op == sre.IN:
        chars: set[int] = set()
        for o, a in av:
            if o == sre.LITERAL:
                chars.add(a)
            elif o == sre.RANGE and a[1] - a[0] < 4096:
                chars.update(range(a[0], a[1] + 1))
            else:
                return None
        return chars
    return None


def _ambiguous_branch(items: Any) -> bool:
    """An alternation (below ``items``) whose alternatives may start alike: (a|ab)*."""
    for op, av in items:
        if op == sre.BRANCH:
            firsts = [_first(alt) for alt in av[1]]
            if any(f is None for f in firsts):
                return True
            seen: set[int] = set()
            for f in firsts:
                assert f is not None
                if seen & f:
                    return True
                seen |= f
        if any(_ambiguous_branch(c) for c in _children(op, av, atomic=False)):
            return True
    return False


def _has_repeat(items: Any) -> bool:
    return any(_repeats(op, av) or any(_has_repeat(c) for c in _children(op, av, atomic=False)) for op, av in items)


def _danger(items: Any) -> str:
    """What makes a parsed pattern backtrack catastrophically, or ""."""
    run = 0
    for op, av in items:
        run = run + 1 if _repeats(op, av) else 0
        if run >= _RUN:
            return "相邻的重复过多（如 \\s*\\s*\\s*）"
        if _repeats(op, av) and _has_repeat(av[2]):
            return "含嵌套的重复（如 (a+)+）"
        if _repeats(op, av) and _ambiguous_branch(av[2]):
            return "重复的分支可能以相同的字符开头（如 (a|ab)*）"
        for child in _children(op, av):
            found = _danger(child)
            if found:
                return found
    return ""


def regex_problem(pattern: str, shown: str = "") -> str | None:
    """What is wrong with ``pattern`` (in Chinese, for an error message, which shows it
    as ``shown`` if given: the pattern as the rule file wrote it), or None."""
    shown = shown or pattern
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"正则表达式「{shown}」无效: {exc}"
    except RecursionError:
        return f"正则表达式「{shown}」嵌套过深"
    danger = _danger(sre_parse.parse(pattern))
    if danger:
        return f"正则表达式「{shown}」{danger}，长行上可能匹配极慢；请改写，或用占有量词（*+ ++）/ 原子组 (?>…)"
    return None
