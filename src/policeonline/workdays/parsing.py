"""The text form of a year's official schedule, one entry a line:

    2027-01-01..2027-01-03 holiday 元旦
    2027-02-14 workday 春节调休

Blank lines and lines starting with ``#`` are ignored. ``parse`` checks every line and reports
every problem at once; ``render`` writes entered days back as such lines.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from .models import CalendarDay

KINDS = {CalendarDay.Kind.HOLIDAY.value, CalendarDay.Kind.WORKDAY.value}
NAME_MAX = CalendarDay._meta.get_field("name").max_length
LONGEST_RANGE = 31


@dataclass(frozen=True)
class Entry:
    date: date
    kind: str
    name: str


class ScheduleError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def parse(year: int, text: str, overrides: set[date] = frozenset()) -> tuple[list[Entry], list[str]]:
    """The entries of ``text`` and warnings; raises ``ScheduleError`` listing every bad line.
    ``overrides`` are dates holding a single-day override, which a schedule may not list."""
    entries: list[Entry] = []
    errors: list[str] = []
    warnings: list[str] = []
    seen: dict[date, int] = {}
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        problems, days, kind, name = _line(year, n, line)
        if problems:
            errors += problems
            continue
        for d in days:
            if d in seen:
                errors.append(_("Line %(n)d: %(date)s is already listed on line %(other)d.")
                              % {"n": n, "date": d, "other": seen[d]})
            elif d in overrides:
                errors.append(_("Line %(n)d: %(date)s has a single-day override; remove the override "
                                "first or leave the date out.") % {"n": n, "date": d})
            elif kind == CalendarDay.Kind.WORKDAY and d.weekday() < 5:
                errors.append(_("Line %(n)d: %(date)s is a weekday and already a working day; make-up "
                                "working days fall on a Saturday or Sunday.") % {"n": n, "date": d})
            seen.setdefault(d, n)
        if kind == CalendarDay.Kind.HOLIDAY and all(d.weekday() >= 5 for d in days):
            warnings.append(_("Line %(n)d: every day of it is a Saturday or Sunday, so it changes no "
                              "deadline.") % {"n": n})
        entries += [Entry(d, kind, name) for d in days]
    if not errors and not entries:
        errors.append(_("The schedule is empty: enter at least one line."))
    if errors:
        raise ScheduleError(errors)
    return sorted(entries, key=lambda e: e.date), warnings


def _line(year: int, n: int, line: str):
    parts = line.split(None, 2)
    if len(parts) < 2:
        return [_("Line %(n)d: expected “DATE holiday|workday NAME” or “DATE..DATE holiday|workday "
                  "NAME”.") % {"n": n}], [], "", ""
    span, kind = parts[0], parts[1].lower()
    name = parts[2].strip() if len(parts) == 3 else ""
    problems = []
    first_text, _sep, last_text = span.partition("..")
    first, last = _date(first_text), _date(last_text or first_text)
    for text, value in ((first_text, first), (last_text, last)):
        if text and value is None:
            problems.append(_("Line %(n)d: “%(value)s” is not a date (YYYY-MM-DD).")
                            % {"n": n, "value": text})
    for value in dict.fromkeys(v for v in (first, last) if v and v.year != year):
        problems.append(_("Line %(n)d: %(date)s is not in %(year)d.") % {"n": n, "date": value, "year": year})
    if first and last and last < first:
        problems.append(_("Line %(n)d: the range ends before it starts.") % {"n": n})
    elif first and last and (last - first).days >= LONGEST_RANGE:
        problems.append(_("Line %(n)d: a range of more than %(max)d days is surely a mistake.")
                        % {"n": n, "max": LONGEST_RANGE})
    if kind not in KINDS:
        problems.append(_("Line %(n)d: the kind must be “holiday” or “workday”, not “%(kind)s”.")
                        % {"n": n, "kind": parts[1]})
    if not name:
        problems.append(_("Line %(n)d: a name is required, e.g. 国庆节 or 国庆节调休.") % {"n": n})
    elif len(name) > NAME_MAX:
        problems.append(_("Line %(n)d: the name is longer than %(max)d characters.")
                        % {"n": n, "max": NAME_MAX})
    if problems:
        return problems, [], kind, name
    return [], [first + timedelta(days=i) for i in range((last - first).days + 1)], kind, name


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def render(days) -> str:
    """Days (in date order) as schedule lines, consecutive days of one kind and name as a range."""
    lines, run = [], []
    for day in days:
        if run and (day.kind, day.name) == (run[-1].kind, run[-1].name) and \
                day.date == run[-1].date + timedelta(days=1):
            run.append(day)
            continue
        if run:
            lines.append(_span(run))
        run = [day]
    if run:
        lines.append(_span(run))
    return "\n".join(lines)


def _span(run) -> str:
    dates = f"{run[0].date}" if len(run) == 1 else f"{run[0].date}..{run[-1].date}"
    return f"{dates} {run[0].kind} {run[0].name}"
