"""A letter arrives: routed to the department owning its topic (the mailbox to its fixed
department), due in the working days its kind allows, and the portal is told."""

import pytest
from django.utils import timezone

from policeonline.letters.desk.models import Letter
from policeonline.workdays.calendar import add_working_days

from .conftest import PDF, sent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("kind", "topic", "department", "days"), [
    ("consultation", "CRJ-001", "exit_entry", 5),   # an item: its department
    ("complaint", "JDC", "vehicle_admin", 15),      # a category: its department
    ("consultation", "other", "public_order", 5),   # kinds.yaml: other_department
    ("mailbox", "CRJ-001", "public_order", 15),     # kinds.yaml: the mailbox's department
])
def test_routed_with_a_working_day_deadline(portal, exchange_keys, kind, topic, department, days):
    letter_id = portal.letter(kind=kind, topic=topic)
    letter = Letter.objects.get(pk=letter_id)
    assert letter.department.code == department
    assert letter.due_date == add_working_days(timezone.localdate(), days).date
    assert bytes(letter.attachments.get().content) == PDF
    [update] = sent(exchange_keys, "letter.updated")
    assert update["state"] == "received" and update["due_date"] == letter.due_date.isoformat()
    assert update["department"] == letter.department.name_zh
    assert [e.action for e in letter.events.all()] == ["received"]


def test_a_letter_delivered_twice_is_kept_once(portal, exchange_keys):
    letter_id = portal.letter()
    body = {"letter_id": letter_id}
    from policeonline.letters.desk import services

    assert services.receive({**body}) is None
    assert Letter.objects.count() == 1 and len(sent(exchange_keys, "letter.updated")) == 1


def test_the_rating_reaches_the_letter(portal):
    letter_id = portal.letter()
    tracking = Letter.objects.get().tracking_no
    portal.send("letter.rated", {"letter_id": letter_id, "tracking_no": tracking, "rating": 2,
                                 "rated_at": "2026-11-27T10:00:00Z"})
    assert Letter.objects.get().rating == 2
