"""Kind year-on-year: 「较上年增长12.3%」「比去年减少5件」 against last year's report
(given with --previous). The change is computed from the cells both reports' tables hold,
exactly; a percentage holds when the true change rounds to it at its written precision."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from gio_lint.prose.budget import rule_pattern
from gio_lint.prose.passages import number_at, prose, scanner
from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic, Related
from gio_lint.rules.kinds.registry import Param, kind
from gio_lint.rules.kinds.text_table import Reading, check_statements, reading
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.fold import fold
from gio_lint.structure.values import show

_PARAMS = {"statements": Param(list, "the sentences that compare with last year: each a `pattern` and the cells "
                                    "it `means`", required=True),
           "up_words": Param(list, "words that say a figure rose (增长, 增加…)", required=True),
           "down_words": Param(list, "words that say a figure fell (下降, 减少…)", required=True),
           "count_unit": Param(str, "the measure word of the counts compared (件): a change in another unit "
                                    "(个百分点, 倍) is not checked", required=True)}


def _check(params: dict[str, Any]) -> str | None:
    return check_statements(params, frozenset({"dir"}))


def _exact(r: Reading | str | None) -> Fraction | None:
    return r.value.low if isinstance(r, Reading) and r.value.high == r.value.low else None


@kind("year-on-year", "a change stated against last year (较上年增长…%) matches the two reports' tables",
      params=_PARAMS, check=_check, compares_years=True,
      fields={"statement", "last", "this", "change"})
def year_on_year(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    prior = ctx.last_year
    if ctx.match is None or prior is None or prior.match is None:
        return
    last_year = prior.match
    up, down, unit = rule.params["up_words"], rule.params["down_words"], rule.params["count_unit"]
    statements = rule.params["statements"]
    scan = scanner(tuple(st["pattern"] for st in statements))
    for line in prose(ctx.report):
        for index, m in scan.run(line):
            st = statements[index]
            found = number_at(line, m, "n")
            if found is None or found.number.approximate or found.number.kind not in ("count", "percent"):
                continue
            if m.group("dir") not in (*up, *down):
                continue
            own = st.get("skip_words", "")
            if own and rule_pattern(own).search(line.clause(m.start(), m.start()) + m.group(0)):
                continue  # a subset (其中网上申请…同比增长…), not the total
            sign = 1 if m.group("dir") in up else -1
            after = line.text[found.number.end : found.number.end + 1]
            if found.number.kind == "count" and after != unit:
                continue  # 个百分点, 倍: not a count of applications
            pairs = [(_exact(reading(e, ctx.match)), _exact(reading(e, last_year))) for e in st["means"]]
            if any(this is None or last is None or last == 0 for this, last in pairs):
                continue  # a figure of either year could not be read exactly
            stated = sign * found.number.value
            half = Fraction(1, 2 * 10**found.number.decimals)
            changes = []
            for this, last in pairs:
                assert this is not None and last is not None
                change = this - last if found.number.kind == "count" else 100 * (this - last) / last
                changes.append((this, last, change))
                if (change == stated) if found.number.kind == "count" else abs(change - stated) <= half:
                    break
            else:
                this, last, change = changes[0]
                shown_unit = unit if found.number.kind == "count" else "%"
                rounded = round(change, found.number.decimals + 1) if shown_unit == "%" else change
                shown = f"{show(Fraction(rounded))}{shown_unit}"
                yield emit(rule, found.span,
                           {"statement": m.group(0).strip(), "last": show(last), "this": show(this),
                            "change": shown},
                           related=[Related(found.span, m.group(0).strip())],
                           expected=shown, found=f"{'+' if sign > 0 else '-'}{found.number.text}",
                           anchor=f"yoy:{fold(m.group(0))}")
