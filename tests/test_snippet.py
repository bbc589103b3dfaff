"""The source line under a finding, with its span underlined at display width
(gio_lint.output.snippet): CJK characters take two columns, tabs go to the next stop of
four, and a long line is shown as a window around the span."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from gio_lint.output.snippet import MAX_WIDTH, _display, underline


def _under(shown: str, marks: str) -> str:
    """The part of the shown line above the carets."""
    start, end = len(marks) - len(marks.lstrip(" ")), len(marks.rstrip("."))
    out, width = [], 0
    for ch in shown:
        if start <= width < end:
            out.append(ch)
        width += cell_len(ch)
    return "".join(out)


def test_carets_stand_under_the_span_at_display_width() -> None:
    assert underline("合计 12 件", 4, 6) == ("合计 12 件", "     ^^")
    assert underline("依申请公开\t12\t件", 7, 9) == ("依申请公开  12  件", "            ^^")
    assert underline("总计", 3, 3) == ("总计", "    ^")  # an empty span at the end: one caret


def test_a_long_line_is_a_window_around_the_span() -> None:
    line = "本机关" * 40 + "收到申请 1234 件" + "其他" * 40
    col = line.index("1234") + 1
    shown, marks = underline(line, col, col + 4)
    assert shown.startswith("...") and shown.endswith("...") and cell_len(shown) <= MAX_WIDTH + 6
    assert _under(shown, marks) == "1234" and marks.strip() == "^^^^"


def test_a_span_running_out_of_the_window_is_clipped() -> None:
    line = "表" * 30 + "数" * 80
    shown, marks = underline(line, 31, 111)
    assert marks.endswith("^...") and _under(shown, marks) == "数" * ((MAX_WIDTH - 24) // 2)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("a1 \t表三合计（）、"), max_size=160), st.data())
def test_the_carets_mark_the_span_whatever_the_line(line: str, data: st.DataObject) -> None:
    """Above the carets stands the span itself (tabs expanded), whatever the line's mix of
    wide, narrow and tab characters, unless a window cuts it."""
    col = data.draw(st.integers(1, len(line) + 1))
    end = data.draw(st.integers(col, len(line) + 1))
    shown, marks = underline(line, col, end)
    span = line[col - 1 : end - 1]
    if not marks.endswith("...") and "\t" not in span and end > col:
        assert _under(shown, marks) == span


def _by_character(line: str, col: int, end_col: int) -> tuple[int, int]:
    """Where the carets start and end, measuring every character on its own."""
    _, starts = _display(line)
    col = max(1, min(col, len(line) + 1))
    end_col = max(col, min(end_col, len(line) + 1))
    return starts[col - 1], starts[end_col - 1]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("a \t表合（\u200d\ufe0f\u0301😀"), max_size=45), st.data())
def test_a_line_is_measured_as_its_characters_are(line: str, data: st.DataObject) -> None:
    """A line is measured a part at a time when that gives what its characters give one by
    one; joiners and variation selectors, which rich measures with their neighbours, and
    tabs are measured character by character."""
    col = data.draw(st.integers(1, len(line) + 1))
    end = data.draw(st.integers(col, len(line) + 1))
    start, stop = _by_character(line, col, end)
    _, marks = underline(line, col, end)
    assert len(marks) - len(marks.lstrip(" ")) == start and marks.strip() == "^" * max(1, stop - start)
