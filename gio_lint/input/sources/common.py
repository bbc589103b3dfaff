"""What the readers share: reading the file, joining wrapped lines, and building the
text with a place for every line."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path

from gio_lint.errors import InputError
from gio_lint.input.sources import Extracted

# Line breaks inside a paragraph or a cell: Unicode's, not only "\n".
LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_EDGE_SPACE = " \t\u3000\xa0"


def needs(package: str, path: Path) -> InputError:
    """The one-line error for a document whose reader is not installed (the core install
    reads text and web pages; Word and PDF come with the documents extra)."""
    return InputError(f"{path}: 读取此类文件需要安装 {package}：pip install 'gio-lint[documents]' "
                      f"(needs {package}: install gio-lint[documents])")


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing, unreadable or directory path is an InputError."""
    try:
        if path.is_dir():
            raise InputError(f"{path}: 是目录，不是报告文件 (is a directory)")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: 文件不存在 (no such file)") from None
    except PermissionError:
        raise InputError(f"{path}: 无权读取 (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{path}: 无法读取 ({exc.strerror})") from None


class Covered(Enum):
    """A grid position that a merged cell starting elsewhere covers."""

    LEFT = "<"  # spanned by the cell to its left (colspan, gridSpan)
    ABOVE = "^"  # spanned by the cell above (rowspan, vMerge)


GridCell = str | Covered  # a cell's text where a cell starts, else what covers the position


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_wrapped(parts: Iterable[str]) -> str:
    """Join the lines of one wrapped paragraph or cell.

    Lines are stripped and joined without a space — Chinese text is written without
    spaces — except between two Latin letters or digits, where the wrap ate a space.
    """
    out = ""
    for part in parts:
        part = part.strip(_EDGE_SPACE)
        if not part:
            continue
        if out and _word_char(out[-1]) and _word_char(part[0]):
            out += " "
        out += part
    return out


def one_line(text: str) -> str:
    """Text that must stay on one line (a cell, or a wrapped paragraph): line breaks
    joined as wrapped lines, TABs (the cell separator) become spaces."""
    return join_wrapped(LINE_BREAK.split(text.replace("\t", " ")))


class Builder:
    """Collects paragraphs and table rows, in document order, with their places.

    Paragraphs and tables are numbered from 1 in the whole document, or on each page
    when ``page`` is given (PDF).
    """

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._places: list[str] = []
        self._grids: list[str] = []
        self._paragraphs: dict[int | None, int] = {}
        self._tables: dict[int | None, int] = {}

    @staticmethod
    def _prefix(page: int | None) -> str:
        return "" if page is None else f"第{page}页 "

    def paragraph(self, text: str, page: int | None = None) -> None:
        """One paragraph. Manual line breaks in it start lines of their own, which share
        the paragraph's place; an empty paragraph is skipped and not counted."""
        lines = [one_line(part) for part in LINE_BREAK.split(text)]
        lines = [line for line in lines if line]
        if not lines:
            return
        number = self._paragraphs[page] = self._paragraphs.get(page, 0) + 1
        place = f"{self._prefix(page)}第{number}段"
        for line in lines:
            self._lines.append(line)
            self._places.append(place)
            self._grids.append("")

    def table(self, rows: Iterable[Sequence[GridCell]], page: int | None = None) -> None:
        """One table: a line per row, cells joined by TABs (a covered position is an empty
        cell, and its grid mark says what covers it). Rows keep their number in the table
        even when a row with no text at all is left out."""
        number: int | None = None
        for index, cells in enumerate(rows, 1):
            texts = ["" if isinstance(cell, Covered) else one_line(cell).replace("|", " ").replace("｜", " ")
                     for cell in cells]
            if not any(texts):
                continue
            if number is None:
                number = self._tables[page] = self._tables.get(page, 0) + 1
            self._lines.append("\t".join(texts))
            self._places.append(f"{self._prefix(page)}第{number}个表格 第{index}行")
            self._grids.append("".join(cell.value if isinstance(cell, Covered) else "." for cell in cells))

    def build(self, path: Path, empty: str) -> Extracted:
        """The text and places; ``empty`` is the error message when there is no text."""
        if not self._lines:
            raise InputError(f"{path}: {empty}")
        return Extracted("".join(line + "\n" for line in self._lines), tuple(self._places), tuple(self._grids))
