"""Settings: `[tool.gio-lint]` in pyproject.toml or a `gio-lint.toml`, the nearest one to
the report (walking up from its folder), then the command line, which wins.

Keys (the same spellings as ruff's where ruff has one):

    select / extend-select / ignore   rule codes or prefixes, or ALL
    per-file-ignores                  {"glob": ["CODE", …]}, globs relative to the config file
    severity                          {"CODE": "error" | "warning" | "info"}
    lang                              "zh" | "en"
    template                          "2019" | "2021" | "legacy": check against this format
    rounding                          "half-up" (default): a percentage that only truncation explains
                                      is reported (P002, or P001); "half-up-or-truncate": accepted
    rule-dirs                         folders of an agency's own rule files, relative to the config
    max-bytes                         files larger than this are not read (F004); default 20 MB
    extend                            another settings file (relative to this one) whose settings
                                      this one's keys override, as ruff's extend
    exclude / extend-exclude          gitignore-style patterns of files and folders a folder run
                                      leaves out (relative to the folder given)

Codes and prefixes (select, ignore, severity …) must name rules that exist; a misspelt one
is refused with the codes it is close to. ``--config FILE`` takes one file's settings for
every report; ``--isolated`` takes none.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from gio_lint.input.read import MAX_BYTES
from gio_lint.rules.diagnostics import SEVERITIES
from gio_lint.tomlload import DataError, load_toml

if TYPE_CHECKING:
    from gio_lint.rules.ruleset import Rule

KEYS = {"select", "extend-select", "ignore", "per-file-ignores", "severity", "lang", "template", "rounding",
        "rule-dirs", "max-bytes", "extend", "exclude", "extend-exclude"}
ROUNDINGS = ("half-up", "half-up-or-truncate")


@dataclass(frozen=True)
class Settings:
    source: str = ""  # the config file, or "" for the defaults
    root: Path = Path(".")  # paths in the config are relative to this folder
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    lang: str = "zh"
    template: str = ""
    rounding: str = "half-up"
    rule_dirs: tuple[Path, ...] = ()
    max_bytes: int = MAX_BYTES
    exclude: tuple[str, ...] = ()  # gitignore-style patterns a folder run leaves out

    def as_dict(self) -> dict[str, Any]:
        return {
            "config": self.source or None, "select": list(self.select), "extend-select": list(self.extend_select),
            "ignore": list(self.ignore), "per-file-ignores": {k: list(v) for k, v in self.per_file_ignores.items()},
            "severity": dict(self.severity), "lang": self.lang, "template": self.template or None,
            "rounding": self.rounding, "rule-dirs": [str(d) for d in self.rule_dirs],
            "max-bytes": self.max_bytes, "exclude": list(self.exclude),
        }


def _codes(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(f"{where}: {key} 应为规则代码的列表，如 [\"K\", \"T002\"]")
    return tuple(v.strip().upper() for v in value)


def _close(word: str, known: set[str] | frozenset[str]) -> list[str]:
    """What ``word`` may have meant: the near spellings, else (a rule code: P999) the codes
    of its family."""
    near = difflib.get_close_matches(word, sorted(known), n=3, cutoff=0.6)
    return near or sorted(k for k in known if k[:1] == word[:1] and k[1:2].isdigit())[:6]


def _unknown(what_zh: str, what_en: str, word: str, known: set[str] | frozenset[str], where: str) -> DataError:
    """An error naming what is not known and what it is close to, in both languages."""
    close = _close(word, known)
    zh = f"{where}未知的{what_zh}「{word}」" + (f"，是否应为 {'、'.join(close)}？" if close else "")
    en = f"{where}unknown {what_en} '{word}'" + (f"; did you mean {', '.join(close)}?" if close else "")
    return DataError(zh, en)


def _parse(data: dict[str, Any], path: Path, seen: tuple[Path, ...] = ()) -> Settings:
    where = str(path)
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise _unknown("配置项", "setting", unknown[0], KEYS, f"{where}: ")
    s = Settings(source=where, root=path.parent)
    if "extend" in data:
        s = replace(_extended(data["extend"], path, seen), source=where, root=path.parent)
    if "select" in data:
        s = replace(s, select=_codes(data["select"], "select", where))
    if "extend-select" in data:
        s = replace(s, extend_select=_codes(data["extend-select"], "extend-select", where))
    if "ignore" in data:
        s = replace(s, ignore=_codes(data["ignore"], "ignore", where))
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise DataError(f"{where}: per-file-ignores 应为 {{\"路径通配符\" = [\"代码\", …]}}")
    s = replace(s, per_file_ignores={k: _codes(v, f"per-file-ignores.{k}", where) for k, v in pfi.items()})
    severity = data.get("severity", {})
    if not isinstance(severity, dict) or any(v not in SEVERITIES for v in severity.values()):
        raise DataError(f"{where}: severity 应为 {{\"代码\" = \"error\" | \"warning\" | \"info\"}}")
    s = replace(s, severity={k.upper(): v for k, v in severity.items()})
    for key, allowed in (("lang", ("zh", "en")), ("template", ("2019", "2021", "legacy")), ("rounding", ROUNDINGS)):
        if key in data:
            if data[key] not in allowed:
                raise DataError(f"{where}: {key}「{data[key]}」无效，应为 {' / '.join(allowed)}")
            s = replace(s, **{key: data[key]})
    if "max-bytes" in data:
        limit = data["max-bytes"]
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise DataError(f"{where}: max-bytes 应为正整数（字节数），如 20971520")
        s = replace(s, max_bytes=limit)
    for key in ("exclude", "extend-exclude"):
        if key in data:
            patterns = data[key]
            if not isinstance(patterns, list) or not all(isinstance(x, str) for x in patterns):
                raise DataError(f"{where}: {key} 应为 gitignore 式路径模式的列表，如 [\"草稿/\", \"*.bak.txt\"]")
            s = replace(s, exclude=(*(s.exclude if key == "extend-exclude" else ()), *patterns))
    if "rule-dirs" not in data:
        return s
    dirs = data["rule-dirs"]
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        raise DataError(f"{where}: rule-dirs 应为目录的列表")
    resolved = tuple((path.parent / d).resolve() for d in dirs)
    for d in resolved:
        if not d.is_dir():
            raise DataError(f"{where}: rule-dirs 中的目录不存在: {d}")
    return replace(s, rule_dirs=resolved)


def _extended(value: Any, path: Path, seen: tuple[Path, ...]) -> Settings:
    """The settings of the file ``extend`` names (relative to ``path``), which this one's
    keys then override."""
    if not isinstance(value, str):
        raise DataError(f"{path}: extend 应为另一个配置文件的路径")
    base = (path.parent / value).resolve()
    if base in (*seen, path.resolve()):
        raise DataError(f"{path}: extend 形成循环 ({' → '.join(str(p) for p in (*seen, path.resolve(), base))})",
                        f"{path}: extend goes round in a circle")
    if not base.is_file():
        raise DataError(f"{path}: extend 指向的配置文件不存在: {base}", f"{path}: extend names no file: {base}")
    found = read_config(base, (*seen, path.resolve()))
    return found or Settings(source=str(base), root=base.parent)


def read_config(path: Path, seen: tuple[Path, ...] = ()) -> Settings | None:
    """One settings file's settings (None: a pyproject.toml without [tool.gio-lint])."""
    data = load_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        table = tool.get("gio-lint") if isinstance(tool, dict) else None
        return _parse(table, path, seen) if isinstance(table, dict) else None
    return _parse(data, path, seen)


