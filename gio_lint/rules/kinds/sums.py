"""Kind sum: 勾稽关系 over template cells, in exact arithmetic (Fraction of the digits as
written; counts are integers). A sum with a blank, unreadable or missing term is never
called a mismatch; kind sum-unchecked reports, once per table, what could not be checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

from gio_lint.rules.context import Context, emit
from gio_lint.rules.diagnostics import Diagnostic, Related, valued
from gio_lint.rules.expr import Term, parse_expr
from gio_lint.rules.kinds.registry import Param, kind, notes
from gio_lint.rules.ruleset import Rule
from gio_lint.structure.model import Cell
from gio_lint.structure.values import read_value, show
from gio_lint.templates.forms import TableSpec, load_templates
from gio_lint.templates.table_reader import MatchedTable


@dataclass(frozen=True)
class Binding:
    """An equation that does not hold as this report fills it in: its terms, and each
    side's sum of the readable ones (blanks as 0)."""

    plan: Plan
    left: tuple[Operand, ...]
    right: tuple[Operand, ...]
    left_total: Fraction
    right_total: Fraction

    @property
    def label(self) -> str:  # the row or column the equation was applied to
        return self.plan.label

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
    key: tuple[str, str]  # (row, column): the cell's key in MatchedTable.cells


class Plan(NamedTuple):
    """An equation applied to one column or row of a template table."""

    label: str
    row: str  # for an equation per row: the row, checked only when the report has it
    left: tuple[Place, ...]
    right: tuple[Place, ...]
    keys: tuple[tuple[str, str], ...]  # every cell of the equation
    shown: tuple[str, str]  # each side as a message shows it: 「一 + 二」
    shown_en: tuple[str, str]  # the same in English (a long sum's count of terms)


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
                out.append(Place(t.sign, shown, row_id, col_id, f"{spec.row(row_id).display} × {col.label}", col.type,
                                 (row_id, col_id)))
        return tuple(out)

    def make() -> tuple[Plan, ...]:
        plans: list[Plan] = []
        for text in expressions:
            eq = parse_expr(text)
            if per_column:
                plans.extend(_plan(c.label, "", side(eq.left, c.id), side(eq.right, c.id)) for c in spec.columns)
            else:
                plans.extend(_plan(r.display, r.id, side(eq.left, r.id), side(eq.right, r.id)) for r in spec.rows)
        return tuple(plans)

    return spec.derive(("sum-plans", expressions, per_column), make)


def _bindings(rule: Rule, mt: MatchedTable, held: set[tuple[str, str]]) -> Iterator[Binding]:
    """The rule's equations applied to the report's table, except those that hold (most
    of them, in a real report): their cells go into ``held``, with no terms built."""
    per_column = rule.params.get("for_each", "row") == "column"
    plans = _plans(mt.spec, tuple(rule.expressions()), per_column)
    if mt.stand_ins:
        plans = _standing_in(plans, mt)
    for plan in plans:
        if plan.row and plan.row not in mt.rows:
            continue
        if _holds(plan, mt):
            held.update(plan.keys)
        else:
            left, left_total = _side(mt, plan.left)
            right, right_total = _side(mt, plan.right)
            yield Binding(plan, left, right, left_total, right_total)


def _plan(label: str, row: str, left: tuple[Place, ...], right: tuple[Place, ...]) -> Plan:
    return Plan(label, row, left, right, tuple(p.key for p in (*left, *right)), (_show(left), _show(right)),
                (_show(left, _COUNT_EN), _show(right, _COUNT_EN)))


def _moved(place: Place, mt: MatchedTable, stand_id: str) -> Place:
    """A term moved onto the group row that stands for its sub-rows."""
    name = mt.stand_ins[stand_id].name
    return place._replace(name=name, row=stand_id, where=f"{name} × {mt.spec.column(place.column).label}",
                          key=(stand_id, place.column))


def _gathered(places: tuple[Place, ...], mt: MatchedTable, stand_id: str) -> tuple[Place, ...]:
    """A side that adds every sub-row of a group adds the group row instead."""
    members = set(mt.stand_ins[stand_id].members)
    if not {p.row for p in places} >= members:
        return places
    first = next(i for i, p in enumerate(places) if p.row in members)
    return (*places[:first], _moved(places[first], mt, stand_id),
            *(p for p in places[first + 1 :] if p.row not in members))


