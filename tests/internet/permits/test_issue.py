"""Issuing on the portal: every eligibility rule refuses with its own localised reason and
changes nothing; the quota and one permit per vehicle, zone and day; cancelling frees the seat;
envelopes to the intranet."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from policeonline.audit.models import AuditEvent
from policeonline.certificates.models import Certificate
from policeonline.exchange.models import OutboxEntry
from policeonline.permits import services
from policeonline.permits.models import Permit, ZoneDay

from .conftest import make_citizen, truck

ZONE = "QCL-FRJ"


def today() -> date:
    return timezone.localdate()


def tomorrow() -> date:  # a permit for today can be cancelled only before its hours begin
    return today() + timedelta(days=1)


def nothing_changed():
    assert not Permit.objects.exists()
    assert not Certificate.objects.exists()
    assert not ZoneDay.objects.filter(used__gt=0).exists()
    assert not OutboxEntry.objects.filter(type__startswith="permit.").exists()


def test_issued_at_once_with_signed_code_and_envelope(citizen, intranet):
    intranet.answer(citizen, [truck()])
    permit = services.issue(citizen, plate="鲁A7H2K8", zone_code=ZONE, day=today())
    assert permit.status == "valid" and permit.code.startswith("PSO1.")
    assert ZoneDay.objects.get(zone__code=ZONE, day=today()).used == 1
    certificate = Certificate.objects.get(serial=permit.serial)
    assert certificate.valid_until == today() and certificate.account_ref == citizen.account_ref
    assert bytes(certificate.pdf).startswith(b"%PDF")
    entry = OutboxEntry.objects.get(type="permit.issued")
    assert entry.envelope_id


@pytest.mark.parametrize(("vehicle", "zone", "code", "words"), [
    (truck(vehicle_type="H1"), ZONE, "type_banned", "may not enter"),
    (truck(vehicle_type="K3"), ZONE, "no_permit_needed", "needs no permit"),
    (truck(emission=4), ZONE, "emission", "China IV"),
    (truck(emission=5), "DMH", "emission", "at least China VI"),
    (truck(inspection=date(2020, 1, 1)), ZONE, "inspection", "inspection is not valid"),
    (truck(inspection=False), ZONE, "inspection", "inspection is not valid"),  # none on file
    (truck(unpaid=2), ZONE, "violations", "2 traffic violation"),
    (truck(in_use=False), ZONE, "not_in_use", "not in normal use"),
])
def test_each_rule_refuses_with_its_reason_and_changes_nothing(citizen, intranet, vehicle, zone,
                                                                code, words):
    intranet.answer(citizen, [vehicle])
    with translation.override("en"), pytest.raises(services.Refused) as refused:
        services.issue(citizen, plate=vehicle["plate"], zone_code=zone, day=today())
    assert refused.value.code == code and words in refused.value.message
    nothing_changed()


def test_refusals_read_in_chinese_by_default(citizen, intranet):
    intranet.answer(citizen, [truck(unpaid=1)])
    with translation.override("zh-hans"), pytest.raises(services.Refused) as refused:
        services.issue(citizen, plate="鲁A7H2K8", zone_code=ZONE, day=today())
    assert refused.value.code == "violations"


def test_other_refusals(citizen, other, intranet):
    with translation.override("en"), pytest.raises(services.Refused, match="out of date") as refused:
        services.issue(citizen, plate="鲁A7H2K8", zone_code=ZONE, day=today())
    assert refused.value.code == "facts_stale"
    intranet.answer(citizen, [truck()])
    cases = [("鲁B12345", ZONE, today(), "unknown_vehicle"),
             ("鲁A7H2K8", "NOPE", today(), "unknown_zone"),
             ("鲁A7H2K8", ZONE, today() - timedelta(days=1), "bad_date"),
             ("鲁A7H2K8", ZONE, today() + timedelta(days=30), "bad_date")]
    for plate, zone, day, code in cases:
        with pytest.raises(services.Refused) as refused:
            services.issue(citizen, plate=plate, zone_code=zone, day=day)
        assert refused.value.code == code
    # another citizen cannot use this citizen's vehicle
    intranet.answer(other, [truck(plate="鲁A99999")])
    with pytest.raises(services.Refused) as refused:
        services.issue(other, plate="鲁A7H2K8", zone_code=ZONE, day=today())
    assert refused.value.code == "unknown_vehicle"
    nothing_changed()


def test_stale_facts_are_asked_for_again(citizen, intranet):
    intranet.answer(citizen, [truck()], as_of=datetime.now(UTC) - timedelta(hours=30))
    with pytest.raises(services.Refused) as refused:
        services.issue(citizen, plate="鲁A7H2K8", zone_code=ZONE, day=today())
    assert refused.value.code == "facts_stale"


def test_only_the_latest_request_is_applied(citizen, intranet):
    from policeonline.permits import facts
    from policeonline.permits.models import OwnedVehicle

    old = facts.request_facts(citizen)
    intranet.answer(citizen, [truck()])
    intranet.answer(citizen, [truck(plate="鲁A11111")], request_id=old)  # late answer
    assert list(OwnedVehicle.objects.values_list("plate", flat=True)) == ["鲁A7H2K8"]


def test_one_permit_per_vehicle_zone_and_day(citizen, intranet):
    intranet.answer(citizen, [truck()])
    services.issue(citizen, plate="鲁A7H2K8", zone_code=ZONE, day=today())
    with pytest.raises(services.Refused) as refused:
        services.issue(citizen, plate="鲁A7H2K8", zone_code=ZONE, day=today())
    assert refused.value.code == "duplicate"
    services.issue(citizen, plate="鲁A7H2K8", zone_code="JSL", day=today())  # another zone
    services.issue(citizen, plate="鲁A7H2K8", zone_code=ZONE, day=today() + timedelta(days=1))
    assert Permit.objects.count() == 3


def test_quota_is_kept_and_a_cancel_frees_the_seat(intranet, zones):
    zones[ZONE].daily_quota = 2
    zones[ZONE].save()
    people = [make_citizen(10 + n) for n in range(3)]
    for n, person in enumerate(people):
        intranet.answer(person, [truck(plate=f"鲁A1000{n}")])
    first = services.issue(people[0], plate="鲁A10000", zone_code=ZONE, day=tomorrow())
    services.issue(people[1], plate="鲁A10001", zone_code=ZONE, day=tomorrow())
    with translation.override("en"), pytest.raises(services.Refused, match="have been issued") as r:
        services.issue(people[2], plate="鲁A10002", zone_code=ZONE, day=tomorrow())
    assert r.value.code == "quota_full"
    assert Permit.objects.count() == 2
    services.cancel(people[0], first.serial)
    assert Certificate.objects.get(serial=first.serial).status == "revoked"
    assert OutboxEntry.objects.filter(type="permit.cancelled").count() == 1
    services.issue(people[2], plate="鲁A10002", zone_code=ZONE, day=tomorrow())
    assert ZoneDay.objects.get(zone__code=ZONE, day=tomorrow()).used == 2
    with pytest.raises(services.Refused) as refused:
        services.cancel(people[0], first.serial)
    assert refused.value.code == "cancelled"


def test_cannot_cancel_someone_elses_permit(citizen, other, intranet):
    intranet.answer(citizen, [truck()])
    permit = services.issue(citizen, plate="鲁A7H2K8", zone_code=ZONE, day=today())
    with pytest.raises(Permit.DoesNotExist):
        services.cancel(other, permit.serial)
    client = Client()
    client.force_login(other)
    assert client.post(f"/api/v1/permits/{permit.serial}/cancel").status_code == 404
    assert Permit.objects.get().status == "valid"
    refusal = AuditEvent.objects.get(action="permission.refused")  # the API's 404, not the service's
    assert (refusal.actor, refusal.target) == (other.account_ref, f"permits.permit:{permit.pk}")


def test_no_cancelling_once_the_days_restricted_hours_have_begun(citizen, intranet, monkeypatch):
    intranet.answer(citizen, [truck()])
    permit = services.issue(citizen, plate="鲁A7H2K8", zone_code=ZONE, day=today())
    at_eight = timezone.localtime().replace(hour=8, minute=0)
    monkeypatch.setattr(timezone, "localtime", lambda *a, **k: at_eight)
    with translation.override("en"), pytest.raises(services.Refused, match="07:00") as refused:
        services.cancel(citizen, permit.serial)
    assert refused.value.code == "started"
    assert Permit.objects.get().status == "valid"
    assert ZoneDay.objects.get(zone__code=ZONE, day=today()).used == 1
