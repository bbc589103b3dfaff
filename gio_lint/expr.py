"""Sum expressions (grammars/expr.lark): parsed once per rule into a small AST."""

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


@lru_cache(maxsize=1)
def _parser() -> Any:
    return lark_parser("expr.lark")


def _side(tree: Any) -> tuple[Term, ...]:
    terms: list[Term] = []
    sign = 1
    for child in tree.children:
        if getattr(child, "type", None) == "SIGN":
            sign = -1 if str(child) == "-" else 1
            continue
        node = child
        if node.data == "tagged":
            terms.append(Term(sign, "", str(node.children[0])))
        else:
            terms.append(Term(sign, str(node.children[0].children[0])))
        sign = 1
    return tuple(terms)


@lru_cache(maxsize=256)
def parse_expr(text: str) -> Equation:
    from lark.exceptions import LarkError

    try:
        tree = _parser().parse(text)
    except LarkError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExprError(f"表达式「{text}」无法解析: {first}") from None
    left, right = tree.children
    return Equation(_side(left), _side(right))
