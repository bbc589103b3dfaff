"""Rule kinds: the engines that rules/*.toml instantiate. Each kind registers the
parameters it accepts and the fields its messages may name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from gio_lint.context import Context
from gio_lint.diagnostics import Diagnostic
from gio_lint.ruleset import KINDS, KindSpec, Rule

Engine = Callable[[Rule, Context], Iterator[Diagnostic]]
ENGINES: dict[str, Engine] = {}


def kind(
    name: str,
    params: dict[str, type] | None = None,
    fields: Iterable[str] = (),
    required: Iterable[str] = (),
    check: Callable[[dict[str, Any]], str | None] | None = None,
    compares_years: bool = False,
) -> Callable[[Engine], Engine]:
    def register(fn: Engine) -> Engine:
        KINDS[name] = KindSpec(params or {}, frozenset(fields), frozenset(required), check, compares_years)
        ENGINES[name] = fn
        return fn

    return register


from gio_lint.kinds import (  # noqa: E402
    claims,
    cross_year,
    enumeration,
    inputs,
    percent,
    sections,
    structure,
    sums,
    text_table,
    timeouts,
    values,
    year_on_year,
    years,
)

__all__ = ["ENGINES", "claims", "cross_year", "enumeration", "inputs", "kind", "percent", "sections",
           "structure", "sums", "text_table", "timeouts", "values", "year_on_year", "years"]
