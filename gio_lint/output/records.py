"""The JSON format's records (schema ``gio-lint/1``, gio_lint/output/schemas/json.schema.json,
documented in docs/json-format.md): a finding's and a file's, the neutral form every
machine format is written from.

Lines and columns are 1-based; columns count Unicode code points; ``end_column`` is
exclusive. Fields may be added in later versions of the schema, never renamed."""

from __future__ import annotations

import json
from typing import Any

from gio_lint.output.outcome import FileOutcome
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.rulebook import find_rule
from gio_lint.structure.model import Span

Record = dict[str, Any]


# compact: the C encoder (indent forces the pure-Python one, ten times slower on a folder
# of reports), made once (json.dumps makes one per call); pipe through `python -m json.tool`
# to read it
dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _location(span: Span) -> dict[str, int]:
    return {"line": span.line, "column": span.col, "end_line": span.end_line, "end_column": span.end_col}


def diagnostic(d: Diagnostic, lang: str, place: str = "") -> Record:
    rule = find_rule(d.code) if not d.name else None
    return {
        "code": d.code,
        "name": d.name or (rule.name if rule else None),
        "severity": d.severity,
        "anchor": d.anchor,
        "message": d.text(lang),
        "messages": {"zh": d.message, "en": d.message_en},
        "location": _location(d.span),
        "place": place or None,
        "related": [
            {"location": _location(r.span), "label": r.label_en if lang == "en" and r.label_en else r.label}
            for r in d.related
        ],
        "expected": d.expected,
        "found": d.found,
        "suggestion": {"text": d.suggestion_en if lang == "en" else d.suggestion, "applicability": "display-only"}
        if d.suggestion else None,
        "notes": list(d.notes_en if lang == "en" else d.notes),
    }


def file_record(outcome: FileOutcome, lang: str) -> Record:
    result = outcome.result
    return {
        "path": outcome.path,
        "encoding": result.source.encoding if result else None,
        "year": result.years.year if result else None,
        "template": result.template.id if result and result.template else None,
        "error": outcome.error,
        "diagnostics": [diagnostic(d, lang, outcome.place(d)) for d in outcome.diagnostics],
    }
