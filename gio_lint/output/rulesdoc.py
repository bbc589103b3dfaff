"""docs/rules.md, generated from the rule files: `gio-lint rules --format markdown`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gio_lint.rules.ruleset import Rule

_FAMILIES = {"S": "章节 sections", "T": "表格结构 table structure", "V": "数值 values", "K": "勾稽关系 sums",
             "P": "百分比 percentages", "X": "正文与表格 text vs tables", "Y": "年度 years", "F": "输入 input"}


def cells_of(item: dict[str, Any]) -> list[str]:
    """The cells a statement or a claim of a rule is about (text-table's `means`, claim's
    `zero`)."""
    return list(item.get("means") or item.get("zero") or [])


def _param(name: str, value: object) -> list[str]:
    if not isinstance(value, list):
        return [f"- `{name}` = `{value}`"]
    lines = [f"- `{name}`:"]
    for item in value:
        shown = f"`{item['pattern']}` → {' ｜ '.join(f'`{m}`' for m in cells_of(item))}" if isinstance(
            item, dict) else f"`{item}`"
        lines.append(f"  - {shown}")
    return lines


def markdown(rules: Sequence[Rule]) -> str:
    out = ["# gio-lint rules", "",
           "Generated from `rules/*.toml` by `gio-lint rules --format markdown`; do not edit by hand.", ""]
    for family, title in _FAMILIES.items():
        members = [r for r in rules if r.code.startswith(family)]
        if not members:
            continue
        out += [f"## {family}: {title}", "", "| code | name | severity | summary |", "|---|---|---|---|"]
        out += [f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity} | {r.summary('zh')} |" for r in members]
        out.append("")
        for r in members:
            out += [f"### {r.code}", "", f"**{r.name}** · {r.severity} · kind `{r.kind}` · `{r.source}`", "",
                    f"> {r.message}", ">", f"> {r.message_en}", "", r.doc, ""]
            if r.doc_en:
                out += [r.doc_en, ""]
            params = [line for k, v in r.params.items() if not k.startswith("note") for line in _param(k, v)]
            if params:
                out += ["Parameters:", "", *params, ""]
    return "\n".join(out).rstrip() + "\n"
