"""Seed the demo with a few dozen submitted applications across departments, through the same
services a citizen uses (so they cross the boundary as envelopes like any other). Idempotent:
does nothing if the demo applicants already have applications."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from policeonline.accounts.citizens.models import User, credit_code_digest, id_digest
from policeonline.applications import services
from policeonline.applications.demo_files import sample_for
from policeonline.applications.models import Application
from policeonline.catalog.models import Item
from policeonline.demo.accounts import CITIZEN_PASSWORD, COMPANY, SEED_APPLICANTS
from policeonline.formspec import form_for


def _verified_citizen(spec) -> User:
    user = User.objects.filter(login_key=id_digest(spec["id_number"])).first() or \
        User.objects.create_citizen(password=CITIZEN_PASSWORD, **spec)
    # Seeded as already verified, like accounts a bureau migrates from its earlier system.
    User.objects.filter(pk=user.pk).update(verification=User.Verification.VERIFIED,
                                           verification_reason="match",
                                           verification_changed_at=timezone.now())
    user.refresh_from_db()
    return user


class Command(BaseCommand):
    help = "Submit a few dozen demo applications across departments (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--per-category", type=int, default=4)

    def handle(self, *args, **options):
        citizens = [_verified_citizen(spec) for spec in SEED_APPLICANTS]
        company = User.objects.get(login_key=credit_code_digest(COMPANY["credit_code"]))
        User.objects.filter(pk=company.pk).update(verification=User.Verification.VERIFIED,
                                                  verification_reason="match")
        company.refresh_from_db()
        if Application.objects.filter(owner__in=[*citizens, company]).exists():
            self.stdout.write("Demo applications already seeded.")
            return
        submitted = 0
        for category_items in self._items(options["per_category"]):
            for n, item in enumerate(category_items):
                owner = company if item.applicant == Item.Applicant.COMPANY else citizens[n % len(citizens)]
                with transaction.atomic():
                    self._apply(owner, item)
                submitted += 1
        self.stdout.write(f"Submitted {submitted} demo applications.")

    def _items(self, per_category):
        by_category: dict[str, list] = {}
        for item in Item.objects.select_related("category").order_by("category__position", "position"):
            by_category.setdefault(item.category.code, []).append(item)
        return [items[:per_category] for items in by_category.values()]

    def _apply(self, owner, item):
        app = services.start(owner, item)
        form = form_for(item)
        data = form.example(services.identity_of(owner))
        services.save_draft(app.pk, owner, data)
        for slot in form.missing_uploads(set(), data):
            name, content = sample_for(slot)
            services.attach(app.pk, owner, slot.name, name, content)
        services.submit(app.pk, owner)
