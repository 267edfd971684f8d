"""The one write path of the portal's letters: write (throttled, sent across in the same
transaction), rate once, and apply what the intranet sends back."""

import base64
from contextlib import suppress
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.accounts.citizens.models import phone_digest
from policeonline.exchange.outbox import enqueue
from policeonline.letters.kinds import rules
from policeonline.letters.tracking import is_valid, new_tracking_no, normalise
from policeonline.notifications.base import DeliveryFailed
from policeonline.notifications.notify import tell
from policeonline.notifications.registry import sms_channel

from . import conf
from .forms import topic_label
from .models import Attachment, Letter, PublicAnswer, Rating


class Refused(Exception):
    """Nothing was stored or sent; ``message`` is localised for the writer."""

    def __init__(self, message: str, status: int = 422):
        self.message, self.status = message, status
        super().__init__(message)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def over_daily_limit(*, author=None, ip: str | None = None, phone: str = "") -> bool:
    """A signed-in writer is counted by account; an anonymous one by contact phone, and their
    network address by a larger limit (carriers put many people behind one address)."""
    recent = Letter.objects.filter(created_at__gte=timezone.now() - timedelta(days=1))
    if author is not None:
        return recent.filter(author=author).count() >= conf.daily_limit()
    by_phone = recent.filter(contact_phone_digest=phone_digest(phone)).count() if phone else 0
    by_ip = recent.filter(client_ip=ip).count() if ip else 0
    return by_phone >= conf.daily_limit() or by_ip >= conf.anonymous_daily_limit_per_ip()


def write(kind: str, data: dict, *, author=None, ip: str | None = None, phone: str = "",
          sms=None) -> Letter:
    """Store the letter and queue it for the intranet, or raise Refused changing nothing.

    ``author`` is a verified account; without one only an anonymous kind may be written, with
    ``phone`` proved by ``sms`` (a checked code, spent here in the same transaction)."""
    kind_rules = rules().kind(kind)
    if author is None:
        if not kind_rules.anonymous:
            raise Refused(_("Sign in with a verified account to send this kind of letter."))
        if not phone or sms is None:
            raise Refused(_("Give your mobile number and the code we text to it."))
    elif author.verification != author.Verification.VERIFIED:
        raise Refused(_("Complete real-name verification first."))
    if over_daily_limit(author=author, ip=ip, phone=phone):
        raise Refused(_("Too many letters were sent in the last 24 hours from this account, "
                        "phone or network; we accept at most %(n)d a day per person. Please "
                        "write again tomorrow, or phone 12345 to add to a letter you sent.")
                      % {"n": conf.daily_limit()}, status=429)
    consent = bool(data.get("publish_consent")) and kind_rules.public_qa
    now = timezone.now()
    with transaction.atomic():
        if sms is not None:
            from policeonline.accounts.citizens import sms_codes

            sms_codes.consume(sms)
        letter = Letter.objects.create(
            tracking_no=new_tracking_no(timezone.localdate().year), kind=kind, author=author,
            contact_phone=phone if author is None else "",
            contact_phone_digest=phone_digest(phone) if phone else "", client_ip=ip or None,
            topic=data["topic"], topic_label=topic_label(data["topic"]), subject=data["subject"],
            text=data["text"], publish_consent=consent)
        files = data.get("attachments") or []
        for f in files:
            Attachment.objects.create(letter=letter, filename=f["filename"], size=len(f["content"]),
                                      content_type=f["content_type"], content=f["content"])
        named = author is not None and kind != "consultation"
        enqueue("letter.submitted", {
            "letter_id": str(letter.pk), "tracking_no": letter.tracking_no, "kind": kind,
            "topic": letter.topic, "subject": letter.subject, "text": letter.text,
            "anonymous": author is None, "writer_name": author.name if named else "",
            "contact_phone": author.phone if named else "", "publish_consent": consent,
            "attachments": [{"filename": f["filename"], "content_type": f["content_type"],
                             "content_b64": base64.b64encode(f["content"]).decode()} for f in files],
            "submitted_at": stamp(now)})
    return letter


