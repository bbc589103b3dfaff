"""Parse report text with the Lark grammar into a flat list of lines.

The LALR parser is built once per process (and cached on disk by Lark between runs).
Each line becomes a model object as the parser reduces it (an inline transformer, so no
parse tree is built), keeping its token's line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from gio_lint.numbering import NUMERAL
from gio_lint.resources import lark_parser
from gio_lint.structure.model import Cell, Heading, Paragraph, Span

_NUMBER_PREFIX = {
    1: re.compile(f"({NUMERAL})(?:[、．.]|[ \u3000\xa0]+)"),
    2: re.compile(f"[（(]({NUMERAL})[)）]"),
    3: re.compile(r"(\d{1,2})[.．、]"),
}


class RowLine(NamedTuple):
    """One table row as written on one line."""

    cells: tuple[Cell, ...]
    separator: str  # "pipe" or "tab"
    span: Span
    ends_with_separator: bool


Line = Heading | Paragraph | RowLine


def _heading(level: int, text: str, line: int, col: int) -> Heading:
    raw = text.rstrip()
    m = _NUMBER_PREFIX[level].match(raw)
    number, title = (m.group(1), raw[m.end() :].strip()) if m else ("", raw.strip())
    return Heading(level, number, title, Span(line, col, line, col + len(raw)), raw)


_SEPARATORS = "|｜\t"
_SEPARATOR = re.compile(f"[{_SEPARATORS}]")
_SPACE = " \u3000\xa0\ufeff\f\v"


def _row(text: str, line: int, col: int) -> RowLine:
    """Split a row line into cells. Cells keep their positions; a blank cell sits where
    its text would start. A leading pipe opens a Markdown row and a trailing one closes
    it (no blank cells there); a trailing tab closes a blank last cell."""
    text = text.rstrip(_SPACE)
    pieces = _SEPARATOR.split(text)  # separators are one character each
    pipes = "|" in text or "｜" in text
    last_is_tab = text[max(text.rfind("\t"), text.rfind("|"), text.rfind("｜"))] == "\t"
    cells: list[Cell] = []
    start, last = col, len(pieces) - 1
    for i, piece in enumerate(pieces):
        stripped = piece.strip(_SPACE)
        if stripped:
            at = start + len(piece) - len(piece.lstrip(_SPACE))
            cells.append(Cell(stripped, Span(line, at, line, at + len(stripped))))
        elif i < last or last_is_tab:
            cells.append(Cell("", Span(line, start, line, start)))
        start += len(piece) + 1
    if pipes and text[0] in _SEPARATORS and cells and cells[0].blank:
        cells.pop(0)  # Markdown's leading pipe opens the row, it is not a blank cell
    return RowLine(tuple(cells), "pipe" if pipes else "tab", Span(line, col, line, col + len(text)),
                   text[-1] in _SEPARATORS)


def _paragraph(text: str, line: int, col: int) -> Paragraph:
    text = text.rstrip()
    return Paragraph(text, Span(line, col, line, col + len(text)))


_BUILD: dict[str, Callable[[str, int, int], Line]] = {
    "H1": lambda *at: _heading(1, *at),
    "H2": lambda *at: _heading(2, *at),
    "H3": lambda *at: _heading(3, *at),
    "TEXT": _paragraph,
}


def _rows(text: str, line: int, col: int) -> list[RowLine]:
    """A run of row lines (with the blank lines between them): each row line split into
    cells; a row after the first starts its line."""
    return [_row(piece, line + k, col if k == 0 else 1) for k, piece in enumerate(text.split("\n"))
            if piece.strip(_SPACE)]


@lru_cache(maxsize=1)
def _parser() -> Any:
    """The parser, with the model objects built when the report is reduced (Lark's inline
    transformer): no parse tree is made."""
    from lark import Transformer

    class Lines(Transformer):  # type: ignore[type-arg]
        def start(self, tokens: list[Any]) -> list[Line]:
            # a token is its line and the line end with the blank space after it, or a run of row lines
            out: list[Line] = []
            for tok in tokens:
                if tok.type == "ROWS":
                    out.extend(_rows(tok, tok.line, tok.column))
                else:
                    out.append(_BUILD[tok.type](tok.partition("\n")[0], tok.line, tok.column))
            return out

    return lark_parser("report.lark", lexer="basic", maybe_placeholders=False, transformer=Lines())


def parse_lines(text: str) -> list[Line]:
    """Parse text (``\\n`` line endings) into headings, paragraphs and row lines."""
    if not text.endswith("\n"):
        text += "\n"
    return _parser().parse(text)  # type: ignore[no-any-return]
