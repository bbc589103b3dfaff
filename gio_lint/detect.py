"""What kind of text a report is: which template its tables follow, and whether it lost
its line breaks altogether (a crawled page on one line)."""

from __future__ import annotations

import re

from gio_lint.fold import fold
from gio_lint.model import Report, Span, Table
from gio_lint.numbering import SIX
from gio_lint.templates import Template

# A line that holds several section headings and most of the document: a page on one line.
_RUN_TOGETHER_LINE = 1500
_SECTION_NUMBERS = re.compile(f"{SIX}[、.．]")
_SHORT_TEXT = 200  # paragraphs longer than this are prose, not table labels


def table_text(table: Table) -> str:
    """The folded text of every cell of a table, and of its caption."""
    return fold(table.text)


def run_together(report: Report) -> Span | None:
    """The span of a line that holds several sections run together and most of the text."""
    total = len(report.text)
    for number, line in enumerate(report.lines, 1):
        if (len(line) > _RUN_TOGETHER_LINE and 2 * len(line) >= total
                and len(_SECTION_NUMBERS.findall(line)) >= 3):
            return Span.on_line(number, 1, len(line))
    return None


def detect_template(report: Report, templates: dict[str, Template]) -> Template | None:
    """The template whose marker labels occur most in the report's tables (or in short
    lines, for tables that could not be read), if exactly one does."""
    text = "".join(table_text(t) for t in report.tables())
    text += "".join(fold(p.text) for p in report.paragraphs() if len(p.text) < _SHORT_TEXT)
    scores = {tid: sum(fold(m) in text for m in t.markers) for tid, t in templates.items() if t.markers}
    best = max(scores.values(), default=0)
    winners = [tid for tid, s in scores.items() if s == best]
    return templates[winners[0]] if best and len(winners) == 1 else None