def mine(user):
    return Letter.objects.filter(author=user)


def tracked(tracking_no: str, phone: str) -> Letter | None:
    """An anonymous writer's letter, by tracking number AND contact phone (else None)."""
    if not is_valid(tracking_no):
        return None
    return Letter.objects.filter(tracking_no=normalise(tracking_no), author=None,
                                 contact_phone_digest=phone_digest(phone.strip())).first()


def rate(letter_id, rating, *, author=None, phone: str = "") -> Letter:
    try:
        rating = Rating(int(rating))
    except (TypeError, ValueError):
        raise Refused(_("Choose one of the five ratings.")) from None
    with transaction.atomic():
        letter = Letter.objects.select_for_update().filter(pk=letter_id).first()
        own = letter is not None and (
            (author is not None and letter.author_id == author.pk)
            or (author is None and letter.author_id is None and phone
                and letter.contact_phone_digest == phone_digest(phone)))
        if not own:
            raise Refused(_("This letter was not found."))
        if letter.status != Letter.Status.ANSWERED:
            raise Refused(_("A letter can be rated once it has been answered."))
        if letter.rating is not None:
            raise Refused(_("You have already rated this answer."))
        letter.rating, letter.rated_at = rating.value, timezone.now()
        letter.save(update_fields=["rating", "rated_at"])
        enqueue("letter.rated", {"letter_id": str(letter.pk), "tracking_no": letter.tracking_no,
                                 "rating": rating.value, "rated_at": stamp(letter.rated_at)})
    return letter


# What the intranet sends back (called by the handlers, inside the inbox's transaction).

def routed(body: dict) -> None:
    Letter.objects.filter(pk=body["letter_id"], tracking_no=body["tracking_no"]).exclude(
        status=Letter.Status.ANSWERED).update(status=Letter.Status.RECEIVED,
                                              department=body["department"],
                                              due_date=body["due_date"])


def answered(body: dict) -> None:
    letter = Letter.objects.select_for_update().filter(pk=body["letter_id"],
                                                       tracking_no=body["tracking_no"]).first()
    if letter is None or letter.status == Letter.Status.ANSWERED:
        return  # unknown (quarantine is not needed: nothing to apply) or already applied
    letter.status, letter.answer = Letter.Status.ANSWERED, body["answer"]
    letter.department = body["department"]
    letter.answered_at = datetime.fromisoformat(body["answered_at"].replace("Z", "+00:00"))
    letter.save(update_fields=["status", "answer", "department", "answered_at"])
    if letter.author is not None:
        tell(letter.author, "letter.answered", {"no": letter.tracking_no, "subject": letter.subject,
                                                "department": letter.department},
             link=reverse("letters:detail", args=[letter.tracking_no]))
    elif letter.contact_phone:
        phone, text = letter.contact_phone, _(
            "【Police Service Online】Your letter %(no)s has been answered. Check it on the "
            "portal's letter tracking page with this number and your mobile number.") % {
            "no": letter.tracking_no}

        def send():
            with suppress(DeliveryFailed, LookupError, OSError):  # the answer stands on the page
                sms_channel().send(phone, text)
        transaction.on_commit(send)


def published(body: dict) -> None:
    letter = Letter.objects.filter(pk=body["letter_id"], tracking_no=body["tracking_no"],
                                   publish_consent=True).first()
    if letter is None:
        return  # the writer did not consent: never published on the portal
    PublicAnswer.objects.update_or_create(letter=letter, defaults={
        "topic_label": letter.topic_label, "question": body["question"], "answer": body["answer"],
        "published_at": datetime.fromisoformat(body["published_at"].replace("Z", "+00:00"))})


def search_public(query: str):
    answers = PublicAnswer.objects.all()
    for word in (query or "").split()[:5]:
        answers = answers.filter(Q(question__icontains=word[:50]) | Q(answer__icontains=word[:50])
                                 | Q(topic_label__icontains=word[:50]))
    return answers
