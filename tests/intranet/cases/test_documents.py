"""What an issued certificate says: the citizen's choices in words, never a stored value."""

import datetime
import json

import pytest
from django.utils import timezone, translation

from policeonline.cases.documents import body_lines
from policeonline.cases.models import Case
from policeonline.catalog.models import Item
from policeonline.registry.models import CriminalRecord, id_digest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("data", "line"), [
    ({"purpose": "employment"}, "此证明用于就业、入职。"),
    ({"purpose": "other", "purpose_detail": "赴港工作签证"}, "此证明用于赴港工作签证。"),
    ({}, None),
])
def test_a_certificate_of_no_criminal_record_states_its_purpose_in_chinese(data, line):
    case = Case(item_code="ZA-001", receipt_no="JN-2026-TEST-0000-0000", data_json=json.dumps(data),
                applicant_name="张三", applicant_id_number="37010219900307106X")
    with translation.override("en"):  # the officer's language does not matter
        lines = body_lines(case, Item.objects.get(code="ZA-001"))
    assert (line in lines) if line else not any(x.startswith("此证明用于") for x in lines)


def test_a_certificate_of_no_criminal_record_says_no_record_was_found():
    """The demo walk's certificate said only 用途：就业、入职, never what it certifies."""
    case = Case(item_code="ZA-001", receipt_no="JN-2026-TEST-0000-0000",
                data_json=json.dumps({"purpose": "employment"}),
                applicant_name="张三", applicant_id_number="37010219900307106X")
    lines = body_lines(case, Item.objects.get(code="ZA-001"))
    today = timezone.localdate()
    assert lines[0] == (f"经查询，截至{today.year}年{today.month}月{today.day}日，张三（公民身份号码："
                        "37010219900307106X）在济南市公安局辖区违法犯罪信息系统中未发现有犯罪记录。")


def test_no_such_statement_for_someone_with_a_record():
    CriminalRecord.objects.create(id_digest=id_digest("370120197001010013"), id_masked="370120********0013",
                                  name="王五", kind="theft", decided_on=datetime.date(2015, 9, 10),
                                  court="济南市历下区人民法院", case_number="（2015）测试1号",
                                  sentence="有期徒刑一年", summary="测试")
    case = Case(item_code="ZA-001", receipt_no="JN-2026-TEST-0000-0001",
                data_json=json.dumps({"purpose": "employment"}),
                applicant_name="王五", applicant_id_number="370120197001010013")
    lines = body_lines(case, Item.objects.get(code="ZA-001"))
    assert not any("未发现有犯罪记录" in x for x in lines), lines
