"""Web pages (.html/.htm), read with the standard library's HTML parser.

Scripts, styles, navigation, page headers and footers are left out (by tag, and by a
class or id naming nav/menu/header/footer/breadcrumb outside tables), as are hidden
elements. Block elements end lines. Data tables become a line per row on a full grid:
``rowspan`` and ``colspan`` are expanded so that a spanned cell's text appears once, in
its first grid position, and the other positions it covers are placeholders (covered from
the left or from above). A table with
one column, or with tables inside it, is page layout: its cells are read as paragraphs.

Bytes are decoded with the charset the page declares, else UTF-8, else GB18030.

Places: 「第N段」 for the N-th paragraph with text, 「表T 第R行」 for row R of table T.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from gio_lint.errors import InputError
from gio_lint.input.sources import Extracted
from gio_lint.input.sources.common import Builder, Covered, GridCell, join_wrapped, read_bytes


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_VOID = _names(
    "area base basefont br col embed frame hr img input keygen link meta param source track wbr"
)
_DROPPED = _names(
    "script style nav header footer noscript head title template iframe object embed svg canvas "
    "select option textarea button audio video map"
)
_CHROME = re.compile(r"nav|menu|footer|header|breadcrumb", re.IGNORECASE)
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})
_BLOCK = _names(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure form h1 h2 h3 h4 h5 h6 hgroup hr html legend li main menu ol p pre section "
    "summary table tbody td tfoot th thead tr ul"
)
# A start tag closes an open element of these kinds, unless a boundary element is nearer.
_P_BOUNDARY = frozenset({"td", "th", "table", "caption", "button", "object", "html"})
_IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr"}), frozenset({"table"})),
    "thead": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
    "tbody": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
    "tfoot": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu", "table", "td", "th"})),
    "dd": (frozenset({"dd", "dt"}), frozenset({"dl", "table", "td", "th"})),
    "dt": (frozenset({"dd", "dt"}), frozenset({"dl", "table", "td", "th"})),
}
_CLOSES_P = _names(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section summary table ul"
)
_TABLE_PARTS = frozenset({"td", "th", "tr", "thead", "tbody", "tfoot", "table"})
_MAX_SPAN = 1000
_MAX_DEPTH = 100  # the tree is walked recursively

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_GB = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "cp936", "ms936", "windows-936"})
_SOURCE_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


class _Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []

    def elements(self) -> list[_Node]:
        return [child for child in self.children if isinstance(child, _Node)]

    def contains(self, tag: str) -> bool:
        return any(child.tag == tag or child.contains(tag) for child in self.elements())


class _TreeBuilder(HTMLParser):
    """A forgiving tree: end tags that close nothing are ignored, and the end tags that
    HTML lets pages leave out (</p>, </li>, </td>, </tr>) are implied."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self._stack = [self.root]

    def _close(self, names: frozenset[str], boundary: frozenset[str]) -> None:
        for i in range(len(self._stack) - 1, 0, -1):
            tag = self._stack[i].tag
            if tag in names:
                del self._stack[i:]
                return
            if tag in boundary:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _IMPLIED:
            self._close(*_IMPLIED[tag])
        if tag in _CLOSES_P:
            self._close(frozenset({"p"}), _P_BOUNDARY)
        depth = len(self._stack)
        if depth > 2 * _MAX_DEPTH or (depth > _MAX_DEPTH and tag not in _TABLE_PARTS):
            return  # tags left open by the hundred (<font>…): their text stays where it is
        node = _Node(tag, {name: value or "" for name, value in attrs})
        self._stack[-1].children.append(node)
        if tag not in _VOID:
            self._stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        boundary = frozenset({"table"}) if tag in _TABLE_PARTS else frozenset({"table", "td", "th", "caption"})
        if tag == "table":
            boundary = frozenset()
        self._close(frozenset({tag}), boundary)

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)


def read_html(path: Path) -> Extracted:
    text = _decode(read_bytes(path), path)
    parser = _TreeBuilder()
    parser.feed(text)
    parser.close()
    builder = Builder()
    walker = _Walker(builder.paragraph, builder)
    walker.walk(parser.root)
    walker.flush()
    return builder.build(path, "网页中没有可提取的文字")


