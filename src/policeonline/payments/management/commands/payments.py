"""manage.py payments keys create|export   the platform's merchant key (export: public PEM)
manage.py payments trust-gateway FILE|-     the gateway's public key (callbacks must verify)
manage.py payments catch-up [--minutes N]   query the gateway about orders stuck paying/refunding
manage.py payments reconcile [--date D] [--file CSV]   the day's statement against our orders;
                                            exits 1 when anything differs (every mismatch printed)
"""

import sys
from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from policeonline.payments import keys
from policeonline.payments.providers import registry
from policeonline.payments.providers.contrib.gateway_simulator.provider import parse_statement
from policeonline.payments.reconcile import reconcile
from policeonline.payments.services import catch_up


class Command(BaseCommand):
    help = "Fee payment: merchant keys, catch-up of lost callbacks, daily reconciliation."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["keys", "trust-gateway", "catch-up", "reconcile"])
        parser.add_argument("args", nargs="*")
        parser.add_argument("--minutes", type=int, default=5)
        parser.add_argument("--date", dest="day", default="")
        parser.add_argument("--file", default="")

    def handle(self, *args, action, minutes, day, file, **options):
        if action == "keys":
            public = keys.create()
            if args[:1] == ("export",):
                sys.stdout.write(public.decode())
        elif action == "trust-gateway":
            if len(args) != 1:
                raise CommandError("trust-gateway FILE|-")
            keys.trust_gateway(sys.stdin.buffer.read() if args[0] == "-" else Path(args[0]).read_bytes())
        elif action == "catch-up":
            self.stdout.write(" ".join(f"{k}={v}" for k, v in catch_up(minutes).items()))
        else:
            when = date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
            if file:
                with open(file, encoding="utf-8") as fh:
                    lines = parse_statement(fh.read())
            else:
                lines = registry.default().statement(when)
            mismatches = reconcile(when, lines)
            for mismatch in mismatches:
                self.stdout.write(str(mismatch))
            self.stdout.write(f"{when}: {len(lines)} statement lines, {len(mismatches)} mismatches.")
            if mismatches:
                sys.exit(1)
