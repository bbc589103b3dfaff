"""Folding text for matching labels: full-width to half-width, curly quotes to straight,
spaces and punctuation removed, numbering stripped. Matching only ever compares folded
forms; positions always come from the original text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from gio_lint.input.characters import INVISIBLE, INVISIBLE_RANGES
from gio_lint.numbering import ITEM, PART_OR_DIGITS, SECTION

_DROP = re.compile(r"[\s" + INVISIBLE_RANGES
                   + r"\u3000\"'“”‘’「」『』《》〈〉<>()（）\[\]【】,，、.。．:：;；!！?？·•/／\\_\-－—–~～…]+")
_NUMBERING = re.compile(rf"^\s*(?:{SECTION}|{PART_OR_DIGITS}|{ITEM})\s*")
_TRAILING_NOTE = re.compile(r"[（(][^（()）]*[)）]\s*$")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """The matching key of a text: NFKC, no spaces or punctuation."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


def strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text, count=1)


@lru_cache(maxsize=4096)
def label_key(text: str) -> str:
    """The matching key of a row or column label: numbering and a trailing note in
    parentheses removed (「规范性文件 (有规范性文件登记号)」 → 规范性文件), then folded."""
    body = strip_numbering(INVISIBLE.sub("", text)).strip()
    without_note = _TRAILING_NOTE.sub("", body).strip()
    return fold(without_note or body)
