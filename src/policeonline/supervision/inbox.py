"""The back office's in-site messages to officers, and their email copy (sent after commit,
to the officer's address if one is on file; a failing mail server leaves the message)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .models import OfficerMessage

log = logging.getLogger(__name__)


def deliver(officer, title: str, body: str, *, link: str = "", email: bool = True) -> OfficerMessage:
    message = OfficerMessage.objects.create(recipient=officer, title=title[:200], body=body, link=link)
    address = officer.email if email else ""

    def send():
        try:
            base = getattr(settings, "BACK_OFFICE_BASE_URL", "")
            send_mail(f"【{settings.BUREAU_NAME}】{title}", f"{body}\n\n{base}{link}", None, [address])
        except OSError:
            log.warning("email to officer %s failed; the in-site message stands", officer.pk)

    if address:
        transaction.on_commit(send)
    return message


def unread(officer) -> int:
    return OfficerMessage.objects.filter(recipient=officer, read_at__isnull=True).count()
