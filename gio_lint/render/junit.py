"""JUnit XML, for CI systems that show test reports (docs/output-formats.md).

One ``<testsuite>`` per file and one failing ``<testcase>`` per finding; a clean file has a
single passing test case named ``gio-lint``, an unreadable one a test case with ``<error>``.
No timestamps or durations, so the same input gives the same document."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from gio_lint.diagnostics import Diagnostic
from gio_lint.render import FileOutcome

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _xml_text(text)
    return element


def _failure(suite: ET.Element, path: str, d: Diagnostic, lang: str) -> None:
    where = f"{d.span.line}:{d.span.col}"
    case = _element(suite, "testcase", classname=path, name=f"{d.code} {where}")
    message = d.text(lang)
    _element(case, "failure", f"{path}:{where}: {d.code} {message}", message=message, type=d.code)


def _suite(root: ET.Element, outcome: FileOutcome, lang: str) -> tuple[int, int, int]:
    """Adds one file's suite; returns its (tests, failures, errors)."""
    path, diagnostics = outcome.path, outcome.diagnostics
    tests, failures, errors = max(1, len(diagnostics)), len(diagnostics), int(outcome.error is not None)
    suite = _element(root, "testsuite", name=path, tests=str(tests), failures=str(failures),
                     errors=str(errors), skipped="0")
    if outcome.error is not None:
        case = _element(suite, "testcase", classname=path, name="gio-lint")
        _element(case, "error", outcome.error, message=outcome.error, type="input-error")
    elif not diagnostics:
        _element(suite, "testcase", classname=path, name="gio-lint")
    for d in diagnostics:
        _failure(suite, path, d, lang)
    return tests, failures, errors


def render(outcomes: Sequence[FileOutcome], lang: str) -> str:
    root = ET.Element("testsuites", {"name": "gio-lint"})
    totals = [_suite(root, o, lang) for o in outcomes]
    for i, key in enumerate(("tests", "failures", "errors")):
        root.set(key, str(sum(t[i] for t in totals)))
    ET.indent(root)
    return DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
