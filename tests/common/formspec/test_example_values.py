"""The example data (the demo seed's applications, the tests' defaults) reads like what a person
would type: no text field is filled with its own label (品牌型号: 品牌型号, 收件人: 收件人)."""

import pytest

from policeonline.formspec.fields import TEXT_EXAMPLES

from .conftest import CODES, form_of


@pytest.mark.parametrize("code", CODES)
def test_no_text_field_is_filled_with_its_label(code):
    form = form_of(code)
    data = form.example()
    for field in form.fields:
        if field.type not in ("text", "textarea") or field.name not in data:
            continue
        value, labels = data[field.name], field.spec["label"]
        assert value not in labels.values(), f"{code}.{field.name} is filled with its label {value!r}"
        assert field.name in TEXT_EXAMPLES, f"{code}.{field.name}: give it a realistic example value"
        field.clean(value)  # within max_length


def test_the_jdc_001_example_names_a_car_and_an_address():
    data = form_of("JDC-001").example()
    assert data["brand_model"] == "大众牌FV7152FBDBG"
    assert data["delivery_recipient"] == "张三" and data["delivery_address"].startswith("济南市")
