"""Operating the boundary exchange of this zone.

    manage.py exchange run                      ship, receive and re-send until stopped
    manage.py exchange status [--json]          backlog, sequences, quarantine, alerts
    manage.py exchange probe [--count N]        send harmless probe envelopes
    manage.py exchange replay [--id ID | --reason R]   re-process quarantined envelopes
    manage.py exchange resend --stream S --from N --to M   ship a sequence range again
    manage.py exchange resync                   after failing over to a replica that may lack the
                                                primary's last commits (as a restore does itself)
    manage.py exchange keys create|rotate|list|export [KID]|trust FILE|revoke KID
"""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from policeonline.exchange import inbox, outbox, worker
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.keys import KeyringError
from policeonline.exchange.models import QuarantinedEnvelope
from policeonline.exchange.shipper import mark_for_resend
from policeonline.exchange.status import exchange_status


class Command(BaseCommand):
    help = "Operate this zone's end of the boundary exchange."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run")
        run.add_argument("--interval", type=float, default=0.05)
        run.add_argument("--stop-after", type=float, default=None, help="seconds (tests)")
        status = sub.add_parser("status")
        status.add_argument("--json", action="store_true")
        probe = sub.add_parser("probe")
        probe.add_argument("--count", type=int, default=1)
        probe.add_argument("--label", default="probe")
        probe.add_argument("--padding", type=int, default=0, help="extra body bytes")
        replay = sub.add_parser("replay")
        replay.add_argument("--id", type=int, action="append", default=[])
        replay.add_argument("--reason")
        resend = sub.add_parser("resend")
        resend.add_argument("--stream", default="main")
        resend.add_argument("--from", dest="first", type=int, required=True)
        resend.add_argument("--to", dest="last", type=int, required=True)
        sub.add_parser("resync")
        keys = sub.add_parser("keys")
        keys.add_argument("key_action", choices=["create", "rotate", "list", "export", "trust",
                                                 "revoke"])
        keys.add_argument("argument", nargs="?")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except KeyringError as exc:
            raise CommandError(str(exc)) from None

    def do_run(self, interval, stop_after, **_):
        worker.run(default_endpoint(), interval=interval, stop_after=stop_after)

    def do_status(self, json: bool = False, **_):  # noqa: A002 - mirrors the flag
        status = exchange_status()
        if json:
            self.stdout.write(_json(status))
            return
        zone = default_endpoint().zone
        self.stdout.write(f"Exchange status of the {zone} zone")
        for row in status["outgoing"]:
            self.stdout.write(f"  {row['stream']:<24} last #{row['last_seq']}, acked to "
                              f"#{row['acked_upto']}, unshipped {row['unshipped']}, unacked "
                              f"{row['unacked']}, oldest pending {row['oldest_pending_seconds']} s, "
                              f"last ack {row['last_ack_seconds_ago']} s ago")
        for row in status["incoming"]:
            self.stdout.write(f"  {row['stream']:<24} applied to #{row['last_applied']}, held "
                              f"{row['held']}, failed {row['failed']}")
        self.stdout.write(f"  quarantine: {status['quarantine']} "
                          f"{status['quarantine_by_reason'] or ''}")
        for pending in status["restore_pending"]:
            self.stdout.write(self.style.WARNING(
                f"  restored {pending['restored_at']}: waiting for the other zone to confirm "
                f"({pending['requests_sent']} requests sent)"))
        for alert in status["alerts"]:
            self.stdout.write(self.style.ERROR(f"  ALERT {alert['kind']} {alert['stream']}: "
                                               f"{alert['detail']}"))

    def do_probe(self, count, label, padding, **_):
        endpoint = default_endpoint()
        with transaction.atomic():
            for n in range(count):
                outbox.enqueue("exchange.probe", {
                    "label": f"{label}-{n}" if count > 1 else label,
                    "sent_at": datetime.now(UTC).isoformat(), "padding": "x" * padding},
                    endpoint=endpoint)
        self.stdout.write(f"Queued {count} probe envelope(s) for the {endpoint.peer} zone.")

    def do_replay(self, id, reason, **_):  # noqa: A002
        rows = QuarantinedEnvelope.objects.filter(released_at=None).exclude(data=None)
        rows = rows.filter(id__in=id) if id else rows.filter(reason=reason) if reason else None
        if rows is None:
            raise CommandError("Name the envelopes: --id N (repeatable) or --reason CODE.")
        endpoint = default_endpoint()
        for row in rows:
            QuarantinedEnvelope.objects.filter(pk=row.pk).update(released_at=timezone.now())
            tally = inbox.process(endpoint, bytes(row.data), f"replay of quarantine #{row.pk}")
            self.stdout.write(f"#{row.pk} ({row.reason}): applied {tally.applied}, held "
                              f"{tally.held}, refused again {tally.quarantined + tally.duplicates}")
        inbox.send_acks(endpoint, set())

    def do_resend(self, stream, first, last, **_):
        if first > last:
            raise CommandError("--from must not be greater than --to.")
        count = mark_for_resend(stream, default_endpoint().peer, first, last)
        self.stdout.write(f"{count} envelope(s) of {stream} #{first}–#{last} will be shipped again.")

    def do_resync(self, **_):
        """What a restore does to the exchange, for a promoted replica: with asynchronous
        replication its last commits may be missing, like a backup's, so its numbering jumps
        ahead and the other zone is asked to re-send what it lacks (ADR 0033)."""
        from policeonline.exchange.restore import mark_restored, summary

        endpoint = default_endpoint()
        endpoint.keyring.signing_key()  # signs the request: refuse before changing anything
        resync = mark_restored(endpoint)
        self.stdout.write(f"Exchange marked for resync {summary(resync)}")

    def do_keys(self, key_action, argument, **_):
        keyring = default_endpoint().keyring
        if key_action in {"create", "rotate"}:
            if key_action == "create" and keyring.has_signing_key():
                self.stdout.write(f"Already has a signing key: {keyring.signing_key()[0]}")
                return
            pub = keyring.create()
            self.stdout.write(f"New signing key {pub.kid} ({pub.suite}) is now active. Give "
                              f"`exchange keys export {pub.kid}` to the other zone's operator.")
        elif key_action == "list":
            for pub in keyring.own_public_keys():
                active = " (active)" if pub.kid == keyring.signing_key()[0] else ""
                self.stdout.write(f"own      {pub.kid} {pub.suite}{active}")
            for pub in keyring.trusted().values():
                self.stdout.write(f"trusted  {pub.kid} {pub.suite} from {pub.zone}"
                                  f"{' REVOKED' if pub.revoked else ''}")
        elif key_action == "export":
            self.stdout.write(keyring.export_public(argument), ending="")
        elif key_action == "trust":
            if not argument:
                raise CommandError("Give the public key file (or - for standard input).")
            text = sys.stdin.read() if argument == "-" else Path(argument).read_text("utf-8")
            pub = keyring.trust(text)
            self.stdout.write(f"Now trusting {pub.kid} from the {pub.zone} zone.")
        elif key_action == "revoke":
            pub = keyring.revoke(argument or "")
            self.stdout.write(f"Revoked {pub.kid}: its envelopes are refused from now on.")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
