"""Channels register under a name; settings.SMS_CHANNEL picks the one in use."""

from django.conf import settings

from .base import SmsChannel

_channels: dict[str, type[SmsChannel]] = {}


def register(cls: type[SmsChannel]) -> type[SmsChannel]:
    _channels[cls.name] = cls
    return cls


def sms_channel() -> SmsChannel:
    try:
        return _channels[settings.SMS_CHANNEL]()
    except KeyError:
        raise LookupError(f"SMS channel {settings.SMS_CHANNEL!r} is not installed; "
                          f"known: {sorted(_channels)}") from None
