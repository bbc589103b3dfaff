"""Reading numbers in report prose: 14,730 · 1.16亿 · 2336万 · 近/约/余/多 (approximate) ·
full-width digits · Chinese numerals (二十五件, 百分之四十九) · 49% / 49％ · ‰.

Every number keeps its offsets in the text it was read from and its written precision,
as an exact interval: 「49%」 is [48.5, 49.5] percent, 「8.3万余件」 is [83000, ∞)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from typing import NamedTuple

from gio_lint.structure.numerals import DIGIT_VALUES, chinese_numeral
from gio_lint.structure.values import MAX_DIGITS
from gio_lint.vocabulary import MEASURE_WORDS

_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_HALF_WIDTH = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)} | {"\u3000": " "}

_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN = rf"[{_CN_DIGITS}十百千万亿]+"
_APPROXIMATE = "近|约|大约|将近|逾|超过|超|不足|不到|多达"
# The characters a number can start with: a lookahead on them lets the scan skip every
# other position at once instead of trying each alternative there (three times faster).
_STARTS = "".join(sorted({w[0] for w in _APPROXIMATE.split("|")} | set("百千" + _CN_DIGITS + "十百千万亿")))
# One number as written, in two forms: with named groups for the reader, and without
# for rule patterns (gio_lint.prose.passages), where several numbers share one expression.
# Possessive spaces (\s*+) keep a run of blanks from being tried every way (no
# backtracking blow-up on long lines of spaces).
_SHAPE = (rf"(?=[{_STARTS}\d])(?P<before>{_APPROXIMATE})?"
          rf"(?:(?P<pct_cn>百分之|千分之)(?P<cn_pct>{_CN}(?:点[{_CN_DIGITS}]+)?)"
          rf"|(?P<arabic>{_ARABIC})\s*+(?P<scale>万|亿)?(?P<after>余|多)?\s*+(?P<sign>%|‰)?"
          rf"|(?P<cn>{_CN})(?P<cn_after>余|多)?(?=[{MEASURE_WORDS.replace('|', '')}]))")
_NUMBER = re.compile(_SHAPE)
NUMBER_PATTERN = re.sub(r"\(\?P<\w+>", "(?:", _SHAPE)
# after a number: a measure word (人次 before 人, so the longer one is read) or a sum of money
_MEASURE = re.compile(rf"\s*(人次|{MEASURE_WORDS}|万元|元|亿元)?")
_AROUND = re.compile(r"\s*(左右|以上|以下)?")


class Number(NamedTuple):
    text: str  # as written
    start: int
    end: int
    value: Fraction  # as written, scaled by 万/亿; a percentage is its number of percent
    low: Fraction | None  # the interval the writing allows; None: unbounded
    high: Fraction | None
    decimals: int  # digits written after the point
    kind: str  # count | percent | permille
    approximate: bool
    unit: str  # the measure word after it (件, 条, 人次 …), or ""

    @property
    def exact(self) -> bool:
        return not self.approximate


def fold_width(text: str) -> str:
    """Full-width ASCII and the ideographic space to half-width: one character for one,
    so offsets stay valid. (Substituting only the full-width characters is several times
    faster than str.translate, which looks up every character.)"""
    return _FULL_WIDTH.sub(lambda m: _HALF_WIDTH[m.group()], text)



def _cn_decimal(text: str) -> tuple[Fraction, int] | None:
    whole, _, frac = text.partition("点")
    n = chinese_numeral(whole)
    if n is None:
        return None
    digits = "".join(str(DIGIT_VALUES[c]) for c in frac if c in DIGIT_VALUES)
    return Fraction(n) + (Fraction(int(digits), 10 ** len(digits)) if digits else 0), len(digits)


def _interval(value: Fraction, decimals: int, scale: int, rounded: bool, before: str, after: str,
              around: str) -> tuple[Fraction | None, Fraction | None, bool]:
    """The values the writing allows. A figure scaled by 万/亿, and a percentage, are
    rounded at their last written digit; other counts are exact as written."""
    if rounded or scale > 1:
        half = Fraction(scale, 2 * 10**decimals)
        low, high = value - half, value + half
    else:
        low = high = value
    if before in ("近", "将近", "不足", "不到"):
        return None, value, True
    if before in ("逾", "超过", "超", "多达") or after in ("余", "多") or around == "以上":
        return value, None, True
    if before in ("约", "大约") or around == "左右":
        return None, None, True
    if around == "以下":
        return None, value, True
    return low, high, False


def read_numbers(text: str) -> Iterator[Number]:
    """Every number in ``text`` (which may hold full-width digits), in order."""
    folded = fold_width(text)
    for m in _NUMBER.finditer(folded):
        if m.group(0) == "" or (m.start() and folded[m.start() - 1].isdigit()):
            continue
        before = m.group("before") or ""
        # the number ends with its last written part, not with spaces after it
        end = max(m.end(g) for g in ("cn_pct", "arabic", "scale", "after", "sign", "cn", "cn_after") if m.group(g))
        if m.group("arabic"):
            raw = m.group("arabic")
            if not m.group("sign") and not m.group("scale") and (
                folded[end:end + 1] in ("年", "月", "日", "号", "时", "届")
                or (folded[end:end + 1] in ("、", ".") and not folded[end + 1:end + 2].isdigit())
            ):
                continue  # a date, an ordinal or a list marker (「1.组织机构」), not a figure
            digits = raw.replace(",", "")
            if len(digits) > MAX_DIGITS:
                continue  # no figure a report means, and too long to read
            value = Fraction(digits) if "." in digits else Fraction(int(digits))
            decimals = len(raw.partition(".")[2])
            scale = {"万": 10**4, "亿": 10**8}.get(m.group("scale") or "", 1)
            sign = m.group("sign") or ""
            kind = {"%": "percent", "‰": "permille"}.get(sign, "count")
            after = m.group("after") or ""
        elif m.group("pct_cn"):
            parsed = _cn_decimal(m.group("cn_pct"))
            if parsed is None:
                continue
            value, decimals = parsed
            scale, after = 1, ""
            kind = "percent" if m.group("pct_cn") == "百分之" else "permille"
        else:
            n = chinese_numeral(m.group("cn"))
            if n is None:
                continue
            value, decimals, scale, kind, after = Fraction(n), 0, 1, "count", m.group("cn_after") or ""
        measure = _MEASURE.match(folded, end)
        unit = measure.group(1) or "" if measure else ""
        around_m = _AROUND.match(folded, measure.end() if measure else end)
        around = around_m.group(1) or "" if around_m else ""
        if scale > 1:
            value *= scale
        low, high, approximate = _interval(value, decimals, scale, kind != "count", before, after, around)
        start = m.start() + len(before)
        yield Number(text[start:end], start, end, value, low, high, decimals, kind, approximate, unit)
