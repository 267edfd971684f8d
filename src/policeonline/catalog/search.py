"""Catalog search: every word of the query must occur in the item's code, names, keywords or
summary, in either language. Matches in the name rank first. 105 items need nothing more; a
full-text index can replace this behind the same function if the catalog grows."""

from django.db.models import Q, QuerySet

from .models import Item

MAX_QUERY_LENGTH = 100


def search_items(query: str, items: QuerySet[Item] | None = None) -> list[Item]:
    items = Item.objects.select_related("category") if items is None else items
    terms = [t for t in query.lower()[:MAX_QUERY_LENGTH].split() if t]
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    found = list(items.filter(condition))

    def rank(item: Item) -> tuple:
        in_name = sum(t in f"{item.code} {item.name_zh} {item.name_en}".lower() for t in terms)
        return (-in_name, item.category.position, item.position)

    return sorted(found, key=rank)
