"""The dashboard's figures, aggregated in the database from live cases.

Each table is a handful of grouped queries (one row per department or per officer), never a
loop over cases: open figures group the open cases (index ``case_queue``), completion figures
the cases closed in the period (index ``case_closed``), and average working days group by the
distinct acceptance and closing days — a few hundred at most — before the calendar counts
them. See ADR 0027.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from policeonline.cases.models import Case, CaseEvent
from policeonline.workdays.calendar import add_working_days, working_days_between

# Not the bureau's work: a case the applicant withdrew counts in no completion figure.
NOT_COMPLETED = ("withdrawn",)
SATISFIED_LEVEL = 4  # 4 满意, 5 非常满意
FIGURES = ("backlog", "due_soon", "overdue", "completed", "late")


def due_soon_days() -> int:
    return int(getattr(settings, "SUPERVISION_DUE_SOON_DAYS", 2))


def due_soon_limit(today: date) -> date:
    return add_working_days(today, due_soon_days()).date


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    name: str = "custom"

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """[start of the first day, start of the day after the last) in local time."""
        tz = timezone.get_current_timezone()
        return (datetime.combine(self.start, time.min, tz),
                datetime.combine(self.end + timedelta(days=1), time.min, tz))


@dataclass
class Row:
    key: str
    label: str
    backlog: int = 0
    due_soon: int = 0
    overdue: int = 0
    completed: int = 0
    on_time: int = 0
    working_days_total: int = 0
    working_days_cases: int = 0
    ratings: int = 0
    rating_sum: float = 0
    satisfied: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def late(self) -> int:
        return self.completed - self.on_time

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.completed, 1) if self.completed else None

    @property
    def average_working_days(self) -> float | None:
        if not self.working_days_cases:
            return None
        return round(self.working_days_total / self.working_days_cases, 1)

    @property
    def satisfaction(self) -> float | None:
        """Average rating, 1–5."""
        return round(self.rating_sum / self.ratings, 2) if self.ratings else None

    @property
    def satisfied_rate(self) -> float | None:
        return round(100 * self.satisfied / self.ratings, 1) if self.ratings else None

    def add(self, other: "Row") -> None:
        for name in ("backlog", "due_soon", "overdue", "completed", "on_time", "working_days_total",
                     "working_days_cases", "ratings", "rating_sum", "satisfied"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _open_counts(today: date) -> dict:
    running = Q(paused_on__isnull=True)  # a paused clock (waiting for the applicant) is never late
    return {"backlog": Count("id"),
            "overdue": Count("id", filter=running & Q(next_due__lt=today)),
            "due_soon": Count("id", filter=running & Q(next_due__gte=today,
                                                       next_due__lte=due_soon_limit(today)))}


def _on_time() -> Q:
    return Q(due_date__isnull=True) | Q(closed_on__lte=F("due_date"))


def completed_cases(period: Period) -> QuerySet[Case]:
    start, end = period.bounds
    return (Case.objects.filter(is_open=False, closed_at__gte=start, closed_at__lt=end)
            .exclude(outcome__in=NOT_COMPLETED).annotate(closed_on=TruncDate("closed_at")))


def closing_events(period: Period, department_code: str) -> QuerySet[CaseEvent]:
    """The event that closed each case of the department completed in the period: its actor is
    the officer credited with the case (the claim is released when a case closes)."""
    start, end = period.bounds
    return (CaseEvent.objects.filter(case__department_code=department_code, case__is_open=False,
                                     case__closed_at__gte=start, case__closed_at__lt=end,
                                     to_state=F("case__state"))
            .exclude(from_state=F("to_state")).exclude(case__outcome__in=NOT_COMPLETED))


def _completions(done: QuerySet, rows: dict, key: str, accepted: str, on_time: Q, new_row=None) -> None:
    """Completed, on time and working days per row, in two grouped queries. Working days
    without a loop over cases: with W(d) the working days up to d, a case takes
    W(closed) − W(accepted), so it is enough to count cases per distinct closing day and per
    distinct acceptance day (a few hundred of each)."""
    timed = Q(**{f"{accepted}__isnull": False})
    ends = list(done.values(key, day=F("closed_on")).annotate(
        n=Count("id"), on_time=Count("id", filter=on_time), timed=Count("id", filter=timed)))
    starts = list(done.filter(timed).values(key, day=F(accepted)).annotate(n=Count("id")))
    days = {found["day"] for found in ends + starts}
    origin = min(days) if days else None
    upto = {d: working_days_between(origin, d)[0] for d in days}
    for found in ends:
        name = str(found[key])
        row = rows.get(name) or (rows.setdefault(name, new_row(name)) if new_row else None)
        if row is None:
            continue
        row.completed += found["n"]
        row.on_time += found["on_time"]
        row.working_days_total += upto[found["day"]] * found["timed"]
        row.working_days_cases += found["timed"]
    for found in starts:
        row = rows.get(str(found[key]))
        if row is not None:
            row.working_days_total -= upto[found["day"]] * found["n"]


def rating_model():
    """The ratings desk's model, or None while that app is not installed (no ratings yet)."""
    try:
        return apps.get_model("rating_desk", "Rating")
    except LookupError:
        return None


