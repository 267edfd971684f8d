"""Personal data at rest is encrypted; lookups work through keyed digests."""

import pytest
from django.db import connection

from policeonline.core.protected import decrypt, encrypt, lookup_digest


def test_encryption_round_trip_and_no_plain_text():
    token = encrypt("37010219900307106X")
    assert "37010219900307106X" not in token
    assert decrypt(token) == "37010219900307106X"


def test_digests_are_keyed_and_kind_separated(settings):
    a = lookup_digest("id", "37010219900307106X")
    assert a != lookup_digest("phone", "37010219900307106X")
    settings.LOOKUP_HMAC_KEY = "another-secret"
    assert lookup_digest("id", "37010219900307106X") != a


@pytest.mark.django_db
def test_no_table_holds_a_full_id_number_in_clear(django_user_model):
    from django.conf import settings

    if settings.ZONE != "internet":
        pytest.skip("citizen accounts live in the internet zone")
    django_user_model.objects.create_citizen(name="王五", id_number="370102198506150021",
                                             phone="13900000009", password="Str0ng!pass")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, id_masked, phone_masked FROM citizens_user")
        row = cursor.fetchone()
    assert "370102198506150021" not in " ".join(row[:2])
    assert "13900000009" not in " ".join(row[:2])
    assert row[2:] == ("370102********0021", "139****0009")
    assert django_user_model.objects.get().id_number == "370102198506150021"
