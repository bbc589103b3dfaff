"""Regular expressions from rule and template files, checked before they are used.

Python's regex engine backtracks, and Python cannot stop a match that runs too long. A
pattern that repeats something which itself repeats — ``(a+)+``, ``(.*，)*`` — can take
time exponential in the line it is matched against (catastrophic backtracking), so one
rule file could hang a CI job on a single long line. Such patterns are refused on load:
rule files are data, and data must not be able to stop the linter. The same pattern
written with a possessive quantifier (``(a+)++``) or an atomic group (``(?>…)``) is
accepted, since those never backtrack into what they matched.
"""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

_WIDE = 100  # a bounded repeat this wide counts as unbounded: (a{1,100}){1,100} is as slow


def _repeats(op: Any, av: Any) -> bool:
    return op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] >= _WIDE


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-patterns of one parsed item, leaving out those that never backtrack."""
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        return [av[2]]
    if op == sre.SUBPATTERN:
        return [av[3]]
    if op == sre.BRANCH:
        return list(av[1])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op == sre.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []  # literals, classes, anchors; POSSESSIVE_REPEAT and ATOMIC_GROUP are safe


def _has_repeat(items: Any) -> bool:
    return any(_repeats(op, av) or any(_has_repeat(c) for c in _children(op, av)) for op, av in items)


def _nested(items: Any) -> bool:
    for op, av in items:
        if _repeats(op, av) and _has_repeat(av[2]):
            return True
        if any(_nested(c) for c in _children(op, av)):
            return True
    return False


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
    if _nested(sre_parse.parse(pattern)):
        return (f"正则表达式「{shown}」含嵌套的重复（如 (a+)+），长行上可能匹配极慢；"
                "请改写，或用占有量词 ++ / 原子组 (?>…)")
    return None
