"""Bilingual model text: one column per language, read in the active language."""

from django.utils.translation import get_language


def current_suffix() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


class Bilingual:
    """Mixin: ``obj.tr("name")`` reads ``name_zh`` or ``name_en`` by the active language."""

    def tr(self, field: str):
        return getattr(self, f"{field}_{current_suffix()}")

    @property
    def name(self) -> str:
        return self.tr("name")
