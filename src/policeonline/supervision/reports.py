"""The weekly report (Monday to Sunday): a PDF and a CSV per department (its figures and one
line per officer) and bureau-wide (one line per department and the total). Open figures are
as of the moment the report is made; completion figures cover the week. Stored, never
regenerated unless asked (``--replace``)."""

import csv
import io
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from policeonline.catalog.models import Department

from . import figures
from .models import WeeklyReport


def week_of(day: date) -> figures.Period:
    start = day - timedelta(days=day.weekday())
    return figures.Period(start, start + timedelta(days=6), "week")


def last_week(today: date) -> figures.Period:
    return week_of(today - timedelta(days=7))


def columns() -> list[str]:
    return [_("Department or officer"), _("Backlog"), _("Due soon"), _("Overdue"), _("Completed"),
            _("On time"), _("On-time rate (%)"), _("Average working days"), _("Ratings"),
            _("Satisfaction (1–5)"), _("Satisfied (%)")]


def _line(row: figures.Row) -> list:
    def shown(value):
        return "" if value is None else value
    return [row.label, row.backlog, row.due_soon, row.overdue, row.completed, row.on_time,
            shown(row.on_time_rate), shown(row.average_working_days), row.ratings,
            shown(row.satisfaction), shown(row.satisfied_rate)]


def tables(period: figures.Period, today: date, department: Department | None) -> list[figures.Row]:
    if department is None:
        rows = figures.by_department(period, today, list(Department.objects.order_by("id")))
        return [*rows, figures.total(rows, _("Bureau total"))]
    [head] = figures.by_department(period, today, [department])
    return [head, *figures.by_officer(period, today, department.code)]


def generate(period: figures.Period, *, replace: bool = False, today: date | None = None) -> int:
    """Make the week's reports that do not exist yet (all of them with ``replace``)."""
    today = today or timezone.localdate()
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for department in [None, *Department.objects.order_by("id")]:
            code = department.code if department else ""
            existing = WeeklyReport.objects.filter(week_start=period.start, department_code=code).first()
            if existing and not replace:
                continue
            rows = tables(period, today, department)
            title = _("Weekly supervision report %(start)s – %(end)s · %(scope)s") % {
                "start": period.start, "end": period.end,
                "scope": department.name if department else settings.BUREAU_NAME}
            name = f"supervision-{period.start:%Y%m%d}-{code or 'bureau'}"
            with transaction.atomic():
                if existing:
                    existing.pdf.delete(save=False)
                    existing.csv.delete(save=False)
                    existing.delete()
                report = WeeklyReport(week_start=period.start, week_end=period.end, department_code=code)
                report.csv.save(f"{name}.csv", ContentFile(to_csv(title, rows, today)), save=False)
                report.pdf.save(f"{name}.pdf", ContentFile(to_pdf(title, rows, today)), save=False)
                report.save()
            made += 1
    return made


def to_csv(title: str, rows: list[figures.Row], today: date) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title])
    writer.writerow([_("Open figures as of %(day)s; completions within the week.") % {"day": today}])
    writer.writerow(columns())
    for row in rows:
        writer.writerow(_line(row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: spreadsheet programs read it as UTF-8


def to_pdf(title: str, rows: list[figures.Row], today: date) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from policeonline.certificates.fonts import certificate_font

    font = certificate_font(settings.CERTIFICATE_FONT)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), title=title, author=settings.BUREAU_NAME,
                            leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm)
    heading = ParagraphStyle("h", fontName=font, fontSize=14, leading=20)
    small = ParagraphStyle("s", fontName=font, fontSize=9, leading=13)
    cell = ParagraphStyle("c", fontName=font, fontSize=8, leading=10)
    data = [[Paragraph(str(c), cell) for c in columns()]]
    data += [[Paragraph(str(v), cell) for v in _line(row)] for row in rows]
    table = Table(data, repeatRows=1, colWidths=[60 * mm] + [19.5 * mm] * 10)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    doc.build([Paragraph(title, heading),
               Paragraph(_("Open figures as of %(day)s; completions within the week.") % {"day": today},
                         small),
               Spacer(1, 4 * mm), table])
    return out.getvalue()
