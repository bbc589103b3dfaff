"""Kind sum: 勾稽关系 over template cells, in exact arithmetic (Fraction of the digits as
written; counts are integers). A sum with a blank, unreadable or missing term is never
called a mismatch; kind sum-unchecked reports, once per table, what could not be checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

from gio_lint.context import Context, emit
from gio_lint.diagnostics import Diagnostic, Related
from gio_lint.expr import Term, parse_expr
from gio_lint.kinds import kind
from gio_lint.model import Cell
from gio_lint.ruleset import Rule
from gio_lint.table_reader import MatchedTable
from gio_lint.templates import TableSpec, load_templates
from gio_lint.values import read_value, show


@dataclass(frozen=True)
class Binding:
    label: str  # the row or column the equation was applied to
    left: tuple[Operand, ...]
    right: tuple[Operand, ...]

    @property
    def operands(self) -> tuple[Operand, ...]:
        return (*self.left, *self.right)


class Place(NamedTuple):
    """One term of a sum, resolved against a template table: which cell, shown how."""

    sign: int
    name: str  # the term as shown: 「三(七)」 or 「自然人」
    row: str
    column: str
    where: str  # 「一 本年新收 × 自然人」
    type: str  # the column's value type


class Plan(NamedTuple):
    """An equation applied to one column or row of a template table."""

    label: str
    row: str  # for an equation per row: the row, checked only when the report has it
    left: tuple[Place, ...]
    right: tuple[Place, ...]


class Operand(NamedTuple):
    """A term of a sum as this report fills it in."""

    place: Place
    cell: Cell | None
    value: Fraction | None  # None: blank, unreadable or missing
    blank: bool


def _plans(spec: TableSpec, expressions: tuple[str, ...], per_column: bool) -> tuple[Plan, ...]:
    """Each equation applied to each column (names are row ids) or to each row (names are
    column ids); sum(@tag) stands for every row with that tag. Worked out once per
    template table, not once per report."""
    def side(terms: tuple[Term, ...], fixed: str) -> tuple[Place, ...]:
        out = []
        for t in terms:
            names = [r.id for r in spec.rows if t.tag in r.tags] if t.tag else [t.name]
            for name in names:
                row_id, col_id = (name, fixed) if per_column else (fixed, name)
                shown = (spec.row(row_id).short or spec.row(row_id).label) if per_column else spec.column(col_id).label
                col = spec.column(col_id)
                out.append(Place(t.sign, shown, row_id, col_id, f"{spec.row(row_id).display} × {col.label}", col.type))
        return tuple(out)

    def make() -> tuple[Plan, ...]:
        plans: list[Plan] = []
        for text in expressions:
            eq = parse_expr(text)
            if per_column:
                plans.extend(Plan(c.label, "", side(eq.left, c.id), side(eq.right, c.id)) for c in spec.columns)
            else:
                plans.extend(Plan(r.display, r.id, side(eq.left, r.id), side(eq.right, r.id)) for r in spec.rows)
        return tuple(plans)

    return spec.derive(("sum-plans", expressions, per_column), make)


def _bindings(rule: Rule, mt: MatchedTable, held: set[tuple[str, str]]) -> Iterator[Binding]:
    """The rule's equations applied to the report's table, except those that hold (most
    of them, in a real report): their cells go into ``held``, with no terms built."""
    per_column = rule.params.get("for_each", "row") == "column"
    for plan in _plans(mt.spec, tuple(rule.expressions()), per_column):
        if plan.row and plan.row not in mt.rows:
            continue
        if _holds(plan, mt):
            held.update((p.row, p.column) for p in (*plan.left, *plan.right))
        else:
            yield Binding(plan.label, tuple(_operand(mt, p) for p in plan.left),
                          tuple(_operand(mt, p) for p in plan.right))


def _holds(plan: Plan, mt: MatchedTable) -> bool:
    """Whether every term is readable and the two sides are equal (exactly; whole numbers,
    the usual case, are added as integers)."""
    total: Fraction | int = 0
    for side, places in ((1, plan.left), (-1, plan.right)):
        for p in places:
            cell = mt.cells.get((p.row, p.column))
            number = read_value(cell.text, p.type).number if cell is not None else None
            if number is None:
                return False
            total += side * p.sign * (number.numerator if number.denominator == 1 else number)
    return total == 0


def _operand(mt: MatchedTable, place: Place) -> Operand:
    cell = mt.cells.get((place.row, place.column))
    if cell is None:
        return Operand(place, None, None, False)
    value = read_value(cell.text, place.type)
    return Operand(place, cell, value.number, value.blank)


def _total(ops: tuple[Operand, ...]) -> Fraction:
    """The sum of the readable terms (blanks count as 0), exactly; whole numbers (the
    usual case) are added as integers."""
    terms = [(o.place.sign, o.value) for o in ops if o.value is not None]
    if all(v.denominator == 1 for _, v in terms):
        return Fraction(sum(sign * v.numerator for sign, v in terms))
    return sum((sign * v for sign, v in terms), Fraction(0))


_SHOWN_TERMS = 6


def _show(ops: tuple[Operand, ...]) -> str:
    """「一 + 二」; a long sum keeps its first and last terms: 「三(一) + 三(二) + … + 三(六) (19 项)」."""
    def term(i: int, o: Operand) -> str:
        return ("" if i == 0 else (" + " if o.place.sign > 0 else " - ")) + o.place.name

    if len(ops) <= _SHOWN_TERMS:
        return "".join(term(i, o) for i, o in enumerate(ops))
    return "".join(term(i, o) for i, o in enumerate(ops[:2])) + " + …" + term(1, ops[-1]) + f" ({len(ops)})"


def _related(operands: tuple[Operand, ...] | list[Operand]) -> list[Related]:
    """Each cell of a sum once, with its value (the English label only where it differs)."""
    out = []
    seen: set[tuple[str, str]] = set()
    for place, cell, _, _ in operands:
        key = place.row, place.column
        if key in seen:
            continue
        seen.add(key)
        if cell is not None:
            out.append(Related(cell.span, f"{place.where} = {cell.text}") if cell.text else
                       Related(cell.span, f"{place.where} = （空白）", f"{place.where} = (blank)"))
    return out


@dataclass(frozen=True)
class Unchecked:
    """A sum that could not be checked: its missing or unreadable terms, or its blank
    terms and what it adds up to when they are read as 0."""

    binding: Binding
    missing: tuple[Operand, ...]
    blanks: tuple[Operand, ...]
    left: Fraction
    right: Fraction

    def fields(self, separator: str) -> dict[str, str]:
        gaps = self.missing or self.blanks
        return {"binding": self.binding.label, "names": separator.join(o.place.name for o in gaps),
                "left_expr": _show(self.binding.left), "left": show(self.left),
                "right_expr": _show(self.binding.right), "right": show(self.right)}


@dataclass(frozen=True)
class Outcome:
    table: MatchedTable
    mismatches: tuple[tuple[Binding, Fraction, Fraction], ...]
    unchecked: tuple[Unchecked, ...]
    held: frozenset[tuple[str, str]]  # (row, column) of every cell in a sum that holds


def evaluate(rule: Rule, ctx: Context) -> Outcome | None:
    """Every binding of a sum rule, checked once per report (shared by sum and sum-unchecked)."""
    key = f"sum:{rule.code}"
    if key in ctx.memo:
        return ctx.memo[key]  # type: ignore[no-any-return]
    mt = ctx.match.tables.get(rule.params["table"]) if ctx.match else None
    outcome = None
    if mt is not None:
        mismatches: list[tuple[Binding, Fraction, Fraction]] = []
        unchecked: list[Unchecked] = []
        held: set[tuple[str, str]] = set()
        for b in _bindings(rule, mt, held):
            missing = [o for o in b.operands if o.value is None and not o.blank]
            blanks = [o for o in b.operands if o.blank]
            left, right = _total(b.left), _total(b.right)
            if not missing and not blanks:  # every term read, and it does not hold
                mismatches.append((b, left, right))
            elif missing or left != right:  # with blanks read as 0 it does not hold
                unchecked.append(Unchecked(b, tuple(missing), tuple(blanks), left, right))
        outcome = Outcome(mt, tuple(mismatches), tuple(unchecked), frozenset(held))
    ctx.memo[key] = outcome
    return outcome


def _check(params: dict[str, Any]) -> str | None:
    """Names, tags and for_each of a sum rule against the templates that hold its table."""
    for_each = params.get("for_each", "row")
    if for_each not in ("row", "column"):
        return f"for_each「{for_each}」无效，应为 row 或 column"
    tables = [t for tpl in load_templates().values() if (t := next(
        (x for x in tpl.tables if x.id == params["table"]), None)) is not None]
    if not tables:
        return f"table「{params['table']}」不是任何模板中的表"
    names = {r.id for t in tables for r in t.rows} if for_each == "column" else {
        c.id for t in tables for c in t.columns}
    tags = {tag for t in tables for r in t.rows for tag in r.tags} if for_each == "column" else set()
    exprs = [params["expr"]] if isinstance(params["expr"], str) else params["expr"]
    used: set[str] = set()
    for text in exprs:
        for term in parse_expr(text).terms:
            if term.tag and term.tag not in tags:
                known = ", ".join(sorted(tags)) or "无"
                return f"sum(@{term.tag}) 中的标签不存在（for_each={for_each} 时可用: {known}）"
            if term.name and term.name not in names:
                kind_ = "行" if for_each == "column" else "列"
                return f"表达式「{text}」中的「{term.name}」不是表 {params['table']} 的{kind_}"
            used.add(term.name)
    if "primary" in params and params["primary"] not in used:
        return f"primary「{params['primary']}」没有出现在表达式中"
    return None


@kind("sum", params={"table": str, "for_each": str, "expr": list, "primary": str},
      fields={"table", "column", "row", "left", "right", "group"}, required={"table", "expr"}, check=_check)
def sum_rule(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    outcome = evaluate(rule, ctx)
    if outcome is None or not outcome.mismatches:
        return
    held = _held(ctx, outcome.table)
    for b, left, right in outcome.mismatches:
        yield _mismatch(rule, outcome.table, b, left, right, held)


def _held(ctx: Context, table: MatchedTable) -> frozenset[tuple[str, str]]:
    """The cells of a table that take part in a sum that holds: probably right, so a fix
    never suggests changing them. Gathered once per table."""
    key = f"sum-held:{table.spec.id}"
    if key not in ctx.memo:
        ctx.memo[key] = frozenset().union(*(o.held for r in ctx.rules_of_kind("sum")
                                            if (o := evaluate(r, ctx)) is not None and o.table is table))
    return ctx.memo[key]  # type: ignore[no-any-return]


def _mismatch(rule: Rule, mt: MatchedTable, b: Binding, left: Fraction, right: Fraction,
              held: frozenset[tuple[str, str]]) -> Diagnostic:
    """A sum that does not hold. The underlined cell is the rule's `primary` term;
    `found` is the side it is on, `expected` the other side."""
    primary_id = rule.params.get("primary")
    primary = next((o for o in b.operands if primary_id in (o.place.row, o.place.column)), b.left[0])
    assert primary.cell is not None
    on_left = primary in b.left
    group = mt.spec.column(b.left[0].place.column).group
    fields = {"table": mt.spec.name, "column": b.label, "row": b.label, "left": show(left),
              "right": show(right), "group": group}
    mine, other = (f"{_show(b.left)} = {show(left)}", f"{_show(b.right)} = {show(right)}")
    if not on_left:
        mine, other = other, mine
    return emit(
        rule, primary.cell.span, fields,
        related=_related(b.operands),
        expected=other, found=mine,
        suggest=(primary.place.row, primary.place.column) not in held,
        anchor=f"{mt.spec.id}:{b.label}",
    )


_NOTE_PARAMS: dict[str, type] = {"note_missing": str, "note_missing_en": str, "note_blank": str, "note_blank_en": str}


@kind("sum-unchecked", params=_NOTE_PARAMS, required=set(_NOTE_PARAMS),
      fields={"rule", "table", "count", "binding", "names", "left_expr", "left", "right_expr", "right"})
def sum_unchecked(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    """Once per sum rule and table: the sums that blank, unreadable or missing cells kept
    from being checked (whether or not that sum rule is selected), each with a note."""
    for sum_rule_ in ctx.rules_of_kind("sum"):
        outcome = evaluate(sum_rule_, ctx)
        if outcome is None or not outcome.unchecked:
            continue
        gaps = [o for u in outcome.unchecked for o in (*u.missing, *u.blanks)]
        shown = [o.cell for o in gaps if o.cell is not None]

        notes = {suffix: [rule.params[("note_missing" if u.missing else "note_blank") + suffix].format_map(
            u.fields(separator)) for u in outcome.unchecked] for suffix, separator in (("", "、"), ("_en", ", "))}
        yield emit(
            rule, shown[0].span if shown else outcome.table.table.span,
            {"rule": sum_rule_.code, "table": outcome.table.spec.name, "count": len(outcome.unchecked)},
            related=_related(gaps[1:]), notes=notes[""], notes_en=notes["_en"],
            anchor=f"{outcome.table.spec.id}:{sum_rule_.code}",
        )
