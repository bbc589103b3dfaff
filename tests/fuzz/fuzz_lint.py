"""An atheris (libFuzzer) fuzz target: bytes → gio_lint.input.read.decode → gio_lint.rules.lint.lint.

Input that cannot be linted must be refused with gio_lint.input.read.InputError; anything else
raised is a crash, which libFuzzer reports and saves (crash-<sha1> in the working folder).
With GIO_FUZZ_SPANS=1 a finding whose span (or a related span) lies outside the file is
a crash too.

Run on demand, not by pytest (the name does not start with test_), see README.md:

    python tests/fuzz/fuzz_lint.py -max_total_time=60

Without a corpus folder on the command line the reports in tests/fixtures/corpus and
examples/ are copied into a fresh temporary folder and used as seeds, and a dictionary
of report tokens (headings, separators, table labels) is passed with -dict.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [*sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.txt")), *sorted((ROOT / "examples").glob("*.txt"))]
TOKENS = [
    "\n", "\r\n", "\t", "|", "｜", " | ", "\ufeff", "\u3000", "\xa0", "\u200b", "\x0c", "\u2028",
    "一、", "二、", "三、", "四、", "五、", "六、", "七、", "（一）", "（二）", "(三)", "1.", "2．", "3、",
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况", "其他需要报告的事项", "第二十条第（一）项", "第二十条第（五）项",
    "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项", "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量", "本年度办理结果", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理",
    "其他处理", "总计", "结转下年度继续办理", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织",
    "法律服务机构", "其他", "行政复议", "行政诉讼", "维持", "纠正", "尚未审结", "其中", "合计", "件", "万元", "%",
    "2019年", "2021年", "2024年度", "政府信息公开工作年度报告", "增加", "减少", "同比", "0", "12", "1,234", "3.5",
]


def _dictionary(folder: Path) -> Path:
    """TOKENS in libFuzzer's -dict format (one quoted string a line, bytes as \\xNN)."""
    lines = []
    for n, token in enumerate(TOKENS):
        escaped = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}" for b in token.encode())
        lines.append(f'token{n}="{escaped}"')
    path = folder / "gio-lint.dict"
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


def _seeded(argv: list[str]) -> list[str]:
    """argv with a seed corpus and the dictionary added when none was given."""
    flags = [a for a in argv[1:] if a.startswith("-")]
    if any(not a.startswith("-") for a in argv[1:]):
        return argv
    folder = Path(tempfile.mkdtemp(prefix="gio-lint-fuzz-"))
    corpus = folder / "corpus"
    corpus.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, corpus / seed.name)
    extra = [] if any(f.startswith("-dict=") for f in flags) else [f"-dict={_dictionary(folder)}"]
    sys.stderr.write(f"fuzz_lint: seeds and new inputs in {corpus}\n")
    return [argv[0], *flags, *extra, str(corpus)]


def main(argv: list[str]) -> None:
    import atheris  # only when run: pytest and ruff never need it

    sys.path.insert(0, str(ROOT))  # a source checkout, installed or not
    with atheris.instrument_imports(include=["gio_lint"]):
        from gio_lint.errors import InputError
        from gio_lint.input.read import decode
        from gio_lint.rules.lint import lint

        lint(decode(SEEDS[-1].read_bytes(), "warm-up.txt"))  # modules gio_lint imports on first use
    check_spans = os.environ.get("GIO_FUZZ_SPANS") == "1"

    def one_input(data: bytes) -> None:
        try:
            source = decode(data, "fuzz.txt")
        except InputError:
            return
        result = lint(source)
        if check_spans:
            lines = source.text.split("\n")
            if len(lines) > 1 and lines[-1] == "":
                lines.pop()
            for d in result.diagnostics:
                for s in (d.span, *(r.span for r in d.related)):
                    inside = (1 <= s.line <= len(lines) and 1 <= s.end_line <= len(lines)
                              and 1 <= s.col <= len(lines[s.line - 1]) + 1
                              and 1 <= s.end_col <= len(lines[s.end_line - 1]) + 1
                              and (s.line, s.col) <= (s.end_line, s.end_col))
                    if not inside:
                        raise AssertionError(f"{d.code}: span {s} outside the file ({len(lines)} lines)")

    atheris.Setup(_seeded(argv), one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
