"""Marking a booked applicant as arrived at the hall performs the case's visit step
(record_visit) through the engine, as the hall officer, so the case moves on to approval; when
the case cannot move (someone else handles it, it is not waiting for a visit) the arrival is
still recorded and the officer is told why (ADR 0029)."""

import pytest

from policeonline.appointments.desk import services
from policeonline.appointments.desk.models import Visit
from policeonline.cases import engine
from policeonline.cases.models import Case

from ..conftest import make_officer, sign_in

pytestmark = pytest.mark.django_db


def awaiting_visit(portal, clerk) -> Case:
    app_id, _ = portal.submit("CRJ-001")
    case = Case.objects.get(application_id=app_id)
    actor = engine.Actor.officer(clerk)
    engine.claim(case.pk, actor)
    engine.perform(case.pk, "accept", actor)
    return engine.perform(case.pk, "invite_visit", actor, note="请按预约到出入境大厅办理。")


def visit_for(bookings, case) -> Visit:
    body, _ = bookings.booking(application_id=str(case.application_id))
    return Visit.objects.get(booking_id=body["booking_id"])


def test_an_arrival_records_the_visit_on_the_case(client, portal, bookings, hall_officers):
    case = awaiting_visit(portal, hall_officers["crj"])
    visit = visit_for(bookings, case)
    sign_in(client, hall_officers["crj"])
    assert client.post(f"/appointments/{visit.pk}/arrived/").status_code == 302
    case.refresh_from_db()
    assert case.state == "approving" and case.claimed_by_id is None  # on to the approver
    event = case.events.order_by("seq").last()
    assert (event.action, event.actor, event.public) == ("record_visit", "300001", True)
    assert engine.replay(case) == "approving"
    assert Visit.objects.get(pk=visit.pk).status == "arrived"


def test_the_hall_officer_takes_an_unclaimed_case(portal, bookings, hall_officers):
    case = awaiting_visit(portal, hall_officers["crj"])
    engine.release(case.pk, engine.Actor.officer(hall_officers["crj"]))
    hall = make_officer("300010", "exit_entry", ["clerk"])
    marked = services.mark(visit_for(bookings, case).pk, hall, "arrived")
    case.refresh_from_db()
    assert marked.case_note == "" and case.state == "approving"
    assert case.events.get(action="record_visit").actor == "300010"


def test_a_case_someone_else_handles_is_not_moved_but_the_arrival_stands(client, portal, bookings,
                                                                          hall_officers):
    case = awaiting_visit(portal, hall_officers["crj"])
    hall = make_officer("300011", "exit_entry", ["clerk"])
    visit = visit_for(bookings, case)
    sign_in(client, hall)
    page = client.post(f"/appointments/{visit.pk}/arrived/", follow=True).content.decode()
    case.refresh_from_db()
    assert case.state == "awaiting_visit" and Visit.objects.get(pk=visit.pk).status == "arrived"
    assert case.receipt_no in page  # the warning names the case that did not move


def test_a_case_not_waiting_for_a_visit_is_left_alone(portal, bookings, hall_officers):
    app_id, _ = portal.submit("CRJ-001")
    case = Case.objects.get(application_id=app_id)
    marked = services.mark(visit_for(bookings, case).pk, hall_officers["crj"], "arrived")
    case.refresh_from_db()
    assert case.state == "submitted" and case.receipt_no in marked.case_note
