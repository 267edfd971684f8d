"""Operating pass permits on the portal.

    manage.py permits keys create     the portal's permit-signing key (idempotent)
    manage.py permits keys rotate     a new active key; earlier permits still verify
    manage.py permits keys list

The key is separate from the exchange keys and from the bureau's certificate key (ADR 0020);
its public half is published at /certificates/keys/ with the others, for the offline verifier.
"""

from django.core.management.base import BaseCommand

from policeonline.certificates.keys import portal_keyring


class Command(BaseCommand):
    help = "Pass permit signing keys."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        keys = sub.add_parser("keys")
        keys.add_argument("key_action", choices=["create", "rotate", "list"])

    def handle(self, *args, action, key_action, **options):
        ring = portal_keyring()
        if key_action == "list":
            pubs = ring.own_public_keys() if (ring.dir / "own").exists() else []
            active = ring.signing_key()[0] if ring.has_signing_key() else ""
            for pub in pubs:
                self.stdout.write(f"{pub.kid} {pub.suite}{' (active)' if pub.kid == active else ''}")
            return
        if key_action == "create" and ring.has_signing_key():
            self.stdout.write(f"Already has a permit signing key: {ring.signing_key()[0]}")
            return
        pub = ring.create()
        self.stdout.write(f"New permit signing key {pub.kid} ({pub.suite}) is now active and "
                          f"published at /certificates/keys/.")
