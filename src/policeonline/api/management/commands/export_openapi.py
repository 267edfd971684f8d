import json
from pathlib import Path

from django.core.management.base import BaseCommand

from policeonline.api.internet import api


def openapi_text() -> str:
    """The OpenAPI document as committed: stable key order, UTF-8, trailing newline."""
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write the internet zone's OpenAPI document (committed under docs/api/)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, output, **options):
        output.write_text(openapi_text(), encoding="utf-8")
        self.stdout.write(f"Wrote {output}")
