"""Public statistics pages and open-data downloads: no sign-in, read-only, codes and counts."""

import csv
import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import charts
from .forms import StatsQueryForm, default_query
from .models import PublishedFigures
from .queries import OPEN_DATA_COLUMNS, breakdown, open_data, series, totals


def _last_update():
    row = PublishedFigures.objects.order_by("-updated_at").only("updated_at").first()
    return row.updated_at if row else None


@require_GET
def overview(request):
    form = StatsQueryForm(request.GET or None)
    valid = bool(request.GET) and form.is_valid()
    query = form.query() if valid else default_query()
    status = 400 if request.GET and not valid else 200
    points = series(query)
    context = {
        "form": form, "query": query, "totals": totals(query), "series": points,
        "breakdown": breakdown(query), "updated": _last_update(),
        "volume_chart": charts.bars(points, [("received", _("Applications received")),
                                             ("completed", _("Applications completed"))]),
        "rate_chart": charts.lines(points, [("on_time_rate", _("Completed on time")),
                                            ("satisfaction_rate", _("Satisfied"))]),
        "download_query": request.GET.urlencode() if status == 200 else "",
        "min_ratings": settings.STATS_MIN_RATINGS,
    }
    return render(request, "stats/overview.html", context, status=status)


@require_GET
def open_data_page(request):
    return render(request, "stats/open_data.html", {"columns": OPEN_DATA_COLUMNS,
                                                    "updated": _last_update(),
                                                    "min_ratings": settings.STATS_MIN_RATINGS})


def _download_query(request):
    form = StatsQueryForm(request.GET)
    if not form.is_valid():
        errors = [str(e) for field in form.errors.values() for e in field]
        return None, HttpResponse(json.dumps({"error": {"code": "invalid", "message": " ".join(errors)}},
                                             ensure_ascii=False), status=400,
                                  content_type="application/json; charset=utf-8")
    return form.query(), None


@require_GET
def download(request, fmt: str):
    query, refusal = _download_query(request)
    if refusal:
        return refusal
    data = open_data(query)
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"police-service-statistics-{query.period}-{query.first:%Y%m%d}-{query.last:%Y%m%d}"
    if fmt == "json":
        body = {"title": "公安服务在线 办件统计 / Police Service Online statistics",
                "period": query.period, "from": query.first.isoformat(), "to": query.last.isoformat(),
                "generated": stamp, "columns": list(OPEN_DATA_COLUMNS), "rows": data}
        response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=1),
                                content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so spreadsheet programs read the Chinese names as UTF-8
        writer = csv.DictWriter(response, fieldnames=OPEN_DATA_COLUMNS, extrasaction="ignore",
                                lineterminator="\r\n")
        writer.writeheader()
        for row in data:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
