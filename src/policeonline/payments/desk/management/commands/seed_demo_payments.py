"""Ask the fee of a couple of the demo's cases under examination (visit workflow, items with
a fee), so the portal shows "pay 20.00 元" and the back office's payments view is not empty.
An ID card item's fee is asked before acceptance (core/data/fee_steps.yaml), so such a case is asked
while still incoming. Run after seed_demo_cases. Idempotent: cases that already have a fee
request are skipped."""

from django.core.management.base import BaseCommand

from policeonline.accounts.officers.models import Officer
from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.payments.desk.services import ACCEPTANCE, fee_stage


class Command(BaseCommand):
    help = "Request the fee of a few demo cases (after seed_demo_cases)."
    # "examining" sorts after "submitted", so -state puts the cases under examination first.

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=2)

    def handle(self, *args, count, **options):
        asked = 0
        # Cases under examination first; else take an incoming one through acceptance.
        for case in Case.objects.filter(workflow="visit", state__in=["examining", "submitted"],
                                        is_open=True, fee_requests=None).order_by("-state", "id"):
            if asked >= count:
                break
            clerk = case.claimed_by or Officer.objects.filter(
                department__code=case.department_code, is_active=True).first()
            if clerk is None or "clerk" not in clerk.roles:
                continue
            actor = engine.Actor.officer(clerk)
            try:
                if case.claimed_by_id is None:
                    engine.claim(case.pk, actor)
                if case.state == "submitted" and fee_stage(case.item_code) != ACCEPTANCE:
                    engine.perform(case.pk, "accept", actor)
                engine.perform(case.pk, "request_payment", actor)
            except engine.NotAllowed:
                continue  # no fee for this one (exempt, free item)
            asked += 1
        self.stdout.write(f"Fee requested for {asked} demo cases.")
