"""Limits of the portal's letters; each may be overridden in settings (docs/letters.md)."""

from django.conf import settings

from policeonline.messages.letters import ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX, SUBJECT_MAX, TEXT_MAX

__all__ = ["ATTACHMENT_MAX_BYTES", "ATTACHMENTS_MAX", "SUBJECT_MAX", "TEXT_MAX"]
TEXT_MIN = 10


def daily_limit() -> int:
    """Letters one account, one IP address or one contact phone may send per day."""
    return getattr(settings, "LETTERS_DAILY_LIMIT", 5)


def anonymous_daily_limit_per_ip() -> int:
    """Letters without an account from one IP address per day (whatever the phone)."""
    return getattr(settings, "LETTERS_ANONYMOUS_DAILY_LIMIT_PER_IP", 20)


def sms_codes_per_hour_per_ip() -> int:
    """Codes the anonymous letter form may text from one IP address per hour: the per-phone
    limits alone would let one client have the portal text codes to many strangers."""
    return getattr(settings, "LETTERS_SMS_CODES_PER_HOUR_PER_IP", 20)


def track_lookups_per_hour() -> int:
    return getattr(settings, "LETTERS_TRACK_LOOKUPS_PER_HOUR", 30)
