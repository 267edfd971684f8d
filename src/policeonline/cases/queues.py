"""The officer's queues: a department's cases filtered and sorted on indexed columns only,
so a queue page costs the same with a thousand cases or a million."""

from datetime import date

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from policeonline.workdays.calendar import add_working_days
from policeonline.workflow import templates

from .models import Case

QUEUES = [
    ("incoming", _("Awaiting acceptance")),
    ("mine", _("Claimed by me")),
    ("in_progress", _("In progress")),
    ("waiting", _("Waiting for the applicant")),
    ("due_soon", _("Due within 2 working days")),
    ("overdue", _("Overdue")),
    ("closed", _("Closed")),
]
PAGE = 50
MAX_PAGE = 200  # deeper than 10,000 cases, filter by item instead of paging


def waiting_states() -> set[str]:
    return {name for tpl in templates().values() for name, s in tpl.states.items()
            if s.waiting_for == "applicant" and not s.final}


def due_soon_limit(today: date) -> date:
    return add_working_days(today, 2).date


def queue(department_code: str, name: str, *, officer_pk: int | None, today: date,
          item_code: str = "") -> QuerySet[Case]:
    cases = Case.objects.filter(department_code=department_code)
    if item_code:
        cases = cases.filter(item_code=item_code)
    if name == "closed":
        return cases.filter(is_open=False).order_by("-closed_at", "-id")
    cases = cases.filter(is_open=True)
    if name == "incoming":
        cases = cases.filter(state="submitted")
    elif name == "mine":
        cases = cases.filter(claimed_by_id=officer_pk)
    elif name == "in_progress":
        cases = cases.exclude(state="submitted").exclude(state__in=waiting_states())
    elif name == "waiting":
        cases = cases.filter(state__in=waiting_states())
    elif name == "due_soon":
        cases = cases.filter(next_due__gte=today, next_due__lte=due_soon_limit(today))
    elif name == "overdue":
        cases = cases.filter(next_due__lt=today)
    return cases.order_by("next_due", "id")


COUNT_CAP = 1000  # "1000+" is enough to know; an exact count of a huge queue costs a scan
COUNTS_SECONDS = 10  # queue sizes may lag this long; the lists themselves are always current


def counts(department_code: str, *, officer_pk: int | None, today: date) -> dict[str, int]:
    """How many cases each queue holds (capped), computed at most every few seconds per
    officer: six counting queries on every page load would cost more than the page itself."""
    key = f"case-queue-counts:{department_code}:{officer_pk}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = {name: queue(department_code, name, officer_pk=officer_pk, today=today)[:COUNT_CAP]
                 .count() for name, _label in QUEUES if name != "closed"}
        cache.set(key, found, COUNTS_SECONDS)
    return found
