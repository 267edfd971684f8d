"""The supervision dashboard, its drill-down lists, the weekly reports' downloads and the
officers' inbox. Every page checks who may see which department (``access``) and is audited."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policeonline.accounts.officers.models import Officer
from policeonline.audit.log import record
from policeonline.catalog.models import Department, Item
from policeonline.core.masking import mask_name
from policeonline.workbench.access import officer_required

from . import figures
from .access import departments_for, is_bureau_wide, may_see_department, may_supervise, refuse
from .models import OfficerMessage, WeeklyReport

PAGE = 50
MAX_PAGE = 200
MAX_SPAN_DAYS = 366


def period_from(params, today: date) -> tuple[figures.Period, str]:
    """This week (default), this month, or a custom range; a bad range says why and shows the
    week instead."""
    week = figures.Period(today - timedelta(days=today.weekday()), today, "week")
    name = params.get("period", "week")
    if name == "month":
        return figures.Period(today.replace(day=1), today, "month"), ""
    if name != "custom":
        return week, ""
    try:
        start, end = date.fromisoformat(params.get("from", "")), date.fromisoformat(params.get("to", ""))
    except ValueError:
        return week, _("Enter both dates of the period as YYYY-MM-DD.")
    if start > end:
        return week, _("The period's first day is after its last day.")
    if (end - start).days >= MAX_SPAN_DAYS:
        return week, _("Choose a period of at most one year.")
    return figures.Period(start, end, "custom"), ""


def _period_query(period: figures.Period) -> dict:
    if period.name == "custom":
        return {"period": "custom", "from": period.start.isoformat(), "to": period.end.isoformat()}
    return {"period": period.name}


def _links(row: figures.Row, period, department: str, officer_pk=None) -> dict:
    base = {**_period_query(period), "department": department}
    if officer_pk:
        base["officer"] = officer_pk
    url = reverse("supervision:cases")
    return {f: f"{url}?{urlencode({**base, 'figure': f})}" for f in figures.FIGURES}


@officer_required
def dashboard(request):
    officer = request.user
    if not may_supervise(officer):
        refuse(request)
    today = timezone.localdate()
    period, error = period_from(request.GET, today)
    if error:
        messages.error(request, error)
    departments = departments_for(officer)
    codes = [d.code for d in departments]
    bureau = is_bureau_wide(officer)
    chosen = request.GET.get("department", "") if bureau else officer.department.code
    if chosen and chosen not in codes:
        chosen = ""
    rows = figures.cached("departments", "bureau" if bureau else chosen, period, today,
                          lambda: figures.by_department(period, today, departments))
    officer_rows = figures.cached("officers", chosen, period, today,
                                  lambda: figures.by_officer(period, today, chosen)) if chosen else []
    reports = WeeklyReport.objects.filter(department_code__in=codes + ([""] if bureau else []))[:40]
    names = {d.code: d.name for d in departments}
    record(officer.username, "supervision.viewed", chosen or "bureau",
           start=period.start.isoformat(), end=period.end.isoformat())
    return render(request, "supervision/dashboard.html", {
        "period": period, "today": today, "bureau": bureau, "chosen": chosen,
        "chosen_name": names.get(chosen, ""), "due_soon_days": figures.due_soon_days(),
        "rows": [{"row": r, "links": _links(r, period, r.key),
                  "drill": f"?{urlencode({**_period_query(period), 'department': r.key})}"} for r in rows],
        "total": figures.total(rows, _("Bureau total")) if bureau else None,
        "officer_rows": [{"row": r, "links": _links(r, period, chosen, r.extra.get("pk"))
                          if r.extra.get("pk") else {}} for r in officer_rows],
        "reports": [{"r": r, "scope": names.get(r.department_code, "") or _("Bureau-wide")} for r in reports],
    })


@officer_required
def cases(request):
    officer = request.user
    if not may_supervise(officer):
        refuse(request)
    department = request.GET.get("department", "")
    if not may_see_department(officer, department):
        refuse(request)
    dept = Department.objects.filter(code=department).first()
    if dept is None:
        raise Http404
    today = timezone.localdate()
    period, error = period_from(request.GET, today)
    figure = request.GET.get("figure", "")
    context = {"period": period, "department": dept, "figure": figure, "rows": [], "error": error}
    if figure not in figures.FIGURES:
        context["error"] = _("Unknown figure: choose one from the dashboard.")
        return render(request, "supervision/cases.html", context, status=400)
    if error:
        return render(request, "supervision/cases.html", context, status=400)
    credited = None
    if request.GET.get("officer"):
        raw = request.GET["officer"]
        credited = Officer.objects.filter(pk=int(raw) if raw.isdigit() else 0, department=dept).first()
        if credited is None:
            context["error"] = _("That officer does not belong to this department.")
            return render(request, "supervision/cases.html", context, status=400)
    try:
        number = min(max(int(request.GET.get("page") or 1), 1), MAX_PAGE)
    except ValueError:
        number = 1
    found = figures.drill_down(figure, period, today, department, credited).select_related("claimed_by").only(
        "id", "receipt_no", "item_code", "workflow", "state", "applicant_name", "applicant_id_masked",
        "next_due", "due_date", "closed_at", "due_provisional", "claimed_by__username",
        "claimed_by__first_name", "claimed_by__last_name")
    page = list(found[(number - 1) * PAGE:number * PAGE + 1])
    record(officer.username, "supervision.cases_viewed", f"{department}:{figure}", page=number,
           officer=credited.username if credited else "", start=period.start.isoformat(),
           end=period.end.isoformat())
    items = dict(Item.objects.filter(code__in={c.item_code for c in page}).values_list("code", "name_zh"))
    opens = officer.department_id is not None and officer.department.code == department
    query = {**_period_query(period), "department": department, "figure": figure,
             **({"officer": credited.pk} if credited else {})}
    context.update({
        "credited": credited, "page_number": number, "has_previous": number > 1,
        "has_next": len(page) > PAGE,
        "previous": f"?{urlencode({**query, 'page': number - 1})}",
        "next": f"?{urlencode({**query, 'page': number + 1})}",
        "rows": [{"receipt_no": c.receipt_no, "url": reverse("cases:detail", args=[c.pk]) if opens else "",
                  "item": f"{c.item_code} {items.get(c.item_code, '')}",
                  "applicant": f"{mask_name(c.applicant_name)} {c.applicant_id_masked}",
                  "state": c.state_label,
                  "officer": (c.claimed_by.get_full_name() or c.claimed_by.username) if c.claimed_by else "",
                  "due": c.next_due or c.due_date, "provisional": c.due_provisional,
                  "closed": timezone.localtime(c.closed_at).date() if c.closed_at else None}
                 for c in page[:PAGE]],
        "back": reverse("supervision:dashboard") + "?" + urlencode({**_period_query(period),
                                                                   "department": department}),
    })
    return render(request, "supervision/cases.html", context)


@officer_required
def report_file(request, pk, kind):
    officer = request.user
    if not may_supervise(officer):
        refuse(request)
    report = WeeklyReport.objects.filter(pk=pk).first()
    if report is None or kind not in ("pdf", "csv"):
        raise Http404
    allowed = is_bureau_wide(officer) if not report.department_code else may_see_department(
        officer, report.department_code)
    if not allowed:
        refuse(request)
    record(officer.username, "supervision.report_downloaded", str(report), format=kind)
    stored = report.pdf if kind == "pdf" else report.csv
    content_type = "application/pdf" if kind == "pdf" else "text/csv; charset=utf-8"
    name = f"supervision-{report.week_start:%Y%m%d}-{report.department_code or 'bureau'}.{kind}"
    return FileResponse(stored.open("rb"), as_attachment=True, content_type=content_type, filename=name)


@officer_required
def inbox(request):
    found = OfficerMessage.objects.filter(recipient=request.user)[:100]
    return render(request, "supervision/inbox.html", {"inbox": found})


@officer_required
@require_POST
def mark_read(request):
    mine = OfficerMessage.objects.filter(recipient=request.user, read_at__isnull=True)
    which = request.POST.get("message", "")
    if which != "all":
        if not which.isdigit():
            messages.error(request, _("Unknown message."))
            return redirect("supervision:inbox")
        message = get_object_or_404(OfficerMessage, pk=which, recipient=request.user)
        if message.read_at is None:
            message.read_at = timezone.now()
            message.save(update_fields=["read_at"])
        if request.POST.get("open") and message.link.startswith("/") and not message.link.startswith("//"):
            return redirect(message.link)
        return redirect("supervision:inbox")
    mine.update(read_at=timezone.now())
    messages.success(request, _("All messages marked as read."))
    return redirect("supervision:inbox")
