"""Conditional fields: shown and required only while their condition holds; hidden ones dropped."""

from jsonschema import Draft202012Validator

from .conftest import form_of


def test_postal_details_are_required_only_for_post():
    form = form_of("CRJ-001")
    base = {k: v for k, v in form.example().items() if not k.startswith("delivery_")}

    cleaned, errors = form.validate({**base, "delivery_method": "post"})
    assert {"delivery_recipient", "delivery_phone", "delivery_address"} <= set(errors)

    stale = {"delivery_recipient": "张三", "delivery_phone": "bad", "delivery_address": "某地"}
    cleaned, errors = form.validate({**base, "delivery_method": "collect", **stale})
    assert errors == {}
    assert cleaned["delivery_method"] == "collect"
    assert not {"delivery_recipient", "delivery_phone", "delivery_address"} & set(cleaned)


def test_the_schema_says_the_same():
    form = form_of("CRJ-001")
    validator = Draft202012Validator(form.json_schema())
    base = {k: v for k, v in form.example().items() if not k.startswith("delivery_")}
    assert not validator.is_valid({**base, "delivery_method": "post"})
    assert validator.is_valid({**base, "delivery_method": "collect"})
    assert not validator.is_valid({**base, "delivery_method": "collect", "delivery_recipient": "x"})


def test_a_kit_can_be_conditional_company_details_only_for_a_company():
    form = form_of("JDC-001")
    example = form.example()
    assert example["applicant_kind"] == "person"
    assert "company_name" not in example
    _, errors = form.validate({**example, "applicant_kind": "company"})
    assert {"company_name", "company_credit_code", "legal_representative"} <= set(errors)


def test_a_yes_no_question_controls_a_field():
    form = form_of("JDC-010")
    data = {**form.example(), "mortgaged": False}
    data.pop("mortgagee_name", None)
    assert form.validate(data)[1] == {}
    _, errors = form.validate({**data, "mortgaged": "true"})
    assert list(errors) == ["mortgagee_name"]


def test_in_conditions_and_optional_conditional_fields():
    form = form_of("CRJ-015")
    data = {**form.example(), "residence_purpose": "family"}
    data.pop("institution", None)
    assert form.validate(data)[1] == {}
    _, errors = form.validate({**data, "residence_purpose": "study"})
    assert list(errors) == ["institution"]
    form = form_of("JZ-001")  # optional when shown
    data = {**form.example(), "reason": "work"}
    data.pop("employer", None)
    assert form.validate(data)[1] == {}


def test_a_consent_must_be_ticked():
    form = form_of("HZ-012")
    for value in (False, "false", None):
        data = {**form.example(), "declaration": value}
        _, errors = form.validate(data)
        assert list(errors) == ["declaration"]
        assert "Tick" in errors["declaration"][0]
