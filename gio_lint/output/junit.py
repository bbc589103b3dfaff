"""JUnit XML, for CI systems that show test reports (docs/output-formats.md).

One ``<testsuite>`` per file and one failing ``<testcase>`` per finding; a clean file has a
single passing test case named ``gio-lint``, an unreadable one a test case with ``<error>``.
No timestamps or durations, so the same input gives the same document."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from gio_lint.output.outcome import Tally
from gio_lint.output.records import Record
from gio_lint.output.spool import Spooled

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


def _failure(suite: ET.Element, path: str, d: Record) -> None:
    where = f"{d['location']['line']}:{d['location']['column']}"
    case = _element(suite, "testcase", classname=path, name=f"{d['code']} {where}")
    message = d["message"]
    _element(case, "failure", f"{path}:{where}: {d['code']} {message}", message=message, type=d["code"])


def _suite(record: Record) -> ET.Element:
    """One file's suite."""
    path, diagnostics, error = record["path"], record["diagnostics"], record["error"]
    suite = ET.Element("testsuite", {k: _xml_text(v) for k, v in (
        ("name", path), ("tests", str(max(1, len(diagnostics)))), ("failures", str(len(diagnostics))),
        ("errors", str(int(error is not None))), ("skipped", "0"))})
    if error is not None:
        case = _element(suite, "testcase", classname=path, name="gio-lint")
        _element(case, "error", error, message=error, type="input-error")
    elif not diagnostics:
        _element(suite, "testcase", classname=path, name="gio-lint")
    for d in diagnostics:
        _failure(suite, path, d)
    return suite


class Writer(Spooled):
    def head(self, tally: Tally) -> None:
        # each file's suite counts one test, or one per finding
        tests = tally.diagnostics + tally.clean + tally.unreadable
        root = ET.Element("testsuites", {"name": "gio-lint", "tests": str(tests),
                                         "failures": str(tally.diagnostics), "errors": str(tally.unreadable)})
        opening = ET.tostring(root, encoding="unicode")
        self.stream.write(DECLARATION + (opening + "\n" if not tally.files else opening[:-3] + ">\n"))

    def part(self, n: int, record: Record) -> None:
        suite = _suite(record)
        ET.indent(suite, level=1)
        self.stream.write("  " + ET.tostring(suite, encoding="unicode") + "\n")

    def tail(self, tally: Tally) -> None:
        if tally.files:
            self.stream.write("</testsuites>\n")
