"""Loading TOML data files with errors that name the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


class DataError(Exception):
    """A rule or template file that cannot be used: one line, exit code 2."""


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise DataError(f"{path}: 无法读取 ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: 不是 UTF-8 编码的 TOML 文件 (not UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: TOML 语法错误: {exc}") from None
