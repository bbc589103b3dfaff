"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers (docs/output-formats.md).

One run; the driver lists every rule of the rule set. Regions use Unicode code points
(``run.columnKind``), 1-based, end column exclusive, as everywhere in gio-lint. Each result
carries ``partialFingerprints["gioLint/v1"]``, a hash of the file, the rule and the finding's
semantic anchor, so an alert survives text moving around it."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from gio_lint import __version__
from gio_lint.output.outcome import Tally
from gio_lint.output.records import Record, dumps
from gio_lint.output.spool import Spooled
from gio_lint.rules.rulebook import load_rules
from gio_lint.rules.ruleset import Rule

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


def _region(location: Record) -> dict[str, int]:
    return {"startLine": location["line"], "startColumn": location["column"],
            "endLine": location["end_line"], "endColumn": location["end_column"]}


def _physical(uri: str, location: Record | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if location is not None:
        physical["region"] = _region(location)
    return {"physicalLocation": physical}


def _related(index: int, related: Record, uri: str) -> dict[str, Any]:
    location: dict[str, Any] = {"id": index, **_physical(uri, related["location"])}
    if related["label"]:  # a place without a label (a row without one, say) gets no empty message
        location["message"] = {"text": related["label"]}
    return location


def fingerprint(path: str, code: str, anchor: str, duplicate: int = 0) -> str:
    """sha256 of path, rule and anchor; the n-th repeat of the same three gets ``\\0n``."""
    key = f"{path}\0{code}\0{anchor}" + (f"\0{duplicate}" if duplicate else "")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _result(d: Record, shown: str, uri: str, rule_index: int, duplicate: int) -> dict[str, Any]:
    place = d["place"]
    result: dict[str, Any] = {
        "ruleId": d["code"],
        "ruleIndex": rule_index,
        "level": LEVELS[d["severity"]],
        "message": {"text": d["message"] + (f" [{place}]" if place else "")},
        "locations": [_physical(uri, d["location"])],
        "partialFingerprints": {FINGERPRINT: fingerprint(shown, d["code"], d["anchor"], duplicate)},
    }
    if d["related"]:
        result["relatedLocations"] = [_related(i, r, uri) for i, r in enumerate(d["related"], 1)]
    extra = {key: d[key] for key in EXTRA if d[key]}
    if extra:
        result["properties"] = extra
    return result


def _descriptors(tally: Tally, lang: str) -> list[dict[str, Any]]:
    """Every rule of the rule set; a finding of a rule outside it (a rule file of one's own)
    gets a descriptor with its code and name, so that every result's ruleId is among the rules."""
    rules = load_rules()
    others = sorted(set(tally.codes) - {r.code for r in rules})
    named = [{"id": code, **({"name": tally.names[code]} if code in tally.names else {})} for code in others]
    return [_rule(r, lang) for r in rules] + named


class Writer(Spooled):
    """One run: the driver and its rules, then the results file by file, then the
    invocation with a notification for each file that could not be read."""

    def __init__(self, stream: TextIO, lang: str) -> None:
        super().__init__(stream, lang)
        self.rule_index: dict[str, int] = {}
        self.failed: list[dict[str, Any]] = []
        self.results = 0

    def head(self, tally: Tally) -> None:
        rules = _descriptors(tally, self.lang)
        self.rule_index = {r["id"]: i for i, r in enumerate(rules)}
        tool = {"driver": {"name": "gio-lint", "version": __version__, "informationUri": INFORMATION_URI,
                           "rules": rules}}
        self.stream.write(dumps({"$schema": SCHEMA_URI, "version": "2.1.0"})[:-1] + ',"runs":['
                          + dumps({"tool": tool, "columnKind": "unicodeCodePoints"})[:-1] + ',"results":[')

    def part(self, n: int, record: Record) -> None:
        path = record["path"]
        if record["error"] is not None:
            self.failed.append({"level": "error", "message": {"text": record["error"]},
                                "locations": [_physical(artifact_uri(path))]})
        shown, uri = artifact_path(path), artifact_uri(path)
        seen: Counter[tuple[str, str]] = Counter()  # repeats of one rule and anchor in this file
        for d in record["diagnostics"]:
            key = (d["code"], d["anchor"])
            self.stream.write(("," if self.results else "")
                              + dumps(_result(d, shown, uri, self.rule_index[d["code"]], seen[key])))
            seen[key] += 1
            self.results += 1

    def tail(self, tally: Tally) -> None:
        invocation: dict[str, Any] = {"executionSuccessful": not tally.files or tally.unreadable < tally.files}
        if self.failed:
            invocation["toolExecutionNotifications"] = self.failed
        self.stream.write('],"invocations":[' + dumps(invocation) + "]}]}\n")
