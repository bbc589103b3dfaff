from __future__ import annotations

from pathlib import Path

import pytest

from gio_lint.errors import InputError
from gio_lint.input.read import decode, read

TEXT = "一、总体情况\n2019年，本机关共收到申请2件。\n"


@pytest.mark.parametrize("data,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
    (TEXT.encode("utf-16"), "utf-16"),
    (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
])
def test_decodes_utf8_bom_and_gb18030(data: bytes, encoding: str) -> None:
    source = decode(data, "r.txt")
    assert source.text == TEXT and source.encoding == encoding


def test_line_endings_are_normalised_without_moving_columns() -> None:
    assert decode(b"a\r\nb\rc\n", "r.txt").text == "a\nb\nc\n"


@pytest.mark.parametrize("data,message", [
    (b"", "文件为空"),
    (b"  \n\n", "文件为空"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制"),
    (bytes(range(1, 32)) * 20, "二进制"),
    (b"\xff\xff\xfe\xfd" * 4, "无法识别的文本编码"),
    (b"\xff\xfe\x00\xd8", "UTF-16 文本已损坏"),
])
def test_bad_input_is_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as exc:
        decode(data, "bad.txt")
    assert str(exc.value).startswith("bad.txt: ") and message in str(exc.value)
    assert "\n" not in str(exc.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="文件不存在"):
        read(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="是目录"):
        read(str(tmp_path))
