"""Every one of the 105 items has a form; its example is valid, and what a clerk needs is enforced."""

import copy

import pytest

from policeonline.catalog.models import Item
from policeonline.formspec import form_for

from .conftest import CATALOG, CODES, form_of

BAD = {"id_number": "370102199003071230",       # wrong check digit
       "phone": "1380000000",                   # ten digits
       "plate": "鲁AI2345",                      # I is never used on plates
       "credit_code": "91370100MA3C5QTX18",     # wrong check character
       "vin": "LSVAU2180N2183294",              # wrong check digit (9th)
       "date": "2026-02-30",
       "integer": "12a",
       "email": "not-an-address"}


def test_there_are_105_items_and_each_has_a_form():
    assert len(CODES) == 105
    for code in CODES:
        assert CATALOG.forms[code]["fields"], code


@pytest.mark.django_db
def test_every_item_in_the_database_carries_its_compiled_form():
    items = list(Item.objects.all())
    assert len(items) == 105
    for item in items:
        form = form_for(item)
        assert form.fields and form is form_for(item)  # cached
        assert item.form == CATALOG.forms[item.code]


@pytest.mark.parametrize("code", CODES)
def test_the_example_is_valid(code):
    form = form_of(code)
    example = form.example()
    cleaned, errors = form.validate(example)
    assert errors == {}
    assert set(cleaned) == set(example)


@pytest.mark.parametrize("code", CODES)
def test_leaving_out_a_required_field_is_an_error_on_that_field(code):
    form = form_of(code)
    example = form.example()
    for field in form.fields:
        if field.name not in example or not field.required:
            continue
        data = {k: v for k, v in example.items() if k != field.name}
        _, errors = form.validate(data)
        assert field.name in errors, (code, field.name)
        assert errors[field.name]
        # A draft may leave it out.
        _, draft_errors = form.validate(data, for_submit=False)
        assert draft_errors == {}, (code, field.name)


@pytest.mark.parametrize("code", CODES)
def test_bad_identifiers_are_refused_on_their_field(code):
    form = form_of(code)
    example = form.example()
    for field in form.fields:
        if field.name not in example or field.type not in BAD:
            continue
        data = copy.deepcopy(example)
        data[field.name] = BAD[field.type]
        _, errors = form.validate(data)
        assert list(errors) == [field.name], (code, field.name, errors)


def test_a_bad_read_only_id_number_is_still_refused_without_an_identity():
    form = form_of("HZ-012")
    _, errors = form.validate({**form.example(), "applicant_id_number": BAD["id_number"]})
    assert "check digit" in errors["applicant_id_number"][0]


def test_every_identifier_type_is_exercised_somewhere():
    types = {field.type for code in CODES for field in form_of(code).fields}
    assert {"id_number", "phone", "plate", "credit_code", "vin", "date", "integer", "address",
            "choice", "multichoice", "boolean", "text", "textarea", "passport_no"} <= types


@pytest.mark.parametrize("code", CODES)
def test_semantic_values_and_summary_follow_the_declaration(code):
    form = form_of(code)
    example = form.example()
    cleaned, _ = form.validate(example)
    tags = form.semantic_values(cleaned)
    assert tags["applicant.name"] == "张三"
    assert tags["applicant.id_number"] == "370102199003071238"
    summary = form.summary(cleaned)
    assert [label for label, _ in summary] == [f.label for f in form.fields if f.name in cleaned]
    assert all(isinstance(value, str) and value for _, value in summary)


def test_company_items_prefill_the_company_from_the_account():
    identity = {"name": "李四", "id_number": "370102199003071238", "phone": "13900000000",
                "company_name": "济南泉城保安服务有限公司", "credit_code": "91370100MA3C5QTX17"}
    for item in CATALOG.items:
        if item.applicant != "company":
            continue
        form = form_of(item.code)
        initial = form.prefill(identity)
        assert initial["company_name"] == "济南泉城保安服务有限公司", item.code
        assert initial["company_credit_code"] == "91370100MA3C5QTX17", item.code
        assert initial["applicant_phone"] == "13900000000", item.code
        assert form.by_name["company_name"].readonly


def test_semantic_values_for_comparison_with_the_registries():
    form = form_of("HZ-003")
    data = {**form.example(), "host_name": "赵六", "host_id_number": "370102199003071238",
            "move_to_address": {"district": "370112", "detail": "工业南路1号"}}
    cleaned, errors = form.validate(data)
    assert errors == {}
    values = form.semantic_values(cleaned)
    assert values["subject.name"] == "赵六"
    assert values["subject.id_number"] == "370102199003071238"
    assert values["address.hukou"] == "历城区工业南路1号"  # in the registries' words, any language


def test_prefill_ignores_absent_identity_keys():
    form = form_of("HZ-012")
    assert form.prefill({"name": "王五"}) == {"applicant_name": "王五"}


def test_read_only_fields_take_the_verified_identity_whatever_is_posted():
    form = form_of("HZ-012")
    data = {**form.example(), "applicant_name": "冒名"}
    cleaned, errors = form.validate(data, identity={"name": "王五"})
    assert errors == {} and cleaned["applicant_name"] == "王五"


def test_unknown_keys_are_an_error_and_nothing_raises_on_garbage():
    form = form_of("JDC-003")
    _, errors = form.validate({**form.example(), "surprise": 1})
    assert "surprise" in errors["__all__"][0]
    for garbage in (None, [], "text", 5):
        _, errors = form.validate(garbage)
        assert errors["__all__"]
    for value in (["a"], 3.5, True, {"district": 1}):
        _, errors = form.validate({f.name: value for f in form.fields}, for_submit=False)
        assert errors  # refused, not raised


def test_a_draft_checks_what_is_there():
    form = form_of("CRJ-001")
    assert form.validate({}, for_submit=False) == ({}, {})
    cleaned, errors = form.validate({"emergency_contact_phone": "12"}, for_submit=False)
    assert list(errors) == ["emergency_contact_phone"]
    assert "11-digit" in errors["emergency_contact_phone"][0]


def test_messages_are_localised():
    from django.utils import translation

    form = form_of("CRJ-001")
    with translation.override("zh-hans"):
        _, errors = form.validate({**form.example(), "emergency_contact_phone": "12"})
        assert form.by_name["emergency_contact_phone"].label == "紧急联系人手机号码"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors["emergency_contact_phone"][0])


def test_values_are_normalised_and_json_ready():
    import json

    form = form_of("JDC-003")
    data = {**form.example(), "plate_number": " 鲁a 12345 ", "vin": "lsvau218xn2183294",
            "applicant_phone": "+86 138-0000-0000"}
    cleaned, errors = form.validate(data)
    assert errors == {}
    assert (cleaned["plate_number"], cleaned["vin"], cleaned["applicant_phone"]) == \
        ("鲁A12345", "LSVAU218XN2183294", "13800000000")
    json.dumps(cleaned)


@pytest.mark.parametrize("plate", ["鲁A12345", "鲁AD12345", "鲁AFK1234", "鲁A12345D", "京B1C2D3",
                                   "鲁AB1C23"])
def test_plates_in_the_ga36_shapes_are_accepted(plate):
    form = form_of("JT-002")
    cleaned, errors = form.validate({**form.example(), "plate_number": plate})
    assert "plate_number" not in errors, plate


@pytest.mark.parametrize("plate", ["鲁A1234", "鲁AABC12", "XA12345", "鲁AO1234", "鲁AD1234X"])
def test_malformed_plates_are_refused(plate):
    form = form_of("JT-002")
    _, errors = form.validate({**form.example(), "plate_number": plate})
    assert "plate_number" in errors, plate
