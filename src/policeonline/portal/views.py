"""The portal's catalog pages: home, search, categories and item guides.

Their catalog part is rendered once per process, edition, language and text size and then held
(``catalog.fragments``, ADR 0036); the latest notices are held per notices version
(``notices.portal.latest``, ADR 0039); the frame
around them (``framed``) is cut once for anonymous visitors and filled with each request's CSRF
token and path, and rendered in full for signed-in visitors. The held fragments are rendered
without the request, so nothing personal can be in them.
"""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from policeonline.catalog.fragments import edition_token, held
from policeonline.catalog.models import Category, Item
from policeonline.catalog.process import process_steps
from policeonline.catalog.search import LIST_FIELDS, MAX_QUERY_LENGTH, listed_items, search_items
from policeonline.notices.portal import latest as latest_notices
from policeonline.workflow import template
from policeonline.workflow.diagram import steps, svg
from policeonline.workflow.routing import workflow_of

from .framed import render_framed

FEATURED = ["SF-005", "CRJ-001", "JDC-001", "HZ-001", "JSZ-004", "JT-001"]


def _variant(request) -> tuple:
    """What a held fragment may depend on besides the catalog: language and text size."""
    return (get_language(), bool(getattr(request, "elder_mode", False)))


def _fragment(template_name: str, context: dict, variant: tuple) -> SafeString:
    # No request: context processors do not run, so no user, session, CSRF token or message.
    return render_to_string(template_name, {**context, "elder_mode": variant[1]})


def _size(parts: tuple) -> int:
    return sum(len(part) for part in parts)


def home(request):
    token, variant = edition_token(), _variant(request)

    def build():
        categories = list(Category.objects.annotate(item_count=Count("items")))
        featured = sorted(Item.objects.filter(code__in=FEATURED).select_related("category")
                          .only(*LIST_FIELDS), key=lambda item: FEATURED.index(item.code))
        catalog = _fragment("portal/_home_catalog.html", {
            "categories": categories, "item_total": Item.objects.count(),
            "online_total": Item.objects.filter(online_level=Item.OnlineLevel.FULL_ONLINE).count(),
        }, variant)
        return catalog, _fragment("portal/_home_featured.html", {"featured": featured}, variant)

    catalog, featured = held(token, ("home", *variant), build, size=_size)
    return render_framed(request, "portal/home.html",
                         {"catalog": catalog, "notices": latest_notices.box(5), "featured": featured})


def _card(token: str, item: Item, variant: tuple) -> SafeString:
    return held(token, ("card", item.code, *variant),
                lambda: _fragment("portal/_item_card.html", {"item": item}, variant))


def search(request):
    query = request.GET.get("q", "").strip()
    token, variant = edition_token(), _variant(request)

    def context():
        results = search_items(query, listed_items(token)) if query else []
        return {"query": query, "results": results,
                "cards": [_card(token, item, variant) for item in results]}

    if request.htmx:
        return render(request, "portal/_search_results.html", context())
    # The form and the results depend on the query alone (it is echoed back, nothing else is).
    if len(query) > MAX_QUERY_LENGTH:  # longer than anyone types: not worth holding
        found = render_to_string("portal/_search.html", context())
    else:
        found = held(token, ("search", query, *variant),
                     lambda: render_to_string("portal/_search.html", context()),
                     size=lambda html: len(html) + len(query))
    return render_framed(request, "portal/search.html", {"search": found})


def category(request, code):
    token, variant = edition_token(), _variant(request)
    code = code.upper()

    def build():  # Http404 is raised, not held
        category = get_object_or_404(Category.objects.select_related("department"), code=code)
        items = category.items.select_related("category").only(*LIST_FIELDS)
        return str(category.name), _fragment("portal/_category.html", {
            "category": category, "items": items, "categories": Category.objects.all()}, variant)

    title, content = held(token, ("category", code, *variant), build, size=_size)
    return render_framed(request, "portal/page.html", {"title": title, "content": content})


def item_guide(request, code):
    token, variant = edition_token(), _variant(request)
    code = code.upper()

    def build():  # Http404 is raised, not held
        item = get_object_or_404(Item.objects.select_related("category", "department"), code=code)
        tpl = template(workflow_of(item))
        return str(item.name), _fragment("portal/_item.html", {
            "item": item, "steps": process_steps(item), "workflow": tpl,
            "diagram": svg(tpl, large=variant[1]),
            "workflow_steps": steps(tpl)}, variant)

    title, content = held(token, ("item", code, *variant), build, size=_size)
    return render_framed(request, "portal/page.html", {"title": title, "content": content})
