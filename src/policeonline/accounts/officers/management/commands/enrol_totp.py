"""Give an officer a new authenticator (TOTP) secret, replacing any old one.

Run by the intranet's account administrator, with the officer present to scan the QR code:
    ZONE=intranet python manage.py enrol_totp 100001
"""

import segno
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from policeonline.accounts.officers.models import Officer


class Command(BaseCommand):
    help = "Create (or replace) an officer's TOTP authenticator and print its QR code."

    def add_arguments(self, parser):
        parser.add_argument("police_number")

    def handle(self, *args, police_number, **options):
        try:
            officer = Officer.objects.get(username=police_number)
        except Officer.DoesNotExist:
            raise CommandError(f"No officer with police number {police_number}.") from None
        with transaction.atomic():
            replaced = TOTPDevice.objects.filter(user=officer).delete()[0]
            device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
        self.stdout.write(f"Authenticator for {officer} ({'replaced' if replaced else 'new'}).")
        self.stdout.write("Scan this with the officer's authenticator app:")
        segno.make(device.config_url, error="m").terminal(out=self.stdout, compact=True)
        self.stdout.write(device.config_url)
