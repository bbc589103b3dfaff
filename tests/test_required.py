"""gio_lint.prose.required: what every match of a pattern contains, which lets the prose
scanner skip lines. It must never name something a match can lack."""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS, FULL
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gio_lint.prose import passages as prose
from gio_lint.prose.passages import Line, compile_pattern
from gio_lint.prose.required import requirements
from gio_lint.rules.rulebook import load_rules
from gio_lint.structure.fold import fold
from gio_lint.structure.model import Span
from gio_lint.templates.forms import load_templates


@pytest.mark.parametrize(("pattern", "needs"), [
    ("新收申请", [{"新收申请"}]),
    ("(?:予以|同意)公开", [{"予以", "同意"}, {"公开"}]),
    ("新收[^。，]{0,12}?件", [{"新收"}, {"件"}]),
    ("[件条]", [{"件", "条"}]),
    ("(?:收到)+申请", [{"收到"}, {"申请"}]),
    ("(?<!的)不予公开", [{"不予公开"}]),  # a lookbehind requires nothing of the match
    ("上年度?结转", [{"上年"}, {"结转"}]),  # 度 is optional
    ("(?:收到|\\d+)件", [{"件"}]),  # an alternative that requires nothing: the choice requires nothing
    ("[^。]件", [{"件"}]),  # a negated class requires nothing
    ("(?i)abc", []),  # case-insensitive: nothing is certain
    ("\\d+", []),
])
def test_requirements(pattern: str, needs: list[set[str]]) -> None:
    assert [set(n) for n in requirements(pattern)] == needs


def _statement_patterns() -> list[str]:
    return [st_["pattern"] for r in load_rules() if r.kind == "text-table" for st_ in r.params["statements"]]


PATTERNS = [compile_pattern(p) for p in _statement_patterns()]


# patterns with lookbehinds make from_regex discard some draws
@settings(max_examples=500 if FULL else 50, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(st.data())
def test_every_match_holds_every_need(data: st.DataObject) -> None:
    """Text that matches a rule pattern (drawn from the pattern itself) holds each of its needs."""
    rx = data.draw(st.sampled_from(PATTERNS))
    text = data.draw(st.from_regex(rx.pattern))
    # drawn with Python's re, run on the regex engine, which differs at the edges (its \s
    # leaves out the separators \x1c-\x1f): such a text is not a match, and holds nothing
    assume(rx.search(text) is not None)
    for need in requirements(rx.pattern):
        assert any(s in text for s in need), (rx.pattern, text, need)


@pytest.mark.parametrize("remembered", [4096, 1])
def test_the_scanner_finds_what_every_pattern_finds(remembered: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Skipping lines changes nothing: the scanner finds each pattern's matches, also when
    it may remember only one set of gate strings at a time."""
    monkeypatch.setattr(prose, "_MOST_GATE_SETS", remembered)
    shared = prose.scanner(tuple(_statement_patterns()))
    scan = prose.Scanner(shared.patterns, shared.gates, shared.needs)  # with a memory of its own
    texts = ["本年度予以公开12件，部分公开3件，不予公开1件，结转下年度继续办理2件。收到申请5件。",
             "全年共收到政府信息公开申请36件，同比增加5件。", "无。", "行政复议案件2件，行政诉讼1件。",
             "本年度予以公开12件，部分公开3件。"]
    total = 0
    for n, text in enumerate(texts, 1):
        line = Line(text, Span(n, 1, n, len(text) + 1), 1)
        found = [(i, m.span()) for i, m in scan.run(line)]
        assert found == [(i, m.span()) for i, rx in enumerate(scan.patterns) for m in rx.finditer(text)]
        total += len(found)
    assert total >= 8 and len(scan.by_gates) <= remembered


def test_a_topic_is_mentioned_where_one_of_its_patterns_is_found() -> None:
    """Skipping texts that lack a mention pattern's needs changes nothing: on every line of
    the corpus's reports, a topic is mentioned exactly where a plain search finds one of
    its patterns (and the corpus mentions some topics and not others)."""
    sections = [s for t in load_templates().values() for s in t.sections if s.mentions]
    lines = [line for p in sorted(CORPUS.glob("*.txt")) for line in p.read_text(encoding="utf-8").split("\n")]
    verdicts = set()
    for spec in sections:
        for text in [*lines, *(fold(line) for line in lines[:200])]:
            found = spec.mentioned(text)
            assert found == any(re.search(p, text) for p in spec.mentions), (spec.id, text)
            verdicts.add(found)
    assert verdicts == {True, False}
