"""Numbers written in Chinese numerals (二十五, 一千二百, 二〇二四), read as integers: for the
numbers of table captions' articles and items here, and for numbers in prose later."""

from __future__ import annotations

DIGIT_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}

def chinese_numeral(text: str) -> int | None:
    """二十五 → 25, 一千二百 → 1200, 一百零五 → 105, 三万五千 → 35000, 两百 → 200,
    二〇二四 → 2024; None when malformed or not one number (三五个 is three to five,
    一两件 one or two, 万 alone no number at all)."""
    if not text or text[0] in _CN_BIG:
        return None
    if all(ch in DIGIT_VALUES for ch in text):  # digits written one by one: only with a zero in them
        if len(text) > 1 and not any(ch in "零〇" for ch in text):
            return None
        return int("".join(str(DIGIT_VALUES[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in "零〇":
            continue  # 一百零五: the zero only holds a place
        if ch in DIGIT_VALUES:
            if digit is not None:
                return None  # two digits in a row inside a number with units
            digit = DIGIT_VALUES[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch in _CN_BIG:
            total = (total + section + (digit or 0)) * _CN_BIG[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)
