"""Which deadline the citizen is told: until the department accepts, the date the case sends is
the acceptance step's limit, so it is labelled as such (not as the completion deadline); once
accepted, the legal time limit. The API says the same with ``due_for``. The provisional-date
footnote on My applications appears only when a listed date carries its asterisk."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from .conftest import PASSWORD
from .test_citizen_side import submitted_app

pytestmark = pytest.mark.django_db
FOOTNOTE = "* Provisional: next year's official holiday schedule is not yet published."


def zh(msgid: str) -> str:
    with translation.override("zh-hans"):
        return gettext(msgid)


def sign_in(client, lang="en"):
    login = {"username": "13800000001", "password": PASSWORD}
    assert client.post("/accounts/login/", login).status_code == 302
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang


def facts(client, app) -> str:
    page = client.get(f"/applications/{app.pk}/").content.decode()
    return page.split('class="facts"')[1].split("</dl>")[0]


def test_before_acceptance_the_date_is_the_acceptance_deadline(client, citizen, intranet):
    app = submitted_app(citizen)
    intranet.update(app, "receive", "submitted", due_date="2026-12-01")
    sign_in(client)
    shown = facts(client, app)
    assert "To be accepted by" in shown and "2026-12-01" in shown and "Due by" not in shown
    mine = client.get("/applications/").content.decode()
    assert "To be accepted by" in mine and "2026-12-01" in mine
    api = client.get(f"/api/v1/applications/{app.pk}").json()
    assert api["due_date"] == "2026-12-01" and api["due_for"] == "acceptance"

    intranet.update(app, "accept", "examining", due_date="2027-02-26")
    shown = facts(client, app)
    assert "Due by" in shown and "2027-02-26" in shown and "To be accepted by" not in shown
    assert "To be accepted by" not in client.get("/applications/").content.decode()
    api = client.get(f"/api/v1/applications/{app.pk}").json()
    assert api["due_date"] == "2027-02-26" and api["due_for"] == "completion"


def test_the_public_progress_query_labels_the_deadline_the_same_way(client, citizen, intranet):
    app = submitted_app(citizen)
    intranet.update(app, "receive", "submitted", due_date="2026-12-01")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    ask = {"receipt_no": app.receipt_no, "factor": "0001"}
    page = client.post("/progress/", ask).content.decode()
    assert "To be accepted by" in page and "Due by" not in page
    body = client.post("/api/v1/progress", {"receipt_no": app.receipt_no, "name_or_phone_digits": "0001"},
                       content_type="application/json").json()
    assert body["due_for"] == "acceptance"
    intranet.update(app, "accept", "examining", due_date="2027-02-26")
    page = client.post("/progress/", ask).content.decode()
    assert "Due by" in page and "To be accepted by" not in page


def test_the_provisional_footnote_only_beside_a_provisional_date(client, citizen, intranet):
    app = submitted_app(citizen)
    intranet.update(app, "receive", "submitted", due_date="2026-12-01")
    sign_in(client, "zh-hans")
    page = client.get("/applications/").content.decode()
    assert "2026-12-01" in page and zh(FOOTNOTE) not in page
    intranet.update(app, "accept", "examining", due_date="2027-02-26", due_provisional=True)
    page = client.get("/applications/").content.decode()
    assert "2027-02-26*" in page and zh(FOOTNOTE) in page
