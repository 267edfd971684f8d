"""Move the demo's submitted cases through their workflows with the demo officers, so the
back office shows every kind of queue: incoming, claimed, under examination, waiting for
corrections, awaiting approval, refused, completed with a certificate — and a few overdue.
Waits for the submissions to cross the boundary first. Idempotent: only untouched cases move."""

import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from policeonline.accounts.officers.models import Officer
from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.workflow import reasons_for

# The path each case takes, by its position among its department's cases.
PLANS = [
    [],  # stays in the incoming queue
    ["claim"],
    ["claim", "accept"],
    ["claim", "accept", "request_supplement"],
    ["claim", "refuse"],
    "complete",
    ["claim", "accept", "forward"],
]


# A vehicle registration whose applicant chooses the plate online must stay open in the demo:
# the walk-through has 孙七 choose a plate for it (a closed case cannot choose one).
PLATE_ITEMS = ("JDC-001", "JDC-002")
STAYS_OPEN = ["claim", "accept"]


def plan_for(item_code: str, position: int):
    plan = PLANS[position % len(PLANS)]
    if item_code in PLATE_ITEMS and (plan == "complete" or "refuse" in plan):
        return STAYS_OPEN
    return plan


GRANTING = ["accept", "recommend", "invite_visit", "record_visit", "pass_inspection", "approve",
            "issue", "complete"]


class Command(BaseCommand):
    help = "Advance the demo's cases through their workflows (after seed_demo_applications)."

    def add_arguments(self, parser):
        parser.add_argument("--expect", type=int, default=1, help="wait for at least this many cases")
        parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for them")

    def handle(self, *args, **options):
        deadline = time.monotonic() + options["wait"]
        while Case.objects.count() < options["expect"]:
            if time.monotonic() > deadline:
                raise CommandError(f"only {Case.objects.count()} of {options['expect']} cases arrived")
            time.sleep(0.5)
        fresh = Case.objects.annotate(n=Count("events")).filter(n=1, state="submitted").order_by("id")
        moved = 0
        position: dict[str, int] = {}
        for case in fresh:
            n = position.get(case.department_code, 0)
            position[case.department_code] = n + 1
            try:
                self._play(case, plan_for(case.item_code, n))
            except engine.NotAllowed as exc:  # e.g. a fee due before this step (ADR 0029)
                self.stdout.write(f"{case.receipt_no} stops at “{case.state}”: {exc}")
            moved += 1
        self._some_overdue()
        self.stdout.write(f"Advanced {moved} demo cases.")

    def _officers(self, department):
        team = Officer.objects.filter(department__code=department, is_active=True)
        clerk = next((o for o in team if "clerk" in o.roles), None)
        approver = next((o for o in team if "approver" in o.roles or "supervisor" in o.roles), clerk)
        return clerk, approver

    def _play(self, case, plan):
        clerk, approver = self._officers(case.department_code)
        if clerk is None:
            return
        c, a = engine.Actor.officer(clerk), engine.Actor.officer(approver)
        if plan == "complete":
            self._complete(case, c, a)
            return
        for step in plan:
            if step == "claim":
                engine.claim(case.pk, c)
            elif step == "accept":
                engine.perform(case.pk, "accept", c)
            elif step == "request_supplement":
                engine.perform(case.pk, "request_supplement", c,
                               note="上传的材料照片不清晰，请重新上传清晰的扫描件。")
            elif step == "refuse":
                engine.perform(case.pk, "refuse", c, reason_code=reasons_for("refuse")[0].code,
                               note="（演示）该事项请向户籍所在地公安机关申请。")
            elif step == "forward":
                self._forward(case.pk, c)

    def _forward(self, case_pk, clerk):
        """One step past examination: for approval, to the visit, or to the inspection."""
        case = Case.objects.get(pk=case_pk)
        for name in ("recommend", "invite_visit", "pass_inspection", "complete"):
            t = case.template.transition(name)
            if t and case.state in t.from_:
                engine.perform(case.pk, name, clerk, note="（演示）审核通过。")
                return

    def _complete(self, case, clerk, approver):
        """Walk the case's own template to its end along the granting path."""
        for _ in range(10):
            case = Case.objects.get(pk=case.pk)
            if not case.is_open:
                return
            tpl = case.template
            t = next(tpl.transition(n) for n in GRANTING
                     if tpl.transition(n) and case.state in tpl.transition(n).from_)
            actor = approver if "clerk" not in t.roles else clerk
            if case.claimed_by_id not in (None, actor.officer_pk):
                engine.release(case.pk, engine.Actor.officer(case.claimed_by))
            if case.claimed_by_id != actor.officer_pk:
                engine.claim(case.pk, actor)
            engine.perform(case.pk, t.name, actor, note="（演示）")

    def _some_overdue(self):
        """Demo data only: pull two open cases' dates into the past so the overdue queue and
        markers have something to show (a real case gets there by waiting)."""
        today = timezone.localdate()
        for case in Case.objects.filter(is_open=True).exclude(state="submitted").order_by("id")[:2]:
            Case.objects.filter(pk=case.pk).update(step_due=today - timedelta(days=2),
                                                   next_due=today - timedelta(days=2))
