"""The fields partial renders every item's form accessibly."""

import html as htmllib
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from .conftest import CODES, form_of


def render(form, values=None, errors=None, attachments=None) -> str:
    return render_to_string("formspec/fields.html", {"form": form, "values": values or {},
                                                     "errors": errors or {},
                                                     "attachments": attachments or {}})


@pytest.mark.parametrize("code", CODES)
def test_every_field_and_slot_has_a_label(code):
    form = form_of(code)
    html = htmllib.unescape(render(form, form.example()))
    for field in form.fields:
        if field.widget in ("radio", "checkboxes", "address"):
            assert f"<legend>{field.label}" in html, (code, field.name)
            for index in range(1, len(field.options) + 1):
                assert f'<label for="f-{field.name}-{index}">' in html
        else:
            assert f'<label for="f-{field.name}">{field.label}' in html, (code, field.name)
            assert f'id="f-{field.name}"' in html
    for slot in form.slots:
        assert f'<label for="upload-{slot.name}">' in html
        assert f'name="upload-{slot.name}" accept="' in html
    assert html.count("<fieldset") == html.count("</fieldset>")
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), code


def test_errors_sit_next_to_the_field_and_are_announced():
    form = form_of("CRJ-001")
    html = render(form, {"emergency_contact_phone": "12"},
                  {"emergency_contact_phone": ["Enter an 11-digit mainland mobile number."],
                   "upload-state_approval": ["The file is empty."]})
    assert '<p class="field-error" id="f-emergency_contact_phone-error">Enter an 11-digit' in html
    assert re.search(r'name="emergency_contact_phone" value="12"[^>]*'
                     r'aria-describedby="f-emergency_contact_phone-error" aria-invalid="true"', html)
    assert 'id="upload-state_approval-error">The file is empty.' in html


def test_help_text_is_linked_and_required_fields_are_marked():
    html = render(form_of("CRJ-001"))
    assert 'id="f-applicant_phone-help"' in html
    assert 'aria-describedby="f-applicant_phone-help"' in html
    assert '<span class="visually-hidden">(required)</span>' in html


def test_prefilled_identity_is_read_only():
    form = form_of("HZ-012")
    html = render(form, form.prefill({"name": "王五", "id_number": "370102199003071238"}))
    assert re.search(r'name="applicant_name" value="王五"[^>]* readonly', html)
    assert re.search(r'name="applicant_id_number" value="370102199003071238"[^>]* readonly', html)


def test_conditional_fields_carry_their_condition():
    html = render(form_of("JDC-010"))
    assert 'data-when-field="mortgaged" data-when-values="[&quot;true&quot;]"' in html
    html = render(form_of("CRJ-015"))
    assert ('data-when-field="residence_purpose" '
            'data-when-values="[&quot;work&quot;, &quot;study&quot;]"') in html


def test_conditional_upload_slots_carry_their_condition():
    html = render(form_of("CRJ-001"))
    assert re.search(r'class="formspec-field formspec-slot" data-when-field="state_employee" '
                     r'data-when-values="\[&quot;true&quot;\]"', html)


def test_choices_keep_their_values_and_files_their_names():
    form = form_of("ZA-004")
    html = render(form, {"seals": ["finance", "contract"], "kind": "lost"},
                  attachments={"loss_notice": [{"name": "声明.pdf", "size": 2048, "url": "/f/1"}]})
    assert re.search(r'value="finance" checked', html) and re.search(r'value="contract" checked', html)
    assert not re.search(r'value="official" checked', html)
    assert re.search(r'value="lost" checked', html)
    assert '<a href="/f/1">声明.pdf</a> (2.0\xa0KB)' in html


def test_address_fields_offer_jinan_districts():
    form = form_of("HZ-003")
    with translation.override("zh-hans"):
        html = render(form, {"move_to_address": {"district": "370112", "detail": "工业南路1号"}})
    assert '<option value="370112" selected>历城区</option>' in html
    assert 'name="move_to_address-detail" value="工业南路1号"' in html
    assert html.count("<option value=\"3701") >= 12


def test_photo_slots_accept_images_only():
    html = render(form_of("CRJ-014"))
    assert 'name="upload-photo" accept=".jpg,.jpeg,.png,image/jpeg,image/png"' in html
    assert "JPEG or PNG only" in html
