"""A bounded fuzz in the default run: a few thousand texts made by editing the corpus the
ways damaged reports are damaged (lines lost, doubled, swapped, cut, joined; a figure, a
tab or a pipe put anywhere; a line of figures set out with spaces). Each is linted or
refused with a one-line InputError, and every span of every finding is well-formed and
lies in the file, as found and as every machine format writes it. (The long fuzz, 10⁵
inputs and more, is tests/fuzz/fuzz_lint.py, run on demand.)"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable

import pytest
from conftest import CORPUS, FULL, ROOT

from gio_lint.errors import InputError
from gio_lint.input.read import decode
from gio_lint.output import machine_formats
from gio_lint.output.outcome import FileOutcome
from gio_lint.rules.lint import Result, lint
from gio_lint.structure.model import Span

TEXTS = [p.read_text(encoding="utf-8") for p in (*sorted(CORPUS.glob("*.txt")), *sorted(ROOT.glob("examples/*.txt")))]
ROUNDS = 8 if FULL else 2  # of 300 texts each


def _edit(rng: random.Random, lines: list[str]) -> None:
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    line = lines[i]
    at = rng.randrange(len(line) + 1)
    edits: list[Callable[[], None]] = [
        lambda: lines.pop(i),
        lambda: lines.insert(j, line),
        lambda: lines.__setitem__(slice(i, i + 1), [lines[j]]) or lines.__setitem__(j, line),
        lambda: lines.__setitem__(i, line[:at]),
        lambda: lines.insert(i, ""),
        lambda: lines.__setitem__(i, line[:at] + rng.choice(["\t", " | ", "|", "  ", "9", "12,345", "（", "一、"])
                                  + line[at:]),
        lambda: lines.__setitem__(i, line + lines[j]),
        lambda: lines.insert(i, "   ".join(str(rng.randrange(30)) for _ in range(rng.randint(2, 9)))),  # as pdftotext
    ]
    rng.choice(edits)()


def _well_formed(span: Span, lines: list[str]) -> bool:
    if not (1 <= span.line <= span.end_line <= len(lines)):
        return False
    return (span.line, span.col) <= (span.end_line, span.end_col) and span.col >= 1 and \
        span.end_col <= len(lines[span.end_line - 1]) + 1


def _regions(result: Result) -> list[tuple[int, int, int, int]]:
    """(start line, start column, end line, end column) of every finding as the machine
    formats write it: JSON's locations and related places, SARIF's regions, GitHub's
    annotations."""
    outcomes = [FileOutcome("x.txt", result)]
    formats = machine_formats()
    out = []
    doc = json.loads(formats["json"](outcomes, "zh"))
    for d in doc["files"][0]["diagnostics"]:
        for loc in (d["location"], *(r["location"] for r in d["related"])):
            out.append((loc["line"], loc["column"], loc["end_line"], loc["end_column"]))
    sarif = json.loads(formats["sarif"](outcomes, "zh"))
    for r in sarif["runs"][0]["results"]:
        for loc in (*r["locations"], *r.get("relatedLocations", ())):
            g = loc["physicalLocation"]["region"]
            out.append((g["startLine"], g.get("startColumn", 1), g.get("endLine", g["startLine"]),
                        g.get("endColumn", g.get("startColumn", 1))))
    for m in re.finditer(r"line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+)", formats["github"](outcomes, "zh")):
        out.append((int(m[1]), int(m[2]), int(m[3]), int(m[4])))
    return out


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_edited_corpus_texts(round_: int) -> None:
    rng = random.Random(round_)
    bad: list[str] = []
    for n in range(300):
        lines = rng.choice(TEXTS).split("\n")
        for _ in range(rng.randint(1, 6)):
            _edit(rng, lines or [""])
        text = "\n".join(lines)
        try:
            source = decode(text.encode("utf-8"), "x.txt")
        except InputError as exc:
            assert "\n" not in str(exc)
            continue
        file_lines = source.text.split("\n")
        result = lint(source)
        for d in result.diagnostics:
            for span in (d.span, *(r.span for r in d.related)):
                if not _well_formed(span, file_lines):
                    bad.append(f"{round_}/{n}: {d.code} {span}")
        if n % 10 == 0:  # as every machine format writes it
            bad += [f"{round_}/{n}: region {r}" for r in _regions(result) if not _well_formed(Span(*r), file_lines)]
    assert bad == []
