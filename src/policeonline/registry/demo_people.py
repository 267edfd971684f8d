"""Fixed demo people in the registries. The generator creates them on every run, whatever the
seed, and other features and tests rely on them. Plain constants (no Django import).

All synthetic; every ID number has a valid GB 11643 check digit and passes
``core.validators.validate_id_number``.

- 张三 ``37010219900307106X`` — the internet zone's demo citizen (``policeonline.demo.accounts``).
  Jinan household in 历下区, phone 13800000001, a C1 driving licence and the car 鲁A12345.
  The 17th digit of this fixed number is 6 (even), so under GB 11643 张三 is **female**; the
  registry always derives sex from the ID number.
- 李四 ``370102198506150021`` — female, the demo company's responsible person; household in
  历下区, phone 13800000002.
- 王五 ``370120197001010013`` — male, born 1970-01-01, household in 历下区, **wanted** (active)
  and with one earlier conviction. The number first proposed, 370102197001010014, has a wrong
  check digit, and the corrected 370102197001010010 is still refused by python-stdnum because
  370102 (历下区) only exists since 1983; people born before 1983 carry Jinan's older urban
  code 370120, as the generator's do.
- 赵六 ``110101198808081231`` — male, registered in Beijing 东城区: no Jinan household.
- 钱九 ``110101199305200037`` — male, registered in Beijing 东城区, phone 13800000019: the demo's
  off-site ID card applicant (``seed_demo_guarantees``), kept apart from 赵六, whom people register.

``NOT_REGISTERED_ID`` is valid but never in the registry (Qingdao's code; the generator uses
none of its codes): lookups of it return nothing.
"""

from datetime import date

ZHANG_SAN = {
    "name": "张三", "id_number": "37010219900307106X", "sex": "F", "birth_date": date(1990, 3, 7),
    "phone": "13800000001",
    "household": {"number": "370102900001", "district": "370102",
                  "address": "济南市历下区泉城路1号1号楼1单元101室",
                  "created_on": date(2012, 5, 1)},
}
LI_SI = {
    "name": "李四", "id_number": "370102198506150021", "sex": "F", "birth_date": date(1985, 6, 15),
    "phone": "13800000002",
    "household": {"number": "370102900002", "district": "370102",
                  "address": "济南市历下区经十路2号2号楼2单元202室",
                  "created_on": date(2010, 3, 1)},
}
WANG_WU = {
    "name": "王五", "id_number": "370120197001010013", "sex": "M", "birth_date": date(1970, 1, 1),
    "phone": "",
    "household": {"number": "370102900003", "district": "370102",
                  "address": "济南市历下区解放路3号3号楼1单元301室",
                  "created_on": date(1995, 8, 1)},
}
ZHAO_LIU = {
    "name": "赵六", "id_number": "110101198808081231", "sex": "M", "birth_date": date(1988, 8, 8),
    "phone": "", "household": None,
}
# The demo's seeded applicants (policeonline.demo.accounts.SEED_APPLICANTS): plain residents.
SUN_QI = {
    "name": "孙七", "id_number": "370103199204120039", "sex": "M", "birth_date": date(1992, 4, 12),
    "phone": "13800000017",
    "household": {"number": "370103900004", "district": "370103",
                  "address": "济南市市中区经四路4号4号楼1单元401室",
                  "created_on": date(2015, 6, 1)},
}
ZHOU_BA = {
    "name": "周八", "id_number": "370105198711230046", "sex": "F", "birth_date": date(1987, 11, 23),
    "phone": "13800000018",
    "household": {"number": "370105900005", "district": "370105",
                  "address": "济南市天桥区北园大街5号5号楼2单元502室",
                  "created_on": date(2009, 9, 1)},
}
# The demo's off-site ID card applicant (guarantors: seed_demo_guarantees names 周八 as guarantor).
QIAN_JIU = {
    "name": "钱九", "id_number": "110101199305200037", "sex": "M", "birth_date": date(1993, 5, 20),
    "phone": "13800000019", "household": None,
}
DEMO_PEOPLE = (ZHANG_SAN, LI_SI, WANG_WU, ZHAO_LIU, SUN_QI, ZHOU_BA, QIAN_JIU)
DEMO_ID_NUMBERS = frozenset(p["id_number"] for p in DEMO_PEOPLE)

ZHANG_SAN_VEHICLE = {
    "plate": "鲁A12345", "plate_type": "02", "vin": "LSVAB2BM4JS000001",
    "brand": "大众", "model": "朗逸", "registered_on": date(2018, 5, 20), "status": "normal",
}
ZHANG_SAN_DRIVER = {
    "file_number": "370100000001", "licence_classes": "C1", "first_issued": date(2010, 7, 1),
    "valid_until": date(2026, 7, 1), "points": 0, "status": "valid",
}
WANG_WU_WANTED = {
    "case_number": "T37010220240390001", "offence": "fraud", "issued_on": date(2024, 3, 15),
    "issuing_unit": "济南市公安局历下区分局", "active": True,
}
WANG_WU_RECORD = {
    "case_number": "（2015）鲁0102刑初9001号", "kind": "theft", "decided_on": date(2015, 9, 10),
    "court": "济南市历下区人民法院", "sentence": "有期徒刑一年",
    "summary": "盗窃他人财物，数额较大。（演示数据）",
}
WANG_WU_IDENTITY_RECORD = {  # a document-fraud record: an off-site ID card is refused to him
    "reference": "SFZ-370102-2019-0001", "kind": "fraudulent_application",
    "recorded_on": date(2019, 4, 2), "authority": "济南市公安局历下区分局",
}

# Identifiers the generator must never hand out again.
RESERVED_PLATES = frozenset({ZHANG_SAN_VEHICLE["plate"], "鲁A00000"})
NOT_REGISTERED_ID = "370202199001011237"
