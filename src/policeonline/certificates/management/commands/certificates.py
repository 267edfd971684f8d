"""Operating electronic certificates.

    manage.py certificates keys create          intranet: the bureau's signing key (idempotent)
    manage.py certificates keys rotate          intranet: a new active key; old codes still verify
    manage.py certificates keys export-public [KID]   intranet: public key JSON for the portal
    manage.py certificates keys trust FILE|-    internet: publish and verify with that key
    manage.py certificates keys list
    manage.py certificates revoke SERIAL --reason TEXT   intranet: revoke a certificate
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from policeonline.exchange.keys import KeyringError

from ... import keys


class Command(BaseCommand):
    help = "Certificate signing keys and revocation."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        key_parser = sub.add_parser("keys")
        key_parser.add_argument("key_action", choices=["create", "rotate", "export-public", "trust",
                                                       "list"])
        key_parser.add_argument("argument", nargs="?")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("serial")
        revoke.add_argument("--reason", required=True)

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except KeyringError as exc:
            raise CommandError(str(exc)) from None

    def do_keys(self, key_action, argument, **_):
        ring = keys.keyring()
        if key_action in {"create", "rotate", "export-public"} and settings.ZONE != "intranet":
            raise CommandError("The certificate signing key lives on the intranet; on the internet "
                               "zone use `certificates keys trust FILE`.")
        if key_action in {"create", "rotate"}:
            if key_action == "create" and ring.has_signing_key():
                self.stdout.write(f"Already has a certificate signing key: {ring.signing_key()[0]}")
                return
            pub = ring.create()
            self.stdout.write(f"New certificate signing key {pub.kid} ({pub.suite}) is now active. "
                              f"Publish it on the portal: `certificates keys export-public "
                              f"{pub.kid}`, then `certificates keys trust FILE` there.")
        elif key_action == "export-public":
            self.stdout.write(ring.export_public(argument), ending="")
        elif key_action == "trust":
            if settings.ZONE != "internet":
                raise CommandError("The intranet verifies with its own keys; trust them on the "
                                   "internet zone.")
            if not argument:
                raise CommandError("Give the public key file (or - for standard input).")
            try:
                text = sys.stdin.read() if argument == "-" else Path(argument).read_text("utf-8")
                pub = keys.trust(text)
            except (OSError, ValueError, KeyError) as exc:
                raise CommandError(f"Not a public key file: {exc}") from None
            self.stdout.write(f"Now publishing and verifying with certificate key {pub.kid}.")
        else:
            active = ring.signing_key()[0] if settings.ZONE == "intranet" and \
                ring.has_signing_key() else None
            for pub in keys.public_keys():
                self.stdout.write(f"{pub.kid} {pub.suite}{' (active)' if pub.kid == active else ''}")

    def do_revoke(self, serial, reason, **_):
        if settings.ZONE != "intranet":
            raise CommandError("Certificates are revoked on the intranet.")
        from ...services import revoke_certificate

        try:
            certificate = revoke_certificate(serial, reason)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{certificate.serial} is {certificate.status}; the portal is told.")
