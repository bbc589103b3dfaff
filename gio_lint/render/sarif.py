"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers (docs/output-formats.md).

One run; the driver lists every rule of the rule set. Regions use Unicode code points
(``run.columnKind``), 1-based, end column exclusive, as everywhere in gio-lint. Each result
carries ``partialFingerprints["gioLint/v1"]``, a hash of the file, the rule and the finding's
semantic anchor, so an alert survives text moving around it."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gio_lint import __version__
from gio_lint.diagnostics import Diagnostic, Related
from gio_lint.model import Span
from gio_lint.render import FileOutcome
from gio_lint.render.json import diagnostic as json_diagnostic
from gio_lint.ruleset import Rule, load_rules

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/gio-lint/gio-lint"
FINGERPRINT = "gioLint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# What the JSON format says beyond SARIF's own fields, kept in each result's property bag.
EXTRA = ("anchor", "place", "expected", "found", "suggestion", "notes")


def artifact_path(path: str) -> str:
    """The path as given, with forward slashes; an absolute path under the working directory
    becomes relative to it (code scanning resolves relative paths against the checkout)."""
    p, here = Path(path), Path.cwd()
    if p.is_absolute() and p.is_relative_to(here):
        p = p.relative_to(here)
    return p.as_posix()


def artifact_uri(path: str) -> str:
    """A valid URI reference for the path: relative, percent-encoded (Chinese file names,
    spaces, ``%``, ``#``…); a path outside the working directory becomes a file: URI."""
    shown = artifact_path(path)
    return Path(shown).as_uri() if Path(shown).is_absolute() else quote(shown, safe="/")


def _doc(rule: Rule, lang: str) -> str:
    return rule.doc_en if lang == "en" and rule.doc_en else rule.doc


def _rule(rule: Rule, lang: str) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary(lang)},
        "fullDescription": {"text": _doc(rule, lang)},
        "help": {"text": _doc(rule, lang)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["gio-lint", rule.code[0]]},
    }


def _region(span: Span) -> dict[str, int]:
    return {"startLine": span.line, "startColumn": span.col, "endLine": span.end_line, "endColumn": span.end_col}


def _physical(uri: str, span: Span | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if span is not None:
        physical["region"] = _region(span)
    return {"physicalLocation": physical}


def _related(index: int, related: Related, uri: str, lang: str) -> dict[str, Any]:
    label = related.label_en if lang == "en" and related.label_en else related.label
    location: dict[str, Any] = {"id": index, **_physical(uri, related.span)}
    if label:  # a place without a label (a row without one, say) gets no empty message
        location["message"] = {"text": label}
    return location


def _extra(d: Diagnostic, lang: str, place: str) -> dict[str, Any]:
    full = json_diagnostic(d, lang, place)
    return {key: full[key] for key in EXTRA if full[key]}


def fingerprint(path: str, code: str, anchor: str, duplicate: int = 0) -> str:
    """sha256 of path, rule and anchor; the n-th repeat of the same three gets ``\\0n``."""
    key = f"{path}\0{code}\0{anchor}" + (f"\0{duplicate}" if duplicate else "")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class _Results:
    """Builds the results of one run, numbering repeated path/rule/anchor triples."""

    def __init__(self, rule_index: dict[str, int], lang: str) -> None:
        self.rule_index = rule_index
        self.lang = lang
        self.seen: Counter[tuple[str, str, str]] = Counter()

    def of(self, outcome: FileOutcome) -> list[dict[str, Any]]:
        shown, uri = artifact_path(outcome.path), artifact_uri(outcome.path)
        return [self.result(shown, uri, d, outcome.place(d)) for d in outcome.diagnostics]

    def result(self, shown: str, uri: str, d: Diagnostic, place: str) -> dict[str, Any]:
        key = (shown, d.code, d.anchor)
        duplicate = self.seen[key]
        self.seen[key] += 1
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": self.rule_index[d.code],
            "level": LEVELS[d.severity],
            "message": {"text": d.text(self.lang) + (f" [{place}]" if place else "")},
            "locations": [_physical(uri, d.span)],
            "partialFingerprints": {FINGERPRINT: fingerprint(shown, d.code, d.anchor, duplicate)},
        }
        if d.related:
            result["relatedLocations"] = [_related(i, r, uri, self.lang) for i, r in enumerate(d.related, 1)]
        extra = _extra(d, self.lang, place)
        if extra:
            result["properties"] = extra
        return result


def _notification(outcome: FileOutcome) -> dict[str, Any]:
    return {"level": "error", "message": {"text": outcome.error or ""},
            "locations": [_physical(artifact_uri(outcome.path))]}


def _invocation(outcomes: Sequence[FileOutcome]) -> dict[str, Any]:
    failed = [o for o in outcomes if o.error is not None]
    invocation: dict[str, Any] = {"executionSuccessful": not outcomes or len(failed) < len(outcomes)}
    if failed:
        invocation["toolExecutionNotifications"] = [_notification(o) for o in failed]
    return invocation


def _descriptors(outcomes: Sequence[FileOutcome], lang: str) -> list[dict[str, Any]]:
    """Every rule of the rule set; a finding of a rule outside it (a rule file of one's own)
    gets a bare descriptor, so that every result's ruleId is among the rules."""
    rules = load_rules()
    others = sorted({d.code for o in outcomes for d in o.diagnostics} - {r.code for r in rules})
    return [_rule(r, lang) for r in rules] + [{"id": code} for code in others]


def sarif_log(outcomes: Sequence[FileOutcome], lang: str) -> dict[str, Any]:
    rules = _descriptors(outcomes, lang)
    results = _Results({r["id"]: i for i, r in enumerate(rules)}, lang)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "gio-lint",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "invocations": [_invocation(outcomes)],
            "columnKind": "unicodeCodePoints",
            "results": [result for o in outcomes for result in results.of(o)],
        }],
    }


def render(outcomes: Sequence[FileOutcome], lang: str) -> str:
    return json.dumps(sarif_log(outcomes, lang), ensure_ascii=False, separators=(",", ":")) + "\n"
