"""Tables set out with spaces, as `pdftotext -layout` writes them: raise any one figure of
表三 or 表四 by one and a sum finding (K001–K004, never K100 "could not check") points at
it. The figures are found in the text itself, not in what the linter read, so a cell the
linter failed to read is still a mutant that must be caught.

Besides the real 淮安 report, synthetic layouts of the same figures (from the example's
tab-separated tables) set the merged cells of 表三 as PDF converters do: row labels
wrapped at their own indentation, the figures on the label's first, middle or last line
or on a line of their own, and the group labels (三、本年度办理结果, （三）不予公开 …)
written down their own columns a character or a few a line, sharing lines with figures,
label fragments and nothing.

Labels without numbers (属于国家秘密 for 1.属于国家秘密) are told apart by width and
distance alone; set densely (no blank line between rows), an unnumbered label whose lines
are all exactly full could belong to either row beside it, and no layout here asks that."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

import pytest
from conftest import CORPUS, EXAMPLE_2021, lint_text, sample

from gio_lint.input.read import decode
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.lint import lint
from gio_lint.structure.aligned import aligned_rows
from gio_lint.structure.model import Heading, Paragraph
from gio_lint.structure.parse import RowLine, parse_lines

HUAIAN = (CORPUS / "2024-huaian-city-pdftotext.txt").read_text(encoding="utf-8")
EXAMPLE = EXAMPLE_2021.read_text(encoding="utf-8")
SECTIONS = {"t3": "三、收到和处理政府信息公开申请情况", "t4": "四、政府信息公开行政复议、行政诉讼情况"}
WIDTHS = {"t3": 7, "t4": 15}  # figures on a line of the table
SIZES = {"t3": 25 * 7, "t4": 15}
_FIGURE = re.compile(r"(?<![^ \t])\d+(?![^ \t\n])")


class Figure(NamedTuple):
    table: str
    line: int  # 1-based, as spans are
    col: int
    end_col: int


def figures(text: str) -> list[Figure]:
    """Every figure of 表三 and 表四: the last seven (fifteen) figures of each line of their
    sections that holds at least that many."""
    out: list[Figure] = []
    table: str | None = None
    for number, line in enumerate(text.split("\n"), 1):
        heading = next((t for t, title in SECTIONS.items() if line.strip() == title), None)
        if heading or line.strip().startswith("五、"):
            table = heading
            continue
        found = list(_FIGURE.finditer(line)) if table else []
        if table and len(found) >= WIDTHS[table]:
            out.extend(Figure(table, number, m.start() + 1, m.end() + 1) for m in found[-WIDTHS[table]:])
    return out


def raised(text: str, figure: Figure) -> tuple[str, int]:
    """The text with the figure raised by one, and the raised figure's column. A figure that
    grows a digit takes it from the spaces before it (or after it), so the columns after it
    keep their places."""
    lines = text.split("\n")
    row = lines[figure.line - 1]
    before, old, after = row[: figure.col - 1], row[figure.col - 1 : figure.end_col - 1], row[figure.end_col - 1 :]
    new = str(int(old) + 1)
    grown = len(new) - len(old)
    if grown and before.endswith(" " * (grown + 2)):
        before = before[:-grown]
    elif grown and after.startswith(" " * (grown + 2)):
        after = after[grown:]
    lines[figure.line - 1] = before + new + after
    return "\n".join(lines), len(before) + 1


def _points_at(diagnostics: list[Diagnostic], line: int, col: int) -> bool:
    sums = [d for d in diagnostics if d.code.startswith("K") and d.code != "K100"]
    return (line, col) in {(s.line, s.col) for d in sums for s in (d.span, *(r.span for r in d.related))}


def missed(text: str) -> list[tuple[str, int, int]]:
    """The figures whose raising no sum finding points at."""
    out = []
    for figure in sample(figures(text), 4, offset=len(text)):
        mutant, col = raised(text, figure)
        if not _points_at(lint_text(mutant), figure.line, col):
            out.append((figure.table, figure.line, figure.col))
    return out


# ---------------------------------------------------------------- synthetic layouts


class Layout(NamedTuple):
    """How a synthetic 表三 is set out."""

    wrap_at: int  # the column a label line ends before (two display columns a character)
    chunk: int  # characters of a group label a line
    spaced: bool  # a blank line between rows
    first_place: int  # where the first wrapped row's figures go (see _PLACES)
    numbered: bool = True  # 1. 2. … before the labels of the lowest level


_COLUMNS = {1: 0, 2: 4, 3: 12}  # where labels of each level start: 一、 / （一） / 1.
_FIGURE_COLUMNS = (48, 58, 67, 76, 84, 91, 97)  # under the header of the 淮安 report
_PLACES = ("first", "own", "last", "middle")  # the figures of a wrapped label: on which line


class _Row(NamedTuple):
    label: str
    level: int
    groups: tuple[str, ...]  # the group labels written before it in the example (三、… （三）…)
    values: tuple[str, ...]


def _example_rows(numbered: bool) -> list[_Row]:
    """表三 of the tab-separated example: labels, the groups they open, and figures."""
    start = EXAMPLE.index(SECTIONS["t3"])
    rows = []
    for line in EXAMPLE[start : EXAMPLE.index(SECTIONS["t4"])].split("\n"):
        cells = line.split("\t")
        if len(cells) > 7 and all(c.isdigit() for c in cells[-7:]):
            label = cells[-8]
            level = 3 if label[0].isdigit() else 2 if label[0] == "（" else 1
            label = label if numbered or level < 3 else re.sub(r"^\d+[.、]", "", label)
            rows.append(_Row(label, level, tuple(cells[:-8]), tuple(cells[-7:])))
    assert len(rows) == 25
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def _wrap(text: str, width: int) -> list[str]:
    """The text in lines of at most ``width`` display columns."""
    lines = [""]
    for ch in text:
        if lines[-1] and _width(lines[-1] + ch) > width:
            lines.append("")
        lines[-1] += ch
    return lines


def _split(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def _placed(label: list[str], place: str) -> tuple[list[str], int]:
    """The label's lines ("" for a line of figures alone) and the line the figures are on."""
    if len(label) == 1 or place == "first":
        return label, 0
    if place == "own":
        return [label[0], "", *label[1:]], 1
    return label, (len(label) - 1 if place == "last" else len(label) // 2)


def _row_lines(row: _Row, layout: Layout, place: str) -> list[dict[int, str]]:
    col = _COLUMNS[row.level]
    label, at = _placed(_wrap(row.label, 2 * (layout.wrap_at - col)), place)
    lines: list[dict[int, str]] = [{col: text} if text else {} for text in label]
    lines[at].update(zip(_FIGURE_COLUMNS, row.values, strict=True))
    return [*lines, {}] if layout.spaced else lines


def _chunks(group: str, size: int) -> list[str]:
    """A group label as written down its column: its number (（三）) together, then the
    words ``size`` characters a line; 三、本年度办理结果 a character a line from the start."""
    number = re.match(r"[（(][一二三四五六七八九十]+[)）]", group)
    head = [number.group()] if number else []
    return head + _split(group[len(head[0]) if head else 0 :], size if head else 1)


def _put_group(lines: list[dict[int, str]], first: int, last: int, group: str, layout: Layout) -> None:
    """Write a group label down its column, centred on lines first..last, every other line
    when there is room."""
    size = layout.chunk
    while len(chunks := _chunks(group, size)) > last - first + 1:
        size += 1  # more lines of a group label than the rows have: more characters a line
    step = 2 if 2 * len(chunks) - 1 <= last - first + 1 else 1
    top = first + (last - first + 1 - (step * (len(chunks) - 1) + 1)) // 2
    col = _COLUMNS[2] if group.startswith("（") else _COLUMNS[1]
    for k, chunk in enumerate(chunks):
        lines[top + k * step][col] = chunk


def _render(cells: dict[int, str]) -> str:
    out = ""
    for col, text in sorted(cells.items()):
        out = out.ljust(col if not out else max(col, len(out) + 2)) + text
    return out


def synthetic_t3(layout: Layout) -> list[str]:
    """The rows of 表三 set out with spaces (the header is the 淮安 report's)."""
    lines: list[dict[int, str]] = []
    groups: list[tuple[str, int]] = []  # an open group and the line it starts on
    wrapped = 0
    for row in _example_rows(layout.numbered):
        block = _row_lines(row, layout, _PLACES[(layout.first_place + wrapped) % len(_PLACES)])
        wrapped += len(block) > 1 + layout.spaced
        if row.level < 3 or row.groups:  # a row of a higher level, or a new group, closes groups
            _close(lines, groups, 1 if row.level == 1 else 2, layout)
        groups.extend((g, len(lines)) for g in row.groups)
        lines.extend(block)
    _close(lines, groups, 1, layout)
    return [_render(line) for line in lines]


def _close(lines: list[dict[int, str]], groups: list[tuple[str, int]], level: int, layout: Layout) -> None:
    while groups and (level == 1 or groups[-1][0].startswith("（")):
        group, first = groups.pop()
        _put_group(lines, first, len(lines) - 1 - layout.spaced, group, layout)


def synthetic(layout: Layout) -> str:
    """The 淮安 report with its 表三 rows set out anew."""
    lines = HUAIAN.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    last = next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度"))
    return "\n".join([*lines[:first], *synthetic_t3(layout), *lines[last + 1 :]])


LAYOUTS = {
    "wide": Layout(wrap_at=25, chunk=1, spaced=True, first_place=0),
    "narrow": Layout(wrap_at=21, chunk=3, spaced=True, first_place=1),
    "narrow-dense": Layout(wrap_at=21, chunk=1, spaced=False, first_place=2),
    "wide-dense": Layout(wrap_at=25, chunk=2, spaced=False, first_place=3),
    "very-narrow-dense": Layout(wrap_at=17, chunk=1, spaced=False, first_place=1),  # labels of up to 9 lines
    "unnumbered": Layout(wrap_at=25, chunk=1, spaced=True, first_place=2, numbered=False),
    "unnumbered-narrow": Layout(wrap_at=21, chunk=2, spaced=True, first_place=0, numbered=False),
}


def _texts() -> Iterator[tuple[str, str]]:
    yield "huaian", HUAIAN
    for name, layout in LAYOUTS.items():
        yield name, synthetic(layout)


TEXTS = dict(_texts())


@pytest.mark.parametrize("name", list(TEXTS))
def test_the_layout_is_read_clean(name: str) -> None:
    """Every figure in the text is a cell of 表三 or 表四 as read, and what is reported is
    what the same report as TAB text gets (which is nothing: test_rules)."""
    found = figures(TEXTS[name])
    assert [sum(f.table == t for f in found) for t in SIZES] == list(SIZES.values())
    result = lint(decode(TEXTS[name].encode("utf-8"), "report.txt"))
    assert result.match is not None
    assert [(d.code, d.anchor) for d in result.diagnostics] == [(d.code, d.anchor) for d in lint_text(EXAMPLE)]
    read = {(t, c.span.line, c.span.col, c.span.end_col) for t in SIZES for c in result.match.tables[t].cells.values()}
    assert read == set(found)


def test_a_group_label_beside_a_wrapped_label_stays_text_and_is_no_header() -> None:
    """「开」 ends the label above it; 「（三）」, on its line, is left as text (and the line
    is no header of the row below it: it does not reach over the figures)."""
    lines = aligned_rows(parse_lines("\n".join([
        "            2.其他法律行政法规禁止公",
        "                                    30   1   0   0   0   0   31",
        "    （三）     开",
        "    不       3.危及“三安全一稳定”        5   0   0   0   0   0   5",
    ])))
    assert [[c.text for c in line.cells] for line in lines if isinstance(line, RowLine)] == [
        ["2.其他法律行政法规禁止公开", "30", "1", "0", "0", "0", "0", "31"],
        ["不", "3.危及“三安全一稳定”", "5", "0", "0", "0", "0", "0", "5"],
    ]
    assert [(line.text, line.span.line) for line in lines if isinstance(line, Paragraph | Heading)] == [("（三）", 3)]


@pytest.mark.parametrize("name", list(TEXTS))
def test_every_figure_raised_by_one_is_caught(name: str) -> None:
    assert missed(TEXTS[name]) == []
