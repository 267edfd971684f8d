"""Appending: each new ``CaseEvent`` yields one log entry in the same transaction."""

import secrets

from policeonline.transparency import entries, merkle

from .models import CaseSalt, Entry


def salt_for(case) -> CaseSalt:
    found = CaseSalt.objects.filter(case_ref=case.pk).first()
    if found is None:
        salt = secrets.token_bytes(16)
        found = CaseSalt.objects.create(case_ref=case.pk, salt=salt.hex(),
                                        tag=entries.case_tag(case.receipt_no, salt))
    return found


def entry_text(event, case, salt: CaseSalt, prev: str) -> str:
    """The canonical entry of ``event`` (also how ``verify`` re-derives it)."""
    body = entries.body_hash(bytes.fromhex(salt.salt), {
        "actor": event.actor, "department": event.department_code, "reason": event.reason_code,
        "note": event.note, "public": event.public, "detail": event.detail or {}})
    return entries.entry(tag=salt.tag, seq=event.seq, action=event.action,
                         from_state=event.from_state, to_state=event.to_state, at=event.at,
                         prev=prev, body=body)


def append(event) -> Entry:
    case = event.case
    salt = salt_for(case)
    previous = (Entry.objects.filter(case_ref=case.pk, seq__lt=event.seq)
                .order_by("-seq").values_list("seq", "leaf").first())
    if event.seq > 1 and (previous is None or previous[0] != event.seq - 1):
        # Events from before the log existed: log them first, in order, so the chain is whole.
        for earlier in case.events.filter(seq__lt=event.seq).exclude(
                seq__in=Entry.objects.filter(case_ref=case.pk).values("seq")).order_by("seq"):
            append(earlier)
        previous = (Entry.objects.filter(case_ref=case.pk, seq=event.seq - 1)
                    .values_list("seq", "leaf").first())
    text = entry_text(event, case, salt, previous[1] if previous else entries.ZERO)
    return Entry.objects.create(case_ref=case.pk, seq=event.seq, text=text,
                                leaf=merkle.leaf_hash(text.encode("ascii")).hex())


def on_event_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        append(instance)
