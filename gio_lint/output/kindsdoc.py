"""`gio-lint kinds` and docs/kinds.md: every rule kind described from its declaration in
gio_lint/rules/kinds (what it checks, its parameters with their types, choices and defaults, the
fields its messages may name), and the built-in rules of each kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gio_lint.rules.kinds import KINDS
from gio_lint.rules.ruleset import KindSpec, Param, Rule


def _kinds() -> dict[str, KindSpec]:
    return dict(sorted(KINDS.items()))


def _allowed(p: Param) -> str:
    parts = ["required" if p.required else "optional"]
    if p.choices:
        parts.append("one of " + ", ".join(f"`{c}`" for c in p.choices))
    if p.default is not None:
        parts.append(f"default `{p.default}`")
    return "; ".join(parts)


def records(rules: Sequence[Rule]) -> list[dict[str, Any]]:
    """Each kind as data (`gio-lint kinds --format json`)."""
    return [{"kind": name, "doc": spec.doc, "compares_years": spec.compares_years,
             "params": [{"name": n, "type": p.type.__name__, "required": p.required, "choices": list(p.choices),
                         "default": p.default, "allowed": _allowed(p), "doc": p.doc} for n, p in spec.params.items()],
             "fields": sorted(spec.fields), "rules": [r.code for r in rules if r.kind == name]}
            for name, spec in _kinds().items()]


def markdown(rules: Sequence[Rule]) -> str:
    out = ["# gio-lint rule kinds", "",
           "Generated from the kinds' declarations (gio_lint/rules/kinds) by `gio-lint kinds --format markdown`; "
           "do not edit by hand. A rule file names its kind with `kind = \"…\"` and gives the kind's "
           "parameters as keys of the rule; a key the kind does not take, a missing required one, a value "
           "of the wrong type or outside its choices is refused with the file, line and what was meant. "
           "Every rule also has `code`, `name`, `kind`, `severity`, `message`, `message_en`, `doc` "
           "(and optionally `doc_en`, `suggestion`, `suggestion_en`).", ""]
    for item in records(rules):
        out += [f"## `{item['kind']}`", "", item["doc"][:1].upper() + item["doc"][1:] + ".", ""]
        if item["compares_years"]:
            out += ["Compares a report with last year's (`--previous`, or the same agency's report in a folder).", ""]
        if item["params"]:
            out += ["| parameter | type | | what it does |", "|---|---|---|---|"]
            out += [f"| `{p['name']}` | {p['type']} | {p['allowed']} | {p['doc']} |" for p in item["params"]]
            out.append("")
        else:
            out += ["No parameters.", ""]
        if item["fields"]:
            out += ["Message fields: " + ", ".join(f"`{{{f}}}`" for f in item["fields"]), ""]
        if item["rules"]:
            out += ["Built-in rules: " + ", ".join(f"[{c}](rules.md#{c.lower()})" for c in item["rules"]), ""]
    return "\n".join(out).rstrip() + "\n"


def text(rules: Sequence[Rule]) -> str:
    """The kinds for a terminal: name, what it checks, its parameters."""
    out = []
    for item in records(rules):
        out.append(f"{item['kind']}: {item['doc']}" + (f"  [{', '.join(item['rules'])}]" if item["rules"] else ""))
        out += [f"    {p['name']} ({p['type']}; {p['allowed']}): {p['doc']}".replace("`", "") for p in item["params"]]
    return "\n".join(out) + "\n"
