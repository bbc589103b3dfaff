"""The JSON contract: the schemas shipped in gio_lint/output/schemas/ hold for the output of every
fixture, in json and json-lines, and docs/json-format.md agrees with them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

import gio_lint.output  # noqa: E402

Cli = Callable[..., tuple[int, str, str]]
SCHEMAS = Path(gio_lint.output.__file__).parent / "schemas"  # inside the installed package
DOC = (ROOT / "docs" / "json-format.md").read_text(encoding="utf-8")


def _load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


DOCUMENT, LINE = _load("json.schema.json"), _load("json-lines.schema.json")
REGISTRY = referencing.Registry().with_resources(
    [(s["$id"], referencing.Resource.from_contents(s)) for s in (DOCUMENT, LINE)])


def validator(schema: dict[str, Any]) -> Any:
    return jsonschema.Draft202012Validator(schema, registry=REGISTRY)


def test_the_schemas_are_schemas() -> None:
    for schema in (DOCUMENT, LINE):
        jsonschema.Draft202012Validator.check_schema(schema)
    assert DOCUMENT["properties"]["schema"]["const"] == "gio-lint/1"


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    """Every fixture and example, and a file that cannot be read."""
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    return [str(FIXTURES / "corpus"), str(FIXTURES / "published"), str(ROOT / "examples"), str(empty)]


def test_the_json_of_every_fixture_holds_the_schema(cli: Cli, inputs: list[str]) -> None:
    _, out, _ = cli("--format", "json", *inputs)
    doc = json.loads(out)
    assert list(validator(DOCUMENT).iter_errors(doc)) == []
    assert len(doc["files"]) >= 14 and doc["summary"]["unreadable"] == 1
    assert {f["encoding"] for f in doc["files"]} >= {"utf-8", "pdf", "docx", None}
    # the schema can fail: a field it does not know, a severity it does not list
    doc["files"][0]["new_field"] = 1
    assert list(validator(DOCUMENT).iter_errors(doc))
    del doc["files"][0]["new_field"]
    first = next(f for f in doc["files"] if f["diagnostics"])
    first["diagnostics"][0]["severity"] = "fatal"
    assert list(validator(DOCUMENT).iter_errors(doc))


def test_every_line_of_json_lines_holds_the_schema(cli: Cli, inputs: list[str]) -> None:
    _, out, _ = cli("--format", "json-lines", *inputs)
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) > 20 and any("error" in line and "code" not in line for line in lines)
    check = validator(LINE)
    assert [e.message for line in lines for e in check.iter_errors(line)] == []
    assert list(check.iter_errors({**lines[0], "extra": 1}))


def _example() -> dict[str, Any]:
    block = re.search(r"```json\n(.*?)\n```", DOC, re.S)
    assert block is not None
    return json.loads(block.group(1))  # type: ignore[no-any-return]


def test_the_documented_example_holds_the_schema() -> None:
    assert list(validator(DOCUMENT).iter_errors(_example())) == []


def _row(field: str) -> str:
    row = next((line for line in DOC.splitlines() if line.startswith(f"| `{field}` |")), None)
    assert row is not None, f"docs/json-format.md has no row for {field}"
    return row


@pytest.mark.parametrize("field", ["encoding", "template"])
def test_the_documented_values_are_the_schemas(field: str) -> None:
    schema_values = {"null" if v is None else v for v in DOCUMENT["$defs"]["file"]["properties"][field]["enum"]}
    described = _row(f"files[].{field}").split("|")[2]
    assert set(re.findall(r"`([^`]+)`", described)) == schema_values
