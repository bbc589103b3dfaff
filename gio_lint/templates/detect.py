"""Which template a report's tables follow, told by the template's marker labels in them."""

from __future__ import annotations

from gio_lint.structure.fold import fold
from gio_lint.structure.model import Report, Table
from gio_lint.templates.forms import Template

_SHORT_TEXT = 200  # paragraphs longer than this are prose, not table labels


def table_text(table: Table) -> str:
    """The folded text of every cell of a table, and of its caption."""
    return fold(table.text)



def detect_template(report: Report, templates: dict[str, Template]) -> Template | None:
    """The template whose marker labels occur most in the report's tables (or in short
    lines, for tables that could not be read), if exactly one does."""
    text = "".join(table_text(t) for t in report.tables())
    text += "".join(fold(p.text) for p in report.paragraphs() if len(p.text) < _SHORT_TEXT)
    scores = {tid: sum(fold(m) in text for m in t.markers) for tid, t in templates.items() if t.markers}
    best = max(scores.values(), default=0)
    winners = [tid for tid, s in scores.items() if s == best]
    return templates[winners[0]] if best and len(winners) == 1 else None
