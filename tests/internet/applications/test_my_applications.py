"""What "My applications" lists: each of the citizen's own applications with its item's name (in
the page's language), a link to the draft's form or the application's page, its receipt number,
its status label and its due date; the status filter; and never another person's application."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from policeonline.applications import services
from policeonline.catalog.models import Item

from .test_citizen_side import sign_in, submitted_app

pytestmark = pytest.mark.django_db


def rows(client, query="") -> list[str]:
    page = client.get(f"/applications/{query}")
    assert page.status_code == 200
    body = page.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r"<tr>.*?</tr>", body, re.S)


def row_of(found: list[str], app) -> str:
    [row] = [row for row in found if f"/applications/{app.pk}/" in row]
    return row


@pytest.fixture
def apps(citizen, other_citizen, intranet):
    draft = services.start(citizen, Item.objects.get(code="JZ-003"))
    sent = submitted_app(citizen)
    open_ = submitted_app(citizen, "ZA-001")
    intranet.update(open_, "receive", "submitted", due_date="2026-12-01")
    intranet.update(open_, "accept", "examining", due_date="2027-02-26", due_provisional=True)
    received = submitted_app(citizen, "JZ-003")
    intranet.update(received, "receive", "submitted", due_date="2026-12-03")
    closed = submitted_app(citizen)
    intranet.update(closed, "receive", "submitted", due_date="2026-12-04")
    intranet.update(closed, "refuse", "refused", outcome="refused", reason_code="outside_competence")
    theirs = submitted_app(other_citizen, "JZ-003")
    for app in (draft, sent, open_, received, closed, theirs):
        app.refresh_from_db()
    return {"draft": draft, "sent": sent, "open": open_, "received": received, "closed": closed,
            "theirs": theirs}


MINE = ("draft", "sent", "open", "received", "closed")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_each_row_shows_name_receipt_status_and_due_date(client, apps, lang):
    sign_in(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    found = rows(client)
    assert len(found) == 5
    with translation.override(lang):
        for key in MINE:
            app = apps[key]
            row = row_of(found, app)
            assert app.item.name in row, (key, row)
            assert f'class="badge state-{app.state}">{app.state_label}<' in row, (key, row)
            link = f"/applications/{app.pk}/edit/" if key == "draft" else f"/applications/{app.pk}/"
            assert f'href="{link}"' in row
            assert (app.receipt_no or "—") in row
            assert app.updated_at.astimezone().strftime("%Y-%m-%d") in row
        draft, sent, open_, received, closed = (row_of(found, apps[key]) for key in MINE)
        assert "/edit/" not in sent + open_ + received + closed
        assert apps["draft"].receipt_no is None and '<td class="mono">—</td>' in draft
        assert all("<td>—</td>" in row for row in (draft, sent, closed))  # no due date (any more)
        assert "2027-02-26*" in open_ and "2026-12-01" not in open_
        assert "2026-12-03" in received and "*" not in received
        label = translation.gettext("To be accepted by")
        assert label not in open_ and f'<span class="muted">{label}</span> 2026-12-03' in received
        assert str(translation.gettext("Sent, awaiting the department")) in sent
        if lang == "zh-hans":
            assert "审核中" in open_ and "草稿" in draft


def test_the_status_filter(client, apps):
    sign_in(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for status, keys in {"draft": ["draft"], "sent": ["sent"], "open": ["open", "received"],
                         "closed": ["closed"]}.items():
        found = rows(client, f"?status={status}")
        assert len(found) == len(keys) and all(row_of(found, apps[key]) for key in keys), status
        page = client.get(f"/applications/?status={status}").content.decode()
        assert f'href="?status={status}" aria-current="true"' in page
    assert len(rows(client, "?status=nonsense")) == 5


def test_another_citizens_applications_never_appear(client, apps):
    theirs = apps["theirs"]
    sign_in(client)
    for query in ("", "?status=sent", "?status=draft", "?status=open", "?status=closed"):
        page = client.get(f"/applications/{query}").content.decode()
        assert str(theirs.pk) not in page and theirs.receipt_no not in page, query
    client.logout()
    sign_in(client, "13800000002")
    found = rows(client)
    assert len(found) == 1 and row_of(found, theirs)
    page = client.get("/applications/").content.decode()
    assert all(str(apps[key].pk) not in page for key in MINE)


def test_no_applications_yet(client, citizen):
    sign_in(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    [row] = rows(client)
    assert "No applications yet." in row


def test_the_plain_statement_reads_what_the_orm_reads(apps, citizen):
    """``listing.own_applications`` (one hand-written statement) against the queryset it replaces:
    same rows, order, values and types (UUIDs, dates, aware datetimes, booleans)."""
    from django.db.models import Exists, OuterRef

    from policeonline.applications.listing import COLUMNS, own_applications
    from policeonline.applications.models import Application, Event, clock_starting_actions

    started = Event.objects.filter(application=OuterRef("pk"), action__in=clock_starting_actions())
    for status in (None, "draft", "sent", "open", "closed"):
        orm = Application.objects.filter(owner=citizen).annotate(clock_started=Exists(started))
        if status:
            orm = orm.filter(status=status)
        expected = list(orm.order_by("-updated_at").values(*COLUMNS, "clock_started"))
        found = own_applications(citizen.pk, status)
        assert found == expected, status
        assert [{k: type(v) for k, v in row.items()} for row in found] == \
            [{k: type(v) for k, v in row.items()} for row in expected]
    assert any(row["clock_started"] for row in own_applications(citizen.pk))
