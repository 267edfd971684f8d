"""``manage.py transparency keys create|export`` and ``manage.py transparency verify`` (intranet)."""

from django.core.management.base import BaseCommand, CommandError

from policeonline.transparency import heads

from ... import keys
from ...checking import verify
from ...publishing import publish


class Command(BaseCommand):
    help = "The transparency log: its signing key, publishing a tree head now, verification."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        key = sub.add_parser("keys", help="the log's Ed25519 key")
        key.add_argument("action", choices=["create", "rotate", "export"])
        sub.add_parser("publish", help="place pending entries and sign a new tree head now")
        sub.add_parser("verify", help="re-derive every entry from the case events; name the "
                                      "first bad index")

    def handle(self, *args, **options):
        if options["what"] == "keys":
            return self._keys(options["action"])
        if options["what"] == "publish":
            self.stdout.write(publish())
            return None
        report = verify()
        if report.ok:
            self.stdout.write(self.style.SUCCESS(
                f"OK: {report.size} entries (+{report.pending} not yet placed) re-derived from "
                f"the case events; {report.heads} signed tree heads match"))
            return None
        for index, problem in report.problems:
            self.stdout.write(f"{'index ' + str(index) if index is not None else '—'}: {problem}")
        first = report.first_bad_index
        raise CommandError("the log does not match the case events"
                           + (f"; first bad index {first}" if first is not None else ""))

    def _keys(self, action):
        if action == "create":
            created, kid = keys.ensure()
            self.stdout.write(f"{'created' if created else 'already present'}: {kid}")
        elif action == "rotate":
            self.stdout.write(f"created: {keys.keyring().create(keys.SUITE).kid}")
        else:
            _, _, _, public = keys.signing_key()
            self.stdout.write(heads.pem(public), ending="")
