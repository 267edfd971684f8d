"""What an issued certificate says: the citizen's choices in words, never a stored value."""

import json

import pytest
from django.utils import translation

from policeonline.cases.documents import body_lines
from policeonline.cases.models import Case
from policeonline.catalog.models import Item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("data", "line"), [
    ({"purpose": "employment"}, "用途：就业、入职"),
    ({"purpose": "other", "purpose_detail": "赴港工作签证"}, "用途：赴港工作签证"),
    ({}, None),
])
def test_a_certificate_of_no_criminal_record_states_its_purpose_in_chinese(data, line):
    case = Case(item_code="ZA-001", receipt_no="JN-2026-TEST-0000-0000", data_json=json.dumps(data))
    with translation.override("en"):  # the officer's language does not matter
        assert body_lines(case, Item.objects.get(code="ZA-001")) == ([line] if line else [])
