"""Where the bundled rules/ and grammars/ live: inside the installed package, or at the
top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    installed = _PACKAGE.joinpath(*parts)
    if installed.exists():
        return installed
    return _PACKAGE.parent.joinpath(*parts)
