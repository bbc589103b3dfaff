"""Rule kinds: the engines that rules/*.toml instantiate, each in a module of its own,
registered in gio_lint.rules.kinds.registry (``KINDS``: what each takes; ``ENGINES``: the
functions). In: a rule and the context of one report. Out: its findings."""

from __future__ import annotations

from gio_lint.rules.kinds import (
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
from gio_lint.rules.kinds.registry import ENGINES, KINDS

__all__ = [
    "ENGINES",
    "KINDS",
    "claims",
    "cross_year",
    "enumeration",
    "inputs",
    "percent",
    "sections",
    "structure",
    "sums",
    "text_table",
    "timeouts",
    "values",
    "year_on_year",
    "years",
]
