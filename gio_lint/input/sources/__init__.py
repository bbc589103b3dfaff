"""Readers for reports that are not plain text: Word (.docx), web pages (.html/.htm) and PDF.

Each reader turns a document into the text layout the parser reads — a paragraph per line,
a table row per line with its cells separated by TABs — and remembers, for every line, a
place in the original document that a person can find («第2页 第3段», «第2个表格 第5行»).

Tables are written as grids: a merged cell's text appears once, in its first grid position,
and every other position it covers is an empty cell, marked in ``grids`` as a placeholder
(spanned from the left, or from above) so that it is never read as a blank value.
Positions after a row's last cell that no cell covers (a short row) are not written, so a
short row stays short.

Third-party packages are imported inside the readers, so importing this package is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["SUFFIXES", "Extracted", "extract"]

SUFFIXES = (".docx", ".html", ".htm", ".pdf")


@dataclass(frozen=True)
class Extracted:
    """Text in the parser's layout and, for each of its lines, where that line came from."""

    text: str  # paragraphs one per line, table rows one per line with TAB-separated cells, "\n" line ends
    places: tuple[str, ...]  # one per line of text: 「第2页 第3段」, 「第2个表格 第5行」, 「第12段」
    # one per line of text: "" for a paragraph; for a table row a character per cell, "." a
    # cell of its own, "<" a position spanned by the cell to its left, "^" one spanned from above
    grids: tuple[str, ...] = ()

    def place(self, line: int) -> str:
        """Where 1-based ``line`` came from; "" for a line the text does not have."""
        return self.places[line - 1] if 0 < line <= len(self.places) else ""

    def cell_place(self, line: int, column: int) -> str:
        """Where the cell at 1-based ``line`` and code-point ``column`` came from.

        On a table row this is the row's place and the cell the column falls in (counted
        by the TABs before it), e.g. 「第3页 第2个表格 第5行 第4列」; on a paragraph it is the
        paragraph's place.
        """
        place = self.place(line)
        if not place.endswith("行"):
            return place
        row = self.text.split("\n")[line - 1]
        before = row[: max(column, 1) - 1]
        return f"{place} 第{before.count(chr(9)) + 1}列"


def extract(path: Path) -> Extracted | None:
    """Read a .docx, .html/.htm or .pdf report; None for any other suffix.

    Raises :class:`gio_lint.input.read.InputError` with a one-line message when the file cannot
    be read or holds no text.
    """
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from gio_lint.input.sources.docx import read_docx

        return read_docx(path)
    if suffix in (".html", ".htm"):
        from gio_lint.input.sources.html import read_html

        return read_html(path)
    if suffix == ".pdf":
        from gio_lint.input.sources.pdf import read_pdf

        return read_pdf(path)
    return None
