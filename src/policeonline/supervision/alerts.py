"""Overdue alerts: cases whose deadline passed, or comes within the due-soon window, are
alerted once per condition to the officer handling them and their department's supervisors,
by an in-site message in the back office and by email (after commit). A paused clock (waiting
for the applicant) alerts nobody. Each run takes a bounded batch; the next run continues."""

from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from policeonline.accounts.officers.models import Officer
from policeonline.cases.models import Case

from .figures import due_soon_limit
from .inbox import deliver
from .models import Alert

BATCH = 500
LISTED = 20  # receipt numbers written into one message; the link lists them all


def scan(today=None) -> str:
    today = today or timezone.localdate()
    conditions = [(Alert.Condition.OVERDUE, Q(next_due__lt=today)),
                  (Alert.Condition.DUE_SOON, Q(next_due__gte=today, next_due__lte=due_soon_limit(today)))]
    parts = []
    with translation.override(settings.LANGUAGE_CODE):
        for condition, when in conditions:
            alerted, messages = _alert(condition, when)
            parts.append(f"{condition}: {alerted} case(s), {messages} message(s)")
    return "; ".join(parts)


def _alert(condition: str, when: Q) -> tuple[int, int]:
    found = list(Case.objects.filter(is_open=True, paused_on__isnull=True).filter(when)
                 .exclude(supervision_alerts__condition=condition)
                 .order_by("next_due", "id")
                 .values("id", "receipt_no", "department_code", "claimed_by_id", "next_due")[:BATCH])
    if not found:
        return 0, 0
    with transaction.atomic():
        fresh = []
        for case in found:
            try:
                with transaction.atomic():  # another scheduler may have alerted it meanwhile
                    Alert.objects.create(case_id=case["id"], condition=condition, due=case["next_due"],
                                         department_code=case["department_code"])
            except IntegrityError:
                continue
            fresh.append(case)
        sent = _tell(condition, fresh)
    return len(fresh), sent


def _tell(condition: str, cases: list[dict]) -> int:
    """One message per recipient per run, listing that recipient's cases."""
    departments = {c["department_code"] for c in cases}
    handlers = {c["claimed_by_id"] for c in cases if c["claimed_by_id"]}
    officers = {o.pk: o for o in Officer.objects.filter(is_active=True).filter(
        Q(department__code__in=departments) | Q(pk__in=handlers)).select_related("department")}
    supervisors = defaultdict(list)
    for officer in officers.values():
        if officer.has_role("supervisor") and officer.department_id:
            supervisors[officer.department.code].append(officer)
    per_recipient: dict[int, list[dict]] = defaultdict(list)
    for case in cases:
        recipients = {o.pk for o in supervisors[case["department_code"]]}
        if case["claimed_by_id"] in officers:
            recipients.add(case["claimed_by_id"])
        for pk in recipients:
            per_recipient[pk].append(case)
    for pk, theirs in per_recipient.items():
        _message(officers[pk], condition, theirs)
    return len(per_recipient)


def _message(officer, condition: str, cases: list[dict]) -> None:
    n = len(cases)
    if condition == Alert.Condition.OVERDUE:
        title = _("%(n)s case(s) became overdue") % {"n": n}
        intro = _("These cases passed their deadline:")
    else:
        title = _("%(n)s case(s) are due soon") % {"n": n}
        intro = _("These cases reach their deadline within %(days)s working day(s):") % {
            "days": getattr(settings, "SUPERVISION_DUE_SOON_DAYS", 2)}
    lines = [f"{c['receipt_no']}（{_('due')} {c['next_due']:%Y-%m-%d}）" for c in cases[:LISTED]]
    if n > LISTED:
        lines.append(_("… and %(n)s more.") % {"n": n - LISTED})
    body = "\n".join([intro, *lines])
    if officer.has_role("supervisor"):
        link = f"{reverse('supervision:cases')}?figure={condition}&department={cases[0]['department_code']}"
    else:
        link = f"{reverse('cases:queue')}?q={condition}"
    deliver(officer, title, body, link=link)
