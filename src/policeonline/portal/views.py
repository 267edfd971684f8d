from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from policeonline.catalog.models import CatalogEdition, Category, Item
from policeonline.catalog.process import process_steps
from policeonline.catalog.search import search_items
from policeonline.workflow import template
from policeonline.workflow.diagram import steps, svg
from policeonline.workflow.routing import workflow_of

FEATURED = ["SF-005", "CRJ-001", "JDC-001", "HZ-001", "JSZ-004", "JT-001"]


def home(request):
    categories = Category.objects.annotate(item_count=Count("items"))
    featured = sorted(Item.objects.filter(code__in=FEATURED).select_related("category"),
                      key=lambda item: FEATURED.index(item.code))
    return render(request, "portal/home.html", {
        "categories": categories, "featured": featured,
        "item_total": Item.objects.count(), "edition": CatalogEdition.objects.first(),
        "online_total": Item.objects.filter(online_level=Item.OnlineLevel.FULL_ONLINE).count(),
    })


def search(request):
    query = request.GET.get("q", "").strip()
    results = search_items(query) if query else []
    template = "portal/_search_results.html" if request.htmx else "portal/search.html"
    return render(request, template, {"query": query, "results": results})


def category(request, code):
    category = get_object_or_404(Category, code=code.upper())
    items = category.items.select_related("department")
    return render(request, "portal/category.html", {
        "category": category, "items": items,
        "categories": Category.objects.all()})


def item_guide(request, code):
    item = get_object_or_404(Item.objects.select_related("category", "department"),
                             code=code.upper())
    tpl = template(workflow_of(item))
    return render(request, "portal/item.html", {"item": item, "steps": process_steps(item),
                                                "workflow": tpl, "diagram": svg(tpl),
                                                "workflow_steps": steps(tpl)})
