"""The one write path of pass permits, for the portal pages and the API alike.

Issuing decides on the portal, with no round trip (ADR 0020): the rules read the citizen's
vehicle facts the registry sent (``facts``), the code is signed and the PDF drawn *before* any
lock is taken, and then one short transaction locks the zone's day counter, re-checks the
quota and the one-permit-per-vehicle rule under that lock, writes the permit, its certificate
record and the ``permit.issued`` envelope, and counts the seat. Cancelling gives the seat back
under the same lock and reports ``permit.cancelled`` on the same ordered stream.
"""

import secrets
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.audit.log import record
from policeonline.certificates import codes
from policeonline.certificates import keys as certificate_keys
from policeonline.certificates.models import Certificate
from policeonline.certificates.pdf import CertificateContent, render_pdf
from policeonline.certificates.services import new_serial, verify_url
from policeonline.core.masking import mask_id_number, mask_name
from policeonline.core.permit_zones import VEHICLE_TYPES
from policeonline.exchange.crypto.registry import get_suite
from policeonline.exchange.outbox import enqueue

from .eligibility import Refused, check
from .models import OwnedVehicle, Permit, PermitZone, ZoneDay

ITEM_CODE, TITLE = "TXZ", "市区机动车通行证"
__all__ = ["Refused", "issue", "cancel", "mine"]


@dataclass(frozen=True)
class Signed:
    serial: str
    code: str
    digest: str
    salt: str
    pdf: bytes


def signing_key():
    ring = certificate_keys.portal_keyring()
    if not ring.has_signing_key():
        raise RuntimeError(f"no permit signing key in {ring.dir}: run `manage.py permits keys create`")
    kid, suite, private = ring.signing_key()
    return kid, get_suite(suite), private


def _sign(account, zone: PermitZone, vehicle: OwnedVehicle, day: date) -> Signed:
    kid, suite, private = signing_key()
    today = timezone.localdate()
    serial, salt = new_serial(ITEM_CODE, today.year), secrets.token_hex(16)
    title = f"{TITLE} {zone.code} {vehicle.plate}"
    body = [f"号牌号码：{vehicle.plate}（{VEHICLE_TYPES[vehicle.vehicle_type][0]}，"
            f"{emission_name_zh(vehicle.emission_standard)}）",
            f"通行区域：{zone.name_zh}",
            f"通行日期：{day.year}年{day.month}月{day.day}日，限行时段 {'、'.join(zone.windows)}",
            "本通行证仅限上述车辆在上述日期和区域使用，请随车携带或出示二维码备查。"]
    digest = codes.content_digest({
        "serial": serial, "item_code": ITEM_CODE, "title": title, "holder_name": account.name,
        "holder_id_number": account.id_number, "body": body, "issued_on": today.isoformat(),
        "valid_until": day.isoformat(), "issuer": settings.BUREAU_NAME, "salt": salt}, suite)
    payload = codes.CodePayload(serial=serial, item_code=ITEM_CODE, title=title,
                                holder_name_masked=mask_name(account.name),
                                holder_id_masked=mask_id_number(account.id_number),
                                issued_on=today, valid_until=day, content_digest=digest)
    code = codes.sign_code(payload, private, kid, suite)
    pdf = render_pdf(CertificateContent(serial=serial, title=TITLE, holder_name=account.name,
                                        holder_id_number=account.id_number, body=body,
                                        issued_on=today, valid_until=day, code=code,
                                        url=verify_url(code)))
    return Signed(serial, code, digest, salt, pdf)


def emission_name_zh(level: int) -> str:
    return f"国{'一二三四五六'[level - 1]}排放标准"


def _day_row(zone: PermitZone, day: date) -> ZoneDay:
    """The zone's counter for the day, created in its own short transaction if new (the quota
    is fixed when the day's first permit is issued)."""
    try:
        row, _created = ZoneDay.objects.get_or_create(zone=zone, day=day,
                                                       defaults={"quota": zone.daily_quota})
    except IntegrityError:  # created by a concurrent request in between
        row = ZoneDay.objects.get(zone=zone, day=day)
    return row


