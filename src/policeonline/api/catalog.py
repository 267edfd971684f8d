"""Catalog endpoints: what a mobile app needs to browse, search and read every guide.

Their bodies depend on the catalog edition only (both languages are in every body), so each
process holds the JSON it produced for the edition in force (``catalog.fragments``, ADR 0036)
and answers the same request again with the same bytes, checked against the response schema
once when they were made.
"""

import json
from decimal import Decimal
from functools import cache, wraps

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import NinjaJSONEncoder
from pydantic import TypeAdapter

from policeonline.catalog.fragments import edition_token, held
from policeonline.catalog.models import Category, Department, Item
from policeonline.catalog.process import process_steps
from policeonline.catalog.search import listed_items, search_items

from .schemas import CategoryOut, ErrorOut, ItemOut, ItemSummaryOut

router = Router(tags=["catalog"])


class _ItemPage(Schema):  # what LimitOffsetPagination answers for response=list[ItemSummaryOut]
    items: list[ItemSummaryOut]
    count: int


@cache
def _adapter(schema) -> TypeAdapter:
    return TypeAdapter(schema)


def _json(schema, data) -> bytes:
    """``data`` checked against ``schema`` and written as ninja's own renderer writes it."""
    adapter = _adapter(schema)
    return json.dumps(adapter.dump_python(adapter.validate_python(data)), cls=NinjaJSONEncoder).encode()


def _answer(body: bytes) -> HttpResponse:
    return HttpResponse(body, content_type="application/json; charset=utf-8")


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
    def build():
        return _json(list[CategoryOut], [
            {"code": c.code, "name": i18n(c, "name"), "summary": i18n(c, "summary"),
             "icon": c.icon, "department": department_out(c.department), "item_count": c.item_count}
            for c in Category.objects.select_related("department").annotate(item_count=Count("items"))])

    return _answer(held(edition_token(), ("api-categories",), build))


class ItemFilter(Schema):
    category: str | None = None
    q: str | None = None
    online_level: str | None = None
    applicant: str | None = None


def _held_page(view):
    """Outside ``paginate``: the paginated answer for these parameters, as JSON held for the
    edition (the OpenAPI document still comes from ``paginate`` and the response schema)."""

    @wraps(view)
    def held_view(request, **kwargs):
        token = edition_token()
        key = ("api-items", *(kwargs[name].model_dump_json() for name in sorted(kwargs)))

        def build():
            request.catalog_token = token
            return _json(_ItemPage, view(request, **kwargs))

        return _answer(held(token, key, build))

    return held_view


@router.get("/items", response=list[ItemSummaryOut], summary="List or search service items")
@_held_page
@paginate(LimitOffsetPagination)
def list_items(request, filters: Query[ItemFilter]):
    """All items in catalog order; `q` searches names, codes and keywords in both languages
    (every word must match), `category` narrows to one category code."""
    items = listed_items(getattr(request, "catalog_token", None) or edition_token())
    if filters.category:
        items = [i for i in items if i.category.code == filters.category.upper()]
    if filters.online_level:
        items = [i for i in items if i.online_level == filters.online_level]
    if filters.applicant:
        items = [i for i in items if i.applicant in (filters.applicant, "both")]
    found = search_items(filters.q, items) if filters.q and filters.q.strip() else items
    return [item_summary(item) for item in found]


@router.get("/items/{code}", response={200: ItemOut, 404: ErrorOut},
            summary="The full guide of one service item")
def get_item(request, code: str):
    code = code.upper()

    def build():  # Http404 is raised (the error shape), not held
        item = get_object_or_404(Item.objects.select_related("category", "department")
                                 .defer("form", "search_text"), code=code)
        return _json(ItemOut, {
            **item_summary(item), "summary": i18n(item, "summary"),
            "department": department_out(item.department), "materials": [
                {"zh": m["zh"], "en": m["en"], "on_site": m.get("on_site", False)}
                for m in item.materials],
            "fees": item.fees, "legal_basis": i18n(item, "legal_basis"), "needs": item.needs,
            "process": steps_out(item), "facts_verified": item.facts_verified})

    return _answer(held(edition_token(), ("api-item", code), build))


@router.get("/items/{code}/form", response={200: dict, 404: ErrorOut},
            summary="The item's application form: JSON Schema of its data and its upload slots")
def get_item_form(request, code: str):
    from policeonline.formspec import form_for

    item = get_object_or_404(Item, code=code.upper())
    return form_for(item).json_schema()
