"""The rule set: rules/*.toml loaded and validated.

Each rule names a *kind* (an engine in gio_lint/rules/kinds) and carries its code, severity,
messages in Chinese and English, documentation, and the parameters its kind takes.
A file with an unknown key, kind or placeholder, or a broken expression, is refused with
``file: message`` (exit code 2)."""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gio_lint.resources import resource_path
from gio_lint.rules.diagnostics import SEVERITIES
from gio_lint.rules.expr import ExprError, parse_expr
from gio_lint.tomlload import DataError, load_toml

CODE = re.compile(r"^[A-Z][0-9]{3}$")
_RULE_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]\s*(?:#.*)?$")
COMMON_KEYS = {"code", "name", "kind", "severity", "message", "message_en", "doc", "doc_en",
               "suggestion", "suggestion_en"}


@dataclass(frozen=True)
class Param:
    """A parameter a rule kind takes: its type, one line on what it does, whether a rule
    must give it, the values it may take (for a string), and what it is when left out."""

    type: type
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    default: object = None


@dataclass(frozen=True)
class KindSpec:
    """What a rule kind is and accepts: one line on what it checks, its parameters, the
    fields its messages may use, and a check of the parameters' values beyond their types
    and choices (returns what is wrong, or None)."""

    doc: str
    params: dict[str, Param]
    fields: frozenset[str]
    check: Callable[[dict[str, Any]], str | None] | None = None
    compares_years: bool = False  # reads last year's report: run again when reports are paired

    @property
    def required(self) -> frozenset[str]:
        return frozenset(name for name, p in self.params.items() if p.required)


def unwrap(doc: str) -> list[str]:
    """A rule's documentation as paragraphs: the lines it is wrapped at in the rule file
    joined again (with a space between two Latin characters only, none beside a Chinese
    one), a list item kept on its own."""
    out: list[str] = []
    for block in doc.strip().split("\n\n"):
        text = ""
        for line in (raw.strip() for raw in block.splitlines()):
            if line.startswith(("- ", "* ", "1. ")) and text:
                out.append(text)
                text = ""
            latin = text[-1:].isascii() and line[:1].isascii()
            text += (" " if text and latin else "") + line
        out.append(text)
    return [p for p in out if p] or [""]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    severity: str
    message: str
    message_en: str
    doc: str
    doc_en: str
    source: str
    suggestion: str = ""
    suggestion_en: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    def summary(self, lang: str) -> str:
        """The first sentence of the rule's documentation."""
        text = unwrap(self.doc_en if lang == "en" and self.doc_en else self.doc)[0]
        if lang != "en":
            text = text.replace(" ", "")  # a table's cell: no space between Chinese and figures
        end = next((i for i, ch in enumerate(text) if ch in "。" or (ch == "." and text[i + 1 : i + 2] in (" ", ""))),
                   len(text) - 1)
        return text[: end + 1]

    def expressions(self) -> list[str]:
        expr = self.params.get("expr", [])
        return [expr] if isinstance(expr, str) else list(expr)


def _shown_path(path: str) -> str:
    """A rule file as users know it: rules/x.toml for the built-in ones."""
    p = Path(path)
    builtin = resource_path("rules")
    return f"rules/{p.relative_to(builtin)}" if p.is_relative_to(builtin) else path


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _did_you_mean(word: str, known: Iterable[str]) -> str:
    """「；是否想写「row-missing」？」 for the known word nearest a misspelt one; "" if none is near."""
    near = difflib.get_close_matches(word, list(known), n=1, cutoff=0.7)
    return f"；是否想写「{near[0]}」？ (did you mean {near[0]}?)" if near else ""


def _validate(d: dict[str, Any], path: Path, line: int | None, kinds: Mapping[str, KindSpec]) -> Rule:
    where = f"{path}:{line}" if line else str(path)
    code = d.get("code")
    if not isinstance(code, str) or not CODE.match(code):
        raise DataError(f"{where}: 规则代码「{code}」无效，应为一个大写字母加三位数字（如 K001）")
    where = f"{where}: {code}"
    kind = d.get("kind")
    if not isinstance(kind, str) or kind not in kinds:
        raise DataError(f"{where}: 未知的规则类型 kind=「{kind}」；可用: {', '.join(sorted(kinds))}")
    spec = kinds[kind]
    for key in ("name", "severity", "message", "message_en", "doc"):
        if not isinstance(d.get(key), str) or not d[key].strip():
            raise DataError(f"{where}: 缺少必填字段 {key}")
    if d["severity"] not in SEVERITIES:
        raise DataError(f"{where}: severity「{d['severity']}」无效，应为 {' / '.join(SEVERITIES)}")
    for key in sorted(set(d) - COMMON_KEYS - set(spec.params)):
        raise DataError(f"{where}: 未知字段 {key}{_did_you_mean(key, [*COMMON_KEYS, *spec.params])}")
    params = {k: v for k, v in d.items() if k in spec.params}
    for key in sorted(spec.required - set(params)):
        raise DataError(f"{where}: kind={kind} 需要字段 {key}")
    for key, value in params.items():
        param = spec.params[key]
        if param.type is list and isinstance(value, str) and key == "expr":
            continue
        if not isinstance(value, param.type):
            raise DataError(f"{where}: 字段 {key} 应为 {param.type.__name__}")
        if param.choices and value not in param.choices:
            raise DataError(f"{where}: {key}「{value}」无效，应为 {' / '.join(param.choices)}"
                            f"{_did_you_mean(str(value), param.choices)}")
    notes = [k for k in params if k.startswith("note")]
    for key in ("message", "message_en", "suggestion", "suggestion_en", *notes):
        bad = _placeholders(d.get(key, "")) - spec.fields
        if bad:
            raise DataError(f"{where}: {key} 中的占位符 {{{', '.join(sorted(bad))}}} 不可用于 kind={kind}")
    rule = Rule(
        code=code, name=d["name"], kind=kind, severity=d["severity"], message=d["message"],
        message_en=d["message_en"], doc=d["doc"].strip(), doc_en=d.get("doc_en", "").strip(),
        source=_shown_path(str(path)), suggestion=d.get("suggestion", ""),
        suggestion_en=d.get("suggestion_en", ""), params=params,
    )
    for text in rule.expressions():
        try:
            parse_expr(text)
        except ExprError as exc:
            raise DataError(f"{where}: {exc}") from None
    try:
        problem = spec.check(params) if spec.check else None
    except (TypeError, AttributeError, KeyError, ValueError):  # a value of the wrong type deep in a parameter
        problem = "参数的取值类型不对（请对照内置规则文件的写法）"
    if problem:
        raise DataError(f"{where}: {problem}")
    return rule


def parse_rules(directory: Path, kinds: Mapping[str, KindSpec]) -> list[Rule]:
    """The rules of every rule file in ``directory``, each checked against its kind in
    ``kinds`` (gio_lint.rules.rulebook gives the built-in kinds)."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        data = load_toml(path)
        entries = data.get("rule", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise DataError(f"{path}: rule 应写成一个或多个 [[rule]] 表")
        extra = set(data) - {"rule"}
        if extra:
            raise DataError(f"{path}: 未知的顶层字段 {', '.join(sorted(extra))}（规则写在 [[rule]] 中）")
        # each [[rule]] header's line, so an error names file:line
        headers = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                   if _RULE_HEADER.match(line)]
        for i, entry in enumerate(entries):
            rule = _validate(entry, path, headers[i] if i < len(headers) else None, kinds)
            if rule.code in seen:
                raise DataError(f"{path}: 规则代码 {rule.code} 与 {seen[rule.code]} 重复")
            seen[rule.code] = str(path)
            rules.append(rule)
    return sorted(rules, key=lambda r: r.code)
