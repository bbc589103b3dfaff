"""Which files below a folder given a folder run lints: not those its `.gitignore` and
`.ignore` files name (each for the folder it is in and below), nor those the exclude
patterns name (from --exclude and the settings' exclude / extend-exclude, relative to the
folder given). Patterns are gitignore's, matched by pathspec; --no-ignore lints all."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pathspec import GitIgnoreSpec

from gio_lint.tomlload import read_data_file

IGNORE_FILES = (".gitignore", ".ignore")
_MOST = 2**20  # bytes of one ignore file


class Ignored:
    """What a folder run leaves out below one folder given."""

    def __init__(self, root: str, excludes: Sequence[str], ignore_files: bool) -> None:
        self.root = os.path.abspath(root)
        self.exclude = GitIgnoreSpec.from_lines(excludes) if excludes else None
        self.ignore_files = ignore_files
        self.specs: dict[str, GitIgnoreSpec] = {}  # a folder's own ignore files, by folder

    def enter(self, folder: str) -> None:
        """Read the ignore files of a folder the walk has come to."""
        if not self.ignore_files:
            return
        lines: list[str] = []
        for name in IGNORE_FILES:
            path = Path(folder, name)
            if path.is_file():
                lines += read_data_file(path, _MOST).decode("utf-8", "replace").splitlines()
        if lines:
            self.specs[os.path.abspath(folder)] = GitIgnoreSpec.from_lines(lines)

    def skips(self, path: str, folder: bool = False) -> bool:
        full = os.path.abspath(path)
        tail = "/" if folder else ""
        if self.exclude is not None and self.exclude.match_file(_relative(full, self.root) + tail):
            return True
        here = os.path.dirname(full)
        while self.specs and here.startswith(self.root):
            spec = self.specs.get(here)
            if spec is not None and spec.match_file(_relative(full, here) + tail):
                return True
            if here == self.root:
                break
            here = os.path.dirname(here)
        return False


def _relative(path: str, folder: str) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()
