"""Report templates (rules/templates/*.toml): sections, tables, rows and columns of the
official formats, loaded into typed specs. A template may extend another one, replace
or remove its tables, and replace a row by a group of rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, fields, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from gio_lint.prose.regex_safety import regex_problem
from gio_lint.prose.required import Need, meets, requirements
from gio_lint.resources import resource_path
from gio_lint.structure.fold import fold, label_key
from gio_lint.tomlload import DataError, load_toml

T = TypeVar("T")

TABLE_KINDS = ("list", "matrix", "single-row", "indicator")
VALUE_TYPES = ("count", "delta", "money")


@dataclass(frozen=True)
class SectionSpec:
    id: str
    number: str
    title: str
    match: tuple[tuple[str, ...], ...]
    mentions: tuple[str, ...] = ()  # regular expressions: a sentence that covers the item
    required: bool = True
    catch_all: bool = False  # takes a heading no other section claims (其他需要报告的事项)

    @cached_property
    def _folded_match(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(fold(w) for w in words) for words in self.match)

    @cached_property
    def _mentions(self) -> tuple[tuple[re.Pattern[str], tuple[Need, ...]], ...]:
        """Each pattern with what its matches require (a text without it is not searched)."""
        return tuple((re.compile(p), requirements(p)) for p in self.mentions)

    def matches(self, heading_title: str) -> bool:
        key = fold(heading_title)
        return any(all(w in key for w in words) for words in self._folded_match)

    def mentioned(self, text: str) -> bool:
        """Whether ``text`` (folded to half-width) has a sentence that covers the item."""
        return any(meets(text, needs) and rx.search(text) for rx, needs in self._mentions)


@dataclass(frozen=True)
class _Labelled:
    label: str
    variants: tuple[str, ...]

    @cached_property
    def label_keys(self) -> frozenset[str]:
        """The matching keys of the label and its accepted variants."""
        return frozenset({label_key(self.label), *(label_key(v) for v in self.variants)})


@dataclass(frozen=True)
class ColumnSpec(_Labelled):
    id: str
    type: str = "count"
    group: str = ""  # the merged header above it (表四: 行政复议 / 未经复议直接起诉 / 复议后起诉)
    sum_of: tuple[str, ...] = ()  # the columns it totals (表三 总计): read from them when blank


@dataclass(frozen=True)
class RowSpec(_Labelled):
    id: str
    short: str = ""
    group: str = ""
    tags: tuple[str, ...] = ()

    @cached_property
    def display(self) -> str:
        return f"{self.short} {self.label}".strip()


@dataclass(frozen=True)
class TableSpec:
    id: str
    name: str
    section: str
    kind: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]
    caption: str = ""
    anchors: tuple[str, ...] = ()
    header_labels: tuple[str, ...] = ()  # header cells that are not column labels
    header_notes: tuple[str, ...] = ()  # words that mark a header cell holding a note
    label_header: str = ""  # the header of the label column (信息内容)
    # the header rows as the official form writes them, a merged cell once (a sample report prints them)
    header: tuple[tuple[str, ...], ...] = ()
    groups: tuple[str, ...] = ()
    optional: bool = False  # its absence is not reported (the free-form 附表 before 2019)
    # how near (difflib's ratio of matching keys) a label not in the template must be to the
    # label of the row missing where it stands to be read as that row misspelt; 0: never
    near_label: float = 0.0

    @cached_property
    def _rows_by_id(self) -> dict[str, RowSpec]:
        return {r.id: r for r in self.rows}

    @cached_property
    def _columns_by_id(self) -> dict[str, ColumnSpec]:
        return {c.id: c for c in self.columns}

    @cached_property
    def _derived(self) -> dict[Hashable, Any]:
        return {}

    def derive(self, key: Hashable, make: Callable[[], T]) -> T:
        """What another module works out from this table (the plans of the sum rules, the
        keys of its specific labels): made once per process, not once per report."""
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]  # type: ignore[no-any-return]

    def row(self, row_id: str) -> RowSpec:
        return self._rows_by_id[row_id]

    def has_row(self, row_id: str) -> bool:
        return row_id in self._rows_by_id

    def has_column(self, col_id: str) -> bool:
        return col_id in self._columns_by_id

    def column(self, col_id: str) -> ColumnSpec:
        return self._columns_by_id[col_id]


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    name_en: str
    first_year: int
    last_year: int | None
    markers: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...] = field(default=())
    topics: bool = False  # sections are topics in any order, possibly only mentioned in a sentence
    near_label: float = 0.0  # the tables' near_label unless a table sets its own

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """A built-in template goes to another process (a worker's result on its way
        back) as its id: it is the same data there, and each report's copy of it would
        weigh more than the report."""
        if load_templates().get(self.id) is self:
            return (_builtin, (self.id,))
        return (Template, tuple(getattr(self, f.name) for f in fields(self)))


def _builtin(template_id: str) -> Template:
    return load_templates()[template_id]


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def _regexes(value: Any, where: Path) -> tuple[str, ...]:
    """Regular expressions, checked now so that a broken one fails on load, not mid-run."""
    for pattern in value or ():
        problem = regex_problem(pattern)
        if problem:
            raise DataError(f"{where}: {problem}")
    return _tuple(value)


def _row_spec(d: dict[str, Any]) -> RowSpec:
    return RowSpec(label=d["label"], variants=_tuple(d.get("variants")), id=d["id"], short=d.get("short", ""),
                   group=d.get("group", ""), tags=_tuple(d.get("tags")))


def _table(d: dict[str, Any], where: Path, near_label: float) -> TableSpec:
    kind = d.get("kind", "list")
    if kind not in TABLE_KINDS:
        raise DataError(f"{where}: 表 {d.get('id')} 的 kind「{kind}」未知，应为 {', '.join(TABLE_KINDS)}")
    columns = []
    for c in d.get("columns", []):
        if c.get("type", "count") not in VALUE_TYPES:
            raise DataError(f"{where}: 列 {c.get('id')} 的 type「{c.get('type')}」未知")
        columns.append(ColumnSpec(label=c["label"], variants=_tuple(c.get("variants")), id=c["id"],
                                  type=c.get("type", "count"), group=c.get("group", ""),
                                  sum_of=_tuple(c.get("sum_of"))))
    return TableSpec(
        id=d["id"], name=d["name"], section=d.get("section", ""), kind=kind,
        columns=tuple(columns), rows=tuple(_row_spec(r) for r in d.get("rows", [])),
        caption=d.get("caption", ""), anchors=_tuple(d.get("anchors")),
        header_labels=_tuple(d.get("header_labels")), header_notes=_tuple(d.get("header_notes")),
        label_header=d.get("label_header", ""), header=tuple(_tuple(r) for r in d.get("header", ())),
        groups=_tuple(d.get("groups")), optional=d.get("optional", False),
        near_label=float(d.get("near_label", near_label)),
    )


def _load(path: Path, directory: Path, seen: tuple[str, ...] = ()) -> Template:
    data = load_toml(path)
    try:
        base: Template | None = None
        if "extends" in data:
            parent = data["extends"]
            if parent in seen:
                raise DataError(f"{path}: extends 形成循环 ({' → '.join((*seen, parent))})")
            base = _load(directory / f"{parent}.toml", directory, (*seen, data["id"]))
        sections = (
            tuple(SectionSpec(s["id"], s["number"], s["title"], tuple(tuple(m) for m in s["match"]),
                              _regexes(s.get("mentions"), path), s.get("required", True), s.get("catch_all", False))
                  for s in data["sections"])
            if "sections" in data else (base.sections if base else ())
        )
        near_label = float(data.get("near_label", base.near_label if base else 0.0))
        if not 0 <= near_label <= 1:
            raise DataError(f"{path}: near_label 应在 0 与 1 之间")
        tables = list(base.tables) if base else []
        removed = set(data.get("remove_tables", []))
        tables = [t for t in tables if t.id not in removed]
        for t in data.get("tables", []):
            spec = _table(t, path, near_label)
            tables = [spec if old.id == spec.id else old for old in tables]
            if spec not in tables:
                tables.append(spec)
        for patch in data.get("replace_rows", []):
            idx = next((i for i, t in enumerate(tables) if t.id == patch["table"]), None)
            if idx is None:
                raise DataError(f"{path}: replace_rows 指向不存在的表 {patch['table']}")
            old = tables[idx]
            rows: list[RowSpec] = []
            for r in old.rows:
                if r.id == patch["row"]:
                    rows.extend(_row_spec(n) for n in patch["rows"])
                else:
                    rows.append(r)
            groups = (*old.groups, patch["group"]) if patch.get("group") else old.groups
            tables[idx] = replace(old, rows=tuple(rows), groups=groups)
        return Template(
            id=data["id"], name=data["name"], name_en=data.get("name_en", data["name"]),
            first_year=data.get("first_year", base.first_year if base else 0),
            last_year=data.get("last_year"),
            markers=_tuple(data.get("markers")), sections=sections, tables=tuple(tables),
            topics=data.get("topics", base.topics if base else False), near_label=near_label,
        )
    except KeyError as exc:
        raise DataError(f"{path}: 缺少必填字段 {exc}") from None


@lru_cache(maxsize=8)
def load_templates(directory: Path | None = None) -> dict[str, Template]:
    directory = directory or resource_path("rules", "templates")
    out = {}
    for path in sorted(directory.glob("*.toml")):
        t = _load(path, directory)
        out[t.id] = t
    return out


def template_for_year(templates: dict[str, Template], year: int) -> Template | None:
    """The template a report for ``year`` must follow (None before the 2019 format)."""
    for t in sorted(templates.values(), key=lambda t: -t.first_year):
        if t.first_year and t.first_year <= year and (t.last_year is None or year <= t.last_year):
            return t
    return None
