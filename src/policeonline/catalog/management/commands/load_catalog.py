from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policeonline.catalog.loader import DATA_DIR, CatalogError, load_catalog


class Command(BaseCommand):
    help = "Validate the catalog files and load them into this zone's database (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR)

    def handle(self, *args, data_dir, **options):
        try:
            edition = load_catalog(data_dir)
        except CatalogError as exc:
            raise CommandError("The catalog was not loaded; nothing changed:\n  "
                               + "\n  ".join(exc.problems)) from None
        self.stdout.write(f"Catalog edition {edition.edition}: {edition.item_count} items.")
