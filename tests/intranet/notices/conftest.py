"""Notices in the back office: a population-department team (a clerk who writes, an approver,
a supervisor) and an approver of another department; real files a scanner would make."""

import io
import json

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from pypdf import PdfWriter

from policeonline.exchange.models import OutboxEntry

from ..conftest import make_officer


@pytest.fixture
def team(db):
    return {"clerk": make_officer("610001", "population", ["clerk"]),
            "approver": make_officer("610002", "population", ["approver"]),
            "supervisor": make_officer("610003", "population", ["supervisor", "approver"]),
            "stranger": make_officer("610004", "exit_entry", ["approver", "clerk"])}


def signed_in(client, officer):
    """The officer's session as after password and TOTP (the sign-in itself is tested elsewhere)."""
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=officer).persistent_id
    session.save()
    return client


def pdf_bytes() -> bytes:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


def sent(type_name: str | None = None) -> list[tuple[str, dict]]:
    """(type, body) of what waits in the outbox for the portal, in stream order."""
    entries = OutboxEntry.objects.filter(type__startswith="notice.").order_by("seq")
    if type_name:
        entries = entries.filter(type=type_name)
    return [(e.type, json.loads(bytes(e.data).split(b"\n")[2])) for e in entries]
