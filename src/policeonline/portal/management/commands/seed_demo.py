from django.core.management import call_command
from django.core.management.base import BaseCommand

from policeonline.accounts.citizens.models import User, credit_code_digest, id_digest

# Synthetic people: valid check digits, not real persons.
DEMO_PASSWORD = "Demo@2026pass"
DEMO_CITIZEN = {"name": "张三", "id_number": "37010219900307106X", "phone": "13800000001"}
DEMO_COMPANY = {"company_name": "济南示范科技有限公司", "credit_code": "91370100MA3C00000E",
                "name": "李四", "id_number": "370102198506150021", "phone": "13800000002"}


class Command(BaseCommand):
    help = "Load the catalog and the demo citizen and company into the internet zone (idempotent)."

    def handle(self, *args, **options):
        call_command("load_catalog", stdout=self.stdout)
        if not User.objects.filter(login_key=id_digest(DEMO_CITIZEN["id_number"])).exists():
            User.objects.create_citizen(password=DEMO_PASSWORD, **DEMO_CITIZEN)
        if not User.objects.filter(login_key=credit_code_digest(DEMO_COMPANY["credit_code"])
                                   ).exists():
            User.objects.create_company(password=DEMO_PASSWORD, **DEMO_COMPANY)
        self.stdout.write(f"Demo citizen {DEMO_CITIZEN['id_number']} / company "
                          f"{DEMO_COMPANY['credit_code']}; password {DEMO_PASSWORD}.")
