"""Free-form 附表 of reports before 2019: tables of 指标 / 单位 / 数量 (or 指标 / 数量), read
into labelled items with their hierarchy (「其中：1.…」, 「(1)…」) and units kept."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gio_lint.structure.fold import fold
from gio_lint.structure.model import Cell, Table

_OPENS = re.compile(r"^\s*其中\s*[:：,，]?\s*")
_ARABIC = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*")
_PAREN = re.compile(r"^\s*[（(]\s*\d{1,2}\s*[)）]\s*")
_UNIT_IN_CAPTION = re.compile(r"单位\s*[:：]\s*(\S+)")
_HEADER = {"label": ("指标", "项目"), "unit": ("单位",), "value": ("数量", "数值", "数据")}


@dataclass(frozen=True)
class Item:
    label: Cell  # as written, 「其中:1.当面申请数」
    name: str  # without 其中 and numbering: 「当面申请数」
    unit: str
    value: Cell
    parent: int | None  # index of the item it is part of
    depth: int


def _columns(table: Table) -> dict[str, int] | None:
    header = [fold(c.text) for c in table.rows[0].cells]
    where = {role: next((i for i, h in enumerate(header) if h in words), -1) for role, words in _HEADER.items()}
    if where["label"] < 0 or where["value"] < 0:
        return None
    return {role: i for role, i in where.items() if i >= 0}


def read_indicators(table: Table, caption: str = "") -> list[Item] | None:
    """The items of an indicator table, or None when its header is not 指标 … 数量."""
    if not table.rows:
        return None
    columns = _columns(table)
    if columns is None:
        return None
    m = _UNIT_IN_CAPTION.search(caption)
    default_unit = m.group(1) if m else ""
    items: list[Item] = []
    levels: list[tuple[str, int | None]] = []  # (numbering, parent) of each open level
    for row in table.rows[1:]:
        cells = row.cells
        if len(cells) <= max(columns.values()) or cells[columns["label"]].blank:
            continue
        label = cells[columns["label"]]
        text = label.text
        opens = bool(_OPENS.match(text))
        text = _OPENS.sub("", text)
        numbering = "arabic" if _ARABIC.match(text) else "paren" if _PAREN.match(text) else ""
        name = _PAREN.sub("", _ARABIC.sub("", text)).strip()
        previous = len(items) - 1 if items else None
        if opens:
            levels.append((numbering, previous))
        elif not numbering:
            levels = []
        else:
            same = next((k for k in range(len(levels) - 1, -1, -1) if levels[k][0] == numbering), None)
            if same is None:
                levels.append((numbering, previous))
            else:
                levels = levels[: same + 1]
        parent = levels[-1][1] if levels else None
        unit = cells[columns["unit"]].text if "unit" in columns else default_unit
        items.append(Item(label, name, unit, cells[columns["value"]], parent, len(levels)))
    return items
