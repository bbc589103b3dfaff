"""Read a report: bytes from a path or stdin, decoded to text.

UTF-16 with a byte-order mark (what Notepad calls 「Unicode」) is recognised by it; otherwise
UTF-8 (with or without BOM) is tried first, then GB18030 (a superset of GBK and GB2312);
a file whose lines are in both is read line by line. Binary, empty or undecodable input
raises :class:`InputError` with a one-line message. What can be read but is suspect —
more than the size limit, mixed encodings, invisible control characters, encoded lone
surrogates — is recorded as a `problem` that the input rules (F004–F007) report.
Line endings are brought to ``\\n``; nothing else is changed, so lines and columns still
point into the original file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from gio_lint.errors import InputError
from gio_lint.input.characters import INVISIBLE
from gio_lint.input.sources import SUFFIXES, extract

if TYPE_CHECKING:
    from gio_lint.input.sources import Extracted

MAX_BYTES = 20 * 1024 * 1024  # the default limit; `max-bytes` in the config or --max-bytes change it
_SURROGATE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
_LONE = re.compile("[\ud800-\udfff]")  # what "surrogatepass" lets through
_MOST_PLACES = 50  # places listed for one problem; all are counted


@dataclass(frozen=True)
class Problem:
    """Something suspect about an input that could still be read: ``kind`` is one of
    too-large, mixed-encoding, invisible, surrogates; ``where`` the first (line, column)s
    of the ``count`` places; for too-large, the ``size`` (">N" when only known to be
    past the limit, for a pipe) and the ``limit``."""

    kind: str
    where: tuple[tuple[int, int], ...] = ()
    count: int = 0
    size: str = ""
    limit: int = 0


@dataclass(frozen=True)
class Source:
    path: str
    text: str
    encoding: str  # utf-8, utf-8-sig, utf-16, gb18030, mixed; or docx, html, pdf for documents read by sources
    extracted: Extracted | None = None  # for documents: where each line of ``text`` came from
    problems: tuple[Problem, ...] = ()

    def place(self, line: int, column: int) -> str:
        """Where a position is in the original document, for documents that are not
        plain text (「第3页 第2个表格 第5行 第4列」); "" for plain text."""
        return self.extracted.cell_place(line, column) if self.extracted else ""

    @property
    def too_large(self) -> bool:
        return any(p.kind == "too-large" for p in self.problems)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))  # what is left once every other byte is gone
    return controls > max(8, len(head) // 20)


_NOT_CONTROL = bytes([9, 10, 12, 13, *range(32, 256)])  # bytes that are text: not control characters


def _line(raw: bytes) -> tuple[str, str] | None:
    """One line's text and encoding (utf-8, or gb18030), or None. UTF-8 with encoded lone
    surrogates is read as UTF-8, the surrogates kept for now (replaced, and reported, later)."""
    for encoding, errors in (("utf-8", "strict"), ("utf-8", "surrogatepass"), ("gb18030", "strict")):
        if errors == "surrogatepass" and not _SURROGATE.search(raw):
            continue
        try:
            return raw.decode(encoding, errors), encoding
        except UnicodeDecodeError:
            continue
    return None


def _undecodable(raw: bytes) -> int:
    """Where in a line reading stops: the further of where UTF-8 and GB18030 give up (the
    encoding that reads further is the one the line was most likely written in)."""
    stops = []
    for encoding in ("utf-8", "gb18030"):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError as exc:
            stops.append(exc.start)
    return max(stops, default=0)


def _by_line(data: bytes, name: str) -> tuple[str, str, list[Problem]]:
    """Bytes that are not UTF-8 as a whole: GB18030, encoded lone surrogates, or lines
    of both encodings, each line read in its own."""
    lines, gb, utf8 = [], [], 0
    for number, raw in enumerate(data.split(b"\n"), 1):
        found = _line(raw)
        if found is None:
            raise InputError(f"{name}: 无法识别的文本编码，不是 UTF-8 或 GB18030 "
                             f"(undecodable at line {number}, byte {_undecodable(raw)})")
        lines.append(found[0])
        if found[1] == "gb18030":
            gb.append(number)
        else:
            utf8 += not raw.isascii()
    text = "\n".join(lines)
    problems = []
    if utf8 and gb:
        problems.append(Problem("mixed-encoding", tuple((n, 1) for n in gb[:_MOST_PLACES]), len(gb)))
    lone = _places("surrogates", text, _LONE)
    if lone:
        text = _LONE.sub("\ufffd", text)
        problems.append(lone)
    encoding = "mixed" if utf8 and gb else "gb18030" if gb else "utf-8"
    return text, encoding, problems


def _places(kind: str, text: str, pattern: re.Pattern[str]) -> Problem | None:
    """Where ``pattern`` occurs in ``text``, as a problem of ``kind``; None if nowhere."""
    starts = [m.start() for m in pattern.finditer(text)]
    where = tuple((text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i)) for i in starts[:_MOST_PLACES])
    return Problem(kind, where, len(starts)) if starts else None


def _too_large(name: str, size: int | str, limit: int) -> Source:
    return Source(name, "", "", problems=(Problem("too-large", size=str(size), limit=limit),))


def decode(data: bytes, name: str, limit: int = MAX_BYTES) -> Source:
    if len(data) > limit:  # read up to one byte past the limit: how much more there was is not known
        return _too_large(name, f">{limit}", limit)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's 「Unicode」: UTF-16 with a byte-order mark
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{name}: UTF-16 文本已损坏 (broken UTF-16)") from None
        return replace(decode(data, name, len(data)), encoding="utf-16")  # the limit held for the file as it is
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise InputError(f"{name}: 文件为空 (empty file)")
    if _looks_binary(data):
        raise InputError(f"{name}: 不是文本文件，疑似二进制内容 (binary file, not text)")
    # line ends first, in the bytes: neither UTF-8 nor GB18030 uses \r inside a character,
    # and every line number below (NUL, undecodable, GB18030 lines) then counts as the text will
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(f"{name}: 第 {line} 行含 NUL 字节，文件可能已损坏 (NUL byte at line {line})")
    encoding = "utf-8"
    problems: list[Problem] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding, problems = _by_line(data, name)
    if not text.strip():  # only full-width or no-break spaces
        raise InputError(f"{name}: 文件为空 (empty file)")
    invisible = _places("invisible", text, INVISIBLE)
    if invisible:
        problems.append(invisible)
    return Source(name, text, encoding, problems=tuple(problems))


def _read_upto(stream: BinaryIO, most: int) -> bytes:
    """At most ``most`` bytes, read in pieces: a limit in the gigabytes allocates nothing
    up front, and a pipe is read only as far as it goes."""
    chunks, size = [], 0
    while size < most:
        chunk = stream.read(min(1 << 20, most - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read(path: str, limit: int = MAX_BYTES) -> Source:
    """A report from a file, or from stdin for ``-``. Pipes and devices (``<(…)``,
    /dev/stdin) are read up to the size limit, so an endless one cannot hang the run."""
    if path == "-":
        return decode(_read_upto(sys.stdin.buffer, limit + 1), "<stdin>", limit)
    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            with os.scandir(p):  # a folder given for its reports that cannot be listed says so below
                pass
            raise InputError(f"{path}: 是目录，不是报告文件 (is a directory)")
        if info.st_size > limit:
            return _too_large(path, info.st_size, limit)
        if p.suffix.lower() in SUFFIXES and stat.S_ISREG(info.st_mode):
            extracted = extract(p)
            assert extracted is not None
            return Source(path, extracted.text, p.suffix.lower().lstrip("."), extracted)
        with p.open("rb") as fh:
            data = _read_upto(fh, limit + 1)
    except FileNotFoundError:
        if p.is_symlink():
            raise InputError(f"{path}: 符号链接指向的文件不存在 (broken symbolic link)") from None
        raise InputError(f"{path}: 文件不存在 (no such file)") from None
    except PermissionError:
        if p.is_dir():
            raise InputError(f"{path}: 无权读取此目录，其中的报告未检查 (permission denied: not linted)") from None
        raise InputError(f"{path}: 无权读取 (permission denied)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{path}: 符号链接循环，无法读取 (symbolic link loop)") from None
        raise InputError(f"{path}: 无法读取 ({exc.strerror or exc})") from None
    return decode(data, path, limit)
