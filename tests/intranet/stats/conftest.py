"""Cases received through the real intake (the portal played with sealed envelopes), then
dated and concluded as a test needs; ratings as the ratings desk stores them."""

import uuid
from datetime import datetime, time

import pytest
from django.utils import timezone

from policeonline.cases.models import Case, CaseEvent
from policeonline.ratings.desk.models import Rating
from policeonline.registry.demo import ensure_demo_people

from ..cases.conftest import officers, portal  # noqa: F401


@pytest.fixture(autouse=True)
def registry(db):
    ensure_demo_people()


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def received(sender, item_code, day, applicant=None) -> Case:
    """A case received on ``day`` (its log's first event moved to that day)."""
    app_id, _ = sender.submit(item_code, applicant=applicant)
    case = Case.objects.get(application_id=app_id)
    CaseEvent.objects.filter(case=case, action="receive").update(at=at(day))  # test set-up only
    Case.objects.filter(pk=case.pk).update(submitted_at=at(day))
    case.refresh_from_db()
    return case


def concluded(case, day, outcome="granted", accepted=None, due=None) -> Case:
    Case.objects.filter(pk=case.pk).update(is_open=False, outcome=outcome, closed_at=at(day, 15),
                                           accepted_on=accepted, due_date=due)
    case.refresh_from_db()
    return case


def rated(case, day, level, kind="case") -> Rating:
    return Rating.objects.create(ref=uuid.uuid4(), case=case, kind=kind, level=level, rated_at=at(day, 16))
