"""The table of rule kinds: each engine registers itself with ``@kind`` — what it checks,
the parameters its rules take and the fields their messages may name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from gio_lint.rules.context import Context
from gio_lint.rules.diagnostics import Diagnostic
from gio_lint.rules.ruleset import KindSpec, Param, Rule

Engine = Callable[[Rule, Context], Iterator[Diagnostic]]
ENGINES: dict[str, Engine] = {}
KINDS: dict[str, KindSpec] = {}  # what each kind takes, which the rule files are checked against


def notes(**docs: str) -> dict[str, Param]:
    """Required note parameters, each in Chinese (``name``) and English (``name_en``)."""
    out = {}
    for name, doc in docs.items():
        out[name] = Param(str, doc, required=True)
        out[f"{name}_en"] = Param(str, f"the same note in English ({name})", required=True)
    return out


def kind(
    name: str,
    doc: str,
    params: dict[str, Param] | None = None,
    fields: Iterable[str] = (),
    check: Callable[[dict[str, Any]], str | None] | None = None,
    compares_years: bool = False,
) -> Callable[[Engine], Engine]:
    """Register an engine as the kind ``name``: what it checks (``doc``, one line), the
    parameters its rules give, the fields their messages may name."""

    def register(fn: Engine) -> Engine:
        KINDS[name] = KindSpec(doc, params or {}, frozenset(fields), check, compares_years)
        ENGINES[name] = fn
        return fn

    return register


__all__ = ["ENGINES", "KINDS", "Engine", "Param", "kind", "notes"]  # Param: what a kind's parameters are declared with
