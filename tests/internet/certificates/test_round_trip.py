"""Issued on the intranet, received on the portal, verified by the public.

One process plays both zones as tests/common/exchange does: the intranet's code runs with the
intranet's settings (zone, exchange key ring, certificate key), and the envelope bytes it
queued are handed to this zone's inbox. The zones share this test database, but exchange
tables are keyed by direction; the intranet's own certificate row is removed before delivery,
as it lives in the intranet's database."""

import io
from contextlib import contextmanager
from datetime import date

import pypdf
import pytest
from django.db import transaction

from policeonline.certificates.models import Certificate
from policeonline.certificates.texts import no_criminal_record_body
from policeonline.exchange.endpoint import default_endpoint, reset_default_endpoint
from policeonline.exchange.inbox import process
from policeonline.exchange.models import OutboxEntry

pytestmark = pytest.mark.django_db


@contextmanager
def intranet_zone(settings, exchange_keys):
    zone, key_dir = settings.ZONE, settings.EXCHANGE_KEY_DIR
    settings.ZONE, settings.EXCHANGE_KEY_DIR = "intranet", str(exchange_keys["intranet"].dir)
    reset_default_endpoint()
    try:
        yield
    finally:
        settings.ZONE, settings.EXCHANGE_KEY_DIR = zone, key_dir
        reset_default_endpoint()


def test_issue_on_the_intranet_then_verify_on_the_portal(client, citizen, settings, exchange_keys):
    from policeonline.certificates import services

    with intranet_zone(settings, exchange_keys), transaction.atomic():
        issued = services.issue_certificate(
            receipt_no="SQ2026112700012", account_ref=citizen.account_ref, item_code="ZA-001",
            title="无犯罪记录证明", holder_name="张三", holder_id_number="37010219900307106X",
            body=no_criminal_record_body(name="张三", id_number="37010219900307106X",
                                         checked_on=date.today(), purpose="就业",
                                         valid_days=90, bureau="我局"),
            valid_days=90)
        envelope = bytes(OutboxEntry.objects.get(type="certificate.issued").data)
        serial, code, pdf = issued.serial, issued.code, bytes(issued.pdf)
        Certificate.objects.filter(pk=issued.pk).delete()
    assert process(default_endpoint(), envelope, "test").applied == 1
    mirror = Certificate.objects.get(serial=serial)
    assert mirror.code == code and bytes(mirror.pdf) == pdf and mirror.content_salt == ""
    assert "张三" in pypdf.PdfReader(io.BytesIO(bytes(mirror.pdf))).pages[0].extract_text()
    html = client.get(f"/c/{code}").content.decode()
    assert "verdict-valid" in html and serial in html and "张*" in html
    assert "37010219900307106X" not in html
