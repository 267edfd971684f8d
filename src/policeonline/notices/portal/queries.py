"""What the portal shows of notices, shared by the pages and the API."""

import re

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import get_language

from .models import PublicAttachment, PublicNotice

PAGE_SIZE = 10
CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")


def categories() -> list[tuple[str, str, str]]:
    """(code, Chinese name, English name) of the categories that have a visible notice."""
    rows = PublicNotice.objects.visible().values_list("category", "category_name", "category_name_en") \
        .order_by("category").distinct()
    names = {}
    for code, name, name_en in rows:
        names.setdefault(code, (name, name_en))
    return [(code, *names[code]) for code in sorted(names)]


def labelled(cats) -> list[tuple[str, str]]:
    english = (get_language() or "zh").startswith("en")
    return [(code, name_en if english else name) for code, name, name_en in cats]


def page_of(category: str = "", page=1):
    notices = PublicNotice.objects.visible()
    if category:  # a code as the envelopes carry them, else nothing matches (no query with junk)
        notices = notices.filter(category=category) if CODE.fullmatch(category) else notices.none()
    return Paginator(notices.only("id", "title", "category", "category_name", "category_name_en",
                                  "published_at", "department"), PAGE_SIZE).get_page(page)


def latest(n: int = 5):
    return list(PublicNotice.objects.visible()[:n])


def notice(notice_id) -> PublicNotice:
    found = PublicNotice.objects.filter(pk=notice_id).first()
    if found is None:
        raise Http404
    return found


def files_of(found: PublicNotice):
    return list(PublicAttachment.objects.filter(notice_id=found.pk))
