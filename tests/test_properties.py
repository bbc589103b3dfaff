"""Property-based tests: whatever text or bytes gio-lint is given, it either lints them or
says in one line why it cannot (InputError); the same input always gives the same
findings; every finding points inside the file.

Inputs come from three sources, all kept small so that each example takes milliseconds:
text generated from grammars/report.lark (hypothesis.extra.lark), windows of the real
reports in tests/fixtures/corpus and examples/ with random edits, and arbitrary bytes.
The fuzz target in tests/fuzz/ runs the same check for as long as one likes."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from conftest import CORPUS, FULL, ROOT, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark

from gio_lint.command.runner import Overrides, _job, lint_path
from gio_lint.errors import InputError
from gio_lint.input.read import decode
from gio_lint.output import machine_formats
from gio_lint.resources import resource_path
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.lint import lint
from gio_lint.structure.model import Span

# 2,000 examples a property in a full run (200 by default); GIO_PROPERTY_EXAMPLES=50000 for a longer search
EXAMPLES = int(os.environ.get("GIO_PROPERTY_EXAMPLES", "2000" if FULL else "200"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])
MAX_CHARS = 600  # generated and mutated texts are cut to about this many characters
MAX_LINES = 40  # lines of a real report taken before it is edited

# --------------------------------------------------------------------------------------
# what the reports are made of

REPORTS = sorted([*CORPUS.glob("*.txt"), *(ROOT / "examples").glob("*.txt")])
REPORT_LINES = [p.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n") for p in REPORTS]
_SEPARATOR = re.compile(r"[|｜\t]")

# cells and lines of the real reports, cut at separators: 「本年新收政府信息公开申请数量」, 「0」…
FRAGMENTS = sorted({piece.strip(" \u3000\xa0") for lines in REPORT_LINES for line in lines
                    for piece in _SEPARATOR.split(line) if 0 < len(piece.strip(" \u3000\xa0")) <= 40})
# the characters of the real reports, to draw random text that looks like them
REPORT_CHARS = sorted({c for lines in REPORT_LINES for line in lines for c in line} - {"\n"})

FULL_WIDTH = "０１２３４５６７８９　（）：，。．、－％｜＋＝"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
ODD_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what some tools, not Lark, take for line ends
NUMERALS = "一二三四五六七八九十"

# numbers as reports write them (each draw a single choice: generation must stay cheap)
NUMBER_FORMS = sorted({*(str(n) for n in (0, 1, 2, 3, 7, 10, 12, 25, 99, 100, 101, 365, 1000, 2932, 65535)),
                       "0.00", "12.5", "3.14", "100.0", "99.95", "1,234", "14,438", "35%", "100%", "0.5%",
                       "12件", "3份", "1.2万元", "０", "３９", "１２．５", "-", "—", "/", "无", "2019", "2021",
                       "2024", "2019年", "2024年度", "+3", "增加5", "减少2", "-4", "1e3", "01", "1.", ".5"})
numbers = st.one_of(st.integers(0, 99999).map(str), st.sampled_from(NUMBER_FORMS))
odd_chars = st.sampled_from(FULL_WIDTH + ZERO_WIDTH + ODD_BREAKS + " \u3000\xa0")
words = st.one_of(st.sampled_from(FRAGMENTS), numbers, odd_chars, st.sampled_from(REPORT_CHARS))
inline_text = st.lists(words, min_size=1, max_size=3).map("".join)


# --------------------------------------------------------------------------------------
# text from the grammar


def _grammar() -> Lark:
    """The report grammar as gio_lint.resources.lark_parser builds it, less the disk cache:
    a Lark loaded from the cache has no .grammar, which from_lark reads."""
    return Lark.open(str(resource_path("grammars", "report.lark")), parser="lalr", lexer="basic",
                     maybe_placeholders=False)


GRAMMAR = _grammar()
# the terminals' own regexes without their line end (EOL: a newline and the blank lines
# after it), to keep only what the terminal matches of its line
TERMINALS = {t.name: re.compile(re.sub(r"\n\(\?:\[[^\]]*\]\*\n\)\*$", "", t.pattern.to_regexp()))
             for t in GRAMMAR.terminals}


def _terminal(name: str, strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return strategy.filter(lambda s: TERMINALS[name].fullmatch(s) is not None)


def _no_separators(s: str) -> str:
    return _SEPARATOR.sub("", s).replace("\n", "")


title = inline_text.map(_no_separators)
h1 = st.tuples(st.text(st.sampled_from(NUMERALS), min_size=1, max_size=3),
               st.sampled_from(["、", "．", ".", " ", "\u3000", "  "]), title).map("".join)
h2 = st.tuples(st.sampled_from("（("), st.text(st.sampled_from(NUMERALS), min_size=1, max_size=3),
               st.sampled_from(")）"), title).map("".join)
h3 = st.tuples(st.integers(0, 99).map(str), st.sampled_from(["、", "．", "."]), title).map("".join)
cell = st.one_of(words, numbers, st.just(""), st.sampled_from(FRAGMENTS))
separator = st.sampled_from(["|", "｜", "\t", " | ", "\t\t", " |"])


@st.composite
def rows(draw: st.DrawFn) -> str:
    cells = draw(st.lists(cell.map(_no_separators), min_size=1, max_size=8))
    sep = draw(separator)
    body = sep.join(cells)
    lead, trail = draw(st.booleans()), draw(st.booleans())
    if lead or len(cells) == 1:
        body = sep.strip(" ") + body
    if trail:
        body += sep.strip(" ")
    return body


def _cut(text: str) -> str:
    """At most MAX_CHARS characters, cut at a line end so what is left still follows the grammar."""
    if len(text) <= MAX_CHARS:
        return text
    return text[: text.rfind("\n", 0, MAX_CHARS) + 1]


def _ends_line(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Every terminal of the grammar is a whole line (ROWS a run of them): it ends where a newline follows."""
    return strategy.map(lambda s: s + "\n")


