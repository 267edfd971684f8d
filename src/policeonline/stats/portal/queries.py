"""Reading the published figures: totals, a series by day/month/year, a breakdown by category,
item or department, and the open-data rows. Everything is summed from the daily rows, so any
grouping's averages and rates are exact (sums of counts, divided once)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import TruncMonth, TruncYear

from policeonline.catalog.models import Category, Department, Item

from ..figures import COUNTS, derived
from .models import PublishedFigures

PERIODS = ("day", "month", "year")
DIMENSIONS = ("category", "item", "department")
MAX_DAYS = 366  # a daily series longer than a year is not readable; ask for months


@dataclass(frozen=True)
class Query:
    period: str
    first: date
    last: date
    by: str = "category"
    code: str = ""  # only this category, item or department ("" = all)


def default_first(period: str, last: date) -> date:
    if period == "day":
        return last - timedelta(days=29)
    if period == "month":
        month = last.year * 12 + last.month - 1 - 11
        return date(month // 12, month % 12 + 1, 1)
    return date(last.year - 4, 1, 1)


RATING_FIGURES = ("rating_sum", "satisfied", "satisfaction_rate", "average_rating")


def published(row: dict) -> dict:
    """The figures as the public may see them: how satisfied the raters were is withheld (None)
    when the cell has ratings but fewer than ``STATS_MIN_RATINGS``. A reader who knows who
    applied for an item on a given day could otherwise read that person's rating from a cell
    of one; how many ratings there were is still shown."""
    if 0 < row["ratings"] < settings.STATS_MIN_RATINGS:
        return {**row, **dict.fromkeys(RATING_FIGURES)}
    return row


def _zero() -> dict:
    return dict.fromkeys(COUNTS, 0)


def _sums(qs) -> dict:
    return {name: value or 0 for name, value in qs.aggregate(**{n: Sum(n) for n in COUNTS}).items()}


def items_of_category(code: str) -> list[str]:
    return list(Item.objects.filter(category__code=code).values_list("code", flat=True))


def rows(query: Query):
    qs = PublishedFigures.objects.filter(day__gte=query.first, day__lte=query.last)
    if query.code:
        if query.by == "item":
            qs = qs.filter(item_code=query.code)
        elif query.by == "department":
            qs = qs.filter(department_code=query.code)
        else:
            qs = qs.filter(item_code__in=items_of_category(query.code))
    return qs


def totals(query: Query) -> dict:
    return published(derived(_sums(rows(query))))


def period_label(period: str, day: date) -> str:
    return day.isoformat() if period == "day" else day.strftime("%Y-%m" if period == "month" else "%Y")


def _periods(query: Query) -> list[str]:
    """Every period in the range, so a chart shows the quiet days as zero."""
    labels, day = [], query.first
    while day <= query.last:
        label = period_label(query.period, day)
        if not labels or labels[-1] != label:
            labels.append(label)
        if query.period == "day":
            day += timedelta(days=1)
        elif query.period == "month":
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        else:
            day = date(day.year + 1, 1, 1)
    return labels


def series(query: Query) -> list[dict]:
    qs = rows(query)
    if query.period == "day":
        grouped = qs.values("day")
        key = "day"
    else:
        trunc = TruncMonth("day") if query.period == "month" else TruncYear("day")
        grouped = qs.annotate(bucket=trunc).values("bucket")
        key = "bucket"
    found = {period_label(query.period, r[key]): r
             for r in grouped.annotate(**{f"{n}_sum": Sum(n) for n in COUNTS}).order_by(key)}
    out = []
    for label in _periods(query):
        r = found.get(label)
        counts = {n: r[f"{n}_sum"] or 0 for n in COUNTS} if r else _zero()
        out.append(published(derived({"period": label, **counts})))
    return out


def names(by: str) -> dict[str, str]:
    model = {"category": Category, "item": Item, "department": Department}[by]
    return {obj.code: obj.name for obj in model.objects.only("code", "name_zh", "name_en")}


def breakdown(query: Query) -> list[dict]:
    """One row per category, item or department with any figure in the range."""
    by_item = rows(query).values("item_code", "department_code").annotate(
        **{f"{n}_sum": Sum(n) for n in COUNTS})
    category_of = dict(Item.objects.values_list("code", "category__code")) if query.by == "category" else {}
    grouped: dict[str, dict] = defaultdict(_zero)
    for r in by_item:
        code = {"item": r["item_code"], "department": r["department_code"],
                "category": category_of.get(r["item_code"], "")}[query.by]
        for n in COUNTS:
            grouped[code][n] += r[f"{n}_sum"] or 0
    labels = names(query.by)
    return [published(derived({"code": code, "name": labels.get(code, code), **counts}))
            for code, counts in sorted(grouped.items())]


def open_data(query: Query) -> list[dict]:
    """The open-data rows: one per period, item and department (the finest published grain)."""
    qs = rows(query)
    if query.period == "day":
        grouped, key = qs.values("day", "item_code", "department_code"), "day"
    else:
        trunc = TruncMonth("day") if query.period == "month" else TruncYear("day")
        grouped, key = qs.annotate(bucket=trunc).values("bucket", "item_code", "department_code"), "bucket"
    items = {i.code: i for i in Item.objects.select_related("category").only(
        "code", "name_zh", "category__code")}
    departments = dict(Department.objects.values_list("code", "name_zh"))
    out = []
    summed = grouped.annotate(**{f"{n}_sum": Sum(n) for n in COUNTS})
    for r in summed.order_by(key, "item_code", "department_code"):
        item = items.get(r["item_code"])
        out.append(published(derived({
            "period": period_label(query.period, r[key]),
            "category_code": item.category.code if item else "",
            "item_code": r["item_code"], "item_name": item.name_zh if item else "",
            "department_code": r["department_code"],
            "department_name": departments.get(r["department_code"], ""),
            **{n: r[f"{n}_sum"] or 0 for n in COUNTS}})))
    return out


OPEN_DATA_COLUMNS = ("period", "category_code", "item_code", "item_name", "department_code",
                     "department_name", *COUNTS, "on_time_rate", "average_working_days",
                     "satisfaction_rate", "average_rating")
