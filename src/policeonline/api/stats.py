"""Public statistics (ADR 0026) in the API, no sign-in: totals with a series by day, month or
year and a breakdown by category, item or department; and the open-data rows. The query is
checked as on the portal's page; a bad one is a 422 with the reason."""

from datetime import date

from ninja import Router, Schema
from ninja.errors import ValidationError

from policeonline.stats.portal.forms import StatsQueryForm
from policeonline.stats.portal.queries import Query, breakdown, open_data, series, totals

router = Router(tags=["statistics"])


class Figures(Schema):
    received: int
    completed: int
    on_time: int
    working_days: int
    ratings: int
    rating_sum: int | None  # None: withheld, fewer ratings than STATS_MIN_RATINGS (ADR 0026)
    satisfied: int | None
    on_time_rate: float | None
    average_working_days: float | None
    satisfaction_rate: float | None
    average_rating: float | None


class PeriodFigures(Figures):
    period: str


class GroupFigures(Figures):
    code: str
    name: str


class SummaryOut(Schema):
    period: str
    by: str
    code: str
    first: date
    last: date
    totals: Figures
    series: list[PeriodFigures]
    breakdown: list[GroupFigures]


class OpenDataRow(PeriodFigures):
    category_code: str
    item_code: str
    item_name: str
    department_code: str
    department_name: str


class OpenDataOut(Schema):
    period: str
    first: date
    last: date
    rows: list[OpenDataRow]


def _query(params: dict) -> Query:
    form = StatsQueryForm({k: v for k, v in params.items() if v is not None})
    if not form.is_valid():
        raise ValidationError([{"loc": ["query", field], "msg": str(e)}
                               for field, errors in form.errors.items() for e in errors])
    return form.query()


@router.get("/summary", response=SummaryOut, summary="Totals, a series and a breakdown")
def summary(request, period: str = "day", by: str = "category", code: str = "",
            first: str | None = None, last: str | None = None):
    q = _query({"period": period, "by": by, "code": code, "first": first, "last": last})
    return {"period": q.period, "by": q.by, "code": q.code, "first": q.first, "last": q.last,
            "totals": totals(q), "series": series(q), "breakdown": breakdown(q)}


@router.get("/figures", response=OpenDataOut, summary="Open data: per period, item and department")
def figures(request, period: str = "day", first: str | None = None, last: str | None = None):
    q = _query({"period": period, "first": first, "last": last})
    return {"period": q.period, "first": q.first, "last": q.last, "rows": open_data(q)}
