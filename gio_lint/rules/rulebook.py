"""The rule set as a run uses it: rule files (the built-in ones, or a folder of an
agency's) read and checked against the kinds that gio_lint.rules.kinds registers. In: rule
folders. Out: rules, and a built-in rule by its code."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from gio_lint.resources import resource_path
from gio_lint.rules.kinds import KINDS
from gio_lint.rules.ruleset import Rule, parse_rules


def load_rules_from(directory: Path) -> list[Rule]:
    """The rules of a folder of rule files, checked against the built-in kinds."""
    return parse_rules(directory, KINDS)


@lru_cache(maxsize=4)
def load_rules(directory: Path | None = None) -> tuple[Rule, ...]:
    """The built-in rules (rules/*.toml), or a folder's."""
    return tuple(load_rules_from(directory or resource_path("rules")))


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Rule]:
    return {r.code: r for r in load_rules()}


def find_rule(code: str) -> Rule | None:
    """A built-in rule by its code (any case)."""
    return _by_code().get(code.upper())
