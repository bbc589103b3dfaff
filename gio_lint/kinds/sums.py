"""Kind sum: 勾稽关系 over template cells, in exact arithmetic (Decimal of the digits as
written; counts are integers). A sum with a blank, unreadable or missing term is never
called a mismatch; kind sum-unchecked reports, once per table, what could not be checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from gio_lint.context import Context, emit
from gio_lint.diagnostics import Diagnostic, Related
from gio_lint.expr import Equation, Term, parse_expr
from gio_lint.kinds import kind
from gio_lint.match import MatchedTable
from gio_lint.model import Cell
from gio_lint.ruleset import Rule
from gio_lint.templates import TableSpec
from gio_lint.values import read_value


@dataclass(frozen=True)
class Operand:
    sign: int
    name: str  # the term as shown: 「三(七)」 or 「自然人」
    row: str
    column: str
    cell: Cell | None
    value: Decimal | None  # None: blank, unreadable or missing
    blank: bool


@dataclass(frozen=True)
class Binding:
    label: str  # the row or column the equation was applied to
    left: tuple[Operand, ...]
    right: tuple[Operand, ...]

    @property
    def operands(self) -> tuple[Operand, ...]:
        return (*self.left, *self.right)


def _expand(term: Term, table: TableSpec, for_each: str) -> list[tuple[int, str]]:
    """The ids a term stands for: one name, or every row/column with a tag."""
    if not term.tag:
        return [(term.sign, term.path[0])]
    pool = table.rows if for_each == "column" else []
    return [(term.sign, r.id) for r in pool if term.tag in r.tags]


def _operand(mt: MatchedTable, sign: int, row_id: str, col_id: str, name: str) -> Operand:
    cell = mt.cell(row_id, col_id)
    if cell is None:
        return Operand(sign, name, row_id, col_id, None, None, False)
    value = read_value(cell.text, mt.spec.column(col_id).type)
    return Operand(sign, name, row_id, col_id, cell, value.number, value.blank)


def _bindings(rule: Rule, eq: Equation, mt: MatchedTable) -> Iterator[Binding]:
    spec = mt.spec
    if rule.params.get("for_each") == "column":
        for col in spec.columns:
            def side(terms: tuple[Term, ...], col_id: str = col.id) -> tuple[Operand, ...]:
                return tuple(
                    _operand(mt, s, rid, col_id, spec.row(rid).short or spec.row(rid).label)
                    for t in terms for s, rid in _expand(t, spec, "column")
                )
            yield Binding(col.label, side(eq.left), side(eq.right))
    else:
        for row in spec.rows:
            if row.id not in mt.rows:
                continue

            def side_r(terms: tuple[Term, ...], row_id: str = row.id) -> tuple[Operand, ...]:
                return tuple(
                    _operand(mt, s, row_id, cid, spec.column(cid).label)
                    for t in terms for s, cid in _expand(t, spec, "row")
                )
            yield Binding(row.display, side_r(eq.left), side_r(eq.right))


def _total(ops: tuple[Operand, ...]) -> Decimal:
    """The sum of the readable terms (blanks count as 0)."""
    return sum(((o.value if o.value is not None else Decimal(0)) * o.sign for o in ops), Decimal(0))


_SHOWN_TERMS = 6


def _show(ops: tuple[Operand, ...]) -> str:
    """「一 + 二」; a long sum keeps its first and last terms: 「三(一) + 三(二) + … + 三(六) (19 项)」."""
    def term(i: int, o: Operand) -> str:
        return ("" if i == 0 else (" + " if o.sign > 0 else " - ")) + o.name

    if len(ops) <= _SHOWN_TERMS:
        return "".join(term(i, o) for i, o in enumerate(ops))
    return "".join(term(i, o) for i, o in enumerate(ops[:2])) + " + …" + term(1, ops[-1]) + f" ({len(ops)})"


def _fmt(n: Decimal) -> str:
    return format(n.normalize(), "f") if n == n.to_integral_value() else format(n, "f")


def _related(operands: tuple[Operand, ...] | list[Operand], spec: TableSpec) -> list[Related]:
    out = []
    seen: set[tuple[str, str]] = set()
    for o in operands:
        if (o.row, o.column) in seen:
            continue
        seen.add((o.row, o.column))
        if o.cell is not None:
            row, col = spec.row(o.row), spec.column(o.column)
            shown = o.cell.text or "（空白）"
            out.append(Related(o.cell.span, f"{row.display} × {col.label} = {shown}",
                               f"{row.display} × {col.label} = {o.cell.text or '(blank)'}"))
    return out


@dataclass(frozen=True)
class Outcome:
    table: MatchedTable
    mismatches: tuple[tuple[Binding, Decimal, Decimal], ...]
    unchecked: tuple[tuple[Binding, str, str], ...]  # binding, why (zh), why (en)
    held: frozenset[tuple[str, str]]  # (row, column) of every cell in a sum that holds


def evaluate(rule: Rule, ctx: Context) -> Outcome | None:
    """Every binding of a sum rule, checked once per report (shared by sum and sum-unchecked)."""
    key = f"sum:{rule.code}"
    if key in ctx.memo:
        return ctx.memo[key]  # type: ignore[no-any-return]
    mt = ctx.match.tables.get(rule.params["table"]) if ctx.match else None
    outcome = None
    if mt is not None:
        mismatches: list[tuple[Binding, Decimal, Decimal]] = []
        unchecked: list[tuple[Binding, str, str]] = []
        held: set[tuple[str, str]] = set()
        for text in rule.expressions():
            for b in _bindings(rule, parse_expr(text), mt):
                missing = [o for o in b.operands if o.value is None and not o.blank]
                blanks = [o for o in b.operands if o.blank]
                left, right = _total(b.left), _total(b.right)
                if not missing and not blanks:
                    if left != right:
                        mismatches.append((b, left, right))
                    else:
                        held.update((o.row, o.column) for o in b.operands)
                elif missing or left != right:  # with blanks read as 0 it does not hold
                    unchecked.append((b, *_why(b, missing, blanks, left, right)))
        outcome = Outcome(mt, tuple(mismatches), tuple(unchecked), frozenset(held))
    ctx.memo[key] = outcome
    return outcome


@kind("sum", params={"table": str, "for_each": str, "expr": list, "primary": str},
      fields={"table", "column", "row", "left", "right", "group"}, required={"table", "expr"})
def sum_rule(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    outcome = evaluate(rule, ctx)
    if outcome is None:
        return
    # A cell that takes part in a sum that holds is probably right: never suggest changing it.
    held = set().union(*(o.held for r in ctx.rules_of_kind("sum")
                         if (o := evaluate(r, ctx)) is not None and o.table is outcome.table))
    for b, left, right in outcome.mismatches:
        yield _mismatch(rule, outcome.table, b, left, right, held)


def _why(b: Binding, missing: list[Operand], blanks: list[Operand], left: Decimal,
         right: Decimal) -> tuple[str, str]:
    if missing:
        names = "、".join(f"{o.name}" for o in missing)
        return (f"{b.label}：{names} 缺失或无法读取",
                f"{b.label}: {', '.join(o.name for o in missing)} missing or unreadable")
    names = "、".join(o.name for o in blanks)
    return (
        f"{b.label}：{names} 空白；若空白按 0 计，{_show(b.left)} = {_fmt(left)}，{_show(b.right)} = {_fmt(right)}",
        f"{b.label}: {', '.join(o.name for o in blanks)} blank; reading blanks as 0, "
        f"{_show(b.left)} = {_fmt(left)}, {_show(b.right)} = {_fmt(right)}",
    )


def _mismatch(rule: Rule, mt: MatchedTable, b: Binding, left: Decimal, right: Decimal,
              held: set[tuple[str, str]]) -> Diagnostic:
    """A sum that does not hold. The underlined cell is the rule's `primary` term;
    `found` is the side it is on, `expected` the other side."""
    primary_id = rule.params.get("primary")
    primary = next((o for o in b.operands if primary_id in (o.row, o.column)), b.left[0])
    assert primary.cell is not None
    on_left = primary in b.left
    group = mt.spec.column(b.left[0].column).label.split()[0] if rule.params.get("for_each") == "row" else ""
    fields = {"table": mt.spec.name, "column": b.label, "row": b.label, "left": _fmt(left),
              "right": _fmt(right), "group": group}
    mine, other = (f"{_show(b.left)} = {_fmt(left)}", f"{_show(b.right)} = {_fmt(right)}")
    if not on_left:
        mine, other = other, mine
    return emit(
        rule, primary.cell.span, fields,
        related=_related(b.operands, mt.spec),
        expected=other, found=mine,
        suggest=(primary.row, primary.column) not in held,
    )


@kind("sum-unchecked", fields={"rule", "table", "count"})
def sum_unchecked(rule: Rule, ctx: Context) -> Iterator[Diagnostic]:
    """Once per sum rule and table: the sums that blank, unreadable or missing cells kept
    from being checked (whether or not that sum rule is selected)."""
    for sum_rule_ in ctx.rules_of_kind("sum"):
        outcome = evaluate(sum_rule_, ctx)
        if outcome is None or not outcome.unchecked:
            continue
        gaps = [o for b, _, _ in outcome.unchecked for o in b.operands if o.value is None]
        shown = [o.cell for o in gaps if o.cell is not None]
        yield emit(
            rule, shown[0].span if shown else outcome.table.table.span,
            {"rule": sum_rule_.code, "table": outcome.table.spec.name,
             "count": len(outcome.unchecked)},
            related=_related(gaps[1:], outcome.table.spec),
            notes=[n for _, n, _ in outcome.unchecked], notes_en=[n for _, _, n in outcome.unchecked],
        )