def _standing_in(plans: tuple[Plan, ...], mt: MatchedTable) -> tuple[Plan, ...]:
    """The plans with a group row filled in as one row standing for its sub-rows (see
    StandIn): sums of all the sub-rows take the group row, and an equation applied to each
    row is applied to the group row too."""
    out = list(plans)
    for stand_id, stand in mt.stand_ins.items():
        out = [_plan(p.label, p.row, _gathered(p.left, mt, stand_id), _gathered(p.right, mt, stand_id))
               for p in out]
        out += [_plan(stand.name, stand_id, tuple(_moved(t, mt, stand_id) for t in p.left),
                      tuple(_moved(t, mt, stand_id) for t in p.right)) for p in plans if p.row == stand.members[0]]
    return tuple(out)


def _holds(plan: Plan, mt: MatchedTable) -> bool:
    """Whether every term is readable and the two sides are equal, exactly."""
    total: Fraction | int = 0
    cells = mt.cells
    for side, places in ((1, plan.left), (-1, plan.right)):
        for p in places:
            cell = cells.get(p.key)
            addend = read_value(cell.text, p.type).addend if cell is not None else None
            if addend is None:
                return False
            total += side * p.sign * addend
    return total == 0


def _side(mt: MatchedTable, places: tuple[Place, ...]) -> tuple[tuple[Operand, ...], Fraction]:
    """One side's terms as this report fills them in, and the sum of the readable ones
    (blanks count as 0), exactly."""
    operands = []
    total: Fraction | int = 0
    for place in places:
        cell = mt.cells.get(place.key)
        if cell is None:
            operands.append(Operand(place, None, None, False))
            continue
        value = read_value(cell.text, place.type)
        operands.append(Operand(place, cell, value.number, value.blank))
        if value.addend is not None:
            total += place.sign * value.addend
    return tuple(operands), Fraction(total)


_SHOWN_TERMS = 6
_COUNT, _COUNT_EN = " (共 {n} 项)", " ({n} terms)"


def _show(places: tuple[Place, ...], count: str = _COUNT) -> str:
    """「一 + 二」; a long sum keeps its first two terms and its last, and says how many there
    are: 「三(一) + 三(二) + … + 三(六) (共 19 项)」. Expected and found values, which are not
    translated, take the Chinese; the English notes say 「(19 terms)」."""
    def term(i: int, p: Place) -> str:
        return ("" if i == 0 else (" + " if p.sign > 0 else " - ")) + p.name

    if len(places) <= _SHOWN_TERMS:
        return "".join(term(i, p) for i, p in enumerate(places))
    return ("".join(term(i, p) for i, p in enumerate(places[:2])) + " + …" + term(1, places[-1])
            + count.format(n=len(places)))


def _related(operands: tuple[Operand, ...] | list[Operand]) -> list[Related]:
    """Each cell of a sum once, with its value."""
    out = []
    seen: set[tuple[str, str]] = set()
    for place, cell, _, _ in operands:
        if place.key in seen:
            continue
        seen.add(place.key)
        if cell is not None:
            out.append(valued(cell.span, place.where, cell.text))
    return out


@dataclass(frozen=True)
class Unchecked:
    """A sum that could not be checked: its missing or unreadable terms, or its blank
    terms and what it adds up to when they are read as 0."""

    binding: Binding
    missing: tuple[Operand, ...]
    blanks: tuple[Operand, ...]

    def fields(self, separator: str, en: bool) -> dict[str, str]:
        gaps = self.missing or self.blanks
        left_expr, right_expr = self.binding.plan.shown_en if en else self.binding.plan.shown
        return {"binding": self.binding.label, "names": separator.join(o.place.name for o in gaps),
                "left_expr": left_expr, "left": show(self.binding.left_total),
                "right_expr": right_expr, "right": show(self.binding.right_total)}


