"""The rendered output of real reports, as a user sees it (text) and as programs read it
(JSON). Snapshots live in the top-level snapshots/ folder; codes and positions are also
asserted directly, so a careless --snapshot-update cannot hide a regression."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from conftest import ROOT
from syrupy.assertion import SnapshotAssertion

Cli = Callable[..., tuple[int, str, str]]

REPORTS = {
    "2019-example": ("examples/2019-laoshan-hrss.txt", [("T002", 27, 1)]),
    "2021-example": ("examples/2024-huaian-city.txt", []),
    "2019-shanghai-tabs": ("tests/fixtures/corpus/2019-shanghai-office-tabs.txt",
                           [("X001", 14, 114), ("P001", 14, 120), ("P002", 14, 135), ("X001", 14, 155),
                            ("X003", 14, 197), ("V002", 50, 25), ("K100", 52, 32),
                            ("K100", 52, 32), ("V002", 77, 3)]),
    "2024-huaian-pdftotext": ("tests/fixtures/corpus/2024-huaian-city-pdftotext.txt", []),
    "2021-pingtan-oneline": ("tests/fixtures/corpus/2021-pingtan-crawler-oneline.txt", [("F002", 1, 1)]),
}


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("name", list(REPORTS))
def test_text_output(name: str, cli: Cli, snapshot: SnapshotAssertion) -> None:
    path, expected = REPORTS[name]
    code, out, err = cli(path)
    assert (code, err) == (1 if expected else 0, "")
    heads = [line for line in out.splitlines() if line.startswith(f"{path}:")]
    assert [tuple(h[len(path) + 1 :].split(" ")[0].rstrip(":").split(":")) for h in heads] == [
        (str(line), str(col)) for _, line, col in expected]
    assert out == snapshot


@pytest.mark.parametrize("name", list(REPORTS))
def test_json_output(name: str, cli: Cli, snapshot: SnapshotAssertion) -> None:
    path, expected = REPORTS[name]
    _code, out, _ = cli("--format", "json", path)
    doc = json.loads(out)
    found = [(d["code"], d["location"]["line"], d["location"]["column"]) for d in doc["files"][0]["diagnostics"]]
    assert found == expected
    doc["tool"]["version"] = "<version>"
    assert doc == snapshot


def test_english_text_output(cli: Cli, snapshot: SnapshotAssertion) -> None:
    code, out, _ = cli("--lang", "en", REPORTS["2019-shanghai-tabs"][0])
    assert code == 1 and out == snapshot
