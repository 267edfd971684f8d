"""One-time SMS codes for registration and password reset.

Codes are 6 random digits, stored only as a keyed hash, valid for a few minutes, usable once,
and spent after a few wrong guesses. Sending is throttled per phone (a minimum interval and a
daily cap) so the SMS budget and the recipient are protected.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.core.protected import lookup_digest
from policeonline.notifications.base import DeliveryFailed
from policeonline.notifications.registry import sms_channel

from .models import SmsCode, phone_digest


def _hash(phone: str, code: str) -> str:
    return lookup_digest("sms", f"{phone}:{code}")


def issue(phone: str, purpose: str) -> None:
    """Send a new code to ``phone``; raise ValidationError when throttled."""
    now = timezone.now()
    digest = phone_digest(phone)
    recent = SmsCode.objects.filter(phone_digest=digest)
    last = recent.first()
    if last and (now - last.created_at).total_seconds() < settings.SMS_CODE_RESEND_SECONDS:
        wait = settings.SMS_CODE_RESEND_SECONDS - int((now - last.created_at).total_seconds())
        raise ValidationError(_("A code was just sent. You can ask for a new one in %(s)d "
                                "seconds.") % {"s": wait}, code="sms_too_soon")
    if recent.filter(created_at__gte=now - timedelta(days=1)).count() >= \
            settings.SMS_CODE_DAILY_LIMIT:
        raise ValidationError(_("Too many codes were sent to this number today. Please try "
                                "again tomorrow."), code="sms_daily_limit")
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = settings.SMS_CODE_TTL_SECONDS // 60
    with transaction.atomic():
        SmsCode.objects.create(phone_digest=digest, purpose=purpose, code_hash=_hash(phone, code),
                               expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS))
        text = _("[Police Service Online] Your verification code is %(code)s, valid for "
                 "%(m)d minutes. Do not tell anyone.") % {"code": code, "m": minutes}
        try:
            sms_channel().send(phone, text)
        except DeliveryFailed:
            transaction.set_rollback(True)
            raise ValidationError(_("The text message could not be sent. Please try again."),
                                  code="sms_failed") from None


def check(phone: str, purpose: str, code: str) -> SmsCode:
    """Return the matching live code or raise a ValidationError saying what is wrong.

    A wrong guess counts against the latest code, which is spent after too many. Call it
    outside a transaction so that a wrong guess stays counted; then ``consume`` the code in
    the same transaction as the change it authorises.
    """
    code = (code or "").strip()
    latest = (SmsCode.objects.filter(phone_digest=phone_digest(phone), purpose=purpose, used_at=None).first())
    if latest is None:
        raise ValidationError(_("Ask for a verification code first."), code="sms_none")
    if latest.expires_at <= timezone.now():
        raise ValidationError(_("This verification code has expired. Ask for a new one."),
                              code="sms_expired")
    if latest.attempts >= settings.SMS_CODE_MAX_ATTEMPTS:
        raise ValidationError(_("Too many wrong codes. Ask for a new one."), code="sms_spent")
    if not secrets.compare_digest(latest.code_hash, _hash(phone, code)):
        # Counted in its own committed statement, so a failing request cannot roll it back.
        SmsCode.objects.filter(pk=latest.pk).update(attempts=latest.attempts + 1)
        raise ValidationError(_("The verification code is wrong."), code="sms_wrong")
    return latest


def consume(sms_code: SmsCode) -> None:
    """Mark the code used; fails if a concurrent request used it first."""
    if not SmsCode.objects.filter(pk=sms_code.pk, used_at=None).update(used_at=timezone.now()):
        raise ValidationError(_("This verification code was already used. Ask for a new one."),
                              code="sms_used")
