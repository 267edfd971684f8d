"""The error summary of an application names what to fix: on the review page, far from the
inputs, 'This field is required.' three times over (as the demo walk found it) does not say
which field. Each line reads 'label: message', as the registration form's summary does."""

import re

import pytest

from policeonline.applications.models import Application

from .test_citizen_side import ITEM, sign_in

pytestmark = pytest.mark.django_db


def summary_lines(html: str) -> list[str]:
    block = html[html.index('id="error-summary"'):]
    block = block[:block.index("</ul>")]
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", block, re.S)]


def test_the_review_page_names_each_missing_field(client, citizen):
    sign_in(client)
    client.post(f"/apply/{ITEM}/")
    app = Application.objects.get(owner=citizen)
    lines = summary_lines(client.get(f"/applications/{app.pk}/review/").content.decode())
    # ZA-001's required choices and the declaration, each by its label; the declaration's
    # sentence loses its full stop before the colon.
    assert "证明用途：此项为必填项。" in lines, lines
    assert "证明期间：此项为必填项。" in lines, lines
    assert "领取方式：此项为必填项。" in lines, lines
    assert any(line.startswith("本人承诺") and "责任：" in line for line in lines), lines
    assert not any(line == "此项为必填项。" for line in lines), lines
    assert "提交申请</button>" not in client.get(f"/applications/{app.pk}/review/").content.decode()


def test_the_form_page_names_a_bad_field_in_english_too(client, citizen):
    sign_in(client)
    client.post(f"/apply/{ITEM}/")
    app = Application.objects.get(owner=citizen)
    client.cookies["lang"] = "en"
    response = client.post(f"/applications/{app.pk}/edit/", {"applicant_phone": "12345", "action": "save"})
    assert response.status_code == 422
    lines = summary_lines(response.content.decode())
    assert lines == ["Mobile number: Enter an 11-digit mainland mobile number, e.g. 13800000000."], lines
