"""The demo roster of officers (intranet zone). Used by `seed_demo` and, in DEMO_MODE only,
by the sign-in page, which shows each demo officer's current authenticator code."""

import hashlib

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from policeonline.demo.accounts import OFFICER_PASSWORD as DEMO_PASSWORD
from policeonline.demo.accounts import OFFICERS

from .models import Officer

ROSTER = OFFICERS


def demo_key(police_number: str) -> str:
    """A fixed TOTP secret per demo officer, so the demo survives re-seeding. Demo only."""
    return hashlib.sha256(f"policeonline-demo-totp:{police_number}".encode()).hexdigest()[:40]


def demo_codes() -> list[dict]:
    rows = []
    for device in (TOTPDevice.objects.filter(user__username__in=[r[0] for r in ROSTER])
                   .select_related("user__department").order_by("user__username")):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        rows.append({"officer": device.user, "code": f"{totp.token():06d}"})
    return rows


def seed_officers(departments: dict) -> list[Officer]:
    officers = []
    for number, family, given, dept, roles in ROSTER:
        officer, created = Officer.objects.get_or_create(username=number, defaults={
            "last_name": family, "first_name": given,
            "department": departments.get(dept), "roles": list(roles)})
        if created:
            officer.set_password(DEMO_PASSWORD)
            officer.save()
        TOTPDevice.objects.get_or_create(user=officer, name="demo",
                                         defaults={"key": demo_key(number), "confirmed": True})
        officers.append(officer)
    return officers
