"""Kinds parts-sum and part-exceeds-total: totals and the parts listed under them
(「其中」), in the 附表 of reports before 2019 and in prose. Parts that claim to be
complete (a catch-all 其他 among them, or a declared complete set such as 全职 + 兼职)
must add up to the total; any list of parts must not hold a part larger than its total."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from gio_lint.prose.enumerations import Enumeration, prose_enumerations, table_enumerations, words_for
from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic, Related, valued
from gio_lint.rules.kinds.registry import Param, kind
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.values import show


def _enumerations(ctx: Context, source: str, rule: Rule) -> list[Enumeration]:
    """The enumerations of one source, read once per report (and, for prose, per vocabulary)."""
    words = words_for(tuple(rule.params["units"]), tuple(rule.params["change_words"])) if source == "prose" else None
    key = ("enumerations", source, words)
    if key not in ctx.memo:
        ctx.memo[key] = prose_enumerations(ctx.report, words) if words else table_enumerations(ctx.report)
    return ctx.memo[key]  # type: ignore[no-any-return]


def _checked(ctx: Context) -> bool:
    return ctx.run_together is None


def _label(e: Enumeration) -> str:
    return e.total.name or f"{show(e.total.value)}{e.total.unit}" if e.total.value is not None else e.total.name


def _related(e: Enumeration) -> list[Related]:
    return [valued(p.span, p.name, show(p.value) if p.value is not None else "") for p in e.parts]


def _check_words(params: dict[str, object]) -> str | None:
    for key in ("units", "change_words"):
        value = params.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(w, str) and w for w in value):
            return f"读取正文中的列举需要 {key}：非空字符串的列表"
    return None


def _check(params: dict[str, object]) -> str | None:
    return _check_words(params) if params["source"] == "prose" else None


def _words(required: bool) -> dict[str, Param]:
    return {"units": Param(list, "the measure words of the counts listed (件, 条, 人次…)", required=required),
            "change_words": Param(list, "words that make a figure a change, not a part (增加, 减少…)",
                                  required=required)}


@kind("parts-sum", "listed parts (其中…) add up to the total they are said of, when the list is complete",
      params={"source": Param(str, "where the lists are read", required=True, choices=("table", "prose")),
              "complete_words": Param(list, "words that say a list is complete (分别为, 包括…)", required=True),
              "complete_sets": Param(list, "sets of names that together make a whole (全职 + 兼职)"),
              **_words(required=False)},
      check=_check, fields={"total", "value", "sum", "parts"})
def parts_sum(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if not _checked(ctx):
        return
    for e in _enumerations(ctx, rule.params["source"], rule):
        total = e.total.value
        if total is None or not e.complete(rule.params["complete_words"], rule.params.get("complete_sets", [])):
            continue
        if any(p.value is not None and p.value > total for p in e.parts):
            continue  # a part larger than the total: part-exceeds-total says so
        parts = sum((p.value or Fraction(0) for p in e.parts), Fraction(0))
        if parts == total or (parts < total and any(p.value is None for p in e.parts)):
            continue  # holds, or blank parts could make up the difference (blank is not 0)
        yield emit(rule, e.total.span,
                   {"total": _label(e), "value": show(total), "sum": show(parts),
                    "parts": " + ".join(p.name for p in e.parts)},
                   related=_related(e), expected=show(parts), found=show(total),
                   anchor=f"{e.source}:{_label(e)}")


@kind("part-exceeds-total", "a part listed under a total is larger than the total",
      params=_words(required=True), check=_check_words,
      fields={"total", "value", "part", "part_value"})
def part_exceeds_total(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    if not _checked(ctx):
        return
    for source in ("table", "prose"):
        for e in _enumerations(ctx, source, rule):
            total = e.total.value
            for p in e.parts:
                if total is not None and p.value is not None and p.value > total:
                    yield emit(rule, p.span,
                               {"total": _label(e), "value": show(total), "part": p.name, "part_value": show(p.value)},
                               related=[Related(e.total.span, f"{_label(e)} = {show(total)}")],
                               expected=f"≤ {show(total)}", found=show(p.value),
                               anchor=f"{source}:{_label(e)}:{p.name}")
