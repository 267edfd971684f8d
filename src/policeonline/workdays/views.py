"""Back-office pages for administrators: the calendar's years, entering a year's official
schedule, single-day overrides, and a deadline calculator."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policeonline.workbench.access import officer_with

from . import parsing
from .calendar import add_working_days, working_days_between, year_status
from .forms import DeadlineForm, OverrideForm, ScheduleForm
from .models import FIRST_YEAR, LAST_YEAR, CalendarDay, CalendarYear
from .overview import named_periods
from .services import CalendarError, add_override, enter_schedule, remove_override, withdraw_schedule

FIRST_LISTED_YEAR = 2024


def _year_or_404(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


@officer_with("admin")
def home(request):
    today = timezone.localdate()
    schedules = {s.year: s for s in CalendarYear.objects.all()}
    years = [{"year": y, "status": year_status(y), "schedule": schedules.get(y)}
             for y in range(FIRST_LISTED_YEAR, today.year + 2)]
    calculator = DeadlineForm(request.GET or None)
    result = None
    if calculator.is_valid():
        start, n = calculator.cleaned_data["start"], calculator.cleaned_data["n"]
        result = add_working_days(start, n)
    return render(request, "workdays/home.html", {
        "today": today, "years": years, "calculator": calculator, "result": result,
        "upcoming": named_periods(today, today + timedelta(days=365)),
        "overrides": CalendarDay.objects.filter(year=None, date__gte=today)[:10]})


@officer_with("admin")
def year_detail(request, year):
    year = _year_or_404(year)
    first, last = date(year, 1, 1), date(year, 12, 31)
    count, provisional = working_days_between(first - timedelta(days=1), last)
    return render(request, "workdays/year.html", {
        "year": year, "status": year_status(year), "schedule": CalendarYear.objects.filter(year=year).first(),
        "periods": named_periods(first, last), "working_days": count, "provisional": provisional})


@officer_with("admin")
def enter(request, year):
    year = _year_or_404(year)
    schedule = CalendarYear.objects.filter(year=year).first()
    if request.method == "POST":
        form = ScheduleForm(year, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enter_schedule(request.user.username, year, form.entries, published_on=data["published_on"],
                               source=data["source"].strip(), notes=data["notes"].strip())
            except CalendarError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, _("The official schedule for %(year)d is saved; deadlines "
                                            "now follow it.") % {"year": year})
                for warning in form.warnings:
                    messages.warning(request, warning)
                return redirect("workdays:year", year=year)
    elif schedule is not None:
        form = ScheduleForm(year, initial={
            "published_on": schedule.published_on, "source": schedule.source, "notes": schedule.notes,
            "text": parsing.render(schedule.days.order_by("date"))})
    else:
        form = ScheduleForm(year)
    return render(request, "workdays/enter.html", {"year": year, "form": form, "schedule": schedule,
                                                   "status": year_status(year)})


@officer_with("admin")
@require_POST
def withdraw(request, year):
    year = _year_or_404(year)
    try:
        withdraw_schedule(request.user.username, year)
    except CalendarError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("The entered schedule for %(year)d is withdrawn.") % {"year": year})
    return redirect("workdays:year", year=year)


@officer_with("admin")
def overrides(request):
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_override(request.user.username, data["date"], data["kind"], data["name"].strip())
        except CalendarError as e:
            form.add_error("date", str(e))
        else:
            messages.success(request, _("The override for %(date)s is saved.") % {"date": data["date"]})
            return redirect("workdays:overrides")
    return render(request, "workdays/overrides.html", {
        "form": form, "overrides": CalendarDay.objects.filter(year=None).order_by("-date")[:200]})


@officer_with("admin")
@require_POST
def override_remove(request, day):
    try:
        remove_override(request.user.username, date.fromisoformat(day))
    except ValueError as e:  # CalendarError is a ValueError too, with a message for people
        messages.error(request, str(e) if isinstance(e, CalendarError) else _("Not a date."))
    else:
        messages.success(request, _("The override for %(date)s is removed.") % {"date": day})
    return redirect("workdays:overrides")
