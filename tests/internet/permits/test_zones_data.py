"""Zones, windows and quotas as data: the shipped file reads, bad files are refused with the
zone and field named, and loading is idempotent (a zone dropped from the file goes inactive)."""

import pytest

from policeonline.core.permit_zones import load_into, read_zones
from policeonline.permits import facts
from policeonline.permits.eligibility import Refused
from policeonline.permits.models import PermitZone

from .conftest import make_citizen

GOOD = """zones:
  - {code: ABC, name_zh: 甲, name_en: A, windows: ["07:00-09:00"], needs_permit: [H3],
     banned: [H1], min_emission: 5, daily_quota: 10}
"""


def test_the_shipped_file_reads():
    codes = {z.code: z for z in read_zones()}
    assert set(codes) == {"QCL-FRJ", "JSL", "DMH"}
    assert codes["QCL-FRJ"].windows == ("07:00-09:00", "17:00-19:30")
    assert "H1" in codes["QCL-FRJ"].banned and codes["QCL-FRJ"].min_emission == 5


@pytest.mark.parametrize(("change", "words"), [
    (("07:00-09:00", "09:00-07:00"), "windows"),
    (("07:00-09:00", "7-9"), "windows"),
    (("needs_permit: [H3]", "needs_permit: [X9]"), "vehicle types"),
    (("banned: [H1]", "banned: [H3]"), "vehicle types"),
    (("min_emission: 5", "min_emission: 7"), "min_emission"),
    (("daily_quota: 10", "daily_quota: -1"), "daily_quota"),
    (("code: ABC", "code: abc"), "zone code"),
    (("name_zh: 甲, ", ""), "name_zh"),
])
def test_a_bad_file_is_refused_naming_the_problem(tmp_path, change, words):
    path = tmp_path / "zones.yaml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(ValueError, match=words):
        read_zones(path)


def test_loading_is_idempotent_and_a_dropped_zone_goes_inactive(db, tmp_path):
    assert load_into(PermitZone) == (0, 0)  # the autouse fixture loaded it already
    path = tmp_path / "zones.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_into(PermitZone, path) == (1, 0)
    assert load_into(PermitZone, path) == (0, 0)
    assert set(PermitZone.objects.filter(active=True).values_list("code", flat=True)) == {"ABC"}
    assert PermitZone.objects.count() == 4


def test_only_verified_citizens_ask_the_registry(db):
    from policeonline.exchange.models import OutboxEntry

    user = make_citizen(5)
    user.verification = user.Verification.PENDING
    with pytest.raises(Refused) as refused:
        facts.request_facts(user)
    assert refused.value.code == "not_verified"
    assert not OutboxEntry.objects.filter(type="permits.vehicles.request").exists()
