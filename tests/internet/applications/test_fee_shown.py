"""The applicant's page shows the fee before the department asks for it: the amount their
answers owe and when it is paid (ADR 0029); once asked, the order (as before)."""

import json

import pytest

from policeonline.applications.models import Application

from .test_citizen_side import sign_in, submitted_app

pytestmark = pytest.mark.django_db


def test_an_id_card_fee_is_shown_as_due_before_acceptance(client, citizen, intranet):
    app = submitted_app(citizen, "SF-001")
    # The form's example ticks every box, the fee exemption too; this applicant pays.
    Application.objects.filter(pk=app.pk).update(data_json=json.dumps({**app.data, "fee_exempt": False}))
    intranet.update(app, "receive", "submitted")
    sign_in(client)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "20.00" in page
    assert "受理前" in page or "before your application is accepted" in page


def test_a_free_item_shows_no_fee(client, citizen, intranet):
    app = submitted_app(citizen)  # 无犯罪记录证明: free
    intranet.update(app, "receive", "submitted")
    sign_in(client)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert 'id="fee-title"' not in page
