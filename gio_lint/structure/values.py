"""Reading the value of a table cell: counts, signed changes (增/减) and money."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from gio_lint.input.characters import INVISIBLE

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_DELTA = re.compile(r"^(增加?|减少?|[+-])?\s*(\S+)$")
_MONEY = re.compile(r"^(.*?)\s*(万元|元)?$")


@dataclass(frozen=True)
class Value:
    """A cell read as a number. ``number`` is None when the cell is blank or unreadable."""

    number: Fraction | None
    blank: bool = False
    # the number as a sum adds it: an int when whole (the usual case, and far faster to
    # add than a Fraction), else the Fraction
    addend: Fraction | int | None = None

    @property
    def readable(self) -> bool:
        return self.number is not None

    @staticmethod
    def of(number: Fraction) -> Value:
        return Value(number, False, number.numerator if number.denominator == 1 else number)


BLANK = Value(None, blank=True)
UNREADABLE = Value(None)


_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\uff0d": "-"})


def _clean(text: str) -> str:
    """NFKC (full-width digits), minus signs as '-', invisible characters dropped."""
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).translate(_MINUS).strip()


# A Chinese character is never part of a numeral, and NFKC keeps it one: a text holding
# one (most cells and every sentence) is not a number, with no need to normalize it.
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


# Digits a figure may have to be read: far beyond any count or sum of money a report holds
# (and, at more than 4,300, beyond what Python turns into an integer by default). A longer
# numeral is a number that cannot be read, never an error.
MAX_DIGITS = 1000


def _numeral(text: str) -> str | None:
    """A plain or thousands-separated decimal numeral without its separators, else None."""
    if _IDEOGRAPH.search(text):
        return None
    t = _clean(text)
    if _THOUSANDS.match(t):
        t = t.replace(",", "")
    return t if _PLAIN.match(t) else None


def _exact(text: str) -> Fraction | None:
    """The exact value of a numeral (None: not one, or too long to be read)."""
    t = _numeral(text)
    return Fraction(t) if t is not None and len(t) <= MAX_DIGITS else None


def show(n: Fraction) -> str:
    """An exact value as a decimal numeral: 3, -4, 96171.6 (values read from cells always
    have a finite decimal expansion)."""
    if n.denominator == 1:
        return str(n.numerator)
    digits = 1  # the fewest digits d with n × 10^d whole: the denominator divides 10^d
    while 10**digits % n.denominator and digits < 30:
        digits += 1
    whole, frac = divmod(abs(n.numerator * 10**digits // n.denominator), 10**digits)
    return f"{'-' if n < 0 else ''}{whole}.{frac:0{digits}d}"


@lru_cache(maxsize=8192)
def is_number(text: str) -> bool:
    return _numeral(text) is not None


@lru_cache(maxsize=8192)
def read_value(text: str, kind: str) -> Value:
    """Read ``text`` as a value of ``kind``: count (a non-negative integer), delta
    (增3 / 减4 / +3 / -4 / 0) or money (a decimal, 元 or 万元 allowed, kept as written)."""
    t = _clean(text)
    if not t:
        return BLANK
    if kind == "delta":
        m = _DELTA.match(t)
        if not m:
            return UNREADABLE
        sign, body = m.group(1) or "", m.group(2)
        n = _exact(body)
        if n is None or n.denominator != 1 or (sign and n < 0):
            return UNREADABLE
        return Value.of(-n if sign.startswith(("减", "-")) else n)
    if kind == "money":
        m = _MONEY.match(t)
        n = _exact(m.group(1)) if m else None
        return Value.of(n) if n is not None and n >= 0 else UNREADABLE
    n = _exact(t)
    if n is None or n < 0 or n.denominator != 1:
        return UNREADABLE
    return Value.of(n)
