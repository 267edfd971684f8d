"""Sequencing, signing and publishing: what the periodic job does each minute.

1. The sequencer gives pending entries their index, in the order they were written (a
   case's entries are written one after the other under the case's lock, so they keep their
   order). Like a Certificate Transparency log's merge delay, an event is in the log at once
   and has its place within a minute.
2. If the log grew, a new tree head (size, root, timestamp) is signed with the log's key.
3. The new entries (in batches) and then the head are queued for the portal in the same
   transaction, on one ordered stream.
"""

import base64

from django.db import transaction
from django.utils import timezone

from policeonline.audit.log import record
from policeonline.cases.models import Case
from policeonline.exchange.outbox import enqueue
from policeonline.messages.transparency import MAX_BATCH
from policeonline.transparency import heads, merkle
from policeonline.transparency.entries import timestamp

from . import keys
from .models import CaseSalt, Entry, Sequencer, TreeHead


def sequence() -> int:
    """Give every pending entry its index; returns how many were placed."""
    with transaction.atomic():
        sequencer, _ = Sequencer.objects.get_or_create(pk=1)
        sequencer = Sequencer.objects.select_for_update().get(pk=1)
        pending = list(Entry.objects.filter(index__isnull=True).order_by("pk").only("pk"))
        for offset, entry in enumerate(pending):
            entry.index = sequencer.size + offset
        Entry.objects.bulk_update(pending, ["index"], batch_size=500)
        sequencer.size += len(pending)
        sequencer.save(update_fields=["size"])
        return len(pending)


def leaves(size: int | None = None) -> list[bytes]:
    rows = Entry.objects.filter(index__isnull=False).order_by("index").values_list("leaf", flat=True)
    if size is not None:
        rows = rows.filter(index__lt=size)
    return [bytes.fromhex(leaf) for leaf in rows]


def publish() -> str:
    placed = sequence()
    with transaction.atomic():
        Sequencer.objects.select_for_update().get(pk=1)  # one signer at a time
        last = TreeHead.objects.order_by("-size").first()
        published = last.size if last else 0
        tree = leaves()
        if len(tree) <= published:
            return f"{placed} placed; tree head {published} is current"
        kid, suite, private, public = keys.signing_key()
        size, root = len(tree), merkle.root(tree).hex()
        stamp = timestamp(timezone.now())
        signature = base64.b64encode(suite.sign(private, heads.signed_bytes(size, root, stamp)))
        head = TreeHead.objects.create(size=size, root=root, timestamp=stamp, kid=kid,
                                       public_key=base64.b64encode(public).decode("ascii"),
                                       signature=signature.decode("ascii"))
        _send_entries(published, size)
        enqueue("transparency.sth", {"size": size, "root": root, "timestamp": stamp, "kid": kid,
                                     "public_key": head.public_key, "signature": head.signature})
        record("system", "transparency.sth", f"size {size}", root=root, kid=kid)
    return f"{placed} placed; tree head {size} signed ({size - published} new entries)"


def _send_entries(start: int, end: int) -> None:
    for first in range(start, end, MAX_BATCH):
        batch = list(Entry.objects.filter(index__gte=first, index__lt=min(first + MAX_BATCH, end))
                     .order_by("index").values_list("case_ref", "text"))
        case_refs = {ref for ref, _ in batch}
        apps = dict(Case.objects.filter(pk__in=case_refs).values_list("pk", "application_id"))
        links = [{"tag": s.tag, "application_id": str(apps[s.case_ref]), "salt": s.salt}
                 for s in CaseSalt.objects.filter(case_ref__in=case_refs).order_by("case_ref")
                 if s.case_ref in apps]
        enqueue("transparency.leaves", {"first": first, "entries": [text for _, text in batch],
                                        "cases": links})
