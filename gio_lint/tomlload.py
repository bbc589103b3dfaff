"""Loading TOML data files with errors that name the file."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any


class DataError(Exception):
    """A rule, template or settings file that cannot be used: one line, exit code 2. Where
    the English is given apart (``en``), --lang en shows it instead of the Chinese."""

    def __init__(self, message: str, en: str = "") -> None:
        super().__init__(message)
        self.en = en

    def text(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else str(self)


MAX_DATA_FILE = 2**20  # a rule, template or settings file: a few kilobytes in practice


def read_data_file(path: Path, limit: int, what: str = "") -> bytes:
    """A data file's bytes. A named pipe or a device is refused, not waited on or read
    forever (it is opened without waiting, then looked at), and so is a file past ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise DataError(f"{path}: 无法读取{what} ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataError(f"{path}: 不是普通文件（命名管道或设备等），未读取 (not a regular file)")
        if info.st_size > limit:
            raise DataError(f"{path}: 文件过大（{info.st_size} 字节，上限 {limit} 字节），未读取 (too large)")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise DataError(f"{path}: 文件过大（上限 {limit} 字节），未读取 (too large)")
    return data


def load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_data_file(path, MAX_DATA_FILE).decode("utf-8"))
    except UnicodeDecodeError:
        raise DataError(f"{path}: 不是 UTF-8 编码的 TOML 文件 (not UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: TOML 语法错误: {exc}") from None
