"""Baselines: today's findings recorded so that only new ones are reported.

A finding is keyed by its file (relative to the baseline's folder), its rule code and its
anchor: the place in the report's own terms (table, row, column; section; statement), not
its line, so editing text elsewhere does not make old findings new. Counts per key, as
ESLint's bulk suppressions do: a second finding of the same kind at the same place is new."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePath

from gio_lint.atomic import write_atomic
from gio_lint.render import FileOutcome
from gio_lint.tomlload import DataError, read_data_file

VERSION = 1
Key = tuple[str, str, str]


def _relative(path: str, folder: Path) -> str:
    if path == "<stdin>":
        return path
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(folder)).as_posix()
    except ValueError:
        return PurePath(path).as_posix()


def _keys(outcome: FileOutcome, folder: Path) -> list[Key]:
    where = _relative(outcome.path, folder)
    return [(where, d.code, d.anchor) for d in outcome.diagnostics]


def write(target: Path, outcomes: Sequence[FileOutcome]) -> int:
    """Record every finding; written atomically. Returns how many were recorded."""
    counts = Counter(k for o in outcomes for k in _keys(o, target.parent))
    entries = [{"path": p, "code": c, "anchor": a, "count": n} for (p, c, a), n in sorted(counts.items())]
    text = json.dumps({"gio-lint-baseline": VERSION, "entries": entries}, ensure_ascii=False, indent=2) + "\n"
    write_atomic(target, text)
    return sum(counts.values())


MAX_BASELINE = 512 * 2**20  # an archive of 10⁶ reports' findings fits


def load(source: Path) -> Counter[Key]:
    try:
        data = json.loads(read_data_file(source, MAX_BASELINE, "基线文件").decode("utf-8"))
        if data.get("gio-lint-baseline") != VERSION:
            raise ValueError("not a gio-lint baseline")
        return Counter({(e["path"], e["code"], e["anchor"]): int(e["count"]) for e in data["entries"]})
    except OSError as exc:
        raise DataError(f"{source}: 无法读取基线文件 ({exc.strerror})") from None
    except (ValueError, KeyError, TypeError, AttributeError):  # UnicodeDecodeError is a ValueError
        raise DataError(f"{source}: 不是 gio-lint 基线文件（应由 --write-baseline 生成）") from None


def apply(known: Counter[Key], source: Path, outcomes: Sequence[FileOutcome]) -> tuple[list[FileOutcome], list[Key]]:
    """The outcomes without the findings the baseline records, and the baseline entries
    that no longer occur (their findings were fixed)."""
    left = Counter(known)
    kept: list[FileOutcome] = []
    for o in outcomes:
        if o.result is None:
            kept.append(o)
            continue
        new = []
        for d, key in zip(o.diagnostics, _keys(o, source.parent), strict=True):
            if left[key] > 0:
                left[key] -= 1
            else:
                new.append(d)
        kept.append(replace(o, result=replace(o.result, diagnostics=tuple(new))))
    linted = {_relative(o.path, source.parent) for o in outcomes}
    stale = sorted(k for k, n in left.items() if n > 0 and k[0] in linted)
    return kept, stale
