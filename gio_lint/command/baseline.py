"""Baselines: today's findings recorded so that only new ones are reported.

A finding is keyed by its file (relative to the baseline's folder), its rule code and its
anchor: the place in the report's own terms (table, row, column; section; statement), not
its line, so editing text elsewhere does not make old findings new. Counts per key, as
ESLint's bulk suppressions do: a second finding of the same kind at the same place is new."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path, PurePath

from gio_lint.command.atomic import write_atomic
from gio_lint.output.outcome import FileOutcome
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


class Recorder:
    """Today's findings, counted file by file, to be recorded."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.counts: Counter[Key] = Counter()

    def add(self, outcome: FileOutcome) -> None:
        self.counts.update(_keys(outcome, self.target.parent))

    def write(self) -> int:
        """Record every finding; written atomically. Returns how many were recorded."""
        entries = [{"path": p, "code": c, "anchor": a, "count": n} for (p, c, a), n in sorted(self.counts.items())]
        text = json.dumps({"gio-lint-baseline": VERSION, "entries": entries}, ensure_ascii=False, indent=2) + "\n"
        write_atomic(self.target, text)
        return sum(self.counts.values())


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


class Filter:
    """Outcomes without the findings the baseline records, file by file; at the end, the
    baseline entries that no longer occur (their findings were fixed)."""

    def __init__(self, known: Counter[Key], source: Path) -> None:
        self.left, self.folder = Counter(known), source.parent
        self.recorded = {path for path, _, _ in known}
        self.linted: set[str] = set()  # of the files the baseline names

    def keep(self, outcome: FileOutcome) -> FileOutcome:
        where = _relative(outcome.path, self.folder)
        if where in self.recorded:
            self.linted.add(where)
        if outcome.result is None:
            return outcome
        new = []
        for d, key in zip(outcome.diagnostics, _keys(outcome, self.folder), strict=True):
            if self.left[key] > 0:
                self.left[key] -= 1
            else:
                new.append(d)
        return replace(outcome, result=replace(outcome.result, diagnostics=tuple(new)))

    def stale(self) -> list[Key]:
        return sorted(k for k, n in self.left.items() if n > 0 and k[0] in self.linted)
