"""PDF reports, read with pdfplumber.

On each page, tables found from their ruling lines and cell boxes (``page.find_tables()``,
pdfplumber's default line strategy) become a line per row on the table's grid; a position
that a merged cell covers is a placeholder (covered from the left or from above), and
positions after a row's last cell that no cell covers are not written.
Rows at the top or bottom of a "table" that are one cell across its whole width are a
frame around text (a ruled page, a box around paragraphs) or a caption: they are read as
text, and a "table" made only of such rows is no table.

The other text is read line by line and joined into paragraphs. A line ends its paragraph
when the next line's first word would have fitted after it with room to spare (the line
was ended on purpose; with no room to spare when the line ends a sentence 。；：！？), when the next
line starts with a heading numeral (一、 （一） 1.), is indented, is set in another size,
or is further down than the page's usual line spacing, and at a table. A paragraph runs
on across a page break. Wrapped lines are joined without a space, except between Latin
letters or digits.

Page numbers (「-3-」 「— 3 —」 「第 3 页」 「3/12」) and a line repeated at the same place at
the top or bottom of most pages (a running header or footer) are left out.

Places: 「第P页 第N段」 and 「第P页 表T 第R行」, paragraphs and tables counted on each page
(a paragraph belongs to the page it starts on).
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from gio_lint.errors import InputError
from gio_lint.input.sources import Extracted
from gio_lint.input.sources.common import Builder, Covered, GridCell, join_wrapped, needs, read_bytes
from gio_lint.numbering import HEADING

_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}0-9])|(?<=[0-9]) +(?=[{_CJK}])")
_SENTENCE_END = re.compile(r"[。；：！？;:!?][”’」』）)]*$")
_HEADING = re.compile(HEADING)
_PAGE_NUMBER = re.compile(
    r"[-－—–‒─]+\s*\d+\s*[-－—–‒─]+"
    r"|第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页"
    r"|\d+\s*/\s*\d+"
    r"|(?i:page)\s*\d+(\s*(?i:of|/)\s*\d+)?"
)
_BARE_NUMBER = re.compile(r"[-－—–‒─\s]*\d{1,4}[-－—–‒─\s]*")
_MARGIN = 0.12  # the top and bottom part of a page where running headers and footers are


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size
    lead: float  # how wide the line's first word is


@dataclass
class _Table:
    top: float
    rows: list[list[GridCell]]
    columns: list[float]  # where each grid column starts, left to right
    right: float  # where the last one ends


@dataclass
class _Page:
    number: int
    width: float
    height: float
    items: list[_Line | _Table]

    def in_margin(self, line: _Line) -> bool:
        return line.bottom < self.height * _MARGIN or line.top > self.height * (1 - _MARGIN)


def read_pdf(path: Path) -> Extracted:
    data = read_bytes(path)
    try:
        import pdfplumber
    except ImportError:
        raise needs("pdfplumber", path) from None
    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            pages = [_read_page(page, number) for number, page in enumerate(document.pages, 1)]
    except Exception as exc:
        raise InputError(f"{path}: {_problem(exc)}") from None
    _drop_running_lines(pages)
    _share_grids(pages)
    builder = Builder()
    _assemble(pages, builder)
    return builder.build(path, "PDF 中没有可提取的文字（可能是扫描件或图片）")


def _problem(exc: BaseException) -> str:
    causes: list[BaseException] = [exc, *(arg for arg in exc.args if isinstance(arg, BaseException))]
    if exc.__cause__ is not None:
        causes.append(exc.__cause__)
    if any("Password" in type(e).__name__ or "Encrypt" in type(e).__name__ for e in causes):
        return "PDF 文件已加密，无法读取（需要打开密码）"
    return "无法读取 PDF 文件（文件已损坏或不是 PDF）"


def _clean(text: str) -> str:
    """pdfplumber puts a space where characters stand apart (justified text): none between
    Chinese characters, or between a Chinese character and a digit."""
    return _CJK_GAP.sub("", text)


def _read_page(page: Any, number: int) -> _Page:
    page = page.dedupe_chars()
    tables = [t for t in map(_framed_rows, page.find_tables()) if t is not None]
    boxes = [box for box, _, _ in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x < x1 and top <= y < bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    items: list[_Line | _Table] = [line for raw in text_page.extract_text_lines() if (line := _line(raw))]
    items += [_Table(box[1], rows, columns, box[2]) for box, rows, columns in tables]
    items.sort(key=lambda item: item.top)
    return _Page(number, float(page.width), float(page.height), items)


def _framed_rows(table: Any) -> tuple[tuple[float, float, float, float], list[list[GridCell]], list[float]] | None:
    """A found table's box, rows and grid columns, without the rows at its top and bottom
    that are one cell across its whole width (a frame around text, or a caption: read as
    text); None when nothing else is left, or only one column."""
    columns = sorted({cell[0] for cell in table.cells})
    rows = _table_rows(table, columns)
    whole = [len(cells) == 1 or all(isinstance(c, Covered) for c in cells[1:]) for cells in rows]
    first = next((i for i, w in enumerate(whole) if not w), len(rows))
    last = max((i for i, w in enumerate(whole) if not w), default=-1)
    kept = rows[first : last + 1]
    if not kept or max(len(cells) for cells in kept) < 2:
        return None
    x0, _, x1, _ = table.bbox
    return (x0, table.rows[first].bbox[1], x1, table.rows[last].bbox[3]), kept, columns


def _share_grids(pages: list[_Page]) -> None:
    """A table that runs on over a page break (the next page opening with it, after at
    most a 「续表」) is found on each page with the grid columns that page's part draws
    (the rows of one page may merge label columns that the next page splits): its parts
    are put on one grid, every column boundary of each."""
    run: list[_Table] = []  # the parts of one table, page after page
    for page in pages:
        if not page.items:
            continue
        first, last = _opening_table(page), page.items[-1]
        if first is not None and run and _same_width(run[-1], first):
            run.append(first)
        else:
            _regrid(run)
            run = []
        if last is not (run[-1] if run else None):
            _regrid(run)
            run = [last] if isinstance(last, _Table) else []
    _regrid(run)


def _opening_table(page: _Page) -> _Table | None:
    """The table a page opens with, after at most two short lines (「续表」, a caption)."""
    for item in page.items[:3]:
        if isinstance(item, _Table):
            return item
        if len(item.text) > _SHORT_LINE:
            return None
    return None


_SHORT_LINE = 12


def _same_width(a: _Table, b: _Table) -> bool:
    return abs(a.columns[0] - b.columns[0]) < _ALIGN and abs(a.right - b.right) < _ALIGN


_ALIGN = 2.0  # points: column boundaries this close are one


def _regrid(parts: list[_Table]) -> None:
    if len(parts) < 2:
        return
    union: list[float] = []
    for x in sorted(x for part in parts for x in part.columns):
        if not union or x - union[-1] >= _ALIGN:
            union.append(x)
    for part in parts:
        bounds = [*part.columns, part.right]
        rows = []
        for cells in part.rows:
            out: list[GridCell] = []
            for i, cell in enumerate(cells):
                covered = [x for x in union if bounds[i] - _ALIGN < x < bounds[i + 1] - _ALIGN]
                spread = Covered.LEFT if isinstance(cell, str) and cell else cell
                out += [cell, *[spread] * (len(covered) - 1)]
            rows.append(out)
        part.rows, part.columns = rows, union


def _line(raw: dict[str, Any]) -> _Line | None:
    text = _clean(raw["text"]).strip()
    chars = [c for c in raw["chars"] if c["text"].strip()]
    if not text or not chars:
        return None
    first = chars[0]
    end = first
    if first["text"].isascii():
        for char in chars[1:]:
            if not (char["text"].isascii() and char["text"].strip()) or char["x0"] - end["x1"] > first["size"] / 4:
                break
            end = char
    size = statistics.median(float(c["size"]) for c in chars)
    return _Line(text, float(raw["x0"]), float(raw["x1"]), float(raw["top"]), float(raw["bottom"]), size,
                 float(end["x1"]) - float(first["x0"]))


def _table_rows(table: Any, columns: list[float]) -> list[list[GridCell]]:
    """The table's rows on its grid (``columns``: where each grid column starts)."""

    def covering(x: float, y: float) -> tuple[float, float, float, float] | None:
        return next((box for box in table.cells
                     if box[0] - 1 <= x < box[2] - 1 and box[1] - 1 <= y < box[3] - 1), None)

    rows: list[list[GridCell]] = []
    for row, texts in zip(table.rows, table.extract(), strict=True):
        top = row.bbox[1]
        cells: list[GridCell | None] = []
        for x, box, text in zip(columns, row.cells, texts, strict=True):
            if box is not None:
                cells.append(_clean(text or ""))
                continue
            cover = covering(x, top)  # None: no cell there at all
            cells.append(None if cover is None else Covered.ABOVE if cover[1] < top - 1 else Covered.LEFT)
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(["" if cell is None else cell for cell in cells])
    return rows