def _ratings(period: Period):
    """The applicants' ratings of their cases given in the period (index ``rating_kind_time``);
    follow-up ratings of a rectification are not the case's satisfaction."""
    Rating = rating_model()
    if Rating is None:
        return None
    start, end = period.bounds
    return Rating.objects.filter(kind="case", rated_at__gte=start, rated_at__lt=end)


def _add_ratings(rows: dict, grouped, key_name: str) -> None:
    for found in grouped:
        row = rows.get(str(found[key_name]))
        if row is not None:
            row.ratings, row.satisfied = found["n"], found["satisfied"]
            row.rating_sum = (found["avg"] or 0) * found["n"]


def _rating_counts() -> dict:
    return {"n": Count("id"), "avg": Avg("level"),
            "satisfied": Count("id", filter=Q(level__gte=SATISFIED_LEVEL))}


def by_department(period: Period, today: date, departments: list) -> list[Row]:
    """One row per department (``departments``: Department objects, in display order)."""
    rows = {d.code: Row(d.code, d.name) for d in departments}
    codes = list(rows)
    for found in (Case.objects.filter(is_open=True, department_code__in=codes)
                  .values("department_code").annotate(**_open_counts(today))):
        row = rows[found["department_code"]]
        row.backlog, row.due_soon, row.overdue = found["backlog"], found["due_soon"], found["overdue"]
    _completions(completed_cases(period).filter(department_code__in=codes), rows, "department_code",
                 "accepted_on", _on_time())
    ratings = _ratings(period)
    if ratings is not None:
        _add_ratings(rows, ratings.filter(case__department_code__in=codes).values(
            "case__department_code").annotate(**_rating_counts()), "case__department_code")
    return list(rows.values())


def by_officer(period: Period, today: date, department_code: str) -> list[Row]:
    """One row per officer of the department (and any former officer credited in the period)."""
    from policeonline.accounts.officers.models import Officer

    officers = list(Officer.objects.filter(department__code=department_code, is_active=True)
                    .order_by("username").only("id", "username", "first_name", "last_name"))
    rows = {o.username: Row(o.username, str(o), extra={"pk": o.pk}) for o in officers}
    by_pk = {o.pk: o.username for o in officers}
    for found in (Case.objects.filter(is_open=True, department_code=department_code,
                                      claimed_by__isnull=False)
                  .values("claimed_by", "claimed_by__username").annotate(**_open_counts(today))):
        username = by_pk.get(found["claimed_by"], found["claimed_by__username"])
        row = rows.setdefault(username, Row(username, username, extra={"pk": found["claimed_by"]}))
        row.backlog, row.due_soon, row.overdue = found["backlog"], found["due_soon"], found["overdue"]
    events = closing_events(period, department_code).annotate(closed_on=TruncDate("case__closed_at"))
    on_time = Q(case__due_date__isnull=True) | Q(closed_on__lte=F("case__due_date"))
    _completions(events, rows, "actor", "case__accepted_on", on_time, new_row=lambda name: Row(name, name))
    ratings = _ratings(period)
    if ratings is not None:
        from django.db.models import OuterRef, Subquery

        closer = Subquery(CaseEvent.objects.filter(case=OuterRef("case"), case__is_open=False,
                                                   to_state=OuterRef("case__state"))
                          .exclude(from_state=F("to_state")).values("actor")[:1])
        _add_ratings(rows, ratings.filter(case__department_code=department_code)
                     .annotate(closer=closer).values("closer").annotate(**_rating_counts()), "closer")
    return list(rows.values())


FIGURES_SECONDS = 60  # the dashboard's tables may lag this long; drill-down lists never do


def cached(kind: str, scope: str, period: Period, today: date, compute) -> list[Row]:
    """A table of figures computed at most once a minute per scope and period: a page reload
    (or ten supervisors opening the bureau's page) does not count the open cases again."""
    key = f"supervision:{kind}:{scope}:{period.start}:{period.end}:{today}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, FIGURES_SECONDS)
    return found


def total(rows: list[Row], label: str) -> Row:
    found = Row("", label)
    for row in rows:
        found.add(row)
    return found


def drill_down(figure: str, period: Period, today: date, department_code: str,
               officer=None) -> QuerySet[Case]:
    """The cases behind one figure of the dashboard (most urgent or most recent first)."""
    if figure in ("completed", "late"):
        cases = completed_cases(period).filter(department_code=department_code)
        if figure == "late":
            cases = cases.filter(due_date__isnull=False, closed_on__gt=F("due_date"))
        if officer is not None:
            cases = cases.filter(events__actor=officer.username, events__to_state=F("state"))
        return cases.order_by("-closed_at", "-id")
    cases = Case.objects.filter(is_open=True, department_code=department_code)
    if officer is not None:
        cases = cases.filter(claimed_by=officer)
    if figure == "overdue":
        cases = cases.filter(paused_on__isnull=True, next_due__lt=today)
    elif figure == "due_soon":
        cases = cases.filter(paused_on__isnull=True, next_due__gte=today,
                             next_due__lte=due_soon_limit(today))
    return cases.order_by("next_due", "id")