# a draw of `start` is a run of lines, with the ignored spaces and blank lines between
# them; a report is a few such runs (a single draw is most often empty or one line)
report_lines = from_lark(GRAMMAR, start="start", explicit={
    "H1": _ends_line(_terminal("H1", h1)),
    "H2": _ends_line(_terminal("H2", h2)),
    "H3": _ends_line(_terminal("H3", h3)),
    "TEXT": _ends_line(_terminal("TEXT", title)),
    # a run of row lines is one token; each row line, with its newline, is a run of one
    "ROWS": st.lists(_terminal("ROWS", _ends_line(rows())), min_size=1, max_size=4).map("".join),
})
grammar_text = st.integers(1, 6).flatmap(lambda n: st.lists(report_lines, min_size=n, max_size=n)).map(
    lambda lines: _cut("".join(lines)))


# --------------------------------------------------------------------------------------
# the real reports, cut and edited


def _delete(lines: list[str], i: int, _j: int, _s: str) -> None:
    if lines:
        del lines[i % len(lines)]


def _duplicate(lines: list[str], i: int, _j: int, _s: str) -> None:
    if lines:
        lines.insert(i % len(lines), lines[i % len(lines)])


def _swap(lines: list[str], i: int, j: int, _s: str) -> None:
    if lines:
        a, b = i % len(lines), j % len(lines)
        lines[a], lines[b] = lines[b], lines[a]


def _digit(lines: list[str], i: int, j: int, s: str) -> None:
    """Change one digit of the text (to another digit, or to what ``s`` starts with)."""
    places = [(n, m.start()) for n, line in enumerate(lines) for m in re.finditer(r"\d", line)]
    if places:
        n, k = places[i % len(places)]
        new = str(j % 10) if j % 3 else s[:1]
        lines[n] = lines[n][:k] + new + lines[n][k + 1 :]


def _insert(lines: list[str], i: int, j: int, s: str) -> None:
    """Put ``s`` (a separator, a full-width or zero-width character…) somewhere in a line."""
    if lines:
        n = i % len(lines)
        k = j % (len(lines[n]) + 1)
        lines[n] = lines[n][:k] + s + lines[n][k:]