def _drop_running_lines(pages: list[_Page]) -> None:
    """Page numbers, and lines repeated at the same place in the margins of most pages."""

    def key(line: _Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text), round(line.top / 3)

    seen: Counter[tuple[str, int]] = Counter()
    for page in pages:
        seen.update({key(item) for item in page.items if isinstance(item, _Line) and page.in_margin(item)})

    def running(page: _Page, line: _Line) -> bool:
        if _PAGE_NUMBER.fullmatch(line.text):
            return True
        if not page.in_margin(line):
            return False
        if _BARE_NUMBER.fullmatch(line.text):
            return True
        count = seen[key(line)]
        return count >= 2 and count * 2 > len(pages)

    for page in pages:
        page.items = [item for item in page.items if not (isinstance(item, _Line) and running(page, item))]


def _assemble(pages: list[_Page], builder: Builder) -> None:
    lines = [item for page in pages for item in page.items if isinstance(item, _Line)]
    left, right = _margins(pages)
    pitches = [b.top - a.top for page in pages for a, b in pairwise(page.items)
               if isinstance(a, _Line) and isinstance(b, _Line) and b.top > a.top]
    pitch = statistics.median(pitches) if pitches else max((line.size for line in lines), default=0) * 1.5

    paragraph: list[_Line] = []
    start = 0  # the page the paragraph starts on
    previous: _Line | None = None  # the last line, when nothing but a page break followed it

    def flush() -> None:
        if paragraph:
            builder.paragraph(join_wrapped(line.text for line in paragraph), page=start)
            paragraph.clear()

    for page in pages:
        width = round(page.width)
        same_page = False
        for item in page.items:
            if isinstance(item, _Table):
                flush()
                previous = None
                builder.table(item.rows, page=page.number)
                continue
            if previous is not None and _breaks(previous, item, left[width], right[width], pitch if same_page else 0):
                flush()
            if not paragraph:
                start = page.number
            paragraph.append(item)
            previous = item
            same_page = True
    flush()


