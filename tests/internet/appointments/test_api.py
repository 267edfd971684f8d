"""The JSON API: everything the citizen can do on the pages, and nobody else's bookings."""

import pytest

from policeonline.appointments.booking.models import Booking, Slot

from .conftest import slots


@pytest.fixture
def api(client, citizen):
    client.force_login(citizen)
    return client


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_halls_and_slots_are_public(client, halls):
    found = client.get("/api/v1/appointments/halls?item_code=CRJ-001").json()
    assert {h["code"] for h in found} == {"crj_city", "crj_licheng"}
    times = client.get("/api/v1/appointments/halls/crj_city/slots").json()
    assert times and {"id", "starts_at", "ends_at", "free", "provisional"} <= set(times[0])
    assert client.get("/api/v1/appointments/halls/nowhere/slots").status_code == 404


def test_book_reschedule_cancel(api, halls, application):
    a, b = slots(halls["crj_city"], 2)
    response = post(api, "/api/v1/appointments", {"slot_id": a.pk, "application_id": str(application.pk)})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["receipt_no"] == application.receipt_no and body["hall"]["code"] == "crj_city"
    assert body["reschedules_left"] == 2 and body["can_cancel"]
    moved = post(api, f"/api/v1/appointments/{body['id']}/reschedule", {"slot_id": b.pk}).json()
    assert moved["reschedules_left"] == 1
    assert [x["id"] for x in api.get("/api/v1/appointments").json()] == [body["id"]]
    cancelled = post(api, f"/api/v1/appointments/{body['id']}/cancel").json()
    assert cancelled["status"] == "cancelled" and not cancelled["can_cancel"]
    assert post(api, f"/api/v1/appointments/{body['id']}/cancel").status_code == 422


def test_a_full_slot_is_409_with_a_localised_message_and_nothing_changes(api, halls, application):
    slot = slots(halls["crj_city"])[0]
    Slot.objects.filter(pk=slot.pk).update(booked=slot.capacity)
    response = post(api, "/api/v1/appointments", {"slot_id": slot.pk, "application_id": str(application.pk)})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "slot_full" and response.json()["error"]["message"]
    assert not Booking.objects.exists()


def test_citizen_a_never_sees_or_changes_citizen_bs_booking(client, citizen, other_citizen, halls,
                                                            application):
    a, b = slots(halls["crj_city"], 2)
    client.force_login(citizen)
    booking_id = post(client, "/api/v1/appointments",
                      {"slot_id": a.pk, "application_id": str(application.pk)}).json()["id"]
    client.force_login(other_citizen)
    assert client.get(f"/api/v1/appointments/{booking_id}").status_code == 404
    assert post(client, f"/api/v1/appointments/{booking_id}/reschedule", {"slot_id": b.pk}).status_code == 404
    assert post(client, f"/api/v1/appointments/{booking_id}/cancel").status_code == 404
    assert client.get("/api/v1/appointments").json() == []
    # Nor book for B's application.
    response = post(client, "/api/v1/appointments", {"slot_id": b.pk, "application_id": str(application.pk)})
    assert response.status_code == 404
    booking = Booking.objects.get(pk=booking_id)
    assert booking.status == "booked" and booking.slot_id == a.pk


def test_sign_in_needed(client, halls):
    assert client.get("/api/v1/appointments").status_code == 401
    assert post(client, "/api/v1/appointments", {"slot_id": 1, "item_code": "CRJ-001"}).status_code == 401
