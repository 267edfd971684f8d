"""Catalog search: every word of the query must occur in the item's code, names, keywords or
summary, in either language. Matches in the name rank first. 105 items need nothing more; a
full-text index can replace this behind the same functions if the catalog grows.

The search runs over the edition's items held in this process (``listed_items``: one query per
edition and process, only the columns lists and search need), not over the database each time.
"""

from .fragments import held
from .models import Item

MAX_QUERY_LENGTH = 100
# What lists (cards, API summaries) and search read; the large columns (form, materials, guide
# texts) stay in the database.
LIST_FIELDS = ("code", "position", "name_zh", "name_en", "applicant", "online_level",
               "time_limit_working_days", "fees", "fee_varies", "search_text",
               "category__code", "category__position")


def listed_items(token: str) -> list[Item]:
    """Every item of the edition ``token`` in catalog order, with only ``LIST_FIELDS`` loaded.
    Shared between requests: read-only."""
    return held(token, ("listed-items",), lambda: list(
        Item.objects.select_related("category").only(*LIST_FIELDS)), size=lambda items: 1024 * len(items))


def terms_of(query: str) -> list[str]:
    return [t for t in query.lower()[:MAX_QUERY_LENGTH].split() if t]


def search_items(query: str, items: list[Item]) -> list[Item]:
    """The ``items`` (catalog order, ``search_text`` loaded) that match every word of ``query``,
    best first; none for an empty query."""
    terms = terms_of(query)
    if not terms:
        return []
    found = [item for item in items if all(t in item.search_text for t in terms)]

    def rank(item: Item) -> tuple:
        in_name = sum(t in f"{item.code} {item.name_zh} {item.name_en}".lower() for t in terms)
        return (-in_name, item.category.position, item.position)

    return sorted(found, key=rank)
