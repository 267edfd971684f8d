"""The citizen's pages: book from the application, see, reschedule, cancel; nobody else's."""

import re

import pytest

from policeonline.appointments.booking import services
from policeonline.appointments.booking.models import Booking, Slot

from .conftest import slots


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


def test_the_application_page_offers_booking_when_the_visit_is_awaited(signed_in, application):
    page = signed_in.get(f"/applications/{application.pk}/").content.decode()
    assert f"/appointments/book/?application={application.pk}" in page
    page = signed_in.get("/appointments/").content.decode()
    assert application.receipt_no in page


def test_book_through_the_pages(signed_in, halls, application):
    page = signed_in.get(f"/appointments/book/?application={application.pk}").content.decode()
    assert halls["crj_city"].name_zh in page and halls["vehicle_city"].name_zh not in page
    page = signed_in.get(f"/appointments/book/?application={application.pk}&hall=crj_city").content.decode()
    slot = slots(halls["crj_city"])[0]
    assert f'value="{slot.pk}"' in page and 'type="radio"' in page
    response = signed_in.post("/appointments/book/", {"application": str(application.pk), "hall": "crj_city",
                                                      "slot": slot.pk})
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/appointments/{booking.pk}/"
    page = signed_in.get(response["Location"]).content.decode()
    assert booking.reference in page and halls["crj_city"].address_zh in page


def test_a_full_slot_is_refused_on_the_page_and_nothing_changes(signed_in, halls, application):
    slot = slots(halls["crj_city"])[0]
    Slot.objects.filter(pk=slot.pk).update(booked=slot.capacity)
    response = signed_in.post("/appointments/book/", {"application": str(application.pk), "hall": "crj_city",
                                                      "slot": slot.pk})
    assert response.status_code == 422
    assert "已约满" in response.content.decode()
    assert not Booking.objects.exists() and Slot.objects.get(pk=slot.pk).booked == slot.capacity


def test_no_slot_chosen(signed_in, halls, application):
    response = signed_in.post("/appointments/book/", {"application": str(application.pk), "hall": "crj_city"})
    assert response.status_code == 422 and not Booking.objects.exists()


def test_reschedule_and_cancel_through_the_pages(signed_in, citizen, halls, application):
    a, b = slots(halls["crj_city"], 2)
    booking = services.book(citizen, a.pk, application_id=application.pk)
    page = signed_in.get(f"/appointments/{booking.pk}/?reschedule=1").content.decode()
    assert f'value="{b.pk}"' in page
    signed_in.post(f"/appointments/{booking.pk}/reschedule/", {"slot": b.pk})
    booking.refresh_from_db()
    assert booking.slot_id == b.pk
    signed_in.post(f"/appointments/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_another_citizen_gets_not_found_for_everything(client, citizen, other_citizen, halls, application):
    a, b = slots(halls["crj_city"], 2)
    booking = services.book(citizen, a.pk, application_id=application.pk)
    client.force_login(other_citizen)
    assert client.get(f"/appointments/{booking.pk}/").status_code == 404
    assert client.post(f"/appointments/{booking.pk}/reschedule/", {"slot": b.pk}).status_code == 404
    assert client.post(f"/appointments/{booking.pk}/cancel/").status_code == 404
    assert client.get(f"/appointments/book/?application={application.pk}").status_code == 404
    posted = {"application": str(application.pk), "slot": b.pk}
    assert client.post("/appointments/book/", posted).status_code == 404
    assert client.get("/appointments/book/?application=not-a-uuid").status_code == 404
    assert booking.reference not in client.get("/appointments/").content.decode()
    booking.refresh_from_db()
    assert booking.status == "booked" and booking.slot_id == a.pk


def test_pages_need_sign_in(client, halls):
    assert client.get("/appointments/").status_code == 302


def test_elder_mode_and_accessible_slot_picker(signed_in, halls, application):
    signed_in.cookies["elder"] = "1"
    page = signed_in.get(f"/appointments/book/?application={application.pk}&hall=crj_city").content.decode()
    assert 'class="elder"' in page and "appointments/appointments.css" in page
    assert "<fieldset" in page and "<legend" in page and 'aria-labelledby="book-title"' in page
    # Days fold so ten days of times are not a page several screens long: only the first day
    # with a free place is open, and each day's summary says how many places it has left.
    days = page.split('<details class="slot-day"')[1:]
    assert len(days) > 1 and days[0].startswith(" open>") and not any(d.startswith(" open") for d in days[1:])
    summary, times = days[0].split("</summary>")
    first_free = sum(int(n) for n in re.findall(r"剩余名额：(\d+)", times))
    assert first_free and f"剩余 {first_free} 个名额" in summary


def test_my_appointments_names_the_service_in_the_readers_language(signed_in, citizen, halls, application):
    from django.conf import settings

    services.book(citizen, slots(halls["crj_city"])[0].pk, application_id=application.pk)
    item = application.item
    row = signed_in.get("/appointments/").content.decode().split("<tbody>")[1]
    assert item.name_zh in row
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    row = signed_in.get("/appointments/").content.decode().split("<tbody>")[1]
    assert item.name_en in row and item.name_zh not in row
