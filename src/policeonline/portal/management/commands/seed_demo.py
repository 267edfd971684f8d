from django.core.management import call_command
from django.core.management.base import BaseCommand

from policeonline.accounts.citizens.models import User, credit_code_digest, id_digest
from policeonline.demo.accounts import CITIZEN as DEMO_CITIZEN
from policeonline.demo.accounts import CITIZEN_PASSWORD as DEMO_PASSWORD
from policeonline.demo.accounts import COMPANY as DEMO_COMPANY


class Command(BaseCommand):
    help = "Load the catalog and the demo citizen and company into the internet zone (idempotent)."

    def handle(self, *args, **options):
        call_command("load_catalog", stdout=self.stdout)
        call_command("load_halls", stdout=self.stdout)
        if not User.objects.filter(login_key=id_digest(DEMO_CITIZEN["id_number"])).exists():
            User.objects.create_citizen(password=DEMO_PASSWORD, **DEMO_CITIZEN)
        if not User.objects.filter(login_key=credit_code_digest(DEMO_COMPANY["credit_code"])
                                   ).exists():
            User.objects.create_company(password=DEMO_PASSWORD, **DEMO_COMPANY)
        self.stdout.write(f"Demo citizen {DEMO_CITIZEN['id_number']} / company "
                          f"{DEMO_COMPANY['credit_code']}; password {DEMO_PASSWORD}.")
