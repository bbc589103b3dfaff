"""Word (.docx) reports, read with python-docx.

The body's paragraphs and tables are read in document order (content controls and custom
XML are looked into). A table row is one line on the table's grid: a cell merged down from
the row above (``w:vMerge`` continuation) covers its positions from above, a cell spanning
grid columns (``w:gridSpan``) is its text followed by a position covered from the left for
each further column, and ``w:gridBefore`` columns are empty cells. A cell's paragraphs are
joined into one line. A table with one column, or with tables inside its cells, is a
frame: its cells are read as paragraphs.

Places: 「第N段」 for the N-th paragraph with text, 「表T 第R行」 for row R of table T.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gio_lint.errors import InputError
from gio_lint.input.sources import Extracted
from gio_lint.input.sources.common import Builder, Covered, GridCell, needs, read_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Not shown: the fallback copy of alternate content, deleted and moved-away revisions.
_SKIPPED = (
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    f"{W}del",
    f"{W}moveFrom",
)
_WRAPPERS = (f"{W}sdt", f"{W}sdtContent", f"{W}customXml")
_MAX_SPAN = 1000

Element = Any  # an lxml element of the document's XML


# What the parts of a .docx may inflate to, all together: a report's text is a few
# megabytes of XML; a small file that inflates past this is a zip bomb, never read.
MAX_INFLATED = 100 * 2**20


def _inflated(data: bytes) -> int:
    """What the parts of a zip file say they inflate to (a part is never read past it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return 0  # not a zip: python-docx says so below


def read_docx(path: Path) -> Extracted:
    data = read_bytes(path)
    inflated = _inflated(data)
    if inflated > MAX_INFLATED:
        raise InputError(f"{path}: Word 文件解压后达 {inflated // 2**20} MB，超过上限 {MAX_INFLATED // 2**20} MB，"
                         "未读取 (inflates past the limit: a zip bomb?)")
    try:
        import docx
    except ImportError:
        raise needs("python-docx", path) from None
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            problem = "是旧版 .doc 格式或已加密，请另存为 .docx"
        elif "depth" in str(exc).lower():
            problem = "表格或段落嵌套过深，超过 XML 解析器的层数上限 (nesting too deep)"
        elif "text node too long" in str(exc).lower():
            problem = "其中一段文字超过 10 MB，超过 XML 解析器的上限 (a text node too large)"
        else:
            problem = "文件已损坏或不是 .docx"
        raise InputError(f"{path}: 无法读取 Word 文件（{problem}）") from None
    builder = Builder()
    _blocks(body, builder)
    return builder.build(path, "Word 文件中没有可提取的文字")


def _children(element: Element, tag: str) -> Iterator[Element]:
    """Children with ``tag``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _blocks(container: Element, builder: Builder) -> None:
    for child in container:
        if child.tag == f"{W}p":
            builder.paragraph(_paragraph_text(child))
        elif child.tag == f"{W}tbl":
            _table(child, builder)
        elif child.tag in _WRAPPERS:
            _blocks(child, builder)


def _paragraph_text(paragraph: Element) -> str:
    """A paragraph's text; a manual line break is "\\n", a tab is "\\t"."""
    out: list[str] = []
    _inline(paragraph, out)
    return "".join(out)


def _inline(element: Element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{W}t":
            out.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            out.append("\t")
        elif tag == f"{W}br":
            if child.get(f"{W}type") in (None, "textWrapping"):
                out.append("\n")  # page and column breaks do not break the line
        elif tag == f"{W}cr":
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag in _SKIPPED:
            continue
        elif tag == f"{W}p":  # a paragraph in a text box
            out.append("\n")
            _inline(child, out)
            out.append("\n")
        else:
            _inline(child, out)


def _int_value(parent: Element | None, tag: str, default: int) -> int:
    element = None if parent is None else parent.find(f"{W}{tag}")
    if element is None:
        return default
    try:
        return max(0, min(int(element.get(f"{W}val", default)), _MAX_SPAN))
    except ValueError:
        return default


def _continues(properties: Element | None, tag: str) -> bool:
    """A cell merged into the one before it (``w:vMerge`` or the old ``w:hMerge``)."""
    merge = None if properties is None else properties.find(f"{W}{tag}")
    return merge is not None and merge.get(f"{W}val", "continue") == "continue"


def _row_cells(row: Element) -> list[GridCell]:
    cells: list[GridCell] = [""] * _int_value(row.find(f"{W}trPr"), "gridBefore", 0)
    for cell in _children(row, f"{W}tc"):
        properties = cell.find(f"{W}tcPr")
        span = max(1, _int_value(properties, "gridSpan", 1))
        if _continues(properties, "vMerge"):
            cells.extend([Covered.ABOVE] * span)
            continue
        if _continues(properties, "hMerge"):
            cells.append(Covered.LEFT)
        else:
            cells.append("\n".join(_paragraph_text(p) for p in _children(cell, f"{W}p")))
        cells.extend([Covered.LEFT] * (span - 1))
    return cells


def _table(table: Element, builder: Builder) -> None:
    rows = [_row_cells(row) for row in _children(table, f"{W}tr")]
    nested = any(cell.find(f".//{W}tbl") is not None for row in _children(table, f"{W}tr")
                 for cell in _children(row, f"{W}tc"))
    if nested or max((len(cells) for cells in rows), default=0) <= 1:
        for row in _children(table, f"{W}tr"):
            for cell in _children(row, f"{W}tc"):
                _blocks(cell, builder)
        return
    builder.table(rows)