def _new_line(lines: list[str], i: int, _j: int, s: str) -> None:
    lines.insert(i % (len(lines) + 1), s)


EDITS: list[Callable[[list[str], int, int, str], None]] = [_delete, _duplicate, _swap, _digit, _insert, _new_line]
inserted = st.one_of(separator, odd_chars, numbers, st.sampled_from(FRAGMENTS), rows())


@st.composite
def mutated_reports(draw: st.DrawFn) -> str:
    lines = REPORT_LINES[draw(st.integers(0, len(REPORT_LINES) - 1))]
    # a window of the report: its first lines (title, year) or any other stretch
    start = draw(st.one_of(st.just(0), st.integers(0, max(0, len(lines) - 1))))
    count = draw(st.integers(1, MAX_LINES))
    window = lines[start : start + count]
    for _ in range(draw(st.integers(0, 6))):
        edit = draw(st.sampled_from(EDITS))
        edit(window, draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6)), draw(inserted))
    text = "\n".join(window)
    if len(text) > MAX_CHARS:  # one-line reports (crawled pages) are cut in their middle
        cut = draw(st.integers(0, len(text) - MAX_CHARS))
        text = text[cut : cut + MAX_CHARS]
    return text + draw(st.sampled_from(["", "\n", "\r\n"]))


texts = st.one_of(grammar_text, mutated_reports())
encodings = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"])  # utf-16 with its byte-order mark