@dataclass(frozen=True)
class Outcome:
    table: MatchedTable
    mismatches: tuple[Binding, ...]
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
        mismatches: list[Binding] = []
        unchecked: list[Unchecked] = []
        held: set[tuple[str, str]] = set()
        for b in _bindings(rule, mt, held):
            operands = b.operands
            missing = [o for o in operands if o.value is None and not o.blank]
            blanks = [o for o in operands if o.blank]
            if not missing and not blanks:  # every term read, and it does not hold
                mismatches.append(b)
            elif missing or b.left_total != b.right_total:  # with blanks read as 0 it does not hold
                unchecked.append(Unchecked(b, tuple(missing), tuple(blanks)))
        outcome = Outcome(mt, tuple(mismatches), tuple(unchecked), frozenset(held))
    ctx.memo[key] = outcome
    return outcome


def _check(params: dict[str, Any]) -> str | None:
    """Names, tags and for_each of a sum rule against the templates that hold its table."""
    for_each = params.get("for_each", "row")
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


@kind("sum", "a 勾稽关系: an equation of a table's cells, for each row or each column",
      params={"table": Param(str, "the template table (its id: t3, t4…)", required=True),
              "for_each": Param(str, "apply the equation to each row or each column", choices=("row", "column"),
                                default="row"),
              "expr": Param(list, "the equation(s): names, +, -, one ==, sum(@tag)", required=True),
              "primary": Param(str, "the cell the finding points at (default: the equation's left side)")},
      fields={"table", "column", "row", "left", "right", "group"}, check=_check)
def sum_rule(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    outcome = evaluate(rule, ctx)
    if outcome is None or not outcome.mismatches:
        return
    held = _held(ctx, outcome.table)
    for b in outcome.mismatches:
        yield _mismatch(rule, outcome.table, b, held)


def _held(ctx: Context, table: MatchedTable) -> frozenset[tuple[str, str]]:
    """The cells of a table that take part in a sum that holds: probably right, so a fix
    never suggests changing them. Gathered once per table."""
    key = f"sum-held:{table.spec.id}"
    if key not in ctx.memo:
        ctx.memo[key] = frozenset().union(*(o.held for r in ctx.rules_of_kind("sum")
                                            if (o := evaluate(r, ctx)) is not None and o.table is table))
    return ctx.memo[key]  # type: ignore[no-any-return]


def _mismatch(rule: Rule, mt: MatchedTable, b: Binding, held: frozenset[tuple[str, str]]) -> Diagnostic:
    """A sum that does not hold. The underlined cell is the rule's `primary` term;
    `found` is the side it is on, `expected` the other side."""
    primary_id = rule.params.get("primary")
    operands = b.operands
    at = next((i for i, o in enumerate(operands) if primary_id in o.place.key), 0)
    primary = operands[at]
    assert primary.cell is not None
    group = mt.spec.column(b.left[0].place.column).group
    shown_left, shown_right = show(b.left_total), show(b.right_total)
    fields = {"table": mt.spec.name, "column": b.label, "row": b.label, "left": shown_left,
              "right": shown_right, "group": group}
    mine, other = (f"{b.plan.shown[0]} = {shown_left}", f"{b.plan.shown[1]} = {shown_right}")
    if at >= len(b.left):  # the primary term is on the right
        mine, other = other, mine
    return emit(
        rule, primary.cell.span, fields,
        related=_related(operands),
        expected=other, found=mine,
        suggest=primary.place.key not in held,
        anchor=f"{mt.spec.id}:{b.label}",
    )


@kind("sum-unchecked", "the sums that blank, unreadable or missing cells kept from being checked",
      params=notes(note_missing="the note when a row or column is missing", note_blank="the note when cells are blank"),
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
            u.fields(separator, suffix == "_en")) for u in outcome.unchecked]
            for suffix, separator in (("", "、"), ("_en", ", "))}
        yield emit(
            rule, shown[0].span if shown else outcome.table.table.span,
            {"rule": sum_rule_.code, "table": outcome.table.spec.name, "count": len(outcome.unchecked)},
            related=_related(gaps[1:]), notes=notes[""], notes_en=notes["_en"],
            anchor=f"{outcome.table.spec.id}:{sum_rule_.code}",
        )
