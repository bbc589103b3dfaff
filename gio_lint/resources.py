"""Where the bundled rules/ and grammars/ live: in the installed package's data/ folder, or at
the top of a source checkout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    installed = _PACKAGE.joinpath("data", *parts)
    if installed.exists():
        return installed
    return _PACKAGE.parent.joinpath(*parts)


def lark_parser(grammar: str, **options: Any) -> Any:
    """An LALR parser for grammars/<grammar>, cached on disk by Lark between runs. Lark
    is imported here, on first use, so that `gio-lint --version` never pays for it."""
    from lark import Lark

    return Lark.open(str(resource_path("grammars", grammar)), parser="lalr", cache=True, **options)
