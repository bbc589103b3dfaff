"""Parse report text with the Lark grammar into a flat list of lines.

The LALR parser is built once per process (and cached on disk by Lark between runs).
The parse tree is one level deep (a node per line); a single pass turns its tokens
into model objects, keeping each token's line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gio_lint.model import Cell, Heading, Paragraph, Span
from gio_lint.resources import lark_parser

_NUMBER_PREFIX = {
    1: re.compile(r"([一二三四五六七八九十]{1,3})(?:[、．.]|[ \u3000\xa0]+)"),
    2: re.compile(r"[（(]([一二三四五六七八九十]{1,3})[)）]"),
    3: re.compile(r"(\d{1,2})[.．、]"),
}


@dataclass(frozen=True)
class RowLine:
    """One table row as written on one line."""

    cells: tuple[Cell, ...]
    separator: str  # "pipe" or "tab"
    span: Span
    ends_with_separator: bool


Line = Heading | Paragraph | RowLine


def _token_span(tok: Any) -> Span:
    text = str(tok)
    return Span(tok.line, tok.column, tok.line, tok.column + len(text.rstrip()))


def _heading(level: int, tok: Any) -> Heading:
    raw = str(tok)
    m = _NUMBER_PREFIX[level].match(raw)
    number, title = (m.group(1), raw[m.end() :].strip()) if m else ("", raw.strip())
    return Heading(level, number, title, _token_span(tok), raw.rstrip())


def _row(children: list[Any]) -> RowLine:
    cells: list[Cell] = []
    kinds: set[str] = set()
    pending: Cell | None = None  # a cell seen, waiting for its separator
    line = children[0].line
    opened = children[0].column  # where the current cell starts
    for tok in children:
        if tok.type in ("PIPE", "TAB"):
            kinds.add("pipe" if tok.type == "PIPE" else "tab")
            if pending is None:
                # two separators in a row, or a leading separator: a blank cell, placed
                # where its text would start
                pending = Cell("", Span.on_line(line, min(opened, tok.column), 0))
            cells.append(pending)
            pending = None
            opened = tok.column + 1
        else:
            raw = str(tok)
            stripped = raw.rstrip(" \u3000\xa0")
            pending = Cell(stripped, Span.on_line(line, tok.column, len(stripped)))
    last = children[-1]
    ends_with_sep = last.type in ("PIPE", "TAB")
    if pending is not None:
        cells.append(pending)
    elif last.type == "TAB":
        # a trailing tab closes a blank last cell
        cells.append(Cell("", Span.on_line(line, last.column + 1, 0)))
    separator = "pipe" if "pipe" in kinds else "tab"
    if separator == "pipe" and children[0].type == "PIPE" and cells and cells[0].blank:
        cells.pop(0)  # Markdown's leading pipe opens the row, it is not a blank cell
    first, end = children[0], children[-1]
    span = Span(line, first.column, line, end.column + len(str(end).rstrip()))
    return RowLine(tuple(cells), separator, span, ends_with_sep)


def _transform(tree: Any) -> list[Line]:
    out: list[Line] = []
    for node in tree.children:
        kind = node.data
        tok = node.children[0]
        if kind == "heading1":
            out.append(_heading(1, tok))
        elif kind == "heading2":
            out.append(_heading(2, tok))
        elif kind == "heading3":
            out.append(_heading(3, tok))
        elif kind == "paragraph":
            out.append(Paragraph(str(tok).rstrip(), _token_span(tok)))
        else:
            out.append(_row(node.children))
    return out


@lru_cache(maxsize=1)
def _parser() -> Any:
    return lark_parser("report.lark", lexer="contextual", maybe_placeholders=False)


def parse_lines(text: str) -> list[Line]:
    """Parse text (``\\n`` line endings) into headings, paragraphs and row lines."""
    if not text.endswith("\n"):
        text += "\n"
    return _transform(_parser().parse(text))
