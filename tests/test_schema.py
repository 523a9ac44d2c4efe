"""Generated docs and JSON Schema: not stale, valid, and in step with the models."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from generator import codes, schema
from generator import models as m
from generator.load import load
from generator.read import parse_csv, parse_yaml

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "valid" / "minimal"


def test_committed_copies_are_up_to_date():
    """Fails when models.py or codes.py changed without `python -m generator schema` (make schema)."""
    assert schema.write_all(check=True) == []


@pytest.mark.parametrize("kind", schema.FILE_KINDS, ids=[k.kind for k in schema.FILE_KINDS])
def test_schema_is_valid_json_schema(kind):
    jsonschema.Draft202012Validator.check_schema(schema.json_schema(kind))


@pytest.mark.parametrize("kind", schema.FILE_KINDS, ids=[k.kind for k in schema.FILE_KINDS])
def test_examples_are_valid_data(kind):
    """The example shown for each file kind in data-format.md passes its model and its JSON Schema."""
    if kind.csv:
        doc = parse_csv(
            schema.EXAMPLES[kind.kind], "x.csv", columns=list(kind.model.model_fields), required=[], keys=[]
        )
        assert doc.problems == []
        for row in doc.rows:
            kind.model.model_validate({k: v for k, v in row.values.items() if v is not None})
        return
    doc = parse_yaml(schema.EXAMPLES[kind.kind], "x.yaml")
    assert doc.problems == []
    items = doc.value if kind.many else [doc.value]
    for item in items:
        kind.model.model_validate(item)
    jsonschema.validate(json.loads(json.dumps(doc.value, default=str)), schema.json_schema(kind))


def test_minimal_fixture_passes_the_json_schemas():
    """Editors using docs/schema/ agree with the validator on a valid tree."""
    by_kind = {k.kind: k for k in schema.FILE_KINDS}
    for path in MINIMAL.rglob("*.yaml"):
        name = path.parent.name if path.parent.name == "reference" else path.stem
        kind = by_kind.get("reference" if name == "reference" else name)
        if kind is None:
            continue
        value = parse_yaml(path.read_text(encoding="utf-8"), "x").value
        jsonschema.validate(json.loads(json.dumps(value, default=str)), schema.json_schema(kind))


def test_data_format_doc_covers_every_field():
    text = schema.data_format_md()
    for kind in schema.FILE_KINDS:
        assert f"`data/{kind.path}`" in text
        for name in kind.model.model_fields:
            assert f"| `{name}` |" in text, (kind.kind, name)
    for enum in (m.TargetKind, m.Measure, m.PlanStatus, m.AdminLevel, m.TaskStatus):
        for v in enum:
            assert f"`{v.value}`" in text


def test_error_codes_doc_lists_every_code():
    text = schema.error_codes_md()
    for code in codes.CODES:
        assert f"| `{code}` |" in text
    assert re.findall(r"\{[a-z_]+\}", text) == []  # placeholders are shown as ‹name›


def test_schema_files_cover_every_file_kind():
    files = schema.generated_files()
    assert {p.name for p in files if p.suffix == ".json"} == {f"{k.kind}.schema.json" for k in schema.FILE_KINDS}


def test_minimal_loads():
    assert load(MINIMAL).errors == []


def test_table_cells_keep_placeholders_as_text_not_html():
    """`<city>` in a message would be an HTML tag on the published Contribute pages."""
    from generator.schema import _cell

    assert _cell("data/cities/<city>/ | `<plan>`<br>x") == "data/cities/&lt;city&gt;/ \\| `<plan>`<br>x"