@lru_cache(maxsize=256)
def settings_for(folder: Path) -> Settings:
    """The settings of the nearest config file at or above ``folder``."""
    for d in (folder, *folder.parents):
        for name in ("gio-lint.toml", "pyproject.toml"):
            candidate = d / name
            if candidate.is_file():
                found = read_config(candidate)
                if found is not None:
                    return found
    return Settings()


@lru_cache(maxsize=32)
def _rules(dirs: tuple[Path, ...]) -> tuple[Rule, ...]:
    from gio_lint.rules.rulebook import load_rules, load_rules_from  # every kind: not for --version or --help

    rules = list(load_rules())
    builtin = {r.code for r in rules}
    for d in dirs:
        for rule in load_rules_from(d):
            if rule.code in builtin:
                raise DataError(f"{rule.source}: 规则代码 {rule.code} 与内置规则重复，请换一个代码")
            builtin.add(rule.code)
            rules.append(rule)
    return tuple(sorted(rules, key=lambda r: r.code))


def all_rules(settings: Settings) -> tuple[Rule, ...]:
    """Every rule the settings know: the built-in ones and those of their rule folders,
    selected or not."""
    return _rules(settings.rule_dirs)


def _matches(code: str, selectors: tuple[str, ...]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selectors)


def check_selectors(rules: tuple[Rule, ...], *groups: tuple[str, ...]) -> None:
    known = {r.code for r in rules}
    for group in groups:
        for c in group:
            if c != "ALL" and not any(k.startswith(c) for k in known):
                raise _unknown("规则代码或前缀", "rule code or prefix", c, known, "")


def _check_severities(rules: tuple[Rule, ...], severity: tuple[tuple[str, str], ...]) -> None:
    """A severity is set for one rule, named by its whole code."""
    known = {r.code for r in rules}
    for code, _ in severity:
        if code not in known:
            raise _unknown("规则代码（severity 中须写完整代码）", "rule code (severity takes whole codes)", code,
                           known, "")


def rules_for(settings: Settings, report: str) -> tuple[Rule, ...]:
    """The rules that apply to ``report`` (a path), with severities as configured."""
    ignored = settings.ignore
    if settings.per_file_ignores:
        try:
            inside = Path(os.path.abspath(report)).relative_to(os.path.abspath(settings.root))
            relative = PurePosixPath(inside.as_posix())
        except ValueError:
            relative = PurePosixPath(Path(report).as_posix())
        for pattern, codes in settings.per_file_ignores.items():
            if fnmatch.fnmatch(str(relative), pattern) or fnmatch.fnmatch(relative.name, pattern):
                ignored = (*ignored, *codes)
    per_file = tuple(c for codes in settings.per_file_ignores.values() for c in codes)
    return _chosen(settings.rule_dirs, settings.select, settings.extend_select, ignored, per_file,
                   tuple(sorted(settings.severity.items())))


@lru_cache(maxsize=256)
def _chosen(dirs: tuple[Path, ...], select: tuple[str, ...], extend: tuple[str, ...], ignored: tuple[str, ...],
            per_file: tuple[str, ...], severity: tuple[tuple[str, str], ...]) -> tuple[Rule, ...]:
    rules = _rules(dirs)
    check_selectors(rules, select, extend, ignored, per_file)
    _check_severities(rules, severity)
    levels = dict(severity)
    chosen = [r for r in rules
              if (_matches(r.code, select) or _matches(r.code, extend)) and not _matches(r.code, ignored)]
    return tuple(replace(r, severity=levels.get(r.code, r.severity)) for r in chosen)
