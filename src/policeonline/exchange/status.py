"""Exchange health of one zone, for the CLI and the back-office page."""

from django.db.models import Count, Min
from django.utils import timezone

from .models import (
    ExchangeAlert,
    InboxEntry,
    IncomingStream,
    OutboxEntry,
    OutgoingStream,
    QuarantinedEnvelope,
    Resync,
)
from .types import CONTROL_STREAM


def exchange_status() -> dict:
    now = timezone.now()
    outgoing = []
    # The control stream (acks) is neither ordered nor acknowledged: its effect shows as
    # "acked up to" on the business streams.
    for stream in OutgoingStream.objects.exclude(name=CONTROL_STREAM).order_by("to_zone", "name"):
        pending = OutboxEntry.objects.filter(stream=stream, acked_at=None)
        oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
        outgoing.append({
            "stream": f"→ {stream.to_zone}/{stream.name}", "last_seq": stream.next_seq - 1,
            "acked_upto": stream.acked_upto - 1,
            "unshipped": OutboxEntry.objects.filter(stream=stream, shipped_at=None).count(),
            "unacked": pending.count(),
            "oldest_pending_seconds": round((now - oldest).total_seconds(), 1) if oldest else None,
            "last_ack_seconds_ago": round((now - stream.ack_received_at).total_seconds(), 1)
            if stream.ack_received_at else None,
        })
    incoming = []
    for stream in IncomingStream.objects.exclude(name=CONTROL_STREAM).order_by("from_zone", "name"):
        incoming.append({
            "stream": f"← {stream.from_zone}/{stream.name}", "last_applied": stream.next_expected - 1,
            "held": InboxEntry.objects.filter(stream=stream, state="held").count(),
            "failed": InboxEntry.objects.filter(stream=stream, state="failed").count(),
        })
    reasons = dict(QuarantinedEnvelope.objects.filter(released_at=None).values_list("reason")
                   .annotate(n=Count("id")).order_by("reason"))
    return {
        "outgoing": outgoing, "incoming": incoming,
        "quarantine": sum(v for k, v in reasons.items() if k != "duplicate"),
        "duplicates_dropped": reasons.get("duplicate", 0),
        "quarantine_by_reason": reasons,
        # This zone was restored and the other has not confirmed yet (ADR 0033).
        "restore_pending": [{"incarnation": str(r.incarnation), "restored_at": r.restored_at.isoformat(),
                             "requests_sent": r.send_count}
                            for r in Resync.objects.filter(role=Resync.Role.OWN, done_at=None)],
        "alerts": [{"kind": a.kind, "stream": a.stream, "detail": a.detail,
                    "raised_at": a.raised_at.isoformat()}
                   for a in ExchangeAlert.objects.filter(resolved_at=None)],
    }
