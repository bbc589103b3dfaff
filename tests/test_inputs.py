"""One report saved as .txt, .docx, .html and .pdf gives the same findings, and a finding
in a document names a place a user can find in it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from test_rules import cells, with_prose
from test_sources import pdf_tools, write_docx, write_html, write_pdf

from gio_lint.input.read import read
from gio_lint.rules.lint import lint

Cli = Callable[..., tuple[int, str, str]]

# the 2021 example with three errors: prose against table, a row total, a missing row
FLAWED = cells(with_prose("予以公开1360件。"), r"^一、本年新收", ["3001", "53", "0", "0", "61", "4", "3120"]).replace(
    "规章\t1\t0\t11\n", "")


def findings(path: Path) -> list[tuple[str, str, str]]:
    return [(d.code, d.anchor, d.message) for d in lint(read(str(path))).diagnostics]


@pytest.mark.parametrize("suffix,writer", [(".docx", write_docx), (".html", write_html), (".pdf", write_pdf)])
def test_the_same_findings_whatever_the_file_kind(tmp_path: Path, suffix: str, writer: Callable[[Path, str], None]
                                                 ) -> None:
    if suffix == ".pdf":
        pdf_tools()
    text = tmp_path / "report.txt"
    text.write_text(FLAWED, encoding="utf-8")
    document = tmp_path / f"report{suffix}"
    writer(document, FLAWED)
    expected = findings(text)
    assert {c for c, _, _ in expected} >= {"X001", "K002", "T002"}
    assert findings(document) == expected


def test_a_finding_in_a_word_document_names_its_table_row_and_column(tmp_path: Path, cli: Cli) -> None:
    document = tmp_path / "report.docx"
    write_docx(document, FLAWED)
    code, out, _ = cli("--format", "json", str(document))
    assert code == 1
    places = {d["code"]: d["place"] for d in json.loads(out)["files"][0]["diagnostics"]}
    assert places["K002"] == "第5个表格 第4行 第8列"  # 表三's row 一, its 总计 cell
    assert places["X001"].endswith("段")
    code, out, _ = cli("--format", "concise", str(document))
    assert code == 1 and "K002" in out and "[第5个表格 第4行 第8列]" in out


def test_plain_text_findings_have_no_place(cli: Cli, tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    text.write_text(FLAWED, encoding="utf-8")
    found = json.loads(cli("--format", "json", str(text))[1])["files"][0]["diagnostics"]
    assert found and all(d["place"] is None for d in found)
