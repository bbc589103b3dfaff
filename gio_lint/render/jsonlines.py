"""JSON Lines: one JSON object per finding, per line (docs/output-formats.md).

Each object is the ``diagnostic`` object of the JSON format (gio_lint.render.json, schema
``gio-lint/1``) with the file's ``path`` first; a file that could not be read gives
``{"path": …, "error": …}``. Suited to streaming, ``grep`` and ``jq -c``."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from gio_lint.render import FileOutcome
from gio_lint.render.json import diagnostic


def records(outcomes: Sequence[FileOutcome], lang: str) -> Iterator[dict[str, Any]]:
    for o in outcomes:
        if o.error is not None:
            yield {"path": o.path, "error": o.error}
        for d in o.diagnostics:
            yield {"path": o.path, **diagnostic(d, lang, o.place(d))}


def render(outcomes: Sequence[FileOutcome], lang: str) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records(outcomes, lang))
