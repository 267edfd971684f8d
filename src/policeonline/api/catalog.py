"""Catalog endpoints: what a mobile app needs to browse, search and read every guide."""

from decimal import Decimal

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from policeonline.catalog.models import Category, Department, Item
from policeonline.catalog.process import process_steps
from policeonline.catalog.search import search_items

from .schemas import CategoryOut, ErrorOut, ItemOut, ItemSummaryOut

router = Router(tags=["catalog"])


def i18n(obj, field: str) -> dict:
    return {"zh": getattr(obj, f"{field}_zh"), "en": getattr(obj, f"{field}_en")}


def department_out(dept: Department) -> dict:
    return {"code": dept.code, "name": i18n(dept, "name")}


def item_summary(item: Item) -> dict:
    amounts = [Decimal(f["amount_cny"]) for f in item.fees]
    return {"code": item.code, "category": item.category.code, "name": i18n(item, "name"),
            "applicant": item.applicant, "online_level": item.online_level,
            "time_limit_working_days": item.time_limit_working_days,
            "fee_min_cny": f"{min(amounts):.2f}" if amounts else (None if item.fee_varies
                                                                   else "0.00"),
            "fee_varies": item.fee_varies}


def steps_out(item: Item) -> list[dict]:
    steps = {}
    for language, key in (("zh-hans", "zh"), ("en", "en")):
        with translation.override(language):
            steps[key] = [{"title": str(s["title"]), "text": str(s["text"])}
                          for s in process_steps(item)]
    return [{"title": {"zh": z["title"], "en": e["title"]}, "text": {"zh": z["text"],
             "en": e["text"]}} for z, e in zip(steps["zh"], steps["en"], strict=True)]


@router.get("/categories", response=list[CategoryOut], summary="List the service categories")
def list_categories(request):
    return [{"code": c.code, "name": i18n(c, "name"), "summary": i18n(c, "summary"),
             "icon": c.icon, "department": department_out(c.department),
             "item_count": c.item_count}
            for c in Category.objects.select_related("department")
            .annotate(item_count=Count("items"))]


class ItemFilter(Schema):
    category: str | None = None
    q: str | None = None
    online_level: str | None = None
    applicant: str | None = None


@router.get("/items", response=list[ItemSummaryOut], summary="List or search service items")
@paginate(LimitOffsetPagination)
def list_items(request, filters: Query[ItemFilter]):
    """All items in catalog order; `q` searches names, codes and keywords in both languages
    (every word must match), `category` narrows to one category code."""
    items = Item.objects.select_related("category")
    if filters.category:
        items = items.filter(category__code=filters.category.upper())
    if filters.online_level:
        items = items.filter(online_level=filters.online_level)
    if filters.applicant:
        items = items.filter(applicant__in=[filters.applicant, "both"])
    found = search_items(filters.q, items) if filters.q and filters.q.strip() else list(items)
    return [item_summary(item) for item in found]


@router.get("/items/{code}", response={200: ItemOut, 404: ErrorOut},
            summary="The full guide of one service item")
def get_item(request, code: str):
    item = get_object_or_404(Item.objects.select_related("category", "department"),
                             code=code.upper())
    return {**item_summary(item), "summary": i18n(item, "summary"),
            "department": department_out(item.department), "materials": [
                {"zh": m["zh"], "en": m["en"], "on_site": m.get("on_site", False)}
                for m in item.materials],
            "fees": item.fees, "legal_basis": i18n(item, "legal_basis"), "needs": item.needs,
            "process": steps_out(item), "facts_verified": item.facts_verified}


@router.get("/items/{code}/form", response={200: dict, 404: ErrorOut},
            summary="The item's application form: JSON Schema of its data and its upload slots")
def get_item_form(request, code: str):
    from policeonline.formspec import form_for

    item = get_object_or_404(Item, code=code.upper())
    return form_for(item).json_schema()
