"""The comparison's registry column in the reader's language: statuses are stored as codes and
labelled when the page is drawn (the English back office showed 赵六 · 正常); lines stored
earlier with the Chinese label are relabelled too."""

import pytest
from django.conf import settings
from django.utils import translation

from policeonline.cases.models import Case, Check
from policeonline.registry.demo import ensure_demo_people
from policeonline.registry.models import Person

from ..conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def registry(db):
    ensure_demo_people()


@pytest.fixture
def case(portal):
    app_id, _ = portal.submit("CRJ-001")
    return Case.objects.get(application_id=app_id)


def label(lang):
    with translation.override(lang):
        return str(Person.Status.ACTIVE.label)


def test_the_status_is_stored_as_a_code_and_labelled_in_each_language(client, officers, case):
    line = case.checks.get(code="applicant_identity")
    assert "[[person_status:active]]" in line.registry_value
    sign_in(client, officers["other"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"{case.applicant_name} · {label('en')}" in page and label("zh-hans") not in page
    assert "[[" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"{case.applicant_name} · {label('zh-hans')}" in page


def test_a_line_stored_with_the_chinese_label_reads_in_english(client, officers, case):
    Check.objects.filter(case=case, code="applicant_identity").update(
        registry_value=f"{case.applicant_name} · {label('zh-hans')}")
    sign_in(client, officers["other"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"{case.applicant_name} · {label('en')}" in page
