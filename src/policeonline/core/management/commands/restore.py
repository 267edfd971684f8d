"""Restore this zone's database from a backup, into a fresh database, and resume the exchange
without loss or duplication (ADR 0033).

    manage.py restore FILE

Stop the zone's processes first; start them again afterwards.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from policeonline.core.backup import BackupError, restore
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.keys import KeyringError
from policeonline.exchange.restore import mark_restored, summary


class Command(BaseCommand):
    help = "Load a backup made by `manage.py backup` into this zone's fresh database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            # The restored zone signs its resync request: its keyring must be back first.
            default_endpoint().keyring.signing_key()
        except KeyringError as exc:
            raise CommandError(f"Restore the exchange keyring (EXCHANGE_KEY_DIR) first: {exc}") from None
        try:
            restored = restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored: {restored}")
        call_command("migrate", "--noinput", verbosity=0)  # a backup from an older release
        resync = mark_restored(default_endpoint())
        self.stdout.write(f"Exchange marked restored {summary(resync)}")