def issue(account, *, plate: str, zone_code: str, day: date) -> Permit:
    """Issue a permit at once, or raise ``Refused`` (nothing changed)."""
    vehicle = OwnedVehicle.objects.filter(account=account, plate=plate).first()
    zone = PermitZone.objects.filter(code=zone_code).first()
    check(account, vehicle, zone, day)
    if Permit.objects.filter(zone=zone, day=day, plate=plate, status=Permit.Status.VALID).exists():
        raise _duplicate(zone, day)
    day_row = _day_row(zone, day)
    if day_row.used >= day_row.quota:  # cheap early answer; decided again under the lock
        raise _full(zone, day)
    signed = _sign(account, zone, vehicle, day)
    with transaction.atomic():
        day_row = ZoneDay.objects.select_for_update().get(pk=day_row.pk)
        if day_row.used >= day_row.quota:
            raise _full(zone, day)
        if Permit.objects.filter(zone=zone, day=day, plate=plate,
                                 status=Permit.Status.VALID).exists():
            raise _duplicate(zone, day)
        now = timezone.now()
        permit = Permit.objects.create(serial=signed.serial, account=account, zone=zone, day=day,
                                       plate=plate, vehicle_type=vehicle.vehicle_type,
                                       code=signed.code, issued_at=now)
        ZoneDay.objects.filter(pk=day_row.pk).update(used=F("used") + 1)
        kid = codes.verify_code(signed.code, certificate_keys.verification_keys()).payload.key_id
        Certificate.objects.create(
            serial=signed.serial, receipt_no=signed.serial, account_ref=account.account_ref,
            item_code=ITEM_CODE, title=f"{TITLE} {zone.code} {plate}",
            holder_name_masked=mask_name(account.name),
            holder_id_masked=mask_id_number(account.id_number), issued_at=now, valid_until=day,
            key_id=kid, code=signed.code, content_digest=signed.digest,
            content_salt=signed.salt, pdf=signed.pdf)
        enqueue("permit.issued", {"serial": permit.serial, "zone": zone.code,
                                  "day": day.isoformat(), "plate": plate,
                                  "vehicle_type": vehicle.vehicle_type,
                                  "account_ref": account.account_ref,
                                  "issued_at": now.isoformat()})
        record(account.account_ref, "permit.issued", permit.serial, zone=zone.code,
               day=day.isoformat())
    return permit


def cancel(account, serial: str) -> Permit:
    """Cancel one's own valid permit before its day's first restricted window begins; the seat
    goes back to the zone."""
    with transaction.atomic():
        permit = (Permit.objects.select_for_update().select_related("zone")
                  .filter(serial=serial, account=account).first())
        if permit is None:
            raise Permit.DoesNotExist
        if permit.status != Permit.Status.VALID:
            raise Refused("cancelled", _("This permit is already cancelled."))
        if permit.day < timezone.localdate():
            raise Refused("past", _("A permit for a past day cannot be cancelled."))
        first_window = min(permit.zone.windows)[:5]
        if permit.day == timezone.localdate() and f"{timezone.localtime():%H:%M}" >= first_window:
            # it may already have been used: its seat is not handed to someone else
            raise Refused("started", _("The restricted hours of this permit's day have begun "
                                       "(from %(time)s); it can no longer be cancelled.")
                          % {"time": first_window})
        day_row = ZoneDay.objects.select_for_update().get(zone=permit.zone_id, day=permit.day)
        now = timezone.now()
        Permit.objects.filter(pk=permit.pk).update(status=Permit.Status.CANCELLED,
                                                   cancelled_at=now)
        ZoneDay.objects.filter(pk=day_row.pk).update(used=F("used") - 1)
        Certificate.objects.filter(serial=serial).update(
            status=Certificate.Status.REVOKED, revoked_at=now, revoked_reason="持证人已取消")
        enqueue("permit.cancelled", {"serial": serial, "cancelled_at": now.isoformat()})
        record(account.account_ref, "permit.cancelled", serial)
    permit.refresh_from_db()
    return permit


def mine(account):
    return Permit.objects.filter(account=account).select_related("zone")


def _full(zone, day) -> Refused:
    return Refused("quota_full", _("All permits for %(zone)s on %(day)s have been issued.")
                   % {"zone": zone.name, "day": day.isoformat()})


def _duplicate(zone, day) -> Refused:
    return Refused("duplicate", _("This vehicle already has a permit for %(zone)s on %(day)s.")
                   % {"zone": zone.name, "day": day.isoformat()})