def _bytes(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


@st.composite
def mixed_encodings(draw: st.DrawFn) -> bytes:
    """A text whose lines are each in UTF-8 or in GB18030, ended by \\n, \\r\\n or a lone \\r
    (pasted from several sources; gio_lint.input.read reads such files line by line)."""
    lines = draw(texts).split("\n")
    # one draw for all the encodings, one for all the line ends (a draw a line costs too much)
    encoded, ends = draw(st.integers(0, 2 ** len(lines) - 1)), draw(st.integers(0, 3 ** len(lines) - 1))
    out = []
    for n, line in enumerate(lines):
        out.append(_bytes(line, "gb18030" if encoded >> n & 1 else "utf-8"))
        out.append((b"\n", b"\r\n", b"\r")[ends // 3**n % 3])
    return b"".join(out)


# what the properties below are given: the texts in any encoding, or mixed line by line
inputs = st.one_of(st.tuples(texts, encodings).map(lambda a: _bytes(*a)), mixed_encodings())


# --------------------------------------------------------------------------------------
# the properties


def lint_bytes(data: bytes) -> list[Diagnostic] | None:
    """Diagnostics for ``data``, or None when it is refused as input: anything else raised
    fails the test."""
    try:
        return list(lint(decode(data, "x.txt")).diagnostics)
    except InputError:
        return None


@PROPERTY
@given(grammar_text, encodings)
def test_text_from_the_grammar_is_linted_or_refused(text: str, encoding: str) -> None:
    lint_bytes(_bytes(text, encoding))


@PROPERTY
@given(mutated_reports(), encodings)
def test_edited_reports_are_linted_or_refused(text: str, encoding: str) -> None:
    lint_bytes(_bytes(text, encoding))


@PROPERTY
@given(st.one_of(
    st.binary(max_size=400),
    st.lists(st.one_of(st.binary(max_size=8), st.tuples(inline_text, encodings).map(lambda a: _bytes(*a)),
                       st.sampled_from([b"\n", b"\r\n", b"\r", b"\t", b"|", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00"])),
             max_size=30).map(b"".join),
    mixed_encodings(),
))
def test_any_bytes_are_linted_or_refused(data: bytes) -> None:
    lint_bytes(data)


@PROPERTY
@given(inputs)
def test_the_same_input_gives_the_same_findings(data: bytes) -> None:
    first = lint_bytes(data)
    lint_bytes("一、总体情况\n".encode())  # another report in between: no state carried over
    assert lint_bytes(data) == first


def _lines(text: str) -> list[str]:
    """The file's lines as Lark counts them: split at \\n only; the last line end opens no line."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def _inside(span: Span, lines: list[str]) -> bool:
    if not (1 <= span.line <= len(lines) and 1 <= span.end_line <= len(lines)):
        return False
    if not (1 <= span.col <= len(lines[span.line - 1]) + 1 and 1 <= span.end_col <= len(lines[span.end_line - 1]) + 1):
        return False
    return (span.line, span.col) <= (span.end_line, span.end_col)


def _outside(data: bytes) -> list[tuple[str, Span]]:
    """(code, span) of every span of every finding that is not inside the file as decoded."""
    try:
        source = decode(data, "x.txt")
    except InputError:
        return []
    lines = _lines(source.text)
    return [(d.code, span) for d in lint(source).diagnostics for span in (d.span, *(r.span for r in d.related))
            if not _inside(span, lines)]


@PROPERTY
@given(inputs)
def test_every_span_lies_inside_the_file(data: bytes) -> None:
    assert _outside(data) == []


def test_a_mixed_encoding_line_after_a_lone_carriage_return_is_pointed_at() -> None:
    """Found by the property above (minimised): a UTF-8 line ending in a lone \\r, then a
    GB18030 line. gio_lint.input.read numbered the GB18030 lines by the \\n in the bytes, before
    the lone \\r became line ends, so F005 pointed at line 2, empty, not at line 3 (啊)."""
    data = b"\xe4\xb8\x80\r\r\n\xb0\xa1"  # 「一」 in UTF-8, \r\r\n, 「啊」 in GB18030
    assert decode(data, "x.txt").text == "一\n\n啊"
    assert _outside(data) == []
    f005 = [d for d in lint(decode(data, "x.txt")).diagnostics if d.code == "F005"]
    assert [d.span.line for d in f005] == [3]


# this one starts worker processes for every example: 20 examples, not 2,000 (the one
# below sends 2,000 through one worker)
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(texts, st.sampled_from(REPORTS).map(lambda p: p.read_text(encoding="utf-8"))),
                min_size=2, max_size=5))
def test_json_output_is_the_same_whatever_the_job_count(reports: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for n, text in enumerate(reports):
            Path(folder, f"r{n}.txt").write_bytes(text.encode("utf-8"))
        code1, out1, err1 = run("--format", "json", "--jobs", "1", folder)
        code2, out2, err2 = run("--format", "json", "--jobs", "2", folder)
    assert "内部错误" not in err1 + err2
    assert (code1, out1, err1) == (code2, out2, err2)
    assert len(json.loads(out1)["files"]) == len(reports)


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ProcessPoolExecutor, Path]]:
    with ProcessPoolExecutor(max_workers=1) as pool:
        yield pool, tmp_path_factory.mktemp("worker") / "r.txt"


@PROPERTY
@given(texts)
def test_a_report_linted_in_a_worker_gives_the_same_output(worker: tuple[ProcessPoolExecutor, Path],
                                                           text: str) -> None:
    """What --jobs N does to each report (gio_lint.command.runner._job in another process, its
    result cut down and sent back) gives byte for byte the JSON of linting it here; one
    worker serves every example, so this runs as many examples as the other properties."""
    pool, path = worker
    path.write_bytes(text.encode("utf-8"))
    # here: the full result, not cut down; there: as a worker does it for JSON, outside any run
    here = lint_path(str(path), Overrides())
    there = pool.submit(_job, (str(path), None, Overrides(keeps="findings"), None, None)).result()
    render_json = machine_formats()["json"]
    assert render_json([here], "zh") == render_json([there], "zh")


@pytest.mark.parametrize("name", [p.name for p in REPORTS])
def test_the_real_reports_satisfy_the_properties(name: str) -> None:
    """The unedited reports, whole: linted, the same twice, every span inside."""
    text = next(p for p in REPORTS if p.name == name).read_text(encoding="utf-8")
    first = lint_bytes(text.encode("utf-8"))
    assert first is not None and lint_bytes(text.encode("utf-8")) == first
    assert _outside(text.encode("utf-8")) == []
