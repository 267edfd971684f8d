"""What crosses to the portal: changed rows only, in bounded batches, codes and counts only."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from policeonline.exchange.envelope import decode_body, open_envelope
from policeonline.exchange.models import OutboxEntry
from policeonline.messages.stats import BATCH_ROWS
from policeonline.periodic import jobs
from policeonline.registry.demo_people import SUN_QI, ZHOU_BA
from policeonline.stats.desk.counting import rebuild
from policeonline.stats.desk.models import DailyFigures
from policeonline.stats.desk.publishing import publish_changed

from .conftest import concluded, rated, received
from .privacy import leaks

pytestmark = pytest.mark.django_db
MON = date(2026, 11, 2)


def sent(exchange_keys):
    out = []
    for entry in OutboxEntry.objects.filter(type="stats.published").order_by("id"):
        envelope = open_envelope(bytes(entry.data), zone="internet", keyring=exchange_keys["internet"],
                                 max_bytes=1024 * 1024)
        out.append((bytes(entry.data), decode_body(envelope)))
    return out


def test_changed_rows_are_sent_once(portal, exchange_keys):
    case = received(portal, "HZ-001", MON)
    rebuild(MON, MON)
    assert publish_changed() == 1
    assert publish_changed() == 0  # nothing changed since
    concluded(case, MON)
    rebuild(MON, MON)
    assert publish_changed() == 1
    rows = [body["rows"] for _, body in sent(exchange_keys)]
    assert [r[0]["completed"] for r in rows] == [0, 1]
    assert rows[1][0] == {"day": "2026-11-02", "item": "HZ-001", "department": "population",
                          "received": 1, "completed": 1, "on_time": 1, "working_days": 0,
                          "ratings": 0, "rating_sum": 0, "satisfied": 0}


def test_batches_are_bounded(exchange_keys):
    now = timezone.now()
    DailyFigures.objects.bulk_create(
        DailyFigures(day=MON - timedelta(days=n), item_code="HZ-001", department_code="population",
                     received=1, computed_at=now) for n in range(BATCH_ROWS * 2 + 50))
    assert publish_changed() == BATCH_ROWS * 2 + 50
    sizes = [len(body["rows"]) for _, body in sent(exchange_keys)]
    assert sizes == [BATCH_ROWS, BATCH_ROWS, 50]
    assert not DailyFigures.objects.filter(published=False).exists()


def test_envelopes_carry_no_personal_data(portal, exchange_keys):
    """Cases of two demo people, concluded and rated: the envelopes name neither of them."""
    applicants = [{"kind": "citizen", "name": p["name"], "id_number": p["id_number"],
                   "phone": p["phone"]} for p in (SUN_QI, ZHOU_BA)]
    cases = [received(portal, "HZ-001", MON, applicant=a) for a in applicants]
    concluded(cases[0], MON)
    rated(cases[0], MON, 2)
    rebuild(MON, MON)
    publish_changed()
    envelopes = sent(exchange_keys)
    assert envelopes
    for raw, body in envelopes:
        text = raw.decode("utf-8", "replace") + str(body)
        own = {str(v) for c in cases for v in (c.receipt_no, c.application_id, c.account_ref)}
        assert not leaks(text, own)
        assert set(body) == {"batch_id", "computed_at", "rows"}


def test_the_hourly_job_counts_and_publishes(portal, exchange_keys):
    received(portal, "HZ-001", timezone.localdate())
    job = jobs()["stats.publish"]
    assert job.every == timedelta(hours=1)
    summary = job()
    assert "sent to the portal" in summary
    assert sent(exchange_keys)[0][1]["rows"][0]["received"] == 1


@pytest.mark.parametrize("change", [
    {"applicant": "孙七"},                 # any field beyond codes and counts
    {"department": "孙七"},                # a name where a department code goes
    {"item": "370103199204120039"},      # an ID number where an item code goes
    {"received": "孙七"},                  # text where a count goes
])
def test_the_message_type_admits_codes_and_counts_only(exchange_keys, change):
    """Whatever a future counting bug put in a row, the envelope is refused before it is sealed."""
    from policeonline.exchange import types
    from policeonline.exchange.envelope import seal

    row = {"day": "2026-11-02", "item": "HZ-001", "department": "population", "received": 1,
           "completed": 0, "on_time": 0, "working_days": 0, "ratings": 0, "rating_sum": 0, "satisfied": 0}
    message_type = types.get("stats.published", 1, "intranet")
    body = {"batch_id": "6f1c2c1e-0000-4000-8000-000000000001", "computed_at": "2026-11-02T10:00:00Z"}
    seal(message_type, {**body, "rows": [row]}, keyring=exchange_keys["intranet"], seq=1)  # as sent
    with pytest.raises(ValueError, match="does not match its schema"):
        seal(message_type, {**body, "rows": [{**row, **change}]}, keyring=exchange_keys["intranet"], seq=1)
