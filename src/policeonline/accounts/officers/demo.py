"""The demo roster of officers (intranet zone). Used by `seed_demo` and, in DEMO_MODE only,
by the sign-in page, which shows each demo officer's current authenticator code."""

import hashlib

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Officer, Role

DEMO_PASSWORD = "Jinan@Police2026"

# police number, family name, given name, department code (None: bureau-wide), roles
ROSTER = [
    ("100001", "王", "建国", "population", [Role.CLERK]),
    ("100002", "李", "红梅", "population", [Role.APPROVER]),
    ("100003", "赵", "志强", "population", [Role.SUPERVISOR, Role.APPROVER]),
    ("200001", "陈", "静", "exit_entry", [Role.CLERK]),
    ("200002", "刘", "洋", "exit_entry", [Role.APPROVER]),
    ("300001", "孙", "磊", "vehicle_admin", [Role.CLERK]),
    ("400001", "周", "敏", "traffic", [Role.CLERK]),
    ("500001", "吴", "刚", "public_order", [Role.CLERK]),
    ("600001", "郑", "丽", "hazardous", [Role.CLERK]),
    ("700001", "冯", "涛", "narcotics", [Role.CLERK]),
    ("800001", "何", "勇", "fire", [Role.CLERK]),
    ("810001", "高", "峰", "cyber", [Role.CLERK]),
    ("900001", "马", "文", None, [Role.AUDITOR]),
    ("900000", "林", "海", None, [Role.ADMIN]),
]


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
            "department": departments.get(dept), "roles": [str(r) for r in roles]})
        if created:
            officer.set_password(DEMO_PASSWORD)
            officer.save()
        TOTPDevice.objects.get_or_create(user=officer, name="demo",
                                         defaults={"key": demo_key(number), "confirmed": True})
        officers.append(officer)
    return officers
