"""The daily quota holds under concurrency — proved on PostgreSQL, where row locks are real.

Many citizens, each a thread with its own database connection, apply at the same instant for
the last few seats of one zone and day; and one citizen's many clicks race for the same vehicle.
Afterwards exactly the quota is issued, the counter agrees with the permits, every winner was
told the truth, and the only refusals are "quota full" (or "duplicate").
"""

import os
import threading
from collections import Counter

import pytest
from django.db import connections
from django.utils import timezone

from policeonline.certificates.models import Certificate
from policeonline.exchange.models import OutboxEntry
from policeonline.permits import services
from policeonline.permits.models import Permit, ZoneDay
from tests.conftest import need_postgresql

from .conftest import make_citizen, truck

APPLICANTS = int(os.environ.get("PERMIT_RACE_APPLICANTS", "200"))
CONNECTIONS = int(os.environ.get("PERMIT_RACE_CONNECTIONS", "40"))
QUOTA, ZONE = 7, "QCL-FRJ"


def _race(calls):
    gate = threading.Barrier(len(calls))
    slots = threading.BoundedSemaphore(CONNECTIONS)
    won, refusals, errors = [], Counter(), []

    def applicant(call):
        try:
            gate.wait()
            with slots:
                won.append(call())
        except services.Refused as exc:
            refusals[exc.code] += 1
        except Exception as exc:  # noqa: BLE001 — anything else is the failure we look for
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=applicant, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "an applicant hung"
    return won, refusals, errors


@pytest.fixture
def crowd(transactional_db, intranet, zones):
    need_postgresql("the race for the last permits")
    zones[ZONE].daily_quota = QUOTA
    zones[ZONE].save()
    people = []
    for n in range(APPLICANTS):
        person = make_citizen(100 + n, password=None)
        intranet.answer(person, [truck(plate=f"鲁A2{n:04d}")])
        people.append(person)
    return people


def test_many_applicants_race_for_the_last_seats(crowd):
    day = timezone.localdate()
    won, refusals, errors = _race([
        lambda n=n, person=person: services.issue(person, plate=f"鲁A2{n:04d}", zone_code=ZONE,
                                                  day=day)
        for n, person in enumerate(crowd)])
    assert errors == []
    assert len(won) == QUOTA
    assert refusals == Counter(quota_full=APPLICANTS - QUOTA)
    assert set(Permit.objects.values_list("serial", flat=True)) == {p.serial for p in won}
    assert ZoneDay.objects.get(zone__code=ZONE, day=day).used == QUOTA
    assert Certificate.objects.count() == QUOTA
    assert OutboxEntry.objects.filter(type="permit.issued").count() == QUOTA


def test_one_vehicle_clicking_many_times_gets_one_permit(crowd):
    day, person = timezone.localdate(), crowd[0]
    won, refusals, errors = _race([
        lambda: services.issue(person, plate="鲁A20000", zone_code=ZONE, day=day)
        for _ in range(30)])
    assert errors == []
    assert len(won) == 1 and refusals == Counter(duplicate=29)
    assert ZoneDay.objects.get(zone__code=ZONE, day=day).used == 1
