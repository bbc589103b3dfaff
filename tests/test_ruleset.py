"""Rule files are validated on load: a broken rule is refused with its file named."""

from __future__ import annotations

from pathlib import Path

import pytest

from gio_lint.rules.rulebook import load_rules_from
from gio_lint.tomlload import DataError

GOOD = '''
[[rule]]
code = "K901"
name = "my-sum"
kind = "sum"
table = "t3"
for_each = "column"
expr = "new + carried == results_total + forwarded"
severity = "error"
message = "{column}"
message_en = "{column}"
doc = "doc"
'''


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "custom.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_good_rule_loads(tmp_path: Path) -> None:
    [rule] = load_rules_from(write(tmp_path, GOOD))
    assert (rule.code, rule.kind, rule.expressions()) == ("K901", "sum", ["new + carried == results_total + forwarded"])


@pytest.mark.parametrize("change,message", [
    (('code = "K901"', 'code = "k9"'), "规则代码「k9」无效"),
    (('kind = "sum"', 'kind = "summ"'), "未知的规则类型 kind=「summ」"),
    (('severity = "error"', 'severity = "fatal"'), "severity「fatal」无效"),
    (('doc = "doc"', 'doc = "doc"\nextra = 1'), "未知字段 extra"),
    (('message = "{column}"', 'message = "{colum}"'), "占位符 {colum} 不可用于 kind=sum"),
    (('expr = "new + carried == results_total + forwarded"', 'expr = "new + == forwarded"'), "无法解析"),
    (('expr = "new + carried == results_total + forwarded"', 'expr = "new == nonexistent"'),
     "「nonexistent」不是表 t3 的行"),
    (('for_each = "column"', 'for_each = "columns"'),
     "for_each「columns」无效，应为 row / column；是否想写「column」？"),
    (('for_each = "column"', 'for_each = "diagonal"'), "for_each「diagonal」无效，应为 row / column"),
    (('table = "t3"', 'table = "t9"'), "table「t9」不是任何模板中的表"),
    (('expr = "new + carried == results_total + forwarded"', 'expr = "results_total == sum(@nosuch)"'),
     "sum(@nosuch) 中的标签不存在"),
    (('expr = "new + carried == results_total + forwarded"', 'expr = "new == carried"\nprimary = "x"'),
     "primary「x」没有出现在表达式中"),
    (('table = "t3"', 'tablex = "t3"'), "未知字段 tablex；是否想写「table」？"),
    (("[[rule]]", "[[rule]]\n[[rule]]"), "规则代码「None」无效"),
    (('doc = "doc"', 'doc = "doc'), "TOML 语法错误"),
])
def test_a_broken_rule_is_refused_with_its_file(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    folder = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(DataError) as exc:
        load_rules_from(folder)
    assert str(exc.value).startswith(str(folder / "custom.toml")) and message in str(exc.value)
    if "TOML" not in message and "None" not in message:
        assert str(exc.value).startswith(f"{folder / 'custom.toml'}:2: ")  # file:line of the [[rule]]
    assert "\n" not in str(exc.value)


SUM_PARAMS = 'table = "t3"\nfor_each = "column"\nexpr = "new + carried == results_total + forwarded"\n'
STRUCTURE = GOOD.replace('kind = "sum"', 'kind = "structure"').replace(SUM_PARAMS, 'issue = "row-mising"\n')


def test_a_misspelt_value_is_refused_with_what_was_meant(tmp_path: Path) -> None:
    """A value outside a kind's choices (here a structure rule's issue) is refused, not
    loaded to never fire."""
    folder = write(tmp_path, STRUCTURE)
    with pytest.raises(DataError) as exc:
        load_rules_from(folder)
    assert str(exc.value).startswith(f"{folder / 'custom.toml'}:2: K901: issue「row-mising」无效，应为 table-missing")
    assert str(exc.value).endswith("是否想写「row-missing」？ (did you mean row-missing?)")
    [rule] = load_rules_from(write(tmp_path, STRUCTURE.replace("row-mising", "row-missing")))
    assert rule.params == {"issue": "row-missing"}


def test_every_issue_the_matcher_finds_is_a_choice_of_the_structure_kind() -> None:
    import re

    import gio_lint.templates
    from gio_lint.templates.table_reader import ISSUES

    source = "".join((Path(gio_lint.templates.__file__).parent / name).read_text(encoding="utf-8")
                     for name in ("table_reader.py", "match.py"))
    found = set(re.findall(r"[Ii]ssue\(\s*\"([a-z-]+)\"", source))
    assert found and found == set(ISSUES)