def _decode(data: bytes, path: Path) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: 不是网页文件，疑似二进制内容")
    candidates = ["utf-8", "gb18030"]
    declared = _CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        candidates.insert(0, "gb18030" if name in _GB else name)
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise InputError(f"{path}: 无法识别网页的文字编码（不是声明的编码、UTF-8 或 GB18030）")


def _hidden(node: _Node, in_table: bool) -> bool:
    if node.tag in _DROPPED or "hidden" in node.attrs:
        return True
    style = node.attrs.get("style", "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if in_table or node.tag in _NEVER_CHROME:
        return False
    return bool(_CHROME.search(f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}"))


def _collapse(raw: str) -> str:
    """Source text as shown: a line break in the source joins like a wrapped line, runs
    of spaces become one space."""
    text = join_wrapped(_SOURCE_BREAK.split(raw.replace("\xa0", " ")))
    return _SPACES.sub(" ", text).strip()


def _span(node: _Node, name: str) -> int:
    match = re.match(r"\s*(\d+)", node.attrs.get(name, ""))
    return min(int(match.group(1)), _MAX_SPAN) if match else 1


class _Walker:
    """Walks the tree in document order. Text of one block goes to ``emit``; tables go to
    ``builder`` (a walker without one reads a table's text as blocks)."""

    def __init__(self, emit: Callable[[str], None], builder: Builder | None, in_table: bool = False) -> None:
        self._emit = emit
        self._builder = builder
        self._in_table = in_table
        self._buffer: list[str] = []

    def flush(self) -> None:
        text = _collapse("".join(self._buffer))
        self._buffer.clear()
        if text:
            self._emit(text)

    def walk(self, node: _Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self._buffer.append(child)
            elif _hidden(child, self._in_table):
                continue
            elif child.tag == "br":
                self.flush()
            elif child.tag == "table" and self._builder is not None:
                self.flush()
                self._table(child, self._builder)
            elif child.tag in _BLOCK:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def _table(self, table: _Node, builder: Builder) -> None:
        captions = [child for child in table.elements() if child.tag == "caption"]
        rows = _rows(table)
        grid = _grid([[(_cell_text(cell), _span(cell, "rowspan"), _span(cell, "colspan")) for cell in row]
                      for row in rows])
        if max((len(cells) for cells in grid), default=0) <= 1 or any(
            cell.contains("table") for row in rows for cell in row
        ):
            self.walk(table)  # page layout: cells are containers
            return
        for caption in captions:
            self.walk(caption)
            self.flush()
        builder.table(grid)


def _rows(table: _Node) -> list[list[_Node]]:
    """The table's rows, in document order, each as its td/th cells (rows of tables inside
    it are theirs)."""
    rows: list[list[_Node]] = []
    for child in table.elements():
        if child.tag == "tr":
            rows.append([cell for cell in child.elements() if cell.tag in ("td", "th")])
        elif child.tag not in ("table", "caption"):
            rows.extend(_rows(child))  # thead, tbody, tfoot, and a stray form
    return rows


def _cell_text(cell: _Node) -> str:
    blocks: list[str] = []
    walker = _Walker(blocks.append, None, in_table=True)
    walker.walk(cell)
    walker.flush()
    return "\n".join(blocks)


def _grid(rows: list[list[tuple[str, int, int]]]) -> list[list[GridCell]]:
    """Cells (text, rowspan, colspan; rowspan 0: to the last row) placed on a grid. A row
    ends at the last position a cell of its own or one spanning into it covers."""
    grid: list[dict[int, GridCell]] = [{} for _ in rows]
    for r, cells in enumerate(rows):
        column = 0
        for text, rowspan, colspan in cells:
            while column in grid[r]:
                column += 1
            down = len(rows) - r if rowspan == 0 else min(max(rowspan, 1), len(rows) - r)
            for dr in range(down):
                for dc in range(max(colspan, 1)):
                    covered = Covered.ABOVE if dr else Covered.LEFT
                    grid[r + dr].setdefault(column + dc, text if dr == dc == 0 else covered)
            column += max(colspan, 1)
    return [[row.get(c, "") for c in range(max(row, default=-1) + 1)] for row in grid]
