"""The hall's side: bookings arrive as envelopes, the officer's day list, arrivals and no-shows
going back to the portal, and who may see what."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from policeonline.appointments.desk import services
from policeonline.appointments.desk.models import Visit
from policeonline.audit.models import AuditEvent
from policeonline.exchange.models import OutboxEntry, QuarantinedEnvelope

from ..conftest import sign_in


def test_bookings_arrive_and_the_newest_revision_wins(bookings):
    body, tally = bookings.booking()
    assert tally.applied == 1
    visit = Visit.objects.get(booking_id=body["booking_id"])
    assert visit.status == "booked" and visit.hall.code == "crj_city" and visit.id_masked == body["id_masked"]
    later = timezone.now() + timedelta(days=2)
    bookings.booking(booking_id=body["booking_id"], revision=3, action="rescheduled", starts_at=later)
    bookings.booking(booking_id=body["booking_id"], revision=2, action="rescheduled")  # late, older
    visit.refresh_from_db()
    assert visit.revision == 3 and abs(visit.starts_at - later) < timedelta(seconds=1)
    bookings.booking(booking_id=body["booking_id"], revision=4, action="cancelled", starts_at=later)
    visit.refresh_from_db()
    assert visit.status == "cancelled"
    assert AuditEvent.objects.filter(action="appointment.cancelled", target=visit.reference).exists()


def test_a_booking_for_an_unknown_hall_is_quarantined(bookings):
    _, tally = bookings.booking(hall="nowhere")
    assert tally.quarantined == 1 and Visit.objects.count() == 0
    assert QuarantinedEnvelope.objects.count() == 1


def test_day_list_shows_the_departments_halls_with_masked_ids_and_case_links(client, portal, bookings,
                                                                          hall_officers):
    app_id, _ = portal.submit("CRJ-001")
    noon = datetime.combine(timezone.localdate(), time(12), timezone.get_current_timezone())
    bookings.booking(application_id=app_id, starts_at=noon)
    bookings.booking(reference="YY-ZZ99-ZZ99", hall="crj_licheng", starts_at=noon)
    sign_in(client, hall_officers["crj"])
    page = client.get("/appointments/?hall=crj_city").content.decode()
    assert "赵六" in page and "110101********1231" in page and "110101198808081231" not in page
    assert "/cases/" in page and "YY-AB12-CD34" in page and "YY-ZZ99-ZZ99" not in page
    assert AuditEvent.objects.filter(action="appointment.day_list_viewed", actor="300001").exists()
    other_day = client.get(f"/appointments/?hall=crj_city&date={timezone.localdate() + timedelta(days=3)}")
    assert "赵六" not in other_day.content.decode()
    when = timezone.localtime(Visit.objects.get(reference="YY-AB12-CD34").starts_at).date()
    assert f"date={when:%Y-%m-%d}" in other_day.content.decode()  # a link to the day with visits


def test_an_officer_of_another_department_sees_none_of_it(client, bookings, hall_officers):
    body, _ = bookings.booking()
    visit = Visit.objects.get(booking_id=body["booking_id"])
    sign_in(client, hall_officers["population"])
    page = client.get("/appointments/?hall=crj_city").content.decode()
    assert "赵六" not in page  # their own hall is shown instead
    assert client.post(f"/appointments/{visit.pk}/arrived/").status_code == 404
    visit.refresh_from_db()
    assert visit.status == "booked" and not OutboxEntry.objects.filter(type="appointment.visit").exists()
    assert AuditEvent.objects.filter(action="permission.refused", target=f"visit:{visit.pk}").exists()
    client.logout()
    sign_in(client, hall_officers["nobody"])
    response = client.get("/appointments/?hall=crj_city")
    assert response.status_code == 200 and "赵六" not in response.content.decode()


def test_marking_arrived_tells_the_portal_once(client, bookings, hall_officers):
    body, _ = bookings.booking()
    visit = Visit.objects.get(booking_id=body["booking_id"])
    sign_in(client, hall_officers["crj"])
    assert client.post(f"/appointments/{visit.pk}/arrived/").status_code == 302
    visit.refresh_from_db()
    assert visit.status == "arrived" and visit.marked_by == "300001"
    with pytest.raises(services.NotAllowed):
        services.mark(visit.pk, hall_officers["crj"], "no_show")
    assert OutboxEntry.objects.filter(type="appointment.visit").count() == 1
    # A late cancellation from the portal does not undo what the hall saw.
    bookings.booking(booking_id=body["booking_id"], revision=2, action="cancelled")
    visit.refresh_from_db()
    assert visit.status == "arrived"


def test_no_show_only_after_the_booked_time(bookings, hall_officers):
    body, _ = bookings.booking(starts_at=timezone.now() + timedelta(minutes=10))
    visit = Visit.objects.get(booking_id=body["booking_id"])
    with pytest.raises(services.NotAllowed):
        services.mark(visit.pk, hall_officers["crj"], "no_show")
    Visit.objects.filter(pk=visit.pk).update(starts_at=timezone.now() - timedelta(hours=1),
                                             ends_at=timezone.now() - timedelta(minutes=30))
    services.mark(visit.pk, hall_officers["crj"], "no_show")
    assert Visit.objects.get(pk=visit.pk).status == "no_show"


def test_arrival_not_days_ahead(bookings, hall_officers):
    body, _ = bookings.booking(starts_at=timezone.now() + timedelta(days=2))
    visit = Visit.objects.get(booking_id=body["booking_id"])
    with pytest.raises(services.NotAllowed):
        services.mark(visit.pk, hall_officers["crj"], "arrived")
