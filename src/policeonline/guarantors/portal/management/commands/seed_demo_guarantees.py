"""Seed the demo's guarantor walk-through: 钱九 (household registered in Beijing, one of the
registry's fixed demo people) applies online for the off-site ID card (SF-005) and names 周八 (a
verified demo account, household in 天桥区, no record), who finds the request in her account.
Through the same services a citizen uses. Idempotent: does nothing if 钱九 has applied.
(赵六 is left alone: the README and the browser tests register him.)"""

from django.core.management.base import BaseCommand
from django.db import transaction

from policeonline.applications import services
from policeonline.applications.demo_files import sample_for
from policeonline.applications.management.commands.seed_demo_applications import _verified_citizen
from policeonline.applications.models import Application
from policeonline.catalog.models import Item
from policeonline.demo.accounts import SEED_APPLICANTS
from policeonline.formspec import form_for

OFF_SITE_APPLICANT = {"name": "钱九", "id_number": "110101199305200037", "phone": "13800000019"}
GUARANTOR = SEED_APPLICANTS[1]  # 周八


class Command(BaseCommand):
    help = "Submit a demo off-site ID card application naming a guarantor (idempotent)."

    def handle(self, *args, **options):
        applicant = _verified_citizen(OFF_SITE_APPLICANT)
        guarantor = _verified_citizen(GUARANTOR)
        if Application.objects.filter(owner=applicant, item_code="SF-005").exists():
            self.stdout.write("Demo guarantee request already seeded.")
            return
        item = Item.objects.get(code="SF-005")
        form = form_for(item)
        with transaction.atomic():
            app = services.start(applicant, item)
            data = {**form.example(services.identity_of(applicant)), "guarantor_name": guarantor.name,
                    "guarantor_id_number": guarantor.id_number, "guarantor_phone": guarantor.phone,
                    "delivery_method": "collect"}
            services.save_draft(app.pk, applicant, data)
            for slot in form.missing_uploads(set(), data):
                name, content = sample_for(slot)
                services.attach(app.pk, applicant, slot.name, name, content)
            services.submit(app.pk, applicant)
        self.stdout.write(f"钱九 applied for {item.code}; 周八 ({GUARANTOR['phone']}) has a request.")
