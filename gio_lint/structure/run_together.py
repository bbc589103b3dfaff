"""Whether a report lost its line breaks altogether (a crawled page on one line)."""

from __future__ import annotations

import re

from gio_lint.numbering import SIX
from gio_lint.structure.model import Report, Span

# A line that holds several section headings and most of the document: a page on one line.
_RUN_TOGETHER_LINE = 1500
_SECTION_NUMBERS = re.compile(f"{SIX}[、.．]")


def run_together(report: Report) -> Span | None:
    """The span of a line that holds several sections run together and most of the text."""
    total = len(report.text)
    for number, line in enumerate(report.lines, 1):
        if (len(line) > _RUN_TOGETHER_LINE and 2 * len(line) >= total
                and len(_SECTION_NUMBERS.findall(line)) >= 3):
            return Span.on_line(number, 1, len(line))
    return None
