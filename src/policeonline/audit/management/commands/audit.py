"""The audit log's hash chain.

    manage.py audit seal     link settled events into the chain now (the audit.seal job: each minute)
    manage.py audit verify   walk the chain; exit 1 naming the first edited, removed or inserted event
    manage.py audit purge    remove sealed events older than the retention (≥ 180 days), keep a checkpoint
"""

from django.core.management.base import BaseCommand, CommandError

from policeonline.audit import chain


class Command(BaseCommand):
    help = "Seal, verify or purge this zone's audit log."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["seal", "verify", "purge"])

    def handle(self, *args, action, **options):
        if action == "seal":
            self.stdout.write(f"{chain.seal()} events sealed")
        elif action == "purge":
            self.stdout.write(f"{chain.purge()} events older than {chain.retention_days()} days purged")
        else:
            verdict = chain.verify()
            if not verdict.ok:
                raise CommandError(str(verdict))
            self.stdout.write(str(verdict))
