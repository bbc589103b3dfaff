"""Captions of the 表二 blocks: 「第二十条第（一）项」, also written 「第20条第(1)项」."""

from __future__ import annotations

import re
from functools import lru_cache

from gio_lint.structure.fold import fold
from gio_lint.structure.numerals import chinese_numeral

# 第 … 项 with only spaces and punctuation around: what a caption looks like before folding
_MAYBE = re.compile(r"[\W_]*第.*项[\W_]*$")
CAPTION = re.compile(r"^第([0-9零一二三四五六七八九十百]+)条第([0-9一二三四五六七八九十]+)项$")


def _count(numeral: str) -> int | None:
    return int(numeral) if numeral.isdigit() else chinese_numeral(numeral)


def caption_key(text: str) -> tuple[int | None, int | None] | None:
    """(article, item) of a caption such as 「第二十条第（一）项」 or 「第20条第(1)项」."""
    if "条" not in text or not _MAYBE.match(text):
        return None  # most lines: not worth folding
    return _key(text)


@lru_cache(maxsize=1024)
def _key(text: str) -> tuple[int | None, int | None] | None:
    """caption_key of a text that may be a caption, read once per text (templates and
    reports compare the same captions over and over)."""
    m = CAPTION.match(fold(text))
    return (_count(m.group(1)), _count(m.group(2))) if m else None


def is_caption(text: str) -> bool:
    return caption_key(text) is not None
