"""What every match of a regular expression contains, read from its parsed form: a few
sets of strings, each of which a match holds at least one of (「公开」; 「件」 or 「条」;
「予以」 or 「同意」). A line that lacks one of them cannot match, so it is not scanned —
most lines of a report are skipped by a few substring tests instead of a regex scan.

Only what is certain is kept: literal runs, alternatives that each require something,
small character classes, and repeats that must run at least once. Anything else
(lookarounds, negated or large classes, optional parts, case-insensitive groups) requires
nothing."""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_MOST_CHARS = 16  # a class with more characters than this is not worth testing for

Need = frozenset[str]  # a match contains at least one of these strings


def requirements(pattern: str) -> tuple[Need, ...]:
    """The needs of ``pattern`` (a valid regular expression)."""
    if re.compile(pattern).flags & re.IGNORECASE:
        return ()
    return tuple(dict.fromkeys(_needs(sre_parse.parse(pattern))))


def meets(text: str, needs: tuple[Need, ...]) -> bool:
    """Whether ``text`` holds one string of every need (plain loops: no generators made,
    as this runs for every line a pattern might match)."""
    for need in needs:
        for s in need:
            if s in text:
                break
        else:
            return False
    return True


def _needs(items: Any) -> list[Need]:
    """The needs of a sequence of parsed items, in order."""
    out: list[Need] = []
    run: list[str] = []  # consecutive literal characters: one string
    for op, av in items:
        if op == sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(frozenset({"".join(run)}))
            run = []
        if op == sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            out.extend(_needs(av[3]))
        elif op in _REPEATS and av[0] >= 1:
            out.extend(_needs(av[2]))
        elif op == sre.ATOMIC_GROUP:
            out.extend(_needs(av))
        elif op == sre.BRANCH:
            choices = [_most_selective(_needs(alternative)) for alternative in av[1]]
            if all(choices):
                out.append(frozenset().union(*choices))
        elif op == sre.IN:
            chars = _chars(av)
            if chars:
                out.append(chars)
    if run:
        out.append(frozenset({"".join(run)}))
    return out


def _most_selective(needs: list[Need]) -> Need:
    """The need whose shortest string is longest (empty when there is none)."""
    return max(needs, key=lambda need: min(map(len, need)), default=frozenset())


def _chars(items: Any) -> Need:
    """The characters of a small, plain character class (empty for any other)."""
    chars: set[str] = set()
    for op, av in items:
        if op == sre.LITERAL:
            chars.add(chr(av))
        elif op == sre.RANGE and av[1] - av[0] < _MOST_CHARS:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return frozenset()  # negated, a category (\d, \s), or a wide range
    return frozenset(chars) if len(chars) <= _MOST_CHARS else frozenset()
