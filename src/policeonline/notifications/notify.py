"""Telling a citizen something: an in-site message in the same transaction as the change,
then SMS and email once that transaction has committed (a rolled-back change sends nothing,
and a slow provider never holds a database lock). A failing channel is logged, not fatal: the
in-site message is the record."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .base import DeliveryFailed
from .models import Message
from .registry import sms_channel
from .texts import render

log = logging.getLogger(__name__)


def tell(user, key: str, values: dict, **options) -> Message:
    """``notify`` with a text of texts.py: sent in the bureau's language, shown to the reader
    in theirs."""
    title, body = render(key, values, settings.LANGUAGE_CODE)
    return notify(user, title, body, key=key, values=values, **options)


def notify(user, title: str, body: str, *, link: str = "", sms: bool = True, email: bool = True,
           key: str = "", values: dict | None = None) -> Message:
    message = Message.objects.create(recipient=user, title=title[:200], body=body, link=link,
                                     key=key, values=values or {})
    phone = getattr(user, "phone", "") if sms else ""
    address = getattr(user, "email", "") if email else ""

    def deliver():
        if phone:
            try:
                sms_channel().send(phone, f"【{settings.BUREAU_NAME}】{title}：{body}"[:300])
            except (DeliveryFailed, LookupError, OSError):
                log.warning("SMS to user %s failed; the in-site message stands", user.pk)
        if address:
            try:
                send_mail(title, f"{body}\n\n{settings.PORTAL_BASE_URL}{link}", None, [address])
            except OSError:
                log.warning("email to user %s failed; the in-site message stands", user.pk)

    transaction.on_commit(deliver)
    return message