def _margins(pages: list[_Page]) -> tuple[dict[int, float], dict[int, float]]:
    """Where the text column starts and ends, for each page width: the leftmost line start,
    and the median end of the lines that run (nearly) to the right, so that punctuation
    hanging into the margin does not move the margin."""
    starts: dict[int, list[float]] = {}
    ends: dict[int, list[_Line]] = {}
    for page in pages:
        width = round(page.width)
        for item in page.items:
            if isinstance(item, _Line):
                starts.setdefault(width, []).append(item.x0)
                ends.setdefault(width, []).append(item)
    right: dict[int, float] = {}
    for width, lines in ends.items():
        furthest = max(line.x1 for line in lines)
        right[width] = statistics.median(line.x1 for line in lines if line.x1 >= furthest - 3 * line.size)
    return {width: min(xs) for width, xs in starts.items()}, right


def _breaks(a: _Line, b: _Line, left: float, right: float, pitch: float) -> bool:
    """Whether line ``a`` ends its paragraph, ``b`` being the next line (``pitch``: the
    usual line spacing when both are on one page, else 0)."""
    size = max(a.size, b.size)
    room = right - a.x1
    return (
        room > b.lead + size / 2  # b's first word would have fitted on a
        or (room > b.lead + size / 10 and _SENTENCE_END.search(a.text) is not None)
        or _HEADING.match(b.text) is not None
        or b.x0 - left > size  # indented
        or abs(a.size - b.size) > 1
        or (pitch > 0 and b.top - a.top > pitch * 1.6)
    )
