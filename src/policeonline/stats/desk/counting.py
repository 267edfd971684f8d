"""Counting a day's figures from the cases' logs and the ratings, idempotently.

``count_day`` reads the sources; ``store`` writes a day's rows with one rule that keeps the
statistics when old cases are deleted: a stored row is never lowered (figures of a past day can
only fall when its cases are gone), and a stored row whose cases are all gone stays. ``refresh``
counts again the days touched since the last run (by the cursors), plus today and yesterday.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from policeonline.cases.models import Case, CaseEvent
from policeonline.workdays.calendar import working_days_between

from ..figures import COMPLETED_OUTCOMES, COUNTS, SATISFIED_LEVEL
from .models import Cursor, DailyFigures

Key = tuple[str, str]  # (item_code, department_code)


def _bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _rating_model():
    """Ratings are optional: without the ratings app there is simply no satisfaction yet."""
    if not apps.is_installed("policeonline.ratings.desk"):
        return None
    from policeonline.ratings.desk.models import Rating
    return Rating


def count_day(day: date) -> dict[Key, dict[str, int]]:
    start, end = _bounds(day)
    rows: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for item, department in CaseEvent.objects.filter(
            action="receive", at__gte=start, at__lt=end).values_list("case__item_code", "department_code"):
        rows[item, department]["received"] += 1
    for item, department, closed_at, due, accepted, submitted in Case.objects.filter(
            closed_at__gte=start, closed_at__lt=end, outcome__in=COMPLETED_OUTCOMES).values_list(
            "item_code", "department_code", "closed_at", "due_date", "accepted_on", "submitted_at"):
        row, closed = rows[item, department], timezone.localdate(closed_at)
        row["completed"] += 1
        row["on_time"] += due is None or closed <= due
        began = accepted or timezone.localdate(submitted)
        row["working_days"] += working_days_between(began, closed)[0] if began < closed else 0
    rating = _rating_model()
    if rating is not None:
        for item, department, level in rating.objects.filter(
                kind="case", rated_at__gte=start, rated_at__lt=end).values_list(
                "case__item_code", "case__department_code", "level"):
            row = rows[item, department]
            row["ratings"] += 1
            row["rating_sum"] += level
            row["satisfied"] += level >= SATISFIED_LEVEL
    return dict(rows)


def store(day: date, rows: dict[Key, dict[str, int]]) -> int:
    """Write a day's counted rows; returns how many rows changed (and so await publication)."""
    changed, now = 0, timezone.now()
    with transaction.atomic():
        stored = {(r.item_code, r.department_code): r
                  for r in DailyFigures.objects.select_for_update().filter(day=day)}
        for key, counts in rows.items():
            row = stored.get(key)
            if row is None:
                DailyFigures.objects.create(day=day, item_code=key[0], department_code=key[1],
                                            computed_at=now, **counts)
                changed += 1
                continue
            current = {name: getattr(row, name) for name in COUNTS}
            if current == counts or any(counts[n] < current[n] for n in COUNTS):
                continue  # unchanged, or its cases (partly) deleted: what was counted stands
            for name, value in counts.items():
                setattr(row, name, value)
            row.computed_at, row.published = now, False
            row.save()
            changed += 1
    return changed


def count_days(days) -> int:
    return sum(store(day, count_day(day)) for day in sorted(set(days)))


def _touched_days(model, field: str, source: str, **filters) -> set[date]:
    cursor, _ = Cursor.objects.get_or_create(source=source)
    newest = model.objects.aggregate(m=Max("id"))["m"] or 0
    if newest <= cursor.last_id:
        return set()
    days = {timezone.localdate(at) for at in model.objects.filter(
        id__gt=cursor.last_id, id__lte=newest, **filters).datetimes(field, "day")}
    cursor.last_id = newest
    cursor.save(update_fields=["last_id"])
    return days


def refresh(today: date | None = None) -> int:
    """Count again today, yesterday and every day something new happened on since last time."""
    today = today or timezone.localdate()
    days = {today, today - timedelta(days=1)}
    with transaction.atomic():  # the cursors move only if the days they found were counted
        days |= _touched_days(CaseEvent, "at", "case_event")
        rating = _rating_model()
        if rating is not None:
            days |= _touched_days(rating, "rated_at", "rating", kind="case")
        return count_days(days)


def rebuild(first: date, last: date) -> int:
    """Count a range of days again (e.g. after a calendar correction). Days whose cases were
    deleted keep their stored figures (see ``store``)."""
    if last < first:
        raise ValueError("the range ends before it starts")
    return count_days(first + timedelta(days=n) for n in range((last - first).days + 1))
