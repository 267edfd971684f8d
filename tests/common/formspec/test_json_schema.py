"""The published JSON Schema: valid Draft 2020-12, closed, bounded, and agreeing with the server."""

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from .conftest import CODES, form_of


def _unbounded(schema, path="$"):
    """Strings without maxLength, arrays without maxItems, numbers without both bounds, open objects."""
    kind = schema.get("type")
    if kind == "string" and "maxLength" not in schema and "enum" not in schema:
        yield path
    if kind == "array":
        if "maxItems" not in schema:
            yield path
        yield from _unbounded(schema["items"], path + "[]")
    if kind == "integer" and not {"minimum", "maximum"} <= set(schema):
        yield path
    if kind == "object":
        if schema.get("additionalProperties") is not False:
            yield path
        for name, sub in schema.get("properties", {}).items():
            yield from _unbounded(sub, f"{path}.{name}")


@pytest.mark.parametrize("code", CODES)
def test_schema_is_valid_closed_and_bounded_and_accepts_the_example(code):
    form = form_of(code)
    schema = form.json_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(_unbounded(schema)) == []
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    example = form.example()
    assert list(validator.iter_errors(example)) == []
    cleaned, _ = form.validate(example)
    assert list(validator.iter_errors(cleaned)) == []
    assert not validator.is_valid({**example, "extra_property": "x"})
    assert [u["name"] for u in schema["x-uploads"]] == [s.name for s in form.slots]


@pytest.mark.parametrize("code", CODES)
def test_schema_requires_what_the_server_requires(code):
    form = form_of(code)
    validator = Draft202012Validator(form.json_schema())
    example = form.example()
    for field in form.fields:
        if field.name in example and field.required:
            data = {k: v for k, v in example.items() if k != field.name}
            assert not validator.is_valid(data), (code, field.name)


def test_schema_has_patterns_and_enums():
    props = form_of("JT-006").json_schema()["properties"]
    assert props["other_id_number"]["pattern"] == r"^[0-9]{17}[0-9X]$"
    assert props["other_phone"]["pattern"] == r"^1[3-9][0-9]{9}$"
    assert props["own_plate"]["pattern"].startswith("^[京津沪")
    assert props["liability"]["enum"][0] == "own_full"
    assert props["applicant_name"]["readOnly"] is True
    assert form_of("JDC-006").json_schema()["properties"]["mortgagee_credit_code"]["pattern"]


def test_schema_upload_slots_name_types_and_size():
    uploads = {u["name"]: u for u in form_of("CRJ-014").json_schema()["x-uploads"]}
    assert uploads["photo"]["contentTypes"] == ["image/jpeg", "image/png"]
    assert uploads["passport"]["contentTypes"] == ["application/pdf", "image/jpeg", "image/png"]
    assert uploads["passport"]["maxBytes"] == 5 * 1024 * 1024 and uploads["passport"]["required"]
    assert "when" not in uploads["passport"]
    conditional = {u["name"]: u for u in form_of("ZA-004").json_schema()["x-uploads"]}
    assert conditional["loss_notice"]["when"] == {"field": "kind", "equals": "lost"}
