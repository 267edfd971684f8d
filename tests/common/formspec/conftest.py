"""Forms compiled from the real catalog files, read once per run (no database needed)."""

import pytest

from policeonline.catalog.loader import read_catalog
from policeonline.formspec.form import Form

CATALOG = read_catalog()
CODES = [item.code for item in CATALOG.items]


def form_of(code: str) -> Form:
    return Form(CATALOG.forms[code])


@pytest.fixture(autouse=True)
def chinese(settings):
    """Messages are checked in English unless a test switches; labels follow the language."""
    from django.utils import translation

    with translation.override("en"):
        yield
