"""Read a report: bytes from a path or stdin, decoded to text.

UTF-8 (with or without BOM) is tried first, then GB18030 (a superset of GBK and GB2312).
Binary or undecodable input raises :class:`InputError` with a one-line message.
Line endings are brought to ``\\n``; nothing else is changed, so lines and columns
still point into the original file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gio_lint.sources import SUFFIXES, extract

if TYPE_CHECKING:
    from gio_lint.sources import Extracted

MAX_BYTES = 20 * 1024 * 1024


class InputError(Exception):
    """Input that cannot be linted at all: reported as one line, exit code 2."""


@dataclass(frozen=True)
class Source:
    path: str
    text: str
    encoding: str  # utf-8, utf-8-sig, gb18030; or docx, html, pdf for documents read by gio_lint.sources
    extracted: Extracted | None = None  # for documents: where each line of ``text`` came from

    def place(self, line: int, column: int) -> str:
        """Where a position is in the original document, for documents that are not
        plain text (「第3页 表2 第5行 第4列」); "" for plain text."""
        return self.extracted.cell_place(line, column) if self.extracted else ""


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 20)


def decode(data: bytes, name: str) -> Source:
    if not data.strip():
        raise InputError(f"{name}: 文件为空 (empty file)")
    if _looks_binary(data):
        raise InputError(f"{name}: 不是文本文件，疑似二进制内容 (binary file, not text)")
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: 无法识别的文本编码，不是 UTF-8 或 GB18030 (undecodable at byte {exc.start})"
            ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(name, text, encoding)


def read(path: str) -> Source:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"<stdin>: 输入过大（超过 {MAX_BYTES} 字节） (input too large)")
        return decode(data, "<stdin>")
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{path}: 是目录，不是报告文件 (is a directory)")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: 文件过大 ({size} 字节，上限 {MAX_BYTES}) (file too large)")
        if p.suffix.lower() in SUFFIXES:
            extracted = extract(p)
            assert extracted is not None
            return Source(path, extracted.text, p.suffix.lower().lstrip("."), extracted)
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: 文件不存在 (no such file)") from None
    except PermissionError:
        raise InputError(f"{path}: 无权读取 (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{path}: 无法读取 ({exc.strerror})") from None
    return decode(data, path)
