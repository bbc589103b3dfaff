"""Expressions of the rule files (grammars/expr.lark): sum equations over row or column
ids, and sums of cells named table.row.column. Parsed once each into a small AST."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gio_lint.resources import lark_parser


class ExprError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    sign: int  # +1 or -1
    name: str  # a row or column id; empty when tag is set
    tag: str = ""  # sum(@tag)


@dataclass(frozen=True)
class Equation:
    left: tuple[Term, ...]
    right: tuple[Term, ...]

    @property
    def terms(self) -> tuple[Term, ...]:
        return (*self.left, *self.right)


@dataclass(frozen=True)
class CellTerm:
    sign: int
    table: str
    row: str  # a row id; empty when tag is set
    column: str
    tag: str = ""  # every row with this tag


@lru_cache(maxsize=1)
def _parser() -> Any:
    return lark_parser("expr.lark", start=["equation", "cells"])


def _signed(children: list[Any]) -> list[tuple[int, Any]]:
    """(sign, node) for each term of ``a + b - c``."""
    out, sign = [], 1
    for child in children:
        if getattr(child, "type", None) == "SIGN":
            sign = -1 if str(child) == "-" else 1
        else:
            out.append((sign, child))
            sign = 1
    return out


def _parse(text: str, start: str) -> Any:
    from lark.exceptions import LarkError

    try:
        return _parser().parse(text, start=start)
    except LarkError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExprError(f"表达式「{text}」无法解析: {first}") from None


def _side(tree: Any) -> tuple[Term, ...]:
    return tuple(Term(sign, "", str(node.children[0])) if node.data == "tagged" else Term(sign, str(node.children[0]))
                 for sign, node in _signed(tree.children))


@lru_cache(maxsize=256)
def parse_expr(text: str) -> Equation:
    left, right = _parse(text, "equation").children
    return Equation(_side(left), _side(right))


@lru_cache(maxsize=256)
def parse_cells(text: str) -> tuple[CellTerm, ...]:
    terms = []
    for sign, node in _signed(_parse(text, "cells").children):
        table, row, column = (str(t) for t in node.children)
        terms.append(CellTerm(sign, table, "", column, row) if node.data == "tagcell" else
                     CellTerm(sign, table, row, column))
    return tuple(terms)
