"""The portal's mirror of certificates: kept from the intranet's signed envelopes; the
holder downloads the PDF, nobody else can."""

import pytest

from policeonline.accounts.citizens.models import User
from policeonline.certificates.models import Certificate
from policeonline.exchange.models import QuarantinedEnvelope

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_an_issued_certificate_is_mirrored_with_its_pdf(intranet):
    code = intranet.code()
    assert intranet.issue(code).applied == 1
    cert = Certificate.objects.get(serial="WFZ-2026-7K3Q-M9XD")
    assert cert.code == code and cert.status == "valid" and cert.account_ref == "account:1"
    assert bytes(cert.pdf) == b"%PDF-1.4 test certificate"
    assert cert.holder_id_masked == "370102********106X"


def test_a_revocation_updates_the_mirror(intranet):
    intranet.issue(intranet.code())
    assert intranet.revoke("WFZ-2026-7K3Q-M9XD").applied == 1
    cert = Certificate.objects.get(serial="WFZ-2026-7K3Q-M9XD")
    assert cert.status == "revoked" and cert.revoked_at is not None


def test_a_revocation_of_an_unknown_certificate_is_quarantined(intranet):
    tally = intranet.revoke("WFZ-2026-AAAA-AAAA")
    assert tally.applied == 0 and tally.quarantined == 1
    assert QuarantinedEnvelope.objects.get().reason == "handler_failed"


def test_only_the_holder_downloads_the_pdf(client, citizen, intranet):
    intranet.issue(intranet.code(), account_ref=citizen.account_ref)
    url = "/certificates/WFZ-2026-7K3Q-M9XD/pdf/"
    assert client.get(url).status_code == 302  # sign in first
    client.post("/accounts/login/", {"username": "13800000001", "password": PASSWORD})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.4 test certificate"
    assert response["Cache-Control"] == "private, no-store"
    other = User.objects.create_citizen(name="李四", id_number="110101199003070011",
                                        phone="13800000002", password=PASSWORD)
    client.logout()
    client.post("/accounts/login/", {"username": "13800000002", "password": PASSWORD})
    assert client.get(url).status_code == 404
    assert client.get("/certificates/WFZ-2026-0000-0000/pdf/").status_code == 404
    assert other.pk != citizen.pk
