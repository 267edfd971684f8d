"""The payment gateway simulator's commands (run with its own settings):

    manage.py gateway keys create|export         its signing key (export prints the public PEM)
    manage.py gateway trust-merchant ID FILE|-   accept requests signed with a merchant's key
    manage.py gateway notify [--loop]            send due callbacks (retried with backoff)
    manage.py gateway statement --merchant ID [--date D]   write the daily statement CSV
"""

import sys
import time
from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from policeonline.gateway_simulator import keys, notify, statement


class Command(BaseCommand):
    help = "Payment gateway SIMULATOR: keys, merchants, callbacks, daily statements."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["keys", "trust-merchant", "notify", "statement"])
        parser.add_argument("args", nargs="*")
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--merchant", default="")
        parser.add_argument("--date", dest="day", default="")

    def handle(self, *args, action, loop, merchant, day, **options):
        if action == "keys":
            public = keys.create()
            if args[:1] == ("export",):
                sys.stdout.write(public.decode())
        elif action == "trust-merchant":
            if len(args) != 2:
                raise CommandError("trust-merchant MERCHANT_ID FILE|-")
            pem = sys.stdin.buffer.read() if args[1] == "-" else Path(args[1]).read_bytes()
            keys.trust_merchant(args[0], pem)
        elif action == "notify":
            while True:
                acked = notify.deliver_due()
                if not loop:
                    self.stdout.write(f"{acked} notices acknowledged.")
                    return
                time.sleep(1)
        else:
            when = date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
            self.stdout.write(str(statement.write(merchant, when)))
