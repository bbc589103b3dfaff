"""Whether a report lost its line breaks altogether (a crawled page on one line)."""

from __future__ import annotations

import re

from gio_lint.numbering import SIX
from gio_lint.structure.model import Report, Span

# A line that holds the numbers of several different sections and most of the document: a
# page on one line (「统一、唯一、之一、」 is one number three times, not three sections).
_RUN_TOGETHER_LINE = 1500
_SECTIONS = 3
_SECTION_NUMBERS = re.compile(f"({SIX})[、.．]")


def run_together(report: Report) -> Span | None:
    """The span of a line that holds several sections run together and most of the text."""
    total = len(report.text)
    for number, line in enumerate(report.lines, 1):
        if (len(line) > _RUN_TOGETHER_LINE and 2 * len(line) >= total
                and len(set(_SECTION_NUMBERS.findall(line))) >= _SECTIONS):
            return Span.on_line(number, 1, len(line))
    return None
