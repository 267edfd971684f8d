"""A document issued for posting: the applicant sees "issued, to be posted" and then the
postal tracking number on the application's timeline (ADR 0029)."""

import pytest

from .test_citizen_side import sign_in, submitted_app

pytestmark = pytest.mark.django_db


def test_the_tracking_number_reaches_the_applicants_timeline(client, citizen, intranet):
    app = submitted_app(citizen, "CRJ-001")
    intranet.update(app, "receive", "submitted")
    intranet.update(app, "issue_by_post", "posting")
    sign_in(client)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "已制证，待邮寄" in page
    intranet.update(app, "mail", "completed", outcome="granted",
                    note="证件已交邮政寄出，邮件号：EA123456789CN。")
    app.refresh_from_db()
    assert app.outcome == "granted"
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "EA123456789CN" in page and "已交邮寄" in page
