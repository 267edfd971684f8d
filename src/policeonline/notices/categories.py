"""The notice categories (栏目), the same data in both zones: the desk files each notice under
one, and the notice carries its category's names across so the portal can list and filter
without a table of its own to keep in step. Add a category here (code, Chinese, English)."""

CATEGORIES = [
    ("announcement", "通知公告", "Announcements"),
    ("police_news", "警务动态", "Police news"),
    ("guide_update", "办事指南更新", "Service guide updates"),
    ("tips", "便民提示", "Tips for the public"),
]
NAMES = {code: (name, name_en) for code, name, name_en in CATEGORIES}


def label(code: str, language: str | None = None) -> str:
    from django.utils.translation import get_language

    name, name_en = NAMES.get(code, (code, code))
    return name_en if (language or get_language() or "zh").startswith("en") else name
