"""Which files a folder run lints: .gitignore and .ignore respected, --exclude and the
settings' excludes, --no-ignore to lint all; --stdin-filename names standard input."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLE_2019

from gio_lint.command.config import settings_for

Cli = Callable[..., tuple[int, str, str]]
DRAFT = EXAMPLE_2019.read_text(encoding="utf-8")  # one finding: T002


def _named(out: str, root: Path) -> list[str]:
    """The reports findings were reported for, relative to ``root``, sorted."""
    names = {line.split(":")[0] for line in out.splitlines() if line.startswith(str(root))}
    return sorted(Path(n).relative_to(root).as_posix() for n in names)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    for name in ("2019/a.txt", "2019/drafts/b.txt", "build/c.txt", "2020/d.txt", "2020/e.bak.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(DRAFT, encoding="utf-8")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    (root / "2019" / ".ignore").write_text("drafts/\n", encoding="utf-8")
    settings_for.cache_clear()
    return root


def test_ignore_files_are_respected_and_no_ignore_lints_all(cli: Cli, archive: Path) -> None:
    code, out, _ = cli("--format", "concise", str(archive))
    assert code == 1 and _named(out, archive) == ["2019/a.txt", "2020/d.txt", "2020/e.bak.txt"]
    _, out, _ = cli("--format", "concise", "--no-ignore", str(archive))
    assert _named(out, archive) == ["2019/a.txt", "2019/drafts/b.txt", "2020/d.txt", "2020/e.bak.txt", "build/c.txt"]


def test_excludes_from_the_command_line_and_the_settings(cli: Cli, archive: Path) -> None:
    _, out, _ = cli("--format", "concise", "--exclude", "*.bak.txt", str(archive))
    assert _named(out, archive) == ["2019/a.txt", "2020/d.txt"]
    (archive / "gio-lint.toml").write_text('extend-exclude = ["2020/"]\n', encoding="utf-8")
    settings_for.cache_clear()
    _, out, _ = cli("--format", "concise", str(archive))
    assert _named(out, archive) == ["2019/a.txt"]
    _, out, _ = cli("--format", "concise", "--no-ignore", "--exclude", "*.bak.txt", str(archive))
    assert len(_named(out, archive)) == 5
    # a file named on the command line is linted whatever the patterns say
    _, out, _ = cli("--format", "concise", "--exclude", "*.bak.txt", str(archive / "2020" / "e.bak.txt"))
    assert _named(out, archive) == ["2020/e.bak.txt"]


def test_stdin_gets_its_name_and_settings(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "agency"
    folder.mkdir()
    (folder / "gio-lint.toml").write_text('lang = "en"\n', encoding="utf-8")
    settings_for.cache_clear()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(DRAFT.encode("utf-8"))))
    code, out, _ = cli("--format", "concise", "--stdin-filename", str(folder / "draft.txt"), "-")
    assert code == 1
    assert out.splitlines()[0] == f"{folder / 'draft.txt'}:27:1: T002 表二 第二十条第（一）项 lacks the row 「规章」"
