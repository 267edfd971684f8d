"""The selection rules, on any database: only released, free numbers can be taken; blocked
(never released), withdrawn and taken numbers cannot; bounded attempts; holds expire; one
plate per application; the confirmed choice goes to the intranet on the application's stream."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from policeonline.exchange import types
from policeonline.exchange.models import OutboxEntry
from policeonline.plates import services
from policeonline.plates.models import ReleasedNumber, Selection

from ..applications.conftest import outbox_bodies
from .conftest import submitted

pytestmark = pytest.mark.django_db
NUMBERS = ["鲁A12345", "鲁AB1C23", "鲁A66N88", "鲁A70921", "鲁AK5K52"]


def refused(code, func, *args):
    with pytest.raises(services.Refused) as caught:
        func(*args)
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_a_release_arrives_once_whatever_the_transport_does(intranet):
    assert intranet.release(NUMBERS).applied == 1
    assert set(ReleasedNumber.objects.values_list("plate", flat=True)) == set(NUMBERS)
    intranet.release(NUMBERS)  # the same numbers again (a re-sent release): nothing changes
    assert ReleasedNumber.objects.count() == 5
    assert intranet.release(["鲁AABC12"]).quarantined == 1  # three letters: not a GA 36 number


def test_random_display_pick_and_confirm(intranet, citizen, exchange_keys):
    intranet.release(NUMBERS)
    app = submitted(citizen)
    shown = services.display(app.pk, citizen)
    assert len(shown) == 5 and set(shown) == set(NUMBERS)
    refused("not_offered", services.pick, app.pk, citizen, "鲁A99999")
    held = services.pick(app.pk, citizen, shown[0])
    assert held.status == "held" and held.holder_id == app.pk
    assert services.state(app.pk, citizen).held.plate == shown[0]
    services.confirm(app.pk, citizen)
    assert ReleasedNumber.objects.get(plate=shown[0]).status == "allocated"
    body, = outbox_bodies(exchange_keys, "plate.chosen")
    assert body["plate"] == shown[0] and body["mode"] == "random" and body["receipt_no"] == app.receipt_no
    entry = OutboxEntry.objects.get(type="plate.chosen")
    assert entry.stream.name == types.get("application.submitted", 1, "internet").stream_for(str(app.pk))
    # Final: no second plate for this application, and the number is nobody else's.
    refused("confirmed", services.display, app.pk, citizen)
    refused("confirmed", services.compose, app.pk, citizen, "70921")


def test_compose_within_the_rules(intranet, citizen, other):
    intranet.release(NUMBERS)
    app, theirs = submitted(citizen), submitted(other)
    assert "I" in refused("invalid", services.compose, app.pk, citizen, "1I345").message
    refused("invalid", services.compose, app.pk, citizen, "ABC12")  # three letters
    refused("invalid", services.compose, app.pk, citizen, "D12345")  # a new-energy serial
    assert not Selection.objects.filter(application=app, compose_used__gt=0).exists()  # no attempt used
    held = services.compose(app.pk, citizen, "ｂ1ｃ23")  # full-width and lower case are fine
    assert held.plate == "鲁AB1C23"
    refused("taken", services.compose, theirs.pk, other, "鲁AB1C23")
    refused("unavailable", services.compose, theirs.pk, other, "54321")  # never released


def test_new_energy_applications_choose_green_numbers(intranet, citizen):
    intranet.release(["鲁AD12345", "鲁AFK1234"], plate_type="52", pool="P20261127-NEV1")
    intranet.release(NUMBERS)
    app = submitted(citizen, vehicle_kind="small_ne", plate_selection="online")
    assert set(services.display(app.pk, citizen)) == {"鲁AD12345", "鲁AFK1234"}
    refused("invalid", services.compose, app.pk, citizen, "12345")
    assert services.compose(app.pk, citizen, "FK1234").plate == "鲁AFK1234"


def test_blocked_withdrawn_and_unreleased_numbers_can_never_be_taken(intranet, citizen):
    intranet.release(NUMBERS)
    intranet.withdraw(["鲁A12345", "鲁A66N88"])
    app = submitted(citizen)
    refused("unavailable", services.compose, app.pk, citizen, "12345")  # withdrawn
    refused("unavailable", services.compose, app.pk, citizen, "SB123")  # blocked: never released
    for _ in range(3):
        assert not {"鲁A12345", "鲁A66N88"} & set(services.display(app.pk, citizen))


def test_a_withdrawal_waits_for_a_running_hold(intranet, citizen):
    intranet.release(NUMBERS)
    app = submitted(citizen)
    services.compose(app.pk, citizen, "12345")
    intranet.withdraw(["鲁A12345"])
    assert ReleasedNumber.objects.get(plate="鲁A12345").status == "held"  # still the citizen's
    services.release(app.pk, citizen)
    assert ReleasedNumber.objects.get(plate="鲁A12345").status == "withdrawn"  # not back to the pool


@override_settings(PLATE_COMPOSE_ATTEMPTS=2, PLATE_RANDOM_DISPLAYS=1)
def test_attempts_are_bounded(intranet, citizen):
    intranet.release(NUMBERS)
    app = submitted(citizen)
    refused("unavailable", services.compose, app.pk, citizen, "54321")
    refused("unavailable", services.compose, app.pk, citizen, "54322")
    refused("exhausted", services.compose, app.pk, citizen, "12345")  # although it is free
    services.display(app.pk, citizen)
    refused("exhausted", services.display, app.pk, citizen)
    assert services.state(app.pk, citizen).compose_left == 0


def test_a_new_hold_replaces_the_old_one(intranet, citizen):
    intranet.release(NUMBERS)
    app = submitted(citizen)
    services.compose(app.pk, citizen, "12345")
    services.compose(app.pk, citizen, "70921")
    assert list(ReleasedNumber.objects.filter(holder=app).values_list("plate", flat=True)) == ["鲁A70921"]
    assert ReleasedNumber.objects.get(plate="鲁A12345").status == "free"


def test_an_expired_hold_returns_the_number(intranet, citizen, other):
    intranet.release(NUMBERS)
    app, theirs = submitted(citizen), submitted(other)
    services.compose(app.pk, citizen, "12345")
    refused("taken", services.compose, theirs.pk, other, "12345")
    ReleasedNumber.objects.filter(plate="鲁A12345").update(held_until=timezone.now() - timedelta(seconds=1))
    # Lazily on read: the number is offered and can be taken at once ...
    assert services.state(app.pk, citizen).held is None
    assert services.compose(theirs.pk, other, "12345").holder_id == theirs.pk
    refused("no_hold", services.confirm, app.pk, citizen)  # ... and the first holder lost it
    # ... and by the periodic command.
    ReleasedNumber.objects.filter(plate="鲁A12345").update(held_until=timezone.now() - timedelta(seconds=1))
    call_command("plates", "expire")
    row = ReleasedNumber.objects.get(plate="鲁A12345")
    assert (row.status, row.holder) == ("free", None)


def test_confirming_after_expiry_is_refused_and_frees_the_number(intranet, citizen):
    intranet.release(NUMBERS)
    app = submitted(citizen)
    services.compose(app.pk, citizen, "12345")
    ReleasedNumber.objects.filter(plate="鲁A12345").update(held_until=timezone.now() - timedelta(seconds=1))
    refused("expired", services.confirm, app.pk, citizen)
    assert ReleasedNumber.objects.get(plate="鲁A12345").status == "free"
    assert not OutboxEntry.objects.filter(type="plate.chosen").exists()


@pytest.mark.parametrize("case", ["draft", "closed", "other_item", "on_site", "trailer"])
def test_only_open_registration_applications_choose_online(intranet, citizen, case):
    intranet.release(NUMBERS)
    data = {"on_site": {"vehicle_kind": "small", "plate_selection": "on_site"},
            "trailer": {"vehicle_kind": "trailer", "plate_selection": "online"}}.get(case, {})
    app = submitted(citizen, **data)
    if case == "draft":
        app.status = "draft"
    if case == "closed":
        app.status = "closed"
    if case == "other_item":
        app.item_code = "ZA-001"
    app.save()
    refused("not_eligible", services.display, app.pk, citizen)


def test_another_citizens_application_is_not_found(intranet, citizen, other):
    from policeonline.applications.models import Application

    intranet.release(NUMBERS)
    app = submitted(citizen)
    services.compose(app.pk, citizen, "12345")
    for action, args in ((services.display, ()), (services.compose, ("70921",)),
                         (services.confirm, ()), (services.release, ()), (services.state, ())):
        with pytest.raises(Application.DoesNotExist):
            action(app.pk, other, *args)
    assert ReleasedNumber.objects.get(plate="鲁A12345").holder_id == app.pk


def test_the_stock_report_tells_the_intranet_what_is_free_and_held(intranet, citizen, other, exchange_keys):
    intranet.release(NUMBERS)
    intranet.release(["鲁AD12345"], plate_type="52", pool="P20261127-NEV1")
    app, theirs = submitted(citizen), submitted(other)
    services.compose(app.pk, citizen, "12345")
    services.confirm(app.pk, citizen)
    services.compose(theirs.pk, other, "70921")
    services.compose(submitted(citizen).pk, citizen, "B1C23")
    ReleasedNumber.objects.filter(plate="鲁AB1C23").update(held_until=timezone.now() - timedelta(seconds=1))
    intranet.withdraw(["鲁A66N88"])
    call_command("plates", "stock")
    body, = outbox_bodies(exchange_keys, "plates.stock")
    assert body["pools"] == [
        {"pool": "P20261127-NEV1", "free": 1, "held": 0, "allocated": 0, "withdrawn": 0},
        {"pool": "P20261127-TEST", "free": 2, "held": 1, "allocated": 1, "withdrawn": 1}]


def test_one_plate_per_vehicle_across_applications(intranet, citizen):
    from django.db import IntegrityError, transaction

    intranet.release(NUMBERS)
    vin = "LSVAA4180E2000001"
    first = submitted(citizen, vehicle_kind="small", plate_selection="online", vin=vin)
    second = submitted(citizen, item_code="JDC-002", plate_kind="02", vin=vin)
    services.compose(second.pk, citizen, "70921")  # both may hold while neither has confirmed
    services.compose(first.pk, citizen, "12345")
    services.confirm(first.pk, citizen)
    refused("vehicle_has_plate", services.confirm, second.pk, citizen)
    refused("vehicle_has_plate", services.display, second.pk, citizen)
    # The database says so too, whatever the services do.
    with pytest.raises(IntegrityError), transaction.atomic():
        Selection.objects.filter(application=second).update(plate="鲁A70921")
