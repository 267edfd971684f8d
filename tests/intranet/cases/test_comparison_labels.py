"""The comparison's registry column in the reader's language: statuses are stored as codes and
labelled when the page is drawn (the English back office showed 赵六 · 正常); lines stored
earlier with the Chinese label are relabelled too."""

import pytest
from django.conf import settings
from django.utils import translation

from policeonline.cases.models import Case, Check
from policeonline.catalog.models import Item
from policeonline.formspec import form_for
from policeonline.registry.demo import ensure_demo_people
from policeonline.registry.models import District, Person

from ..conftest import sign_in
from .conftest import APPLICANT

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


def test_the_household_address_line_compares_districts_and_shows_both_addresses(
        client, officers, portal):
    """The declared address arrives as the registries write it (历下区泉城路1号); it was
    compared by its first six characters against the district code, so every case read
    "differs". Now the district is compared by name and the register's full address is shown."""
    person = Person.objects.select_related("household__district").filter(
        household__isnull=False, status=Person.Status.ACTIVE).first()
    applicant = {**APPLICANT, "name": person.name, "id_number": person.id_number}
    home = person.household.district
    elsewhere = District.objects.exclude(code=home.code).first()
    sign_in(client, officers["other"])
    for district, outcome in ((home, "pass"), (elsewhere, "warn")):
        item = Item.objects.get(code="CRJ-001")
        data = form_for(item).example(applicant)
        field = next(f.name for f in form_for(item).fields if f.semantic == "address.hukou")
        data[field] = {"district": district.code, "detail": "泉城路1号"}
        app_id, _ = portal.submit("CRJ-001", data=data, applicant=applicant)
        case = Case.objects.get(application_id=app_id)
        line = case.checks.get(code="hukou_address")
        assert (line.outcome, line.declared) == (outcome, f"{district.name_zh}泉城路1号")
        assert line.registry_value == person.household.address
        page = client.get(f"/cases/{case.pk}/").content.decode()
        assert f"<td>{district.name_zh}泉城路1号</td><td>{person.household.address}</td>" in page
