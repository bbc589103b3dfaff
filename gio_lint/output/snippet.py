"""A source line shown with a span underlined, at its display width: CJK characters take
two terminal columns, tabs go to the next multiple of four."""

from __future__ import annotations

from rich.cells import cell_len

TAB = 4
MAX_WIDTH = 100  # longer lines are shown as a window around the span
_LEAD = 24  # display columns kept before the span in a window
# a tab, and characters that rich measures with their neighbours in a string (a zero-width
# joiner, an emoji variation selector): a line with one is measured character by character
_BY_CHARACTER = ("\t", "\u200d", "\ufe0f")


def _display(line: str) -> tuple[str, list[int]]:
    """The line with tabs expanded, and the display column where each character starts
    (plus one entry for the end of the line)."""
    out: list[str] = []
    starts: list[int] = []
    width = 0
    for ch in line:
        starts.append(width)
        if ch == "\t":
            n = TAB - width % TAB
            out.append(" " * n)
            width += n
        else:
            out.append(ch)
            width += cell_len(ch)
    starts.append(width)
    return "".join(out), starts


def underline(line: str, col: int, end_col: int) -> tuple[str, str]:
    """(the line as displayed, the marker line) for 1-based code-point columns
    ``col`` .. ``end_col`` (exclusive). An empty span gets a single caret."""
    col = max(1, min(col, len(line) + 1))
    end_col = max(col, min(end_col, len(line) + 1))
    if any(ch in line for ch in _BY_CHARACTER):
        shown, starts = _display(line)
        start, end, width = starts[col - 1], starts[end_col - 1], starts[-1]
    else:  # a part's width is its characters': measured a part at a time, not character by character
        shown = line
        start = cell_len(line[: col - 1])
        end = start + cell_len(line[col - 1 : end_col - 1])
        width = end + cell_len(line[end_col - 1 :])
    clipped = False
    if width > MAX_WIDTH:
        left = max(0, start - _LEAD)
        right = left + MAX_WIDTH
        clipped = end > right
        end = min(end, right)
        prefix = "..." if left > 0 else ""  # ASCII: 「…」 is one cell in some terminals, two in others
        suffix = "..." if right < width else ""
        shown = prefix + _slice(shown, left, right) + suffix
        offset = len(prefix) - left
        start, end = start + offset, end + offset
    marks = "^" * max(1, end - start) + ("..." if clipped else "")
    return shown, " " * start + marks


def _slice(shown: str, left: int, right: int) -> str:
    """The part of a displayed line between display columns ``left`` and ``right``; a
    wide character cut by either edge becomes spaces, so columns stay where they were."""
    out: list[str] = []
    width = 0
    for ch in shown:
        if width > right:  # (at the edge itself a zero-width mark still belongs to the character before)
            break
        w = cell_len(ch)
        if width >= left and width + w <= right:
            out.append(ch)
        elif width < right and width + w > left:
            out.append(" " * (min(width + w, right) - max(width, left)))
        width += w
    return "".join(out)
