"""Reading the value of a table cell: counts, signed changes (增/减) and money."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_DELTA = re.compile(r"^(增加?|减少?|[+-])?\s*(\S+)$")
_MONEY = re.compile(r"^(.*?)\s*(万元|元)?$")


@dataclass(frozen=True)
class Value:
    """A cell read as a number. ``number`` is None when the cell is blank or unreadable."""

    number: Decimal | None
    blank: bool = False

    @property
    def readable(self) -> bool:
        return self.number is not None


BLANK = Value(None, blank=True)
UNREADABLE = Value(None)


def _decimal(text: str) -> Decimal | None:
    t = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if _THOUSANDS.match(t):
        t = t.replace(",", "")
    if not _PLAIN.match(t):
        return None
    try:
        return Decimal(t)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        return None


def is_number(text: str) -> bool:
    return _decimal(text) is not None


def read_value(text: str, kind: str) -> Value:
    """Read ``text`` as a value of ``kind``: count (a non-negative integer), delta
    (增3 / 减4 / +3 / -4 / 0) or money (a decimal, 元 or 万元 allowed, kept as written)."""
    t = unicodedata.normalize("NFKC", text).strip()
    if not t:
        return BLANK
    if kind == "delta":
        m = _DELTA.match(t)
        if not m:
            return UNREADABLE
        sign, body = m.group(1) or "", m.group(2)
        n = _decimal(body)
        if n is None or n != n.to_integral_value() or (sign and n < 0):
            return UNREADABLE
        return Value(-n if sign.startswith(("减", "-")) else n)
    if kind == "money":
        m = _MONEY.match(t)
        n = _decimal(m.group(1)) if m else None
        return Value(n) if n is not None and n >= 0 else UNREADABLE
    n = _decimal(t)
    if n is None or n < 0 or n != n.to_integral_value():
        return UNREADABLE
    return Value(n)
