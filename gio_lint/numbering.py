"""How a report numbers its headings, named once: 「一、」 for a section, 「（一）」 for a part
of one, 「1.」 for an item. The parser, the readers of documents and PDF text, the folding
of labels and the finding of headings in running text build their patterns from these
(grammars/report.lark spells the same three; a test holds it to them)."""

from __future__ import annotations

NUMERALS = "一二三四五六七八九十"
NUMERAL = f"[{NUMERALS}]{{1,3}}"  # 一 … 九十九
SECTION = f"{NUMERAL}[、．.]"  # 一、
PART = f"[（(]{NUMERAL}[)）]"  # （一）
PART_OR_DIGITS = rf"[（(][{NUMERALS}\d]{{1,3}}[)）]"  # （一） or (1)
ITEM = r"\d{1,2}[.．、](?!\d)"  # 1.  (not 1.5)
HEADING = f"{SECTION}|{PART}|{ITEM}"  # any of the three
SIX = f"[{NUMERALS[:6]}]"  # the numbers of the six sections of the format
