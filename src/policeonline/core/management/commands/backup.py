"""Back up this zone's database to a file (docs/operations.md, "Backups").

    manage.py backup FILE
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policeonline.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent copy of this zone's database to FILE (SQLite copy or pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            self.stdout.write(f"Backed up: {backup(file)}")
        except BackupError as exc:
            raise CommandError(str(exc)) from None
